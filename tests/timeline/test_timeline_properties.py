"""Property tests over every zone of the bundled tz database.

* local time round-trips: UTC -> local wall time -> UTC gives the same instant (first occurrence for
  a start, last for an end when the wall time is ambiguous), and a wall time -> UTC -> wall time is
  unchanged unless it fell in a gap, where it moves to the first valid instant after the gap;
* statuses are consistent with the hours (inside a 09:00-17:00 weekday wall-clock range -> working);
* cutoffs lie inside their shift.
"""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.timeline.engine import Status, shifts_between, status_series, teammate_status
from app.timeline.holiday_calendar import HolidayCalendar
from app.timeline.local_time import Edge, exact_wall_to_utc, is_nonexistent, offset_transitions, wall_to_utc
from app.timeline.roster import ShiftRule, Teammate, weekly_hours
from app.timeline.zones import available_zones, zone

ZONES = sorted(available_zones())
FAST = settings(max_examples=150, deadline=None, database=None)  # no .hypothesis/ in the checkout

FIRST, LAST = datetime.fromisoformat("1971-01-01T00:00"), datetime.fromisoformat("2037-12-31T00:00")
instants = st.datetimes(min_value=FIRST, max_value=LAST, timezones=st.just(UTC)).map(
    lambda at: at.replace(microsecond=0)
)
walls = st.datetimes(min_value=FIRST, max_value=LAST).map(lambda wall: wall.replace(second=0, microsecond=0))
rules = st.builds(
    lambda start, length: ShiftRule(start, start + length),
    st.integers(0, 1439),
    st.integers(1, 1439),
)


def test_every_zone_round_trips_around_its_transitions() -> None:
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    for name in ZONES:
        tz = zone(name)
        for at, before, after in offset_transitions(tz, start, end, step=timedelta(days=1)):
            assert before != after
            for instant in (at - timedelta(seconds=1), at, at + timedelta(minutes=30)):
                wall = instant.astimezone(tz).replace(tzinfo=None)
                first, last = wall_to_utc(wall, tz, Edge.START), wall_to_utc(wall, tz, Edge.END)
                assert first <= instant <= last, (name, instant)
                assert instant in (first, last), (name, instant)
            # the first wall time after a spring-forward gap is the transition itself, and so is
            # every wall time inside the gap; after a fall-back the same wall time ends the overlap
            wall_after = at.astimezone(tz).replace(tzinfo=None, fold=0)
            if after > before:
                assert wall_to_utc(wall_after, tz, Edge.START) == at, name
                assert wall_to_utc(wall_after - timedelta(minutes=1), tz, Edge.END) == at, name
            else:
                assert wall_to_utc(wall_after, tz, Edge.END) == at, name


@FAST
@given(name=st.sampled_from(ZONES), at=instants)
def test_utc_to_local_to_utc_round_trips(name: str, at: datetime) -> None:
    tz = zone(name)
    wall = at.astimezone(tz).replace(tzinfo=None)
    first, last = wall_to_utc(wall, tz, Edge.START), wall_to_utc(wall, tz, Edge.END)
    assert first <= at <= last
    assert at in (first, last)
    assert first.astimezone(tz).replace(tzinfo=None) == wall == last.astimezone(tz).replace(tzinfo=None)


@FAST
@given(name=st.sampled_from(ZONES), wall=walls)
def test_local_to_utc_to_local_round_trips_or_leaves_the_gap(name: str, wall: datetime) -> None:
    tz = zone(name)
    instant = wall_to_utc(wall, tz, Edge.START)
    back = instant.astimezone(tz).replace(tzinfo=None)
    if is_nonexistent(wall, tz):
        assert back > wall
        before = (instant - timedelta(seconds=1)).astimezone(tz)
        assert before.utcoffset() != instant.astimezone(tz).utcoffset()  # instant is the transition
    else:
        assert back == wall


@FAST
@given(name=st.sampled_from(ZONES), at=instants)
def test_status_is_consistent_with_hours(name: str, at: datetime) -> None:
    calendar = HolidayCalendar()
    office = Teammate("T", name, hours=weekly_hours({d: [ShiftRule(540, 1020)] for d in range(5)}))
    status = teammate_status(office, at, viewer_zone=name, calendar=calendar)
    local = status.local_time
    shifts = shifts_between(office, at - timedelta(days=2), at + timedelta(days=2), calendar=calendar)
    working = any(at in shift for shift in shifts)
    assert (status.status is Status.WORKING) == working
    if local.weekday() < 5 and 9 <= local.hour < 17:
        assert status.status is Status.WORKING
    if not working:
        assert status.status is (Status.WEEKEND if local.weekday() >= 5 else Status.OFF)
        assert status.shift_start is not None and status.shift_start > at
    assert status.day_offset == 0
    (sample,) = status_series(office, [at], calendar=calendar)
    assert (sample.local_time, sample.status) == (status.local_time, status.status)


@FAST
@given(
    name=st.sampled_from(ZONES),
    at=instants,
    day_rules=st.lists(rules, min_size=1, max_size=3),
    cutoff=st.integers(0, 600),
)
def test_cutoffs_lie_inside_their_shift(
    name: str, at: datetime, day_rules: list[ShiftRule], cutoff: int
) -> None:
    calendar = HolidayCalendar()
    worker = Teammate(
        "T",
        name,
        hours=weekly_hours({d: day_rules for d in range(7)}),
        weekend=frozenset(),
        cutoff_minutes=cutoff,
    )
    for shift in shifts_between(worker, at, at + timedelta(days=3), calendar=calendar):
        assert shift.start <= shift.cutoff <= shift.end
        assert shift.cutoff in (shift.end - timedelta(minutes=cutoff), shift.start)
        assert shift.end - shift.start <= timedelta(hours=27)  # 24 h wall clock + the largest DST jump
    status = teammate_status(worker, at, viewer_zone="Etc/UTC", calendar=calendar)
    assert status.next_cutoff is not None and status.next_cutoff >= at
    assert status.shift_start is not None and status.shift_end is not None
    if status.next_cutoff <= status.shift_end:
        assert status.shift_start <= status.next_cutoff


@FAST
@given(name=st.sampled_from(ZONES), wall=walls, edge=st.sampled_from(list(Edge)))
def test_fast_path_agrees_with_the_exact_resolution(name: str, wall: datetime, edge: Edge) -> None:
    tz = zone(name)
    assert wall_to_utc(wall, tz, edge) == exact_wall_to_utc(wall, tz, edge)


def test_fast_path_agrees_near_every_transition_of_every_zone() -> None:
    # offset changes since 1970 are at least 167 h apart in tzdata, so a 3-day scan finds them all
    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2038, 1, 1, tzinfo=UTC)
    for name in ZONES:
        tz = zone(name)
        for at, _, _ in offset_transitions(tz, start, end, step=timedelta(days=3)):
            for hours in (-30, -25, -24, -23, -1, 0, 1, 23, 24, 25, 30):
                wall = (at + timedelta(hours=hours)).astimezone(tz).replace(tzinfo=None, fold=0)
                for edge in Edge:
                    assert wall_to_utc(wall, tz, edge) == exact_wall_to_utc(wall, tz, edge), (name, wall)
