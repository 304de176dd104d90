"""Zone names: the bundled tz database, legacy links, fixed offsets and suggestions."""

import re
from importlib import resources
from pathlib import Path

import pytest

from app.timeline._links import LEGACY_ZONE_LINKS
from app.timeline.zones import (
    TZDATA_VERSION,
    UnknownZone,
    ZoneName,
    available_zones,
    canonical_zone_name,
    suggest_zones,
    system_zone_name,
    zone,
    zones_with_offset,
)


def test_zones_come_from_the_bundled_tzdata_package() -> None:
    assert re.fullmatch(r"20\d\d[a-z]", TZDATA_VERSION)
    kolkata = zone("Asia/Kolkata")
    assert kolkata.key == "Asia/Kolkata"
    assert zone("Asia/Kolkata") is kolkata  # memoised: one object per name
    assert "Europe/Berlin" in available_zones()


def test_unknown_zone_key_raises_with_suggestions() -> None:
    with pytest.raises(UnknownZone) as raised:
        zone("Europe/Berln")
    assert "Europe/Berlin" in raised.value.suggestions
    assert raised.value.name == "Europe/Berln"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tzdata 'backward' file: Link Asia/Kolkata Asia/Calcutta, Link Europe/Kyiv Europe/Kiev (2022b)
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("US/Eastern", "America/New_York"),
        ("Asia/Katmandu", "Asia/Kathmandu"),
        ("Pacific/Samoa", "Pacific/Pago_Pago"),
    ],
)
def test_legacy_links_are_normalised_with_a_warning(text: str, expected: str) -> None:
    resolved = canonical_zone_name(text)
    assert resolved.name == expected
    assert resolved.warning is not None
    assert text in resolved.warning
    assert expected in resolved.warning


@pytest.mark.parametrize("text", ["Europe/Berlin", "Europe/Amsterdam", "Asia/Kolkata", "Pacific/Apia"])
def test_canonical_names_pass_unchanged(text: str) -> None:
    # zone.tab still lists Europe/Amsterdam for NL, so it is not "legacy" although tzdata links it
    assert canonical_zone_name(f" {text} ") == ZoneName(text)


@pytest.mark.parametrize("text", ["UTC", "Etc/UTC"])
def test_utc_is_accepted_as_etc_utc(text: str) -> None:
    assert canonical_zone_name(text) == ZoneName("Etc/UTC")


@pytest.mark.parametrize(
    "text", ["GMT+5", "+05:30", "UTC-3", "Etc/GMT-3", "−0800", "GMT", "Etc/Greenwich", "Zulu", "5"]
)
def test_fixed_offsets_are_rejected(text: str) -> None:
    with pytest.raises(UnknownZone, match="fixed UTC offset"):
        canonical_zone_name(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+05:30", "Asia/Kolkata"),  # India has been UTC+05:30 all year since 1945
        ("UTC+5:45", "Asia/Kathmandu"),
        ("GMT+14", "Pacific/Kiritimati"),
        ("UTC-11", "Pacific/Pago_Pago"),
        ("Etc/GMT-9", "Asia/Tokyo"),  # POSIX sign: Etc/GMT-9 is UTC+09:00
        ("+08:45", "Australia/Eucla"),
    ],
)
def test_fixed_offsets_suggest_zones_with_that_offset(text: str, expected: str) -> None:
    with pytest.raises(UnknownZone) as raised:
        canonical_zone_name(text)
    assert expected in raised.value.suggestions or expected in zones_with_offset(text, limit=100)
    assert 0 < len(raised.value.suggestions) <= 5
    assert zones_with_offset("Europe/Berlin") == ()
    assert zones_with_offset("GMT") == ("Etc/UTC", "Europe/London")


@pytest.mark.parametrize("text", ["EST", "CET", "PST8PDT"])
def test_abbreviation_zones_are_rejected(text: str) -> None:
    with pytest.raises(UnknownZone, match="abbreviation"):
        canonical_zone_name(text)


def test_unknown_names_are_rejected_with_real_suggestions() -> None:
    with pytest.raises(UnknownZone) as raised:
        canonical_zone_name("Berlin")
    assert raised.value.suggestions[0] == "Europe/Berlin"
    assert "did you mean Europe/Berlin" in str(raised.value)
    assert suggest_zones("America/New York")[0] == "America/New_York"
    assert suggest_zones("Kolkatta")[0] == "Asia/Kolkata"


def test_no_suggestion_message_when_nothing_is_close() -> None:
    with pytest.raises(UnknownZone) as raised:
        canonical_zone_name("zzzzzzzzzzzzzzzzzzzzzzzzzzzz")
    assert raised.value.suggestions == ()
    assert "did you mean" not in str(raised.value)


def test_every_legacy_link_is_the_same_data_as_its_target() -> None:
    # the mapping was generated from tzdata 2025b; the bundled release must agree byte for byte
    root = resources.files("tzdata").joinpath("zoneinfo")
    for link, target in LEGACY_ZONE_LINKS.items():
        assert target in available_zones(), target
        assert target not in LEGACY_ZONE_LINKS, target
        assert canonical_zone_name(target).name == target
        link_bytes = root.joinpath(*link.split("/")).read_bytes()
        assert link_bytes == root.joinpath(*target.split("/")).read_bytes(), link


def test_system_zone_name(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    target = tmp_path / "usr" / "share" / "zoneinfo" / "Asia" / "Calcutta"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"TZif")
    link.symlink_to(target)
    assert system_zone_name(environ={"TZ": ":Europe/Berlin"}, localtime=link) == "Europe/Berlin"
    assert system_zone_name(environ={"TZ": "EST5EDT,M3.2.0,M11.1.0"}, localtime=link) == "Asia/Kolkata"
    assert system_zone_name(environ={}, localtime=tmp_path / "missing") == "Etc/UTC"
