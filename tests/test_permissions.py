"""The file's modes: a new database is private to the account that owns it, and a user
who may only read a file (a copy on read-only media) gets a read-only view, never a
crash."""

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


@pytest.mark.parametrize("folder_mode", [0o2770, 0o755, 0o1777])
def test_a_new_database_is_private_to_its_owner_whatever_the_folder_and_umask(
        tmp_path, umask, folder_mode):
    """The service account's files: nobody else reads the database, its -wal or -shm,
    not even a group the folder hands down (group write would be full access)."""
    folder = tmp_path / "tour"
    folder.mkdir()
    os.chmod(folder, folder_mode)
    umask(0o002)  # the loosest umask a shell account is likely to have
    store = open_store(folder / "tour.db", "alice")
    make_show(store)
    for name in ("tour.db", "tour.db-wal", "tour.db-shm"):
        assert _mode(folder / name) == 0o600, name
    store.close()


def test_the_default_data_folder_is_made_private(tmp_path, monkeypatch, umask):
    from tourdesk.store import connection

    umask(0o002)
    monkeypatch.delenv("TOURDESK_DB", raising=False)
    target = tmp_path / "home" / "share" / "tourdesk" / "tourdesk.db"
    monkeypatch.setattr(connection, "_platform_default", lambda: target)
    open_store(None, "alice").close()
    assert _mode(target.parent) == 0o700 and _mode(target) == 0o600


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
                            "service account")
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
