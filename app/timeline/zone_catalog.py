"""A searchable catalogue of IANA time zones: city, country and UTC offset for each zone.

Sources: the zone list of the bundled ``tzdata`` package (canonical names only, see
``app.timeline.zones.canonical_zone_name``); the countries of each zone from the package's
``zone1970.tab`` and ``zone.tab`` (IANA ``tzdata`` tables; a ``zone.tab`` row naming a legacy link
such as ``Europe/Vaduz`` adds its country and city to the zone it links to); country names from
babel (CLDR) in the viewer's language, with ``iso3166.tab``'s English name as an extra search key.
When the tables are missing, countries come from babel's ``zone_territories`` data instead.
City names are babel's exemplar cities in the viewer's language plus the English city of the zone
name (``America/St_Johns`` -> "St Johns").

The clock is never read: offsets are computed at the instant the caller passes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable

import babel
import babel.dates
from babel.core import get_global

from app.timeline.format import format_utc_offset
from app.timeline.zones import UnknownZone, available_zones, canonical_zone_name, zone

_TABLE_NAMES = ("zone1970.tab", "zone.tab", "iso3166.tab")


@dataclass(frozen=True)
class ZoneTables:
    """Text of the IANA tables ``zone1970.tab``, ``zone.tab`` and ``iso3166.tab`` (tab separated)."""

    zone1970: str
    zone: str
    iso3166: str


@dataclass(frozen=True)
class ZoneEntry:
    """One time zone as a picker shows it.

    ``zone`` is the canonical IANA name; ``city`` the exemplar city in the viewer's language;
    ``countries`` country names in the viewer's language, the one containing the zone's city first
    (``zone1970.tab`` order), then others using the zone; may be empty;
    ``utc_offset_minutes`` the offset at the catalogue's instant (east of UTC positive);
    ``search_text`` lower-case words a query is matched against.
    """

    zone: str
    city: str
    countries: tuple[str, ...]
    utc_offset_minutes: int
    search_text: str

    @property
    def label(self) -> str:
        """``"Kathmandu — Nepal (Asia/Kathmandu, UTC+05:45)"``: the first country only; without one
        ``"UTC (Etc/UTC, UTC+00:00)"``."""
        where = f"{self.city} — {self.countries[0]}" if self.countries else self.city
        return f"{where} ({self.zone}, {format_utc_offset(self.utc_offset_minutes)})"


def bundled_zone_tables(folder: Traversable | None = None) -> ZoneTables | None:
    """The tables in ``folder`` (default: the ``tzdata`` package's ``zoneinfo``), None if one is missing."""
    folder = folder or resources.files("tzdata").joinpath("zoneinfo")
    texts = []
    for name in _TABLE_NAMES:
        table = folder.joinpath(name)
        if not table.is_file():
            return None
        texts.append(table.read_text(encoding="utf-8"))
    return ZoneTables(*texts)


def _rows(text: str) -> Iterable[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _canonical(name: str) -> str | None:
    try:
        resolved = canonical_zone_name(name)
    except UnknownZone:
        return None
    return resolved.name


def _english_city(name: str) -> str:
    return name.rsplit("/", 1)[-1].replace("_", " ")


def _country_codes(
    zones: Iterable[str], tables: ZoneTables | None
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Country codes per canonical zone, and extra cities (from linked ``zone.tab`` names)."""
    codes: dict[str, list[str]] = {name: [] for name in zones}
    cities: dict[str, set[str]] = {name: set() for name in zones}
    if tables is None:
        territories = get_global("zone_territories")
        for name, found in codes.items():
            code = str(territories.get(name, ""))
            found.extend([code] if len(code) == 2 and code.isalpha() and code != "ZZ" else [])  # not 001, ZZ
        return codes, cities
    for row in [*_rows(tables.zone1970), *_rows(tables.zone)]:
        target = _canonical(row[2])
        if target not in codes:
            continue
        codes[target].extend(code for code in row[0].split(",") if code not in codes[target])
        if target != row[2]:
            cities[target].add(_english_city(row[2]))
    return codes, cities


def build_zone_catalog(*, language: str, at: datetime, tables: ZoneTables | None) -> tuple[ZoneEntry, ...]:
    """Every canonical zone of the bundled database as a ``ZoneEntry``, sorted by city.

    ``language`` is a babel locale (``"de_DE"``) for city and country names; ``at`` an aware
    datetime fixing the UTC offsets shown; ``tables`` from ``bundled_zone_tables()`` (None falls
    back to babel's zone territories).  Raises ``babel.UnknownLocaleError`` for an unknown locale.
    """
    locale = babel.Locale.parse(language)
    english = dict(_rows(tables.iso3166)) if tables else {}
    names = sorted(name for name in available_zones() if _canonical(name) == name and "/" in name)
    codes, extra_cities = _country_codes(names, tables)
    entries = []
    for name in names:
        city = babel.dates.get_timezone_location(name, locale=locale, return_city=True)
        countries = tuple(locale.territories.get(code, english.get(code, code)) for code in codes[name])
        offset = at.astimezone(zone(name)).utcoffset()
        assert offset is not None
        keys = {name, _english_city(name), city, *extra_cities[name], *countries, *codes[name]}
        keys.update(english[code] for code in codes[name] if code in english)
        entries.append(
            ZoneEntry(
                zone=name,
                city=city,
                countries=countries,
                utc_offset_minutes=int(offset.total_seconds()) // 60,
                search_text=" | ".join(sorted(key.lower() for key in keys)),
            )
        )
    return tuple(sorted(entries, key=lambda entry: (entry.city.lower(), entry.zone)))


def search_zones(catalog: Iterable[ZoneEntry], query: str) -> tuple[ZoneEntry, ...]:
    """Entries whose city, country, country code or zone name contains every word of ``query``.

    Case-insensitive; ``_`` counts as a space.  Entries with a search key equal to the query sort
    first ("India" -> Asia/Kolkata), then those with a key starting with it, then the rest, each
    group in catalogue order.  An empty query gives every entry.
    """
    words = query.lower().replace("_", " ").split()
    needle = " ".join(words)

    def rank(entry: ZoneEntry) -> int:
        keys = entry.search_text.replace("_", " ").split(" | ")
        if needle in keys:
            return 0
        return 1 if any(key.startswith(needle) for key in keys) else 2

    found = [entry for entry in catalog if all(word in entry.search_text.replace("_", " ") for word in words)]
    return tuple(sorted(found, key=rank))
