"""Every key binding, each with an id (docs/generate.py keeps longer notes by it).

Only keys that survive SSH, tmux and phone terminals: letters, digits, symbols, F-keys,
arrows, Enter, Space, Escape, Backspace, Tab, PageUp/Down. Escape is never the only way
out (over a slow link it arrives late): Backspace does the same everywhere.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

# The screens share one footer entry, their digits then "Screens" (those the role may
# open), so a narrow footer keeps room for each screen's own keys; help and the palette
# name each one.
SCREENS = Binding.Group("Screens", compact=True)

APP: list[BindingType] = [
    Binding("1", "go('overview')", "Days", id="go.overview", group=SCREENS),
    Binding("2", "go('venues')", "Venues", id="go.venues", group=SCREENS),
    Binding("3", "go('inventory')", "Gear", id="go.inventory", group=SCREENS),
    Binding("4", "go('staffing')", "Crew", id="go.staffing", group=SCREENS),
    Binding("5", "go('budget')", "Money", id="go.budget", group=SCREENS),
    Binding("6", "go('users')", "Users", id="go.users", group=SCREENS),
    Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
    Binding("colon", "command_palette", "Cmds", key_display=":", id="palette"),
    Binding("o", "preferences", "Preferences", show=False, id="preferences"),
    Binding("q", "quit", "Quit", id="quit"),
]

OVERVIEW: list[BindingType] = [
    Binding("enter", "open", "Open day", id="overview.open"),
    Binding("g", "today", "Today", id="overview.today"),
    Binding("t", "choose_tour", "Tours…", id="overview.tour"),
    Binding("e", "export", "Export .ics", show=False, id="overview.export"),
    Binding("f", "feeds", "Feeds", show=False, id="overview.feeds"),
    Binding("r", "route", "Route", id="overview.route"),
    Binding("m", "travel", "Travel", show=False, id="overview.travel"),
]

TRAVEL: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="travel.back"),
    Binding("n", "new_segment", "New trip", id="travel.new"),
    Binding("h", "new_stay", "Hotel", id="travel.hotel"),
    Binding("enter,e", "edit", "Edit", key_display="⏎", id="travel.edit"),
    Binding("r", "room", "Room", id="travel.room"),
    Binding("R", "unroom", "Unroom", show=False, id="travel.unroom"),
    Binding("x,delete", "delete", "Remove", key_display="x", id="travel.delete"),
]

ROUTE: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="route.back"),
]

GIG_DAY: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="gig.back"),
    Binding("p", "step(-1)", "Prev", id="gig.previous"),
    Binding("n", "step(1)", "Next", id="gig.next"),
    Binding("c", "checklists", "Lists", id="gig.checklists"),
    Binding("E", "edit", "Edit day", id="gig.edit"),
    Binding("h", "history", "History", id="gig.history"),
    Binding("e", "export", "Export .ics", show=False, id="gig.export"),
    Binding("a", "add_item", "Add item", show=False, id="gig.add_item"),
    Binding("i", "edit_item", "Edit item", show=False, id="gig.edit_item"),
    Binding("x", "remove_item", "Remove item", show=False, id="gig.remove_item"),
    Binding("M", "move_day", "Move day", show=False, id="gig.move_day"),
    Binding("g", "ask_guest", "Ask for a guest", show=False, id="gig.guest"),
    Binding("A", "events", "Events", show=False, id="gig.events"),
    Binding("S", "studio", "Studio sessions", show=False, id="gig.studio"),
    Binding("v", "advance", "Advance", show=False, id="gig.advance"),
    Binding("G", "guest_list", "Guest list", show=False, id="gig.guest_list"),
]

GUESTS: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="guests.back"),
    Binding("n", "ask", "Ask", id="guests.ask"),
    Binding("a", "approve", "Approve", id="guests.approve"),
    Binding("d", "decline", "Decline", id="guests.decline"),
    Binding("x,delete", "withdraw", "Withdraw", key_display="x", id="guests.withdraw"),
]

ADVANCE: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="advance.back"),
    Binding("c", "confirm", "Confirmed", id="advance.confirm"),
    Binding("s", "state", "State", id="advance.state"),
    Binding("w", "contact", "Who", id="advance.contact"),
    Binding("e", "note", "Note", id="advance.note"),
    Binding("n", "new", "New item", show=False, id="advance.new"),
    Binding("t", "template", "Template", show=False, id="advance.template"),
    Binding("x,delete", "remove", "Remove", key_display="x", show=False, id="advance.remove"),
]

CHECKLIST: list[BindingType] = [
    Binding("space", "toggle", "Tick", key_display="␣", id="checklist.tick"),
    Binding("m", "mark('missing')", "Missing", id="checklist.missing"),
    Binding("d", "mark('damaged')", "Damaged", id="checklist.damaged"),
    Binding("x", "mark('na')", "N/A", id="checklist.na"),
    Binding("e", "note", "Note", id="checklist.note"),
    Binding("u", "undo", "Undo", id="checklist.undo"),
    Binding("slash", "filter", "Filter", key_display="/", id="checklist.filter"),
    Binding("plus", "add", "Add line", key_display="+", show=False, id="checklist.add"),
    Binding("delete", "remove", "Remove line", key_display="Del", show=False,
            id="checklist.remove"),
    Binding("r", "resolve", "Resolve flag", show=False, id="checklist.resolve"),
    Binding("h", "history", "History", show=False, id="checklist.history"),
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="checklist.back"),
]

DAY_HISTORY: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="history.back"),
    Binding("u", "undo", "Undo my last save", id="history.undo"),
]

VENUES: list[BindingType] = [
    Binding("n", "new", "New", id="venues.new"),
    Binding("enter,e", "edit", "Edit", key_display="⏎", id="venues.edit"),
    Binding("x,delete", "delete", "Delete", key_display="x", id="venues.delete"),
    Binding("k", "contacts", "Contacts", id="venues.contacts"),
    Binding("slash", "filter", "Search", key_display="/", id="venues.search"),
    Binding("g", "place", "Place on map", show=False, id="venues.place"),
    Binding("G", "place_all", "Place all unplaced", show=False, id="venues.place_all"),
]

VENUE_CONTACTS: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="contacts.back"),
    Binding("n", "new", "New contact", id="contacts.new"),
    Binding("enter,e", "edit", "Edit", key_display="⏎", id="contacts.edit"),
    Binding("x,delete", "delete", "Remove", key_display="x", id="contacts.delete"),
]

INVENTORY: list[BindingType] = [
    Binding("slash", "filter", "Filter", key_display="/", id="inventory.filter"),
    Binding("enter,e", "edit", "Edit", key_display="⏎", id="inventory.edit"),
    Binding("c", "edit_case", "Case", id="inventory.case"),
    Binding("R", "retire", "Retire", show=False, id="inventory.retire"),
]

STAFFING: list[BindingType] = [
    Binding("a", "assign", "Assign", id="staffing.assign"),
    Binding("x,delete", "unassign", "Unassign", key_display="x", id="staffing.unassign"),
    Binding("c", "call", "Call time", id="staffing.call"),
    Binding("n", "next_problem", "Next ⚠", id="staffing.next"),
    Binding("enter", "person", "Person", id="staffing.person"),
    Binding("y", "copy", "Copy day", show=False, id="staffing.copy"),
    Binding("p", "new_person", "New person", show=False, id="staffing.new_person"),
    Binding("g", "today", "Today", show=False, id="staffing.today"),
]

PERSON: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="person.back"),
    Binding("e", "export", "Calendar", id="person.export"),
    Binding("E", "edit", "Edit details", id="person.edit"),
]

FEEDS: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="feeds.back"),
    Binding("n", "new", "New feed", id="feeds.new"),
    Binding("a", "address", "Address", id="feeds.address"),
    Binding("x,delete", "revoke", "Revoke", key_display="x", id="feeds.revoke"),
]

BUDGET: list[BindingType] = [
    Binding("n", "new", "New line", id="budget.new"),
    Binding("l", "lines", "Lines", id="budget.lines"),
    Binding("s", "settlement", "Settle", id="budget.settlement"),
    Binding("p", "payouts", "Payouts", id="budget.payouts"),
    Binding("r", "rates", "Rate", id="budget.rates"),
]

BUDGET_LINES: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="lines.back"),
    Binding("n", "new", "New line", id="lines.new"),
    Binding("a", "actual", "Actual", id="lines.actual"),
    Binding("e", "edit", "Edit", id="lines.edit"),
    Binding("x,delete", "delete", "Remove", key_display="x", show=False, id="lines.delete"),
]

SETTLEMENT: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="settlement.back"),
    Binding("e", "edit", "Edit terms", id="settlement.edit"),
]

PAYOUTS: list[BindingType] = [
    Binding("escape,backspace", "back", "Back", key_display="⌫", id="payouts.back"),
    Binding("n", "record", "Payment", id="payouts.record"),
    Binding("x", "correct", "Correct", id="payouts.correct"),
]

USERS: list[BindingType] = [
    Binding("n", "new", "New user", id="users.new"),
    Binding("enter,e", "edit", "Change", key_display="⏎", id="users.edit"),
    Binding("x,delete", "remove", "Remove", key_display="x", id="users.remove"),
]

HELP: list[BindingType] = [
    Binding("escape,backspace,q,question_mark,enter", "close", "Close", key_display="⌫",
            id="help.close"),
]

# For the help screen and docs/keys.md: (where, keys, what), in the order shown.
SECTIONS: list[tuple[str, list[BindingType]]] = [
    ("Anywhere", APP),
    ("Tour overview", OVERVIEW),
    ("Gig day", GIG_DAY),
    ("Advance", ADVANCE),
    ("Guest list", GUESTS),
    ("Day history", DAY_HISTORY),
    ("Checklist", CHECKLIST),
    ("Venues", VENUES),
    ("Venue contacts", VENUE_CONTACTS),
    ("Inventory", INVENTORY),
    ("Staffing board", STAFFING),
    ("Person", PERSON),
    ("Calendar feeds", FEEDS),
    ("Route", ROUTE),
    ("Travel", TRAVEL),
    ("Budget", BUDGET),
    ("Budget lines", BUDGET_LINES),
    ("Settlement", SETTLEMENT),
    ("Payouts", PAYOUTS),
    ("Users", USERS),
]

EXTRA_KEYS = [
    ("Checklist", "Enter / tap on ✓ box", "Tick (on a case row: tick the whole case); "
     "a tap elsewhere on a line only moves the cursor"),
    ("Anywhere", "↑ ↓ PgUp PgDn Home End", "Move in lists"),
    ("Staffing board", "← → ↑ ↓", "Move by day and person"),
    ("Staffing board", "Shift+← →  Home End", "A week back or on; the first or last day"),
    ("Anywhere", "Tab", "Next pane"),
    ("Anywhere", "ctrl+p", "Commands (same as :)"),
]


KEY_NAMES = {"question_mark": "?", "colon": ":", "escape": "Esc", "backspace": "Backspace",
             "enter": "Enter", "f1": "F1", "space": "Space", "slash": "/", "plus": "+",
             "delete": "Del"}


def key_rows() -> list[tuple[str, str, str]]:
    """(where, keys, what) for the help screen and docs/keys.md, every key spelled out."""
    rows = [
        (where, " ".join(KEY_NAMES.get(k, k) for k in b.key.split(",")), b.description)
        for where, bindings in SECTIONS
        for b in bindings
        if isinstance(b, Binding)  # every one here is: the type admits tuples too
    ]
    return rows + EXTRA_KEYS
