"""Read an .ics the way real clients do and return each event's instants.

libical (GNOME Calendar, Evolution) runs in the system python3 through GObject
introspection (Debian's python3-gi and gir1.2-ical-3.0, which a venv cannot import);
ical.js (Thunderbird) runs in node from the npm cache `.ci/run` fills. Where a tool is
missing the test is skipped with the reason, except under CI (`CI=true`), where a
missing parser is a failure: CI installs them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "parsers"
SYSTEM_PYTHON = "/usr/bin/python3"
NPM_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tourdesk-npm"
ICAL_JS = NPM_CACHE / "node_modules" / "ical.js" / "dist" / "ical.js"

Instants = dict[str, tuple[object, object]]  # UID -> (start, end): UTC datetimes or dates


def absent(reason: str) -> None:
    """Skip, with the reason printed; under CI a missing parser fails the test."""
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"CI needs this parser: {reason}")
    print(f"skipped: {reason}")
    pytest.skip(reason)


def _libical_missing() -> str | None:
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} is missing (libical runs in the system python3)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('ICalGLib', "
                            "'3.0'); from gi.repository import ICalGLib"],
                           capture_output=True, text=True, env=_clean_env())
    if probe.returncode:
        return "libical is not importable: apt-get install python3-gi gir1.2-ical-3.0"
    return None


def _icaljs_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (ical.js runs in node)"
    if not ICAL_JS.exists():
        return f"ical.js is not installed: npm install --prefix {NPM_CACHE} ical.js"
    return None


def _clean_env() -> dict[str, str]:
    """The system python must not see the venv's packages."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


def _value(text: str) -> object:
    if text.endswith("Z"):
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _run(argv: list[str], ics: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".ics") as f:
        f.write(ics)
        f.flush()
        out = subprocess.run([*argv, f.name], capture_output=True, text=True, timeout=300,
                             env=_clean_env())
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def _instants(found: dict) -> Instants:
    return {e["uid"]: (_value(e["start"]), _value(e["end"])) for e in found["events"]}


def libical(ics: bytes) -> tuple[Instants, list[str]]:
    """Instants as libical reads them, and its RFC 5546 restriction-check errors."""
    missing = _libical_missing()
    if missing:
        absent(missing)
    found = _run([SYSTEM_PYTHON, str(HERE / "libical_instants.py")], ics)
    return _instants(found), found["errors"]


def icaljs(ics: bytes) -> Instants:
    missing = _icaljs_missing()
    if missing:
        absent(missing)
    return _instants(_run(["node", str(HERE / "icaljs_instants.mjs"), str(ICAL_JS)], ics))


def _utc(value: object) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def vobject_instants(ics: bytes) -> Instants:
    """vobject keeps the first definition of each TZID it ever parsed for the rest of
    the process; a client reading one file starts empty, and so does this."""
    import vobject
    import vobject.icalendar as vi

    vi.__dict__["__tzidMap"].clear()
    vi.registerTzid("UTC", vi.utc)
    cal = vobject.readOne(ics.decode())
    return {ev.uid.value: (_utc(ev.dtstart.value), _utc(ev.dtend.value))
            for ev in cal.vevent_list}


def icalendar_instants(ics: bytes) -> Instants:
    from icalendar import Calendar

    cal = Calendar.from_ical(ics)
    return {str(ev["UID"]): (_utc(ev["DTSTART"].dt), _utc(ev["DTEND"].dt))
            for ev in cal.walk("VEVENT")}


def ical_instants(ics: bytes) -> Instants:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(ics.decode())
    return {ev.uid: (_utc(ev.dtstart), _utc(ev.dtend)) for ev in cal.events}


PYTHON_PARSERS = {"vobject": vobject_instants, "icalendar": icalendar_instants,
                  "ical": ical_instants}
