"""Print every VEVENT's UID, DTSTART and DTEND as UTC instants, as libical reads them.

Run with the system python3 (Debian's python3-gi and gir1.2-ical-3.0): the file's
own VTIMEZONEs decide, as in GNOME Calendar and Evolution. Also prints the errors
libical's RFC 5546 restriction check adds to the calendar.
Usage: python3 libical_instants.py FILE.ics
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def instant(t):
    if t.is_date():
        return t.as_ical_string()  # a floating date: YYYYMMDD
    utc = ICalGLib.Timezone.get_utc_timezone()
    t = t.convert_to_zone(utc) if not t.is_utc() else t
    return (f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}T"
            f"{t.get_hour():02d}:{t.get_minute():02d}:{t.get_second():02d}Z")


def main(path):
    with open(path, encoding="utf-8") as f:
        cal = ICalGLib.Component.new_from_string(f.read())
    kind = ICalGLib.ComponentKind.VEVENT_COMPONENT
    events = []
    ev = cal.get_first_component(kind)
    while ev is not None:
        events.append({"uid": ev.get_uid(), "start": instant(ev.get_dtstart()),
                       "end": instant(ev.get_dtend())})
        ev = cal.get_next_component(kind)
    ICalGLib.restriction_check(cal)
    errors = []
    x = ICalGLib.PropertyKind.XLICERROR_PROPERTY

    def collect(comp):
        p = comp.get_first_property(x)
        while p is not None:
            errors.append(p.get_xlicerror())
            p = comp.get_next_property(x)
        child = comp.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
        while child is not None:
            collect(child)
            child = comp.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)

    collect(cal)
    print(json.dumps({"events": events, "errors": errors}))


if __name__ == "__main__":
    main(sys.argv[1])
