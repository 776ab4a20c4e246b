"""ISO 3166-1 alpha-2 country codes and the IANA zones used in each.

Read from the tz database's own tables (shipped by the tzdata package), so the list
stays current with every tzdata release instead of being copied here.
"""

from __future__ import annotations

from functools import cache

from tourdesk.domain.errors import ValidationError


def _table(name: str) -> list[list[str]]:
    from importlib.resources import files  # loads tempfile and shutil: only when asked

    text = (files("tzdata.zoneinfo") / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def country_names() -> dict[str, str]:
    return {row[0]: row[1] for row in _table("iso3166.tab")}


def country_code(text: str, field: str = "country") -> str:
    """Normalise `de` to `DE`; refuse anything that is not an ISO 3166-1 alpha-2 code."""
    code = (text or "").strip().upper()
    if not code:
        raise ValidationError(field, "a country is required as a two-letter ISO code, e.g. DE")
    if code not in country_names():
        raise ValidationError(field, f"'{text}' is not an ISO 3166 country code (e.g. DE, GB, US)")
    return code
