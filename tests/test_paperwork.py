"""Guest lists, documents and what changed: the rules, the commands (locally and over
SSH), and who sees what: crew and band see only their own guest requests, never a
contract, and the change log's news carries no money."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import Result

from tourdesk.domain.guests import GuestState
from tourdesk.services import changes as news
from tourdesk.services import documents, guests
from tourdesk.store import Store, gigs, open_store, tours
from tourdesk.store.errors import ConflictError, ForbiddenError, NotFoundError

from conftest import FIXED_NOW, ROLE_LOGINS, run_cli

TOUR = "Northern Lights Tour 2026"
DAY = "2026-10-21"
MANAGER, CREW, BAND, ACCOUNTANT = (ROLE_LOGINS[r] for r in ("manager", "crew", "band",
                                                            "accountant"))
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\r\n\x00\x1b[2J%%EOF\n"


@pytest.fixture(autouse=True)
def _no_session_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tourdesk.cli.session.end_with_parent", lambda: None)


def login(path: Path, who: str) -> Store:
    return open_store(path, who, clock=lambda: FIXED_NOW)


def show(s: Store) -> int:
    gig_id = gigs.id_on(s, tours.named(s, TOUR).id, date.fromisoformat(DAY))
    assert gig_id is not None
    return gig_id


def run(path: Path, who: str, *args: str, stdin: bytes | None = None) -> Result:
    return run_cli("--db", str(path), "--as", who, *args, stdin=stdin)


def ssh(path: Path, who: str, command: str, stdin: bytes | None = None) -> Result:
    return run_cli("--db", str(path), "ssh-shell", who, env={"SSH_ORIGINAL_COMMAND": command},
                   stdin=stdin)


# -- guest lists --


def test_crew_and_band_see_only_their_own_requests_and_managers_see_all(roles_path):
    rob, maren, dana = (login(roles_path, w) for w in (CREW, BAND, MANAGER))
    gig_id = show(dana)
    guests.request_guest(rob, gig_id, {"guest": "Rob's sister", "plus": "1"})
    guests.request_guest(maren, gig_id, {"guest": "Maren's friend", "pass": "photo"})
    assert [r.guest for r in guests.requests(rob, gig_id)] == ["Rob's sister"]
    assert [r.guest for r in guests.requests(maren, gig_id)] == ["Maren's friend"]
    assert {r.guest for r in guests.requests(dana, gig_id)} == {"Rob's sister",
                                                                "Maren's friend"}
    theirs = next(r for r in guests.requests(dana, gig_id) if r.requested_by == BAND)
    # another's request reads as missing: neither withdrawn nor confirmed to exist
    with pytest.raises(NotFoundError, match="you have no guest request"):
        guests.withdraw(rob, theirs.id or 0)
    with pytest.raises(ForbiddenError, match="manage guest lists"):
        guests.decide(rob, theirs.id or 0, GuestState.APPROVED)
    with pytest.raises(ForbiddenError):
        guests.door_list(maren, gig_id)
    assert len(guests.requests(dana, gig_id)) == 2


def test_the_request_is_in_the_acting_logins_name(roles_path):
    rob = login(roles_path, CREW)
    made = guests.request_guest(rob, show(rob), {"guest": "Anna"})
    assert made.requested_by == CREW and made.state is GuestState.REQUESTED
    with pytest.raises(ForbiddenError):  # approving one's own takes a manager
        guests.request_guest(rob, show(rob), {"guest": "Bo"}, approve=True)


def test_caps_per_show_and_per_person_refuse_and_change_nothing(roles_path):
    dana, rob, maren = (login(roles_path, w) for w in (MANAGER, CREW, BAND))
    gig_id = show(dana)
    guests.set_caps(dana, gig_id, show="5", person="3")
    guests.request_guest(rob, gig_id, {"guest": "A", "plus": "2"})  # 3 heads: rob's cap
    with pytest.raises(ConflictError, match="each person may ask for 3"):
        guests.request_guest(rob, gig_id, {"guest": "B"})
    guests.request_guest(maren, gig_id, {"guest": "C", "plus": "1"})  # 5: the show's cap
    with pytest.raises(ConflictError, match="capped at 5"):
        guests.request_guest(maren, gig_id, {"guest": "D"})
    assert len(guests.requests(dana, gig_id)) == 2
    # declining makes room; approving it again must fit once more
    c = next(r for r in guests.requests(dana, gig_id) if r.guest == "C")
    guests.decide(dana, c.id or 0, GuestState.DECLINED)
    guests.request_guest(maren, gig_id, {"guest": "D", "plus": "1"})
    with pytest.raises(ConflictError, match="capped at 5"):
        guests.decide(dana, c.id or 0, GuestState.APPROVED)
    assert guests.requests(dana, gig_id)[1].state is GuestState.DECLINED


def test_bad_input_names_the_field(roles_path):
    rob = login(roles_path, CREW)
    with pytest.raises(ValueError) as exc:
        guests.request_guest(rob, show(rob), {"guest": " ", "plus": "99", "pass": "vip"})
    text = str(exc.value)
    assert "guest:" in text and "plus:" in text and "pass:" in text


def test_the_door_list_has_approved_guests_only_and_escapes_every_text(roles_path):
    dana, rob = login(roles_path, MANAGER), login(roles_path, CREW)
    gig_id = show(dana)
    evil = "<script>alert(1)</script>\x1b]0;pwned\x07 & \"Bo\""
    ok = guests.request_guest(rob, gig_id, {"guest": evil, "plus": "1", "note": "<b>vip</b>"})
    guests.request_guest(rob, gig_id, {"guest": "Waiting Person"})
    guests.decide(dana, ok.id or 0, GuestState.APPROVED)
    detail, found = guests.door_list(dana, gig_id)
    page = guests.door_html(detail, found)
    assert "<script>" not in page and "<b>vip" not in page and "\x1b" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;vip" in page
    assert "Waiting Person" not in page
    sheet = guests.door_csv(found)
    assert sheet.splitlines()[0] == "guest,plus,heads,pass,requested_by,note"
    assert "Waiting Person" not in sheet and "\x1b" not in sheet and ",1,2,guest,rob," in sheet


def test_a_csv_cell_is_never_a_formula(roles_path):
    dana = login(roles_path, MANAGER)
    guests.request_guest(dana, show(dana), {"guest": "=HYPERLINK(\"x\")"}, approve=True)
    sheet = guests.door_csv(guests.door_list(dana, show(dana))[1])
    assert "'=HYPERLINK" in sheet


def test_guest_commands_over_ssh_for_crew(roles_path):
    asked = ssh(roles_path, CREW, f"guest add --tour '{TOUR}' --plus 1 {DAY} 'Tom Crew'")
    assert asked.exit_code == 0, asked.output
    ssh(roles_path, BAND, f"guest add --tour '{TOUR}' {DAY} 'Bandfriend'")
    mine = ssh(roles_path, CREW, f"guest list --tour '{TOUR}' {DAY}")
    assert "Tom Crew" in mine.stdout and "Bandfriend" not in mine.stdout
    door = ssh(roles_path, CREW, f"guest door --tour '{TOUR}' {DAY}")
    assert door.exit_code == 2 and "manage guest lists" in door.stderr
    everyone = ssh(roles_path, MANAGER, f"guest list --tour '{TOUR}' {DAY}")
    assert "Tom Crew" in everyone.stdout and "Bandfriend" in everyone.stdout
    ids = [line.split()[0] for line in everyone.stdout.splitlines()[1:-1]]
    assert ssh(roles_path, MANAGER, "guest approve " + " ".join(ids)).exit_code == 0
    html = ssh(roles_path, MANAGER, f"guest door --tour '{TOUR}' --format html {DAY}")
    assert "Tom Crew" in html.stdout and "Bandfriend" in html.stdout
    no_file = ssh(roles_path, MANAGER, f"guest door --tour '{TOUR}' -o /tmp/x.csv {DAY}")
    assert no_file.exit_code == 2 and "no -o" in no_file.stderr


def test_the_day_sheet_counts_heads_never_names(roles_path):
    dana, rob = login(roles_path, MANAGER), login(roles_path, CREW)
    gig_id = show(dana)
    a = guests.request_guest(rob, gig_id, {"guest": "Secret Name", "plus": "2"})
    guests.request_guest(rob, gig_id, {"guest": "Other", "pass": "photo"})
    guests.decide(dana, a.id or 0, GuestState.APPROVED)
    sheet = run(roles_path, BAND, "daysheet", "--tour", TOUR, DAY)
    assert sheet.exit_code == 0, sheet.output
    assert "Guests\n  3 approved (guest 3) · 1 waiting" in sheet.stdout
    assert "Secret Name" not in sheet.stdout


# -- documents --


def test_a_document_comes_back_byte_for_byte_over_ssh(roles_path):
    added = ssh(roles_path, MANAGER, f"doc add --tour '{TOUR}' --day {DAY} --kind stage_plot "
                "--name plot.pdf -", stdin=PDF)
    assert added.exit_code == 0, added.output
    listed = ssh(roles_path, CREW, f"doc list --tour '{TOUR}'")
    assert "plot.pdf" in listed.stdout and hashlib.sha256(PDF).hexdigest()[:16] in listed.stdout
    doc_id = next(line.split()[0] for line in listed.stdout.splitlines()
                  if "plot.pdf" in line.split())
    got = ssh(roles_path, CREW, f"doc get {doc_id}")
    assert got.exit_code == 0, got.stderr
    assert got.stdout_bytes == PDF
    sheet = run(roles_path, CREW, "daysheet", "--tour", TOUR, DAY)
    assert f"Stage plot: plot.pdf (10 KB, doc {doc_id})" in sheet.stdout


def test_a_local_file_comes_back_identical_through_a_file(roles_path, tmp_path):
    source = tmp_path / "rider.pdf"
    source.write_bytes(PDF)
    assert run(roles_path, MANAGER, "doc", "add", "--tour", TOUR, "--kind", "rider",
               str(source)).exit_code == 0
    rider = next(d.doc for d in documents.listing(login(roles_path, BAND), TOUR)
                 if d.doc.name == "rider.pdf")
    out = tmp_path / "back.pdf"
    got = run(roles_path, BAND, "doc", "get", str(rider.id), "-o", str(out))
    assert got.exit_code == 0, got.output
    assert out.read_bytes() == PDF


def test_crew_and_band_never_see_a_contract(roles_path):
    dana = login(roles_path, MANAGER)
    contract = documents.add_document(dana, TOUR, "contract", "deal.pdf", b"fee: 12000 EUR",
                                      on=date.fromisoformat(DAY))
    plot = documents.add_document(dana, TOUR, "stage_plot", "plot.pdf", PDF)
    for who in (CREW, BAND):
        s = login(roles_path, who)  # the demo's own stage plot and input list besides
        assert sorted(d.doc.name for d in documents.listing(s, TOUR)) == [
            "input-list.txt", "plot.pdf", "stage-plot.pdf"]
        with pytest.raises(NotFoundError, match="no document"):
            documents.fetch(s, contract.id or 0)
        assert documents.fetch(s, plot.id or 0)[1] == PDF
        assert not any("deal.pdf" in line for line in documents.day_lines(s, show(s)))
        # and the connection refuses the bytes' table whatever code asks
        with pytest.raises(ForbiddenError):
            s.row("SELECT data FROM office_document_bytes")
    ledger = login(roles_path, ACCOUNTANT)
    assert documents.fetch(ledger, contract.id or 0)[1] == b"fee: 12000 EUR"
    got = ssh(roles_path, CREW, f"doc get {contract.id}")
    assert got.exit_code == 2 and got.stdout_bytes == b""


def test_only_managers_add_documents_and_the_size_is_limited(roles_path):
    rob, dana = login(roles_path, CREW), login(roles_path, MANAGER)
    with pytest.raises(ForbiddenError):
        documents.add_document(rob, TOUR, "rider", "r.pdf", b"x")
    with pytest.raises(ValueError, match="larger than 20 MB"):
        documents.add_document(dana, TOUR, "rider", "r.pdf", b"x" * 20_000_001)
    with pytest.raises(ValueError, match="kind: one of"):
        documents.add_document(dana, TOUR, "menu", "r.pdf", b"x")
    before = documents.listing(dana, TOUR)
    over = ssh(roles_path, MANAGER, f"doc add --tour '{TOUR}' --kind rider /etc/passwd")
    assert over.exit_code == 2 and "reads no file on the server" in over.stderr
    assert documents.listing(dana, TOUR) == before
    assert [d.doc.name for d in before] == ["input-list.txt", "stage-plot.pdf"]  # the demo's


def test_a_damaged_file_is_refused_not_served(roles_path):
    dana = login(roles_path, MANAGER)
    d = documents.add_document(dana, TOUR, "input_list", "inputs.csv", b"1,Kick\n")
    with dana.write() as db:
        db.execute("UPDATE document_bytes SET data = ? WHERE document_id = ?",
                   [b"1,Snare\n", d.id])
    with pytest.raises(ConflictError, match="does not match its checksum"):
        documents.fetch(dana, d.id or 0)


# -- what changed --


def _later(path: Path, who: str) -> Store:
    return open_store(path, who, clock=lambda: datetime(2026, 10, 20, 12, 0, tzinfo=UTC))


def test_changes_in_plain_words_only_what_concerns_them(roles_path):
    from tourdesk.domain.kinds import ScheduleKind
    from tourdesk.domain.models import Audience, AudienceKind, ScheduleItem

    dana = _later(roles_path, MANAGER)
    gig_id = show(dana)
    plan = gigs.detail(dana, gig_id)
    doors = next(i for i in plan.items if i.kind is ScheduleKind.DOORS)
    moved = ScheduleItem(**{**{f: getattr(doors, f) for f in doors.__slots__},
                            "at": doors.at.replace(hour=(doors.at.hour + 1) % 24)})
    gigs.update_item(dana, moved)
    zone = doors.timezone
    gigs.add_item(dana, gig_id, ScheduleItem(ScheduleKind.OTHER, doors.at, doors.on, zone,
                                             label="Crew meal",
                                             audience=Audience(AudienceKind.CREW)))
    documents.add_document(dana, TOUR, "stage_plot", "plot.pdf", PDF)
    documents.add_document(dana, TOUR, "contract", "deal.pdf", b"fee")
    since = datetime(2026, 10, 20, 10, 0, tzinfo=UTC)
    reader, band = news.what_changed(dana, TOUR, since, "band")
    text = news.render(reader, band, since)
    old, new = f"{doors.at:%H:%M}", f"{moved.at:%H:%M}"
    assert f"- Doors {old} → {new}" in text
    assert "Crew meal" not in text and "deal.pdf" not in text
    assert "new stage plot: plot.pdf" in text
    _, crew_news = news.what_changed(dana, TOUR, since, "crew")
    assert any("new: Crew meal" in line for n in crew_news for line in n.lines)
    # nothing before the moment
    _, none = news.what_changed(dana, TOUR, datetime(2026, 10, 20, 13, tzinfo=UTC), "band")
    assert none == []


def test_changes_carry_no_money_and_cancellations_say_so(roles_path):
    dana = _later(roles_path, MANAGER)
    gig_id = show(dana)
    with dana.write():
        from tourdesk.store import tracked
        tracked.update(dana, "gig_days", gig_id, {"status": "cancelled"})
    result = run(roles_path, CREW, "changes", "--tour", TOUR, "--since", "2026-10-20T10:00")
    assert result.exit_code == 0, result.output
    assert "CANCELLED" in result.stdout and "Rob Kettering" in result.stdout
    assert "fee" not in result.stdout.lower() and "_minor" not in result.stdout
    other = run(roles_path, CREW, "changes", "--tour", TOUR, "--since", "1d", "--for",
                "Sofie Lindqvist")
    assert other.exit_code == 2 and "their own news" in other.stderr
    bad = run(roles_path, CREW, "changes", "--tour", TOUR, "--since", "yesterday")
    assert bad.exit_code == 2 and "since:" in bad.stderr


def test_the_since_forms():
    now = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
    assert news.parse_since("2d", now) == datetime(2026, 10, 18, 9, 0, tzinfo=UTC)
    assert news.parse_since("2026-10-18", now) == datetime(2026, 10, 18, tzinfo=UTC)
    assert news.parse_since("2026-10-18T09:00+02:00", now) == datetime(2026, 10, 18, 7,
                                                                      tzinfo=UTC)




EVIL = "[b]x[/b]\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e<i>"


def test_hostile_text_reaches_no_terminal_and_no_page_as_markup(roles_path):
    import re

    from tourdesk.store import tracked

    unsafe = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    dana = _later(roles_path, MANAGER)
    gig_id = show(dana)
    made = guests.request_guest(dana, gig_id, {"guest": "Guest", "note": "n"}, approve=True)
    item = gigs.detail(dana, gig_id).items[0]
    with dana.write() as db:  # stored text from elsewhere: an old file, a raw import
        db.execute("UPDATE guest_requests SET guest = ?, note = ? WHERE id = ?",
                   [EVIL, EVIL, made.id])
        tracked.update(dana, "schedule_items", item.id or 0, {"label": EVIL})
    documents.add_document(dana, TOUR, "rider", "rider.pdf", b"x", on=date(2026, 10, 21))
    with dana.write() as db:
        db.execute("UPDATE documents SET name = ?", [EVIL])
    for args in (["guest", "list", "--tour", TOUR, DAY], ["guest", "door", "--tour", TOUR, DAY],
                 ["guest", "door", "--tour", TOUR, "--format", "html", DAY],
                 ["doc", "list", "--tour", TOUR], ["daysheet", "--tour", TOUR, DAY],
                 ["daysheet", "--tour", TOUR, "--format", "html", DAY],
                 ["changes", "--tour", TOUR, "--since", "2026-10-20T10:00"]):
        result = run(roles_path, MANAGER, *args)
        assert result.exit_code == 0, (args, result.output)
        assert unsafe.search(result.stdout) is None, args
        assert "pwned" in result.stdout, args  # shown, as visible characters
        if "html" in args:
            assert "<i>" not in result.stdout and "&lt;i&gt;" in result.stdout


async def test_the_day_screen_shows_guest_counts_and_the_documents_one_may_read(roles_path):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.screens.gig_day import GigDayScreen

    from conftest import TODAY
    from tui_helpers import screen_text, settle

    dana = login(roles_path, MANAGER)
    gig_id = show(dana)
    guests.request_guest(dana, gig_id, {"guest": "Hidden Name", "plus": "1"}, approve=True)
    documents.add_document(dana, TOUR, "stage_plot", "plot.pdf", PDF, on=date(2026, 10, 21))
    documents.add_document(dana, TOUR, "contract", "deal.pdf", b"fee", on=date(2026, 10, 21))
    app = TourDeskApp(login(roles_path, CREW), today=TODAY)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        app.push_screen(GigDayScreen(gig_id))
        await settle(pilot)
        text = screen_text(pilot)
    assert "2 approved (guest 2)" in text and "Hidden Name" not in text
    assert "Stage plot: plot.pdf" in text and "deal.pdf" not in text


async def test_crew_ask_for_a_guest_from_the_day_screen(roles_path):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.screens.gig_day import GigDayScreen

    from conftest import TODAY
    from tui_helpers import press, settle

    rob = login(roles_path, CREW)
    gig_id = show(rob)
    app = TourDeskApp(rob, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GigDayScreen(gig_id))
        await settle(pilot)
        await press(pilot, "g")
        await pilot.press(*"Tom Guest +2")
        await press(pilot, "enter")
        await settle(pilot)
    mine = guests.requests(login(roles_path, CREW), gig_id)
    assert [(r.guest, r.plus, r.requested_by) for r in mine] == [("Tom Guest", 2, CREW)]
    assert guests.requests(login(roles_path, BAND), gig_id) == []


RACER = """
import sys
from tourdesk.services import guests
from tourdesk.store import open_store, gigs, tours
from tourdesk.store.errors import ConflictError
from datetime import date
s = open_store(sys.argv[1], sys.argv[2])
gig = gigs.id_on(s, tours.named(s, sys.argv[3]).id, date.fromisoformat(sys.argv[4]))
took = 0
for i in range(12):
    try:
        guests.request_guest(s, gig, {"guest": f"{sys.argv[2]} {i}"})
        took += 1
    except ConflictError:
        pass
print(took)
"""


def test_two_processes_asking_at_once_never_pass_the_cap(roles_path):
    import subprocess
    import sys

    dana = login(roles_path, MANAGER)
    guests.set_caps(dana, show(dana), show="7")
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(roles_path), who, TOUR, DAY],
                               stdout=subprocess.PIPE, text=True) for who in (CREW, BAND)]
    took = [int(p.communicate(timeout=120)[0]) for p in racers]
    assert sum(took) == 7
    assert sum(r.heads for r in guests.requests(dana, show(dana))) == 7
