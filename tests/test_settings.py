"""User settings: defaults, round trip, and bad files that fall back without losing the rest."""

from __future__ import annotations

from pathlib import Path

from app.settings import Settings, load_settings, save_settings


def test_a_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.toml") == (Settings(), [])


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    chosen = Settings(
        locale="de_DE", hour_cycle="24", theme="dark", me="Berlin lead", notifications_paused=True
    )
    save_settings(chosen, path)
    assert load_settings(path) == (chosen, [])
    assert "viewer_zone" not in path.read_text(encoding="utf-8")  # None is left out


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'version = 1\ntheme = "neon"\nhour_cycle = "25"\nreminder_lead_minutes = -5\n'
        'unacknowledged_after_minutes = true\nlocale = "fr_FR"\ncolour = "red"\n',
        encoding="utf-8",
    )
    settings, problems = load_settings(path)
    assert settings == Settings(locale="fr_FR")
    assert len(problems) == 5
    assert any("theme 'neon'" in p for p in problems)
    assert any("unknown setting 'colour'" in p for p in problems)
    assert any("unacknowledged_after_minutes has the wrong type" in p for p in problems)


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = [unclosed", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert problems and str(path) in problems[0]
