"""The tour book: one printable HTML page of the whole tour, for everyone, the band,
the crew or one person; every stored text escaped, never money, contracts only for the
money roles' own book."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from test_paperwork import _no_session_watch, login, run  # noqa: F401

from tourdesk.services import advancing, documents
from tourdesk.services.tourbook import tour_book
from tourdesk.store import crew, gigs, tours
from tourdesk.store.errors import ForbiddenError

from conftest import ROLE_LOGINS

TOUR = "Northern Lights Tour 2026"
MANAGER, CREW, BAND = (ROLE_LOGINS[r] for r in ("manager", "crew", "band"))


def test_the_managers_book_has_contacts_days_advance_and_guest_counts(roles_path):
    dana = login(roles_path, MANAGER)
    documents.add_document(dana, TOUR, "contract", "deal.pdf", b"fee", on=date(2026, 10, 22))
    page = tour_book(dana, TOUR)
    assert page.startswith("<!doctype html>") and page.count("<h2>") == 62  # every day
    assert "<h2 style='page-break-before:auto'>Contacts</h2>" in page
    assert "Rigging: Two points over the stage for the banner · declined · Sanne de Vries" \
        in page
    assert "5 approved (guest 2, photo 2, all-access 1) · 1 waiting" in page
    assert "deal.pdf" in page
    # never money: nobody's day rate or per diem, whatever the role
    for p in crew.people(dana):
        for amount in (p.day_rate, p.per_diem):
            if amount is not None:
                assert f">{amount}" not in page and f" {amount}<" not in page


def test_a_book_for_the_band_has_their_calls_and_no_contract(roles_path):
    dana = login(roles_path, MANAGER)
    documents.add_document(dana, TOUR, "contract", "deal.pdf", b"fee", on=date(2026, 10, 22))
    documents.add_document(dana, TOUR, "stage_plot", "plot.pdf", b"%PDF", on=date(2026, 10, 22))
    page = tour_book(dana, TOUR, "band")
    assert "tour book for band" in page
    assert "Maren Holt · musician" in page and "Rob Kettering · FOH engineer" not in page
    assert "plot.pdf" in page and "deal.pdf" not in page


def test_crew_get_their_own_book_without_the_party_list(roles_path):
    result = run(roles_path, CREW, "tourbook", "--tour", TOUR)
    assert result.exit_code == 0, result.output
    assert "tour book for Rob Kettering" in result.output
    assert "Contacts</h2>" not in result.output  # the party's phones take READ_CREW
    assert "Rob Kettering · FOH engineer" in result.output
    assert "Maren Holt · musician" not in result.output
    refused = run(roles_path, CREW, "tourbook", "--tour", TOUR, "--for", "Sofie Lindqvist")
    assert refused.exit_code == 2 and len(refused.output.strip().splitlines()) == 1
    with pytest.raises(ForbiddenError):
        tour_book(login(roles_path, BAND), TOUR, "Sofie Lindqvist")


def test_every_stored_text_is_escaped(roles_path):
    dana = login(roles_path, MANAGER)
    paradiso = gigs.id_on(dana, tours.named(dana, TOUR).id, date(2026, 10, 22)) or 0
    first = advancing.items(dana, paradiso)[0]
    with sqlite3.connect(roles_path) as conn:
        conn.execute("UPDATE advance_items SET note = ? WHERE id = ?",
                     ["<script>alert(1)</script>\x1b[2J", first.id])
        conn.execute("UPDATE gig_days SET notes = ? WHERE id = ?", ["<img src=x onerror=y>",
                                                                   paradiso])
        conn.execute("UPDATE venues SET name = name || ? WHERE name = 'Paradiso'", ["</h2><b>"])
    page = tour_book(dana, TOUR)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=y&gt;" in page
    assert "</h2><b>" not in page and "&lt;/h2&gt;&lt;b&gt;" in page
    assert "\x1b" not in page


def test_the_book_never_lands_on_the_database_a_backup_or_a_path_over_ssh(roles_path, tmp_path):
    from test_paperwork import ssh

    backups = roles_path.parent / "backups"
    backups.mkdir(exist_ok=True)
    link = tmp_path / "book.html"
    link.symlink_to(roles_path)
    before = roles_path.read_bytes()
    for target in (roles_path, f"{roles_path}-wal", backups / "book.html", link):
        result = run(roles_path, ROLE_LOGINS["manager"], "tourbook", "--tour", TOUR, "-o",
                     str(target))
        assert result.exit_code == 2 and "is the database" in result.stderr, result.stderr
    over = ssh(roles_path, ROLE_LOGINS["crew"], f"tourbook --tour '{TOUR}' -o /tmp/book.html")
    assert over.exit_code == 2 and "over SSH there is no -o" in over.stderr
    assert roles_path.read_bytes() == before and not (backups / "book.html").exists()
    assert link.is_symlink()
