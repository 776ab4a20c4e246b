"""Several users on one machine: a new file is shared with the folder's group, and a
user who may only read gets a read-only view, never a crash."""

import os
import shutil
import stat

import pytest

from tourdesk.domain.inventory import EntryState
from tourdesk.services.checklists import add_from_template
from tourdesk.store import checklists, open_store
from tourdesk.store.errors import ReadOnlyDatabaseError
from tourdesk.tui.app import TourDeskApp

from conftest import TODAY, assert_one_line_refusal, make_show, run_cli
from tui_helpers import press, screen_text, settle


@pytest.fixture
def umask():
    def set_to(mask):
        os.umask(mask)
    previous = os.umask(0o022)
    yield set_to
    os.umask(previous)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_in_a_shared_folder_is_group_read_write(tmp_path, umask):
    shared = tmp_path / "tour"
    shared.mkdir()
    os.chmod(shared, 0o2770)  # a setgid folder of the tourdesk group
    group = 100 if os.geteuid() == 0 else os.getegid()  # root may hand it any group
    os.chown(shared, -1, group)
    umask(0o022)  # a user who forgot `umask 007`
    path = shared / "tour.db"
    store = open_store(path, "alice")
    make_show(store)
    for name in ("tour.db", "tour.db-wal", "tour.db-shm"):
        made = shared / name
        assert _mode(made) & 0o660 == 0o660, name  # the group may read and write it
        assert _mode(made) & 0o007 == 0o004, name  # others: what the umask gave, no more
        assert made.stat().st_gid == group, name  # the folder's group, from setgid
    store.close()


def test_a_new_file_in_a_private_folder_keeps_the_umask(tmp_path, umask):
    private = tmp_path / "mine"
    private.mkdir(mode=0o700)
    umask(0o077)
    store = open_store(private / "tour.db", "alice")
    assert _mode(private / "tour.db") == 0o600
    store.close()


def _unprivileged(path, *, shm_writable=True, folder_writable=False):
    """Run as a user who may read `path` but not write it. Root writes anything, so as
    root the child runs in a user namespace, where only the owner's bits apply to it."""
    os.chmod(path, 0o444)
    shm = path.with_name(path.name + "-shm")
    if shm.exists() and not shm_writable:
        os.chmod(shm, 0o444)
    if not folder_writable:
        os.chmod(path.parent, 0o555)
    return ("unshare", "--user") if os.geteuid() == 0 else ()


@pytest.fixture
def shared_file(tmp_path, db_path, store):
    make_show(store)
    yield db_path
    os.chmod(tmp_path, 0o755)


needs_unshare = pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("unshare"),
                                   reason="needs unshare to drop root's rights")


@needs_unshare
@pytest.mark.parametrize("shm_writable", [True, False])
def test_a_reader_without_write_access_reads_and_is_refused_writes(shared_file, shm_writable):
    # someone with write access has the file open (its -shm exists)
    wrapper = _unprivileged(shared_file, shm_writable=shm_writable)
    listing = run_cli("--db", str(shared_file), "tour", "list", wrapper=wrapper)
    assert listing.returncode == 0, listing.stderr
    assert "Test tour" in listing.stdout
    shown = run_cli("--db", str(shared_file), "gig", "list", "--tour", "Test tour",
                    wrapper=wrapper)
    assert shown.returncode == 0 and "Oslo" in shown.stdout
    added = run_cli("--db", str(shared_file), "tour", "add", "Sneaky", wrapper=wrapper)
    assert_one_line_refusal(added, "read-only: you cannot write", str(shared_file),
                            "tourdesk group")
    assert not (shared_file.parent / "backups").exists()
    check = open_store(shared_file, "check", read_only=True)
    assert [t[0] for t in check.conn.execute("SELECT name FROM tours")] == ["Test tour"]
    check.close()


@needs_unshare
def test_a_reader_of_a_closed_file_in_a_read_only_folder_is_told_why(shared_file, store):
    store.close()  # nobody has it open: SQLite removed the -shm
    assert not shared_file.with_name("tour.db-shm").exists()
    wrapper = _unprivileged(shared_file)
    assert_one_line_refusal(run_cli("--db", str(shared_file), "tour", "list", wrapper=wrapper),
                            "read-only", "tour.db-shm is missing", "write access")


def test_a_read_only_store_refuses_every_write_in_one_line(db_path, store):
    make_show(store)
    reader = open_store(db_path, "reader", read_only=True)
    with pytest.raises(ReadOnlyDatabaseError, match="read-only: you cannot write"):
        make_show(reader, "2026-10-22")
    reader.close()


async def test_the_tui_says_read_only_and_refuses_ticks_with_a_notice(db_path, store, day):
    list_id = add_from_template(store, day, "In")
    reader = open_store(db_path, "reader", read_only=True)
    app = TourDeskApp(reader, today=TODAY, checklist_id=list_id)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert "READ ONLY" in screen_text(pilot)
        await press(pilot, "down", "space")
        text = screen_text(pilot)
        assert "read-only: you cannot write" in text
        assert app.is_running
    assert all(e.state is EntryState.PENDING for e in checklists.view(store, list_id).entries)
    reader.close()


def test_a_new_file_in_a_folder_anyone_may_write_is_not_opened_to_the_group(tmp_path, umask):
    public = tmp_path / "tmp"
    public.mkdir()
    os.chmod(public, 0o1777)  # like /tmp: a group here means nothing
    umask(0o022)
    store = open_store(public / "tour.db", "alice")
    assert _mode(public / "tour.db") == 0o644
    store.close()
