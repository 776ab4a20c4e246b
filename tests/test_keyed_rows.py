"""The rows a keyed list shows: an update redraws only what changed."""

from rich.text import Text

from tourdesk.tui.widgets.keyed_rows import KeyedRows


def _rows(*pairs):
    return [(key, (Text(text),)) for key, text in pairs]


def test_same_keys_is_an_update_of_the_changed_rows_only():
    shown = KeyedRows()
    shown.replace(_rows(("a", "1"), ("b", "2")))
    assert shown.same_keys(_rows(("a", "1"), ("b", "3")))
    assert not shown.same_keys(_rows(("b", "2"), ("a", "1")))
    assert not shown.same_keys(_rows(("a", "1")))
    changed = shown.update(_rows(("a", "1"), ("b", "3"), ("gone", "x")))
    assert [(row, old[0].plain) for row, old in changed] == [(1, "2")]
    assert shown.cells("b")[0].plain == "3"


def test_a_dimmed_cell_is_a_change_and_keys_are_found_by_row():
    shown = KeyedRows()
    shown.replace(_rows(("a", "1")))
    assert shown.update([("a", (Text("1", style="dim"),))])
    assert shown.find("a") == shown.position("a") == 0
    assert shown.find("z") is None and shown.find(None) is None
    assert shown.key_at(0) == "a" and shown.key_at(1) is None and shown.key_at(-1) is None
