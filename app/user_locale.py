"""The viewer's locale from the process environment (POSIX variables), checked against CLDR.

:func:`locale_candidates` is plain string work (the window uses it to pick its translation before
the first paint); :func:`viewer_language` checks the candidates with babel, which loads only
then.
"""

from __future__ import annotations

from collections.abc import Mapping

POSIX_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where the viewer's locale comes from, first match wins (POSIX precedence; LANGUAGE is GNU's
colon-separated list, of which the first entry is used)."""
DEFAULT_LOCALE = "en_US"


def locale_candidates(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The locale names set in ``environ`` in POSIX precedence, stripped of encoding and modifier
    (``de_DE.UTF-8@euro`` -> ``de_DE``), without ``C``/``POSIX``; not yet checked against CLDR."""
    found = []
    for key in POSIX_LOCALE_VARIABLES:
        value = environ.get(key, "").split(":")[0].split(".")[0].split("@")[0]
        if value and value not in {"C", "POSIX"}:
            found.append(value)
    return tuple(found)


def viewer_language(environ: Mapping[str, str]) -> str:
    """The user's locale for display (``de_DE``): the first of :func:`locale_candidates` that
    CLDR knows, normalised by babel; ``en_US`` for the C/POSIX locale or when nothing usable is
    set."""
    import babel  # noqa: PLC0415 (~8 ms: only when a locale must be checked)

    for value in locale_candidates(environ):
        try:
            return str(babel.Locale.parse(value))
        except (ValueError, babel.UnknownLocaleError):
            continue
    return DEFAULT_LOCALE
