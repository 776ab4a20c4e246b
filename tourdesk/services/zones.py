"""The IANA time zone at a point on the map, offline.

tzfpy carries the timezone-boundary-builder polygons (ODbL) in a 3 MB wheel with no
dependencies. Its own call takes (longitude, latitude); every caller here names both.
"""

from __future__ import annotations

from tzfpy import get_tz


def zone_at(*, latitude: float, longitude: float) -> str | None:
    """The zone at (latitude, longitude), or None at sea (the data's Etc/ zones): a
    venue there is a typo in its coordinates, not a place to guess a clock for."""
    name = get_tz(longitude, latitude)
    if not name or name.startswith("Etc/"):
        return None
    return name
