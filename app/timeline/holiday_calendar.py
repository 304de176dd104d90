"""Public holidays and weekends by region, through the ``holidays`` package.

A ``HolidayCalendar`` is owned by its caller (one per viewer language) and caches one holiday
table per (country, subdivision, year) in its language; there is no module-level cache. Holiday
names come in the viewer's language when the country's data has it, otherwise in English when it
has that (a German reader of a Tokyo row gets "Labor Thanksgiving Day", not the Japanese name),
otherwise in the country's default language. ``language=`` is always passed, so the process
locale never decides.
"""

from datetime import date

import holidays

from app.timeline.roster import HolidayRegion

_DEFAULT_WEEKEND = frozenset({5, 6})


def supported_regions() -> dict[str, list[str]]:
    """ISO 3166-1 country codes the ``holidays`` package knows, each with its subdivision codes."""
    return holidays.list_supported_countries()


class HolidayCalendar:
    """Holiday look-ups in one display language (a locale like ``"de_DE"`` or ``"en_US"``).

    ``holiday_name(region, day)`` -> the holiday's name or None; ``weekend(country)`` -> weekday
    indexes (Monday = 0) the country treats as the weekend.
    """

    def __init__(self, *, language: str = "en_US") -> None:
        self._language = language
        self._tables: dict[tuple[str, str | None, int], dict[date, str]] = {}
        self._languages: dict[str, str | None] = {}

    @property
    def language(self) -> str:
        """The requested display locale, e.g. ``"de_DE"``."""
        return self._language

    def _language_for(self, country: str) -> str | None:
        if country not in self._languages:
            supported = holidays.list_localized_countries().get(country, [])
            wanted = self._language.replace("-", "_")
            base = wanted.split("_", 1)[0]
            default = holidays.country_holidays(country, years=()).default_language
            choice = next(
                (code for code in (wanted, base) if code in supported),
                next(
                    (code for code in supported if code.split("_", 1)[0] == base),
                    "en_US" if "en_US" in supported else default,
                ),
            )
            self._languages[country] = choice
        return self._languages[country]

    def _names(self, region: HolidayRegion, year: int) -> dict[date, str]:
        key = (region.country, region.subdivision, year)
        names = self._tables.get(key)
        if names is None:
            table = holidays.country_holidays(
                region.country,
                subdiv=region.subdivision,
                years=year,
                language=self._language_for(region.country),
            )
            names = {day: str(name) for day, name in table.items()}
            self._tables[key] = names
        return names

    def holiday_name(self, region: HolidayRegion | None, day: date) -> str | None:
        """Name of the public holiday on local date ``day`` in ``region``, or None (also for None).

        Several holidays on one day come joined by ``"; "`` (``holidays`` package behaviour).
        """
        if region is None:
            return None
        return self._names(region, day.year).get(day)

    def weekend(self, country: str | None) -> frozenset[int]:
        """Weekend weekday indexes for ``country`` (Saturday/Sunday when unknown or None)."""
        if country is None or country not in holidays.list_supported_countries():
            return _DEFAULT_WEEKEND
        return frozenset(holidays.country_holidays(country, years=()).weekend)
