"""IANA time zones: the one place the time engine gets ``ZoneInfo`` objects from.

Source: the ``tzdata`` package bundled with Baton (``TZDATA_VERSION``), never the operating
system's ``/usr/share/zoneinfo``.  The standard ``ZoneInfo(key)`` constructor searches
``zoneinfo.TZPATH`` first, so on Linux it would use whatever tz release the distribution ships
(older or newer than ours) while Windows would use the package: the same roster would then give
different hours on different machines.  Loading from the package with ``ZoneInfo.from_file`` pins
one release everywhere without calling ``zoneinfo.reset_tzpath`` (which would change the behaviour
of every other library in the process).

Zone names from users go through ``canonical_zone_name``: legacy links (``Asia/Calcutta``) are
normalised with a warning, fixed UTC offsets (``GMT+5``, ``+05:30``, ``Etc/GMT-3``) and unknown
names raise ``UnknownZone`` carrying suggestions of real zones.
"""

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import tzdata  # type: ignore[import-untyped]

from app.timeline._links import LEGACY_ZONE_LINKS

TZDATA_VERSION: str = tzdata.IANA_VERSION
"""IANA release of the bundled tz database, e.g. ``"2026f"``."""

_FIXED_OFFSET = re.compile(
    r"""^(?:etc/)?(?:gmt|utc|ut|uct|z|zulu|greenwich|universal)?\s*[+−-]?\s*\d{1,2}(?::?\d{2})?$
        |^(?:etc/)?(?:gmt|greenwich|uct|universal|zulu)$""",
    re.IGNORECASE | re.VERBOSE,
)
_OFFSET_PARTS = re.compile(
    r"^(?:etc/)?(?:gmt|utc|ut|uct)?\s*(?P<sign>[+−-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?$",
    re.IGNORECASE,
)
_OFFSET_PROBES = (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC))
_ABBREVIATION_ZONES = frozenset(
    {"CET", "CST6CDT", "EET", "EST", "EST5EDT", "HST", "MET", "MST", "MST7MDT", "PST8PDT", "WET", "Factory"}
)
_UTC_NAMES = frozenset({"UTC", "Etc/UTC"})


class UnknownZone(ValueError):
    """A zone name that is not a location-based IANA time zone.

    ``.name`` is the rejected text, ``.reason`` a sentence for the user, ``.suggestions`` a tuple
    of up to five canonical IANA names that look alike (may be empty).
    """

    def __init__(self, name: str, reason: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"{reason}{hint}")
        self.name = name
        self.reason = reason
        self.suggestions = suggestions


@dataclass(frozen=True)
class ZoneName:
    """A validated zone name: ``name`` is canonical, ``warning`` says what was normalised (or None)."""

    name: str
    warning: str | None = None


def available_zones() -> frozenset[str]:
    """Every key in the bundled tz database (canonical names, links and ``Etc`` zones)."""
    return _available_zones()


@functools.cache
def _available_zones() -> frozenset[str]:
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA key, read from the bundled ``tzdata`` package.

    Objects are memoised (like ``ZoneInfo(key)`` itself) so equal names give the same object.
    Raises ``UnknownZone`` when the key is not in the bundled database.
    """
    return _zone(name)


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    if name not in _available_zones():
        raise UnknownZone(name, f"unknown time zone {name!r}", suggest_zones(name))
    path = resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    with path.open("rb") as data:
        return ZoneInfo.from_file(data, key=name)


def suggest_zones(text: str, *, limit: int = 5) -> tuple[str, ...]:
    """Canonical zone names close to ``text`` (difflib over the bundled zones and their cities)."""
    import difflib  # noqa: PLC0415 (only for a name that is not a zone; keeps start-up light)

    candidates = sorted(_canonical_zones())
    by_city = {name.rsplit("/", 1)[-1].lower().replace("_", " "): name for name in candidates}
    needle = text.strip().lower().replace("_", " ")
    found = [by_city[city] for city in difflib.get_close_matches(needle, list(by_city), n=limit)]
    for name in difflib.get_close_matches(text.strip(), candidates, n=limit, cutoff=0.5):
        if name not in found:
            found.append(name)
    return tuple(found[:limit])


def zones_with_offset(text: str, *, limit: int = 5) -> tuple[str, ...]:
    """Canonical zones whose UTC offset in January or July 2026 is the one ``text`` spells.

    ``"+05:30"``, ``"UTC+5:30"``, ``"GMT+5"`` read as east of UTC; ``"Etc/GMT-5"`` is POSIX style
    (sign inverted: UTC+05:00); Antarctic stations sort last.  A bare ``"GMT"``/``"Zulu"`` gives
    ``Etc/UTC`` and ``Europe/London``; text that is no offset at all gives ``()``.
    """
    match = _OFFSET_PARTS.match(text.strip())
    if match is None:
        return ("Etc/UTC", "Europe/London") if _FIXED_OFFSET.match(text.strip()) else ()
    sign = -1 if match["sign"] in "-−" else 1
    if text.strip().lower().startswith("etc/gmt"):
        sign = -sign
    minutes = sign * (int(match["hours"]) * 60 + int(match["minutes"] or 0))
    found = [
        name
        for name in sorted(_canonical_zones(), key=lambda name: (name.startswith("Antarctica/"), name))
        if any(
            (offset := probe.astimezone(zone(name)).utcoffset()) is not None
            and offset.total_seconds() == minutes * 60
            for probe in _OFFSET_PROBES
        )
    ]
    return tuple(found[:limit])


@functools.cache
def _canonical_zones() -> frozenset[str]:
    return frozenset(
        name
        for name in _available_zones()
        if name not in LEGACY_ZONE_LINKS
        and name not in _ABBREVIATION_ZONES
        and not name.startswith("Etc/")
        and "/" in name
    )


def canonical_zone_name(text: str) -> ZoneName:
    """Validate a user-supplied zone name and return its canonical IANA form.

    ``"Asia/Calcutta"`` -> ``ZoneName("Asia/Kolkata", warning=...)``; ``"UTC"`` -> ``Etc/UTC``.
    Raises ``UnknownZone`` for fixed UTC offsets (``"GMT+5"``, ``"+05:30"``, ``"Etc/GMT-3"``),
    abbreviation zones (``"EST"``, ``"CET"``) and unknown names.
    """
    name = text.strip()
    if name in _UTC_NAMES:
        return ZoneName("Etc/UTC")
    if _FIXED_OFFSET.match(name) or name.startswith("Etc/"):
        raise UnknownZone(
            text,
            f"{text!r} is a fixed UTC offset, not a time zone: it ignores DST; use a location",
            zones_with_offset(name),
        )
    if name in _ABBREVIATION_ZONES:
        raise UnknownZone(text, f"{text!r} is an abbreviation zone, not a location", suggest_zones(name))
    if name in LEGACY_ZONE_LINKS:
        target = LEGACY_ZONE_LINKS[name]
        return ZoneName(target, f"legacy time zone name {name!r} normalised to {target!r}")
    if name not in _available_zones():
        raise UnknownZone(text, f"unknown time zone {text!r}", suggest_zones(name))
    return ZoneName(name)


def system_zone_name(*, environ: Mapping[str, str], localtime: Path = Path("/etc/localtime")) -> str:
    """The viewer's IANA zone from ``TZ`` or the ``/etc/localtime`` symlink, else ``"Etc/UTC"``.

    For the composition root; nothing here reads the environment by itself.  Names are validated
    with ``canonical_zone_name`` (legacy links normalised); a POSIX ``TZ`` rule such as
    ``"EST5EDT,M3.2.0,M11.1.0"`` or anything unknown falls through to the next source.
    Windows has neither source and gets ``"Etc/UTC"`` (the app should then ask the user).
    """
    candidates = [environ.get("TZ", "").removeprefix(":")]
    if localtime.is_symlink():
        target = str(localtime.resolve())
        candidates.append(target.partition("/zoneinfo/")[2])
    for candidate in candidates:
        try:
            return canonical_zone_name(candidate).name
        except UnknownZone:
            continue
    return "Etc/UTC"
