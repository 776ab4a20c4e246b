// Print every VEVENT's UID, DTSTART and DTEND as UTC instants, as ical.js (the
// parser in Thunderbird) reads them with the file's own VTIMEZONEs.
// Usage: node icaljs_instants.mjs PATH/TO/ical.js FILE.ics
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(process.argv[2]).href)).default;
const root = new ICAL.Component(ICAL.parse(readFileSync(process.argv[3], "utf8")));
for (const vtz of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
}
function instant(t) {
  if (t.isDate) return t.toICALString();
  const u = t.convertToZone(ICAL.Timezone.utcTimezone);
  const p = (n, w = 2) => String(n).padStart(w, "0");
  return `${p(u.year, 4)}-${p(u.month)}-${p(u.day)}T${p(u.hour)}:${p(u.minute)}:${p(u.second)}Z`;
}
const events = root.getAllSubcomponents("vevent").map((c) => {
  const ev = new ICAL.Event(c);
  return { uid: ev.uid, start: instant(ev.startDate), end: instant(ev.endDate) };
});
console.log(JSON.stringify({ events }));
