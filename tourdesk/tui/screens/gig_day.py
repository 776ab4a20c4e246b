"""One gig day: what, where, and the schedule in the venue's local time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.day_plan import DayPlan
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.events import MAIN
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import ScheduleItem, iso_date
from tourdesk.domain.staffing import Shift
from tourdesk.domain.text import printable
from tourdesk.services import itinerary, preferences
from tourdesk.services.changes import day_news
from tourdesk.services.checklists import add_from_template
from tourdesk.services.daysheet import (
    NextStop,
    ScheduleLine,
    day_calls,
    extra_sections,
    heading,
    next_stop,
    paperwork,
    schedule_lines,
)
from tourdesk.services.travel import day_lines, day_travel
from tourdesk.store import checklists, gigs
from tourdesk.store.checklists import Checklist, Counts, Entry, Flag, Template
from tourdesk.store.gigs import GigDetail
from tourdesk.tui import keymap
from tourdesk.tui.edits import EditFlow
from tourdesk.tui.live import DAYS, TICKS, TRAVEL, watches
from tourdesk.tui.modals.checklist_picker import ChecklistPicker
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.forms import GigDayForm
from tourdesk.tui.modals.prompt import Confirm, TextPrompt
from tourdesk.tui.modals.schedule_item_form import ScheduleItemForm
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.screens.checklist import ChecklistScreen
from tourdesk.tui.widgets.venue_card import venue_card


@dataclass(frozen=True, slots=True)
class GigDayData:
    detail: GigDetail
    lists: list[tuple[Checklist, Counts]]
    left_behind: list[Entry]
    flags: list[Flag]
    calls: list[Shift]
    next_stop: NextStop | None
    paperwork: tuple[tuple[str, list[str]], ...] = ()  # guest counts, documents
    travel: list[tuple[str, list[str]]] = field(default_factory=list)
    seen: datetime | None = None  # when this login last opened the day, before this visit
    news: tuple[str, ...] = ()  # what others changed on the day since then


class GigDayScreen(DataScreen[GigDayData]):
    BINDINGS = keymap.GIG_DAY
    ACTION_NEEDS = {"edit": Capability.WRITE_SCHEDULE, "checklists": Capability.READ_EQUIPMENT,
                    "add_item": Capability.WRITE_SCHEDULE, "edit_item": Capability.WRITE_SCHEDULE,
                    "remove_item": Capability.WRITE_SCHEDULE,
                    "move_day": Capability.WRITE_SCHEDULE,
                    "events": Capability.WRITE_SCHEDULE,
                    "studio": Capability.WRITE_SCHEDULE,
                    "ask_guest": Capability.REQUEST_GUESTS,
                    "advance": Capability.READ_SCHEDULE,
                    "guest_list": Capability.REQUEST_GUESTS}
    WATCHES = watches("venue_contacts", "checklists", "assignments", "people", "items", "events",
                      "guest_requests", "documents", "advance_items", *TRAVEL,
                      also=DAYS | TICKS)
    LEAVE_WHEN_GONE = True
    AUTO_FOCUS = "#gig-body"

    def __init__(self, gig_id: int) -> None:
        super().__init__()
        self.gig_id = gig_id
        self.detail: GigDetail | None = None
        self.lists: list[tuple[Checklist, Counts]] = []
        self._seen: dict[int, datetime | None] = {}  # gig day -> its last visit before this
        self._edits = EditFlow[DayPlan](
            self, GigDayForm, self._save_plan, lambda plan: gigs.plan(self.store, self.gig_id),
            lambda plan: f"{plan.gig.date:%a %d %b}")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="gig-title")
        with VerticalScroll(id="gig-body"):
            yield Static(id="gig-lists")
            with Horizontal(id="gig-columns"):
                yield Static(id="schedule", classes="panel")
                yield Static(id="venue-facts", classes="panel")
        yield Footer()

    def load(self) -> GigDayData:
        gear = self.store.can(Capability.READ_EQUIPMENT)  # band and accountants: no lists
        gig_id = self.gig_id
        with self.store.read():
            detail = gigs.detail(self.store, gig_id)
            # the moment of the last visit is read once per visit: reloads keep the news
            seen = (self._seen[gig_id] if gig_id in self._seen
                    else preferences.last_seen(self.store, gig_id))
            return GigDayData(
                detail,
                checklists.for_gig(self.store, self.gig_id) if gear else [],
                checklists.left_behind(self.store, self.gig_id) if gear else [],
                checklists.open_flags(self.store) if gear else [],
                day_calls(self.store, self.gig_id),
                next_stop(self.store, detail),
                tuple(_with_advance(detail, paperwork(self.store, self.gig_id))),
                day_lines(day_travel(self.store, detail.gig.tour_id, detail.gig.date)),
                seen,
                tuple(day_news(self.store, gig_id, seen)) if seen else (),
            )

    def show(self, loaded: GigDayData) -> None:
        data = self.detail = loaded.detail
        gig_id = data.gig.id or self.gig_id
        if gig_id not in self._seen:  # the first look at this day on this visit
            self._seen[gig_id] = loaded.seen
            # the app's queue, holding only the store: a screen popped before the write
            # ran must not be kept alive by it
            store = self.store
            self.tourdesk.screen_writes.submit(lambda: preferences.mark_seen(store, gig_id))
        self.lists = loaded.lists
        self.query_one("#gig-lists", Static).update(_equipment(loaded, self.tourdesk.today))
        self.sub_title = f"{data.gig.date:%a %d %b} · {printable(data.place)}"
        title = Content.assemble(
            (printable(data.place), "bold"), "\n",
            (heading(data), "strike" if data.gig.status is GigStatus.CANCELLED else ""),
        )
        self.query_one("#gig-title", Static).update(title)
        self.query_one("#schedule", Static).update(self._schedule(data, loaded))
        self.query_one("#venue-facts", Static).update(self._facts(data))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= 100, "-wide")

    @staticmethod
    def _schedule(data: GigDetail, loaded: GigDayData) -> Content:
        zone = data.timezone
        parts: list[Content | str | tuple[str, str]] = [
            ("Schedule", "bold"), (f" (local time, {zone})" if zone else "", "dim"), "\n"
        ]
        if loaded.news:
            parts = [("Changed since you last looked", "bold yellow"),
                     (f" ({loaded.seen:%a %d %b %H:%M} UTC)" if loaded.seen else "", "dim"),
                     "\n", *(f"- {printable(n)}\n" for n in loaded.news[:8]),
                     *([(f"… {len(loaded.news) - 8} more\n", "dim")]
                       if len(loaded.news) > 8 else []), "\n", *parts]
        parts += _lines(schedule_lines(replace(data, items=data.main_items, events=())))
        # each further event of the day is a block of its own: its place, clock, status
        for e in data.events:
            where = f" · {e.place}" if e.place else ""
            clock = f" ({e.timezone})" if e.timezone and e.timezone != zone else ""
            state = "" if e.status is GigStatus.CONFIRMED else f" · {e.status.value}"
            parts += ["\n", (printable(e.label), "bold"),
                      (printable(f"{where}{clock}{state}"), "dim"), "\n"]
            parts += _lines(schedule_lines(replace(data, items=data.event_items(e.id),
                                                   studio=(), events=())))
        hotel = [("Hotel", data.gig.hotel.splitlines())] if data.gig.hotel else []
        if any(title == "Hotel" for title, _ in loaded.travel):
            hotel = []
        for title, body in [*loaded.travel, *hotel,
                            *extra_sections(loaded.next_stop, loaded.calls), *loaded.paperwork]:
            hint = [(" (v opens it)", "dim")] if title == "Advance" else []
            parts += ["\n", (title, "bold"), *hint, "\n",
                      *(printable(b) + "\n" for b in body)]
        if data.gig.notes:
            parts += ["\n", ("Notes", "bold"), "\n", printable(data.gig.notes, single_line=False)]
        return Content.assemble(*parts).rstrip()

    @staticmethod
    def _facts(data: GigDetail) -> Content:
        if data.venue is None:
            return Content.assemble(("No venue", "dim"), f"  {printable(data.place)}")
        return venue_card(data.venue, data.contacts)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        """Status, contract, times, hotel and notes in a form; a colleague's save in the
        meantime is shown beside yours to choose from."""
        self._edit_day()

    def _edit_day(self) -> None:
        self.writes.submit(lambda: gigs.plan(self.store, self.gig_id),
                           then=lambda found: self._edits.open(*found))

    def action_history(self) -> None:
        from tourdesk.tui.screens.day_history import DayHistoryScreen

        if self.detail is not None:
            self.app.push_screen(DayHistoryScreen(
                self.gig_id, f"{self.detail.gig.date:%a %d %b} {self.detail.place}"))

    def _save_plan(self, plan: DayPlan, seen: int) -> None:
        gigs.save_plan(self.store, plan, expected_version=seen)

    # -- schedule items and moving the day (rules in services/itinerary) --

    def action_add_item(self) -> None:
        """A new item; on a day of several events, first which one it belongs to."""
        if self.detail is None or not self.detail.events:
            self._item_form(None)
            return
        from tourdesk.tui.screens.day_events import event_choices

        options = event_choices(self.detail.place, self.detail.events)
        self.app.push_screen(Choose("Add an item to which event?", options),
                             lambda key: None if key is None else self._item_form(None, key))

    def action_studio(self) -> None:
        """The day's studio sessions: add one, or change or remove one."""
        from tourdesk.tui.screens.day_studio import manage_sessions

        if self.detail is not None:
            manage_sessions(self, self.gig_id, self.detail)

    def action_events(self) -> None:
        """The day's further events: add one, or change or remove one."""
        from tourdesk.tui.screens.day_events import manage_events

        if self.detail is not None:
            manage_events(self, self.gig_id, self.detail)

    def action_edit_item(self) -> None:
        self._pick_item("Edit which item?", self._item_form)

    def action_remove_item(self) -> None:
        self._pick_item("Remove which item?", self._remove_item)

    def _pick_item(self, title: str, then: Callable[[ScheduleItem], None]) -> None:
        if self.detail is None or not self.detail.items:
            self.notify("nothing scheduled on this day", markup=False)
            return
        by_id = {str(i.id): i for i in self.detail.items}
        options = [(key, f"{i.at:%H:%M}  {i.title}") for key, i in by_id.items()]
        self.app.push_screen(Choose(title, options),
                             lambda key: None if key is None else then(by_id[key]))

    def _item_form(self, item: ScheduleItem | None, event: str = MAIN) -> None:
        self.writes.submit(lambda: itinerary.items(self.store, self.gig_id),
                           then=lambda found: self._open_item_form(item, found[0], found[1], event))

    def _open_item_form(self, item: ScheduleItem | None, detail: GigDetail,
                        names: Mapping[int, str], event: str = MAIN) -> None:
        gig_id, day = self.gig_id, f"{detail.gig.date:%a %d %b}"
        event_id = item.event_id if item else (None if event == MAIN else int(event))
        further = next((e for e in detail.events if e.id == event_id), None)
        zone = further.timezone if further else detail.timezone
        if further is not None:
            day = f"{day} · {further.label}"

        def form(record: ScheduleItem | None, start: dict[str, str] | None) -> ScheduleItemForm:
            return ScheduleItemForm(record, start, names=names, zone=zone, day=day,
                                    check=lambda f, it: itinerary.check_item(
                                        self.store, gig_id,
                                        {**f, "event": str(event_id or MAIN)}, it))

        def save(edited: ScheduleItem, seen: int) -> None:
            if edited.id is None:
                gigs.add_item(self.store, gig_id, edited)
            else:
                gigs.update_item(self.store, edited, expected_version=seen)

        def current(edited: ScheduleItem) -> tuple[ScheduleItem, int]:
            now, _ = gigs.item(self.store, edited.id or 0)
            return now, now.version or 0

        flow = EditFlow[ScheduleItem](self, form, save, current, lambda i: i.title)
        flow.open(item, item.version or 0 if item else 0)

    def _remove_item(self, item: ScheduleItem) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(lambda: itinerary.remove_item(self.store, item.id or 0,
                                                         expected_version=item.version),
                           f"Removed {item.title} {item.at:%H:%M} (h, u: undo)")

        self.app.push_screen(Confirm(f"Remove {item.title} {item.at:%H:%M}?"), confirmed)

    def action_move_day(self) -> None:
        if self.detail is None:
            return
        when = self.detail.gig.date

        def moved(text: str | None) -> None:
            if not text:
                return
            try:
                to = iso_date(text, "date")
            except ValidationError as exc:
                self.notify(printable(str(exc)), severity="warning", markup=False)
                return
            self.write(lambda: itinerary.move_day(self.store, self.gig_id, to),
                       f"Moved {when:%a %d %b} to {to:%a %d %b}")

        self.app.push_screen(TextPrompt(f"Move {when:%a %d %b} to", when.isoformat(),
                                        "YYYY-MM-DD"),
                             moved)

    def action_ask_guest(self) -> None:
        """A guest on this show, asked for in the login's own name (`Anna Berg +1`);
        a manager approves it on the guest list (`G`) or with `tourdesk guest`."""
        from tourdesk.tui.screens.guests import ask_for_guest

        if self.detail is not None:
            ask_for_guest(self, self.gig_id, self.detail.gig.date, name_day=True)

    def action_guest_list(self) -> None:
        """The show's guest list: everybody's for a manager, one's own for the rest."""
        from tourdesk.tui.screens.guests import GuestListScreen

        if self.detail is None:
            return
        going = (self.detail.gig.kind is GigKind.SHOW
                 and self.detail.gig.status is not GigStatus.CANCELLED)
        if not going:
            self.notify(f"{self.detail.gig.date:%a %d %b} has no show going ahead: guest "
                        "lists are for shows", markup=False)
            return
        self.app.push_screen(GuestListScreen(self.gig_id))

    def action_advance(self) -> None:
        """The show's advance: what the venue was asked for and what it answered."""
        from tourdesk.tui.screens.advance import AdvanceScreen

        if self.detail is None:
            return
        if self.detail.gig.kind is not GigKind.SHOW:
            self.notify(f"{self.detail.gig.date:%a %d %b} is not a show "
                        f"({self.detail.gig.kind.value}): advancing is for shows", markup=False)
            return
        self.app.push_screen(AdvanceScreen(self.gig_id))

    def action_checklists(self) -> None:
        """The day's lists and the templates to start one from. Keys typed before the
        picker is up go to it."""
        opening = object()
        self.tourdesk.hold_keys(opening)

        def show(templates: list[Template]) -> None:
            self.app.push_screen(ChecklistPicker(self.lists, templates), self._picked)
            self.tourdesk.release_keys(opening)

        self.writes.submit(lambda: checklists.templates(self.store), then=show,
                           failed=lambda _: self.tourdesk.release_keys(opening))

    def action_export(self) -> None:
        """This day alone as an .ics, for everyone (one event to send to a guest)."""
        from tourdesk.services.calendar import Scope
        from tourdesk.tui.exports import export_calendar

        if self.detail is not None:
            export_calendar(self, self.store, self.detail.gig.tour_id, Scope(),
                            only_gig=self.gig_id)

    def _picked(self, choice: str | None) -> None:
        if choice is None:
            return
        kind, _, value = choice.partition(":")
        if kind == "list":
            self.app.push_screen(ChecklistScreen(int(value)))
        else:
            self._create(value)

    def _create(self, template: str) -> None:
        opening = object()
        self.tourdesk.hold_keys(opening)

        def show(checklist_id: int) -> None:
            self.app.push_screen(ChecklistScreen(checklist_id))
            self.tourdesk.release_keys(opening)

        self.writes.submit(lambda: add_from_template(self.store, self.gig_id, template),
                           then=show, failed=lambda _: self.tourdesk.release_keys(opening))

    def action_step(self, direction: int) -> None:
        if self.detail is None:
            return
        target = self.detail.next_id if direction > 0 else self.detail.previous_id
        if target is None:
            self.notify("first day of the tour" if direction < 0 else "last day of the tour",
                        markup=False)
            return
        self.gig_id = target
        self.reload()


def _lines(lines: list[ScheduleLine]) -> list[Content | str | tuple[str, str]]:
    if not lines:
        return [("nothing scheduled\n", "dim")]
    parts: list[Content | str | tuple[str, str]] = []
    for line in lines:
        parts += [
            (f"{line.time:<8}", "bold" if line.next_day else ""),
            f"{printable(line.title):<11} ",
            (f"UTC{line.utc_offset}\n", "dim"),
        ]
    return parts


def _with_advance(detail: GigDetail, sections: list[tuple[str, list[str]]],
                  ) -> list[tuple[str, list[str]]]:
    """A show that goes ahead always names its advance (`v` opens it), begun or not."""
    going = detail.gig.kind is GigKind.SHOW and detail.gig.status is not GigStatus.CANCELLED
    if going and not any(title == "Advance" for title, _ in sections):
        return [("Advance", ["not started"]), *sections]
    return sections


def _gear(e: Entry) -> str:
    """Case, item and serial: four lamps of one model are four different lamps."""
    return " ".join(part for part in (e.case_number, e.label, e.serial and f"#{e.serial}")
                    if part)


def _equipment(data: GigDayData, today: date) -> Content:
    """The day's checklists, what came in and has not gone out, and open flags."""
    # Every heading is set off from what follows by punctuation or a line break, so it
    # reads right in any capture of the screen, not only through the colours.
    parts: list[Content | str | tuple[str, str]] = [("Checklists", "bold"),
                                                    (" (c opens one)", "dim")]
    if not data.lists:
        parts.append(("\nnone yet", "dim"))
    for c, n in data.lists:
        state = f"{n.done + n.na}/{n.total}"
        extra = "".join(f"  {v} {k}" for k, v in (("missing", n.missing),
                                                     ("damaged", n.damaged)) if v)
        parts += ["\n", f"{c.phase.label:<9} {printable(c.name)}  ",
                  (state, "green" if n.done + n.na == n.total else ""), (extra, "bold red")]
    if data.left_behind:
        # During the day, gear that is in and not yet out is the plan; afterwards, an alarm.
        over = data.detail.gig.date < today
        title = "Not loaded out" if over else "In, not yet out"
        parts += ["\n", (f"{title}: {len(data.left_behind)}", "bold red" if over else "yellow")]
        shown = data.left_behind[:4]
        parts += ["\n  " + "; ".join(printable(_gear(e)) for e in shown)]
        if len(data.left_behind) > len(shown):
            parts.append(f"; … {len(data.left_behind) - len(shown)} more")
    earlier = [f for f in data.flags if f.raised_on <= data.detail.gig.date]
    if earlier:
        parts += ["\n", (f"Open flags: {len(earlier)}", "bold yellow")]
        for f in earlier[:5]:
            parts += ["\n", f"  ⚑ {f.kind.value} since {f.raised_on:%d %b}: ",
                      printable(" ".join(p for p in (f.case_number, f.label,
                                                     f.serial and f"#{f.serial}") if p))]
    return Content.assemble(*parts)
