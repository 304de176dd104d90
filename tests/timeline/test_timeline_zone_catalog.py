"""The zone catalogue: every canonical zone with city, country and offset, searchable by any of them."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.timeline.zone_catalog import (
    ZoneEntry,
    ZoneTables,
    build_zone_catalog,
    bundled_zone_tables,
    search_zones,
)
from app.timeline.zones import canonical_zone_name

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog() -> tuple[ZoneEntry, ...]:
    tables = bundled_zone_tables()
    assert tables is not None, "the tzdata package ships zone1970.tab, zone.tab and iso3166.tab"
    return build_zone_catalog(language="en_US", at=WINTER, tables=tables)


def _zones(entries: tuple[ZoneEntry, ...]) -> list[str]:
    return [entry.zone for entry in entries]


@pytest.mark.parametrize("query", ["Nepal", "Kathmandu", "kathmandu", "Asia/Kat", "NP"])
def test_kathmandu_is_found_by_country_city_and_zone_name(catalog: tuple[ZoneEntry, ...], query: str) -> None:
    assert _zones(search_zones(catalog, query))[0] == "Asia/Kathmandu"


def test_a_country_name_equal_to_the_query_ranks_first(catalog: tuple[ZoneEntry, ...]) -> None:
    found = _zones(search_zones(catalog, "India"))
    assert found[0] == "Asia/Kolkata"
    assert "Indian/Maldives" in found  # a zone name that only contains the query still matches


def test_every_word_must_match_and_underscores_read_as_spaces(catalog: tuple[ZoneEntry, ...]) -> None:
    assert _zones(search_zones(catalog, "st johns")) == ["America/St_Johns"]
    assert _zones(search_zones(catalog, "New_York"))[0] == "America/New_York"
    assert _zones(search_zones(catalog, "york united")) == ["America/New_York"]
    assert search_zones(catalog, "no such place") == ()
    assert len(search_zones(catalog, "")) == len(catalog)


def test_entries_are_canonical_zones_with_an_offset_at_the_given_instant(
    catalog: tuple[ZoneEntry, ...],
) -> None:
    assert all(canonical_zone_name(entry.zone).name == entry.zone for entry in catalog)
    assert "Asia/Calcutta" not in _zones(catalog)
    by_zone = {entry.zone: entry for entry in catalog}
    assert by_zone["Asia/Kathmandu"].label == "Kathmandu — Nepal (Asia/Kathmandu, UTC+05:45)"
    assert by_zone["America/St_Johns"].utc_offset_minutes == -210
    assert by_zone["Etc/UTC"].label == "UTC (Etc/UTC, UTC)"
    summer = build_zone_catalog(language="en_US", at=SUMMER, tables=bundled_zone_tables())
    assert {entry.zone: entry for entry in summer}["America/St_Johns"].utc_offset_minutes == -150


def test_the_first_country_is_the_one_with_the_city_and_others_are_searchable(
    catalog: tuple[ZoneEntry, ...],
) -> None:
    berlin = {entry.zone: entry for entry in catalog}["Europe/Berlin"]
    assert berlin.countries[0] == "Germany"
    assert berlin.label == "Berlin — Germany (Europe/Berlin, UTC+01:00)"
    assert "Europe/Berlin" in _zones(search_zones(catalog, "Norway"))


def test_names_follow_the_viewer_language() -> None:
    german = build_zone_catalog(language="de_DE", at=WINTER, tables=bundled_zone_tables())
    assert _zones(search_zones(german, "Indien"))[0] == "Asia/Kolkata"
    assert _zones(search_zones(german, "India"))[0] == "Asia/Kolkata"  # English name stays a search key
    assert _zones(search_zones(german, "Zürich"))[0] == "Europe/Zurich"


def test_without_the_tables_countries_come_from_babel() -> None:
    entries = build_zone_catalog(language="en_US", at=WINTER, tables=None)
    assert _zones(search_zones(entries, "Nepal")) == ["Asia/Kathmandu"]
    assert {entry.zone: entry for entry in entries}["Etc/UTC"].countries == ()


def test_linked_table_rows_add_their_city_and_unknown_rows_are_skipped() -> None:
    tables = ZoneTables(
        zone1970="# comment\nNP\t+2743+08519\tAsia/Kathmandu\n",
        zone="IN\t+2232+08822\tAsia/Calcutta\nXX\t+0000+00000\tNowhere/Atlantis\n",
        iso3166="IN\tIndia\nNP\tNepal\n",
    )
    entries = {entry.zone: entry for entry in build_zone_catalog(language="en_US", at=WINTER, tables=tables)}
    assert entries["Asia/Kolkata"].countries == ("India",)
    assert "calcutta" in entries["Asia/Kolkata"].search_text
    assert entries["Asia/Kathmandu"].countries == ("Nepal",)
    assert entries["Europe/Berlin"].countries == ()


def test_tables_are_none_when_one_is_missing(tmp_path: Path) -> None:
    (tmp_path / "zone1970.tab").write_text("NP\t+2743+08519\tAsia/Kathmandu\n", encoding="utf-8")
    assert bundled_zone_tables(tmp_path) is None
    (tmp_path / "zone.tab").write_text("", encoding="utf-8")
    (tmp_path / "iso3166.tab").write_text("NP\tNepal\n", encoding="utf-8")
    assert bundled_zone_tables(tmp_path) == ZoneTables("NP\t+2743+08519\tAsia/Kathmandu\n", "", "NP\tNepal\n")
