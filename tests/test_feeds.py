"""Calendar feeds: hashed tokens, revocation, and a real server process fetched over HTTP."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import time

import pytest
from ical.calendar_stream import IcsCalendarStream
from test_cli import run

from tourdesk.services.feed_server import REQUEST_DEADLINE
from tourdesk.store import crew, feeds, open_store, tours

TOUR = "Northern Lights Tour 2026"


def _fetch(url: str, headers: dict | None = None, method: str = "GET", timeout: float = 30):
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read()  # case-blind names
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture
def server(demo_path):
    """`tourdesk serve-calendar` as its own process on a free port; yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tourdesk", "--db", str(demo_path), "serve-calendar",
         "--port", "0", "--quiet"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/feed/", line)
        assert found, line
        yield found.group(1)
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stderr.close()


def _make(demo_path, *args: str) -> tuple[int, str]:
    out = run("--db", str(demo_path), "feed", "create", *args)
    assert out.returncode == 0, out.stderr
    feed_id = int(re.match(r"feed (\d+):", out.stdout).group(1))
    return feed_id, out.stdout.strip().splitlines()[-1].rsplit("/feed/", 1)[1].removesuffix(".ics")


def test_only_a_hash_of_the_token_is_kept(demo_store, demo_path):
    tour = tours.named(demo_store, TOUR)
    made, token = feeds.create(demo_store, tour.id, "crew", label="crew phones")
    assert feeds.find(demo_store, token) == made
    assert feeds.find(demo_store, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert feeds.find(demo_store, "../../etc/passwd") is None
    demo_store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = demo_path.read_bytes()
    assert token.encode() not in raw  # neither in the feeds table nor in the change log
    assert feeds.token_hash(token).encode() in raw
    feeds.revoke(demo_store, made.id)
    assert feeds.find(demo_store, token) is None
    assert not feeds.get(demo_store, made.id).active


def test_a_feed_over_http_valid_then_revoked_and_unknown(demo_path, server):
    feed_id, token = _make(demo_path, "--tour", TOUR, "--person", "Jack Moran")
    url = f"{server}/feed/{token}.ics"
    status, headers, body = _fetch(url)
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    assert "private" in headers["Cache-Control"]
    calendar = IcsCalendarStream.calendar_from_ics(body.decode())  # strict parse
    days = [e for e in calendar.events if e.uid.startswith("day-")]
    assert 0 < len(days) < 62  # only the days Jack works
    assert b"Your call" in body
    status, _, empty = _fetch(url, {"If-None-Match": headers["ETag"]})
    assert (status, empty) == (304, b"")
    status, _, _ = _fetch(url, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, head, nothing = _fetch(url, method="HEAD")
    assert status == 200 and nothing == b"" and head["ETag"] == headers["ETag"]

    revoked = run("--db", str(demo_path), "feed", "revoke", str(feed_id))
    assert revoked.returncode == 0
    status, _, body = _fetch(url)
    assert status == 404 and b"VCALENDAR" not in body
    status, _, body = _fetch(f"{server}/feed/{'x' * 43}.ics")
    assert status == 404 and body == b"Not found\n"
    assert _fetch(f"{server}/")[0] == 404


def test_a_change_gives_a_new_etag_and_the_new_time(demo_path, server):
    _, token = _make(demo_path, "--tour", TOUR, "--group", "crew")
    url = f"{server}/feed/{token}.ics"
    _, first, before = _fetch(url)
    assert _fetch(url)[1]["ETag"] == first["ETag"]  # nothing changed: same bytes
    store = open_store(demo_path, "tm")
    try:
        jack = crew.person_named(store, "Jack Moran")
        mine = next(a for r in crew.shifts(store, person=jack.id)
                    for a in [r] if a.tour == TOUR)
        crew.set_call(store, mine.assignment_id, time(6, 45))
    finally:
        store.close()
    status, second, after = _fetch(url, {"If-None-Match": first["ETag"]})
    assert status == 200 and second["ETag"] != first["ETag"]
    assert b"06:45    Jack Moran" in after and b"06:45    Jack Moran" not in before


def test_a_hundred_phones_at_once(demo_path, server):
    _, token = _make(demo_path, "--all", "--group", "band")
    url = f"{server}/feed/{token}.ics"
    with ThreadPoolExecutor(max_workers=100) as pool:
        answers = list(pool.map(lambda _: _fetch(url), range(100)))
    assert [a[0] for a in answers] == [200] * 100
    assert len({a[2] for a in answers}) == 1 and answers[0][2].startswith(b"BEGIN:VCALENDAR")


def test_cli_refuses_bad_feed_requests_and_never_lists_addresses(demo_path):
    both = run("--db", str(demo_path), "feed", "create", "--tour", TOUR, "--group", "crew",
               "--person", "Jack Moran")
    assert both.returncode == 2 and "not both" in both.stderr
    nobody = run("--db", str(demo_path), "feed", "create", "--tour", TOUR, "--person", "Zed")
    assert nobody.returncode == 2 and "nobody called 'Zed'" in nobody.stderr
    bad_url = run("--db", str(demo_path), "feed", "base-url", "ftp://x")
    assert bad_url.returncode == 2 and "base URL" in bad_url.stderr
    assert run("--db", str(demo_path), "feed", "base-url",
               "https://tour.example.com/cal/").returncode == 0
    _, token = _make(demo_path, "--tour", TOUR, "--label", "band phones")
    listed = run("--db", str(demo_path), "feed", "list").stdout
    assert "band phones" in listed and "live" in listed and token not in listed
    made = run("--db", str(demo_path), "feed", "create", "--tour", TOUR).stdout
    assert "https://tour.example.com/cal/feed/" in made
    gone = run("--db", str(demo_path), "feed", "revoke", "999")
    assert gone.returncode == 2 and "no feed 999" in gone.stderr


async def test_feeds_made_and_revoked_in_the_tui(demo_store):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.modals.prompt import ShowOnce
    from tourdesk.tui.screens.feeds import FeedsScreen

    from conftest import TODAY
    from tui_helpers import press, screen_text, settle

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert isinstance(app.screen, FeedsScreen)
        await press(pilot, "n", "down", "down", "down", "enter")  # one person's…
        await press(pilot, "down", "enter")  # …the second in the list
        assert isinstance(app.screen, ShowOnce)
        address = app.screen.query_one("#show-once-value").render().plain
        token = address.rsplit("/feed/", 1)[1].removesuffix(".ics")
        made = feeds.feeds(demo_store)[0]  # the newest comes first
        assert feeds.find(demo_store, token) == made and made.audience == "person"
        await press(pilot, "enter")
        assert isinstance(app.screen, FeedsScreen)
        assert "live" in screen_text(pilot) and token not in screen_text(pilot)
        await press(pilot, "x", "y")
        assert feeds.find(demo_store, token) is None
        assert "revoked" in screen_text(pilot)


def _serve(demo_path, *extra: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tourdesk", "--db", str(demo_path), "serve-calendar",
         "--port", "0", *extra],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = proc.stderr.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+)/feed/", line)
    assert found, line
    return proc, found.group(1)


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    _, err = proc.communicate(timeout=10)
    return err


def test_the_etag_survives_a_restart_and_a_weak_etag_matches(demo_path):
    _, token = _make(demo_path, "--all", "--group", "crew", "--alarm", "60")
    tags = []
    for _ in range(2):  # two processes: hash seeds and set orders differ
        proc, base = _serve(demo_path, "--quiet")
        try:
            status, headers, body = _fetch(f"{base}/feed/{token}.ics")
            assert status == 200 and b"TRIGGER:-PT60M" in body
            tags.append(headers["ETag"])
            weak = _fetch(f"{base}/feed/{token}.ics", {"If-None-Match": f'W/{headers["ETag"]}'})
            assert weak[0] == 304
            other = _fetch(f"{base}/feed/{token}.ics", {"If-None-Match": 'W/"0000"'})
            assert other[0] == 200
        finally:
            _stop(proc)
    assert tags[0] == tags[1]


def test_a_big_body_is_refused_before_it_is_read(demo_path, server):
    import socket

    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /feed/x.ics HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: 1000000000\r\n\r\n" + b"x" * 4096)
        answer = sock.recv(200)
    assert re.match(rb"HTTP/1\.[01] 413", answer), answer
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
        answer = sock.recv(200)
    assert re.match(rb"HTTP/1\.[01] 431", answer), answer


def test_real_fetches_are_served_while_300_slow_sockets_hang_on(demo_path, server):
    import socket
    import time as clock

    _, token = _make(demo_path, "--tour", TOUR, "--group", "band")
    host, port = server.removeprefix("http://").split(":")
    slow = []
    try:
        for _ in range(300):  # each starts a request and never finishes it
            s = socket.create_connection((host, int(port)), timeout=10)
            s.sendall(b"GET /feed/x.ics HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        for round_ in range(3):  # and keeps dripping a header line now and then
            for s in slow:
                with contextlib.suppress(OSError):  # dropped by the server, eventually
                    s.sendall(b"X-Slow: %d\r\n" % round_)
            # answered while the slow sockets are still held: the wait is shorter than
            # the server's request deadline, which would otherwise free their slots
            status, _, body = _fetch(f"{server}/feed/{token}.ics", timeout=REQUEST_DEADLINE / 2)
            assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
            clock.sleep(1)
    finally:
        for s in slow:
            s.close()


def test_a_failure_while_building_logs_the_feed_number_never_the_token(demo_path):
    _, token = _make(demo_path, "--tour", TOUR, "--group", "crew")
    store = open_store(demo_path, "tm")
    try:  # a damaged zone name: building the calendar raises
        store.db.execute("UPDATE venues SET timezone = 'Not/AZone'")
        store.db.execute("UPDATE schedule_items SET timezone = 'Not/AZone'")
        store.db.conn.commit()
    finally:
        store.close()
    proc, base = _serve(demo_path)
    try:
        status, _, body = _fetch(f"{base}/feed/{token}.ics")
    finally:
        log = _stop(proc)
    assert status == 500 and token.encode() not in body
    assert token not in log and "/feed/" not in log.split("\n", 1)[1]
    assert re.search(r"feed \d+ 500", log)


def test_the_maker_is_shown_the_address_again_until_the_first_fetch(demo_path, server):
    feed_id, token = _make(demo_path, "--tour", TOUR, "--group", "crew")
    first = f"http://127.0.0.1:8080/feed/{token}.ics"
    again = run("--db", str(demo_path), "feed", "address", str(feed_id))
    assert again.returncode == 0, again.stderr
    assert again.stdout.encode() == f"{first}\n".encode()  # byte for byte the same
    assert run("--db", str(demo_path), "feed", "address", str(feed_id)).stdout == again.stdout
    status, _headers, body = _fetch(again.stdout.strip().replace("http://127.0.0.1:8080", server))
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")
    refused = run("--db", str(demo_path), "feed", "address", str(feed_id))
    assert refused.returncode == 2 and refused.stdout == ""
    line = refused.stderr.strip()
    assert "\n" not in line and token not in line
    assert re.search(rf"feed {feed_id}: was first fetched on \d{{4}}-\d\d-\d\d \d\d:\d\d UTC", line)
    assert f"tourdesk feed revoke {feed_id}" in line and "tourdesk feed create" in line
    s = open_store(demo_path, "tester")
    try:
        kept = feeds.kept_address(s, feed_id)
        assert kept and kept.sealed is None and kept.nonce is None and kept.first_fetched_at
        assert feeds.get(s, feed_id).active  # the feed itself goes on being served
    finally:
        s.close()
    assert _fetch(f"{server}/feed/{token}.ics")[0] == 200


def _address_rows(path) -> list[tuple]:
    s = open_store(path, "dana")
    try:
        return [tuple(r) for r in s.conn.execute(
            "SELECT * FROM feed_addresses ORDER BY feed_id")] + [tuple(r) for r in s.conn.execute(
            "SELECT count(*) FROM changes")]
    finally:
        s.close()


def test_only_the_login_that_made_it_is_shown_it_again(roles_path):
    from tourdesk.domain.access import Role
    from tourdesk.services import feed_addresses
    from tourdesk.store import users
    from tourdesk.store.errors import ForbiddenError

    from conftest import FIXED_NOW

    dana = open_store(roles_path, "dana", clock=lambda: FIXED_NOW)
    users.add(dana, "kim", Role.MANAGER)
    made, address = feed_addresses.create(dana, tours.named(dana, TOUR).id, "band")
    assert feed_addresses.show_again(dana, made.id) == address
    dana.close()
    before = _address_rows(roles_path)
    for login in ("kim", "rob", "maren", "ledger"):  # another manager, crew, band, accounts
        other = open_store(roles_path, login, clock=lambda: FIXED_NOW)
        try:
            with pytest.raises(ForbiddenError) as refused:
                feed_addresses.show_again(other, made.id)
        finally:
            other.close()
        message = str(refused.value)
        assert "\n" not in message and login in message and address not in message
    assert _address_rows(roles_path) == before  # nothing changed
    kim = open_store(roles_path, "kim", clock=lambda: FIXED_NOW)
    try:
        with pytest.raises(ForbiddenError, match=r"kim \(manager\) .* only dana, who made it"):
            feed_addresses.show_again(kim, made.id)
    finally:
        kim.close()


def test_a_copy_of_the_database_without_its_key_shows_no_address(demo_path, tmp_path):
    from tourdesk.services import feed_addresses
    from tourdesk.store.errors import StoreError

    s = open_store(demo_path, "tester")
    made, address = feed_addresses.create(s, None, "crew")
    token = address.rsplit("/feed/", 1)[1].removesuffix(".ics")
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    key = feed_addresses.key_path(demo_path)
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    raw = demo_path.read_bytes()
    assert token.encode() not in raw and key.read_bytes() not in raw
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    copy = laptop / "demo.db"
    copy.write_bytes(raw)  # a backup carried away, without the key file beside it
    c = open_store(copy, "tester")
    try:
        with pytest.raises(StoreError, match="key file beside the database is missing"):
            feed_addresses.show_again(c, made.id)
        feed_addresses.key_path(copy).write_bytes(b"\x01" * 32)  # a key, but not the key
        with pytest.raises(StoreError, match="not the one it was kept with"):
            feed_addresses.show_again(c, made.id)
        kept = feeds.kept_address(c, made.id)
        assert kept and kept.sealed and token.encode() not in kept.sealed
    finally:
        c.close()


def test_a_revoked_or_older_feed_is_not_shown_again(demo_store):
    from tourdesk.domain.errors import ValidationError
    from tourdesk.services import feed_addresses

    made, _address = feed_addresses.create(demo_store, None, "band")
    feeds.revoke(demo_store, made.id)
    with pytest.raises(ValidationError, match=rf"feed {made.id}: was revoked on .* UTC"):
        feed_addresses.show_again(demo_store, made.id)
    older, _token = feeds.create(demo_store, None, "band")  # made without a kept copy
    with pytest.raises(ValidationError, match="address was not kept"):
        feed_addresses.show_again(demo_store, older.id)


async def test_the_address_shown_again_in_the_tui(demo_store):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.modals.prompt import ShowOnce
    from tourdesk.tui.screens.feeds import FeedsScreen

    from conftest import TODAY
    from tui_helpers import press, settle

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "f", "n", "enter")  # the whole tour
        first = app.screen.query_one("#show-once-value").render().plain
        await press(pilot, "enter", "a")  # the cursor is on the new feed
        assert isinstance(app.screen, ShowOnce)
        assert app.screen.query_one("#show-once-value").render().plain == first
        await press(pilot, "enter")
        feeds.fetched(demo_store, feeds.feeds(demo_store)[0].id)
        await press(pilot, "a")
        assert isinstance(app.screen, FeedsScreen)
        assert any("first fetched on" in n.message for n in app._notifications)
