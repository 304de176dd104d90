"""User settings, declared once with types and defaults, stored as TOML in the config directory.

``settings.toml`` holds what the user chose (locale, clock format, theme, reminder lead times,
who "me" is). Window geometry and other UI state live elsewhere (QSettings, ``ui-state.ini``).
A value that is missing or wrong falls back to its default and is reported, never fatal.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from app.domain import HourCycle

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.toml"
SCHEMA_VERSION = 1
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Settings:
    """Everything the user can set.

    ``locale``: CLDR locale for display (``None``: from the environment). ``hour_cycle``:
    ``locale``, ``12`` or ``24``. ``theme``: ``system``/``light``/``dark``. ``viewer_zone``: IANA
    zone for the timeline axis (``None``: the system zone). ``me``: the roster name of the user.
    ``reminder_lead_minutes``: minutes before the user's cutoff for the first reminder.
    ``unacknowledged_after_minutes``: minutes into the recipient's shift before an
    unacknowledged handoff is highlighted. ``notifications_paused``: tray notifications off.
    """

    locale: str | None = None
    hour_cycle: str = HourCycle.LOCALE.value
    theme: str = "system"
    viewer_zone: str | None = None
    me: str | None = None
    reminder_lead_minutes: int = 30
    unacknowledged_after_minutes: int = 60
    notifications_paused: bool = False

    def validated(self) -> tuple[Settings, list[str]]:
        """A copy with invalid values reset to defaults, and a message for each reset."""
        problems: list[str] = []
        fixed = self
        default = Settings()
        if self.hour_cycle not in {c.value for c in HourCycle}:
            problems.append(f"hour_cycle {self.hour_cycle!r} is not one of locale, 12, 24")
            fixed = replace(fixed, hour_cycle=default.hour_cycle)
        if self.theme not in THEMES:
            problems.append(f"theme {self.theme!r} is not one of {', '.join(THEMES)}")
            fixed = replace(fixed, theme=default.theme)
        for name in ("reminder_lead_minutes", "unacknowledged_after_minutes"):
            value = getattr(self, name)
            if not 0 <= value <= 24 * 60:
                problems.append(f"{name} {value} is outside 0–1440 minutes")
                fixed = replace(fixed, **{name: getattr(default, name)})
        return fixed, problems


_TYPES: dict[str, type] = {
    "locale": str,
    "hour_cycle": str,
    "theme": str,
    "viewer_zone": str,
    "me": str,
    "reminder_lead_minutes": int,
    "unacknowledged_after_minutes": int,
    "notifications_paused": bool,
}


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read ``path`` (missing file: defaults). Returns the settings and problems found; a file
    that cannot be parsed gives defaults and one problem naming it."""
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), [f"{path}: cannot read settings ({exc}); using defaults"]
    problems: list[str] = []
    values: dict[str, Any] = {}
    for field in fields(Settings):
        if field.name not in raw:
            continue
        value = raw[field.name]
        wanted = _TYPES[field.name]
        # TOML has no null; bool is a subclass of int, so refuse it where a number is wanted
        if isinstance(value, wanted) and (wanted is bool or not isinstance(value, bool)):
            values[field.name] = value
        else:
            problems.append(f"{path}: {field.name} has the wrong type; using the default")
    for unknown in sorted(set(raw) - {f.name for f in fields(Settings)} - {"version"}):
        problems.append(f"{path}: unknown setting {unknown!r} ignored")
    settings, invalid = Settings(**values).validated()
    return settings, problems + [f"{path}: {p}; using the default" for p in invalid]


def save_settings(settings: Settings, path: Path) -> None:
    """Write ``settings`` atomically (temporary file, then rename). ``None`` values are left out."""
    data = {"version": SCHEMA_VERSION} | {k: v for k, v in asdict(settings).items() if v is not None}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".toml.tmp")
    import tomli_w  # noqa: PLC0415 (only when saving; start-up only reads)

    temporary.write_text(tomli_w.dumps(data), encoding="utf-8")
    temporary.replace(path)
