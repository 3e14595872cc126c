# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from balie.scheduling import (
    Audience,
    CounterCalendar,
    Interval,
    Rules,
    Schedule,
    SchedulingError,
    Service,
    Visit,
    VisitItem,
    WeeklyRange,
    available_days,
    available_starts,
    expand_opening_hours,
    find_solution,
    next_starts,
    prepare,
)

TZ = "Europe/Brussels"
MONDAY = date(2026, 6, 8)  # summer time: local = UTC+2
EARLY = datetime(2026, 6, 1, tzinfo=UTC)
ID_CARD, PASSPORT, DRIVING_LICENCE = 1, 2, 3


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def iv(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def counter(
    counter_id: int,
    *opened: Interval,
    busy: tuple[Interval, ...] = (),
    staff_only: tuple[Interval, ...] = (),
) -> CounterCalendar:
    return CounterCalendar(counter_id, tuple(opened), busy, staff_only)


def schedule(
    *counters: CounterCalendar, services: tuple[Service, ...], **rules: object
) -> Schedule:
    return Schedule(tuple(counters), services, Rules(**rules))  # type: ignore[arg-type]


def visit(*products: int | tuple[int, int]) -> Visit:
    return Visit(tuple(VisitItem(*p) if isinstance(p, tuple) else VisitItem(p) for p in products))


def starts(
    s: Schedule,
    v: Visit,
    day: date = MONDAY,
    now: datetime = EARLY,
    audience: Audience = Audience.CITIZEN,
) -> list[datetime]:
    return list(available_starts(s, v, day=day, now=now, audience=audience))


# 09:00-10:00 local on MONDAY
MORNING = iv(utc(2026, 6, 8, 7), utc(2026, 6, 8, 8))


def test_a_30_minute_service_in_a_one_hour_opening_has_four_starts() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 30),))
    assert starts(s, visit(ID_CARD)) == [utc(2026, 6, 8, 7, m) for m in (0, 10, 20, 30)]


def test_durations_round_up_to_the_grid_and_quantities_add_extra_time() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 25, 10),))
    # 25 + 2*10 = 45 minutes → 50 on a 10-minute grid
    assert starts(s, visit((ID_CARD, 3))) == [utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 10)]


def test_off_grid_opening_rounds_inward_and_busy_time_rounds_outward() -> None:
    opened = iv(utc(2026, 6, 8, 7, 5), utc(2026, 6, 8, 8, 55))
    busy = (iv(utc(2026, 6, 8, 7, 41), utc(2026, 6, 8, 7, 42)),)
    s = schedule(counter(1, opened, busy=busy), services=(Service(ID_CARD, 1, 10),))
    assert starts(s, visit(ID_CARD)) == [utc(2026, 6, 8, 7, m) for m in (10, 20, 30, 50)] + [
        utc(2026, 6, 8, 8, m) for m in (0, 10, 20, 30, 40)
    ]


def test_granularity_5_and_15() -> None:
    services = (Service(ID_CARD, 1, 20),)
    five = schedule(counter(1, MORNING), services=services, granularity_minutes=5)
    fifteen = schedule(counter(1, MORNING), services=services, granularity_minutes=15)
    assert len(starts(five, visit(ID_CARD))) == 9
    # 20 minutes take two 15-minute units
    assert starts(fifteen, visit(ID_CARD)) == [utc(2026, 6, 8, 7, m) for m in (0, 15, 30)]


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 10, 25), 7), (date(2026, 3, 29), 5)])
def test_dst_days_have_every_start_exactly_once(day: date, hours: int) -> None:
    # Given a counter open 00:00-06:00 local on a DST change day
    opened, _ = expand_opening_hours(
        [WeeklyRange(6, time(0), time(6))],
        first_day=day,
        last_day=day,
        closed_days=(),
        timezone=TZ,
    )
    s = schedule(counter(1, *opened), services=(Service(ID_CARD, 1, 10),))
    # When the day view is computed
    now = datetime.combine(day, time(0), tzinfo=UTC) - timedelta(days=10)
    result = starts(s, visit(ID_CARD), day=day, now=now)
    # Then every 10 minutes of the real elapsed time is a start, none twice
    assert len(result) == len(set(result)) == hours * 6
    assert all(b - a == timedelta(minutes=10) for a, b in zip(result, result[1:], strict=False))


def test_lead_time_hides_starts_too_soon() -> None:
    s = schedule(
        counter(1, MORNING), services=(Service(ID_CARD, 1, 10),), lead_time=timedelta(minutes=25)
    )
    now = utc(2026, 6, 8, 7, 0)
    assert starts(s, visit(ID_CARD), now=now)[0] == utc(2026, 6, 8, 7, 30)


def test_horizon_counts_local_days_from_now() -> None:
    # Given now is Sunday 23:30 local (21:30 UTC) and a horizon of one day
    now = utc(2026, 6, 7, 21, 30)
    tuesday = iv(utc(2026, 6, 9, 7), utc(2026, 6, 9, 8))
    s = schedule(counter(1, MORNING, tuesday), services=(Service(ID_CARD, 1, 10),), horizon_days=1)
    # Then Monday is bookable and Tuesday is not
    days = available_days(s, visit(ID_CARD), first_day=MONDAY, last_day=date(2026, 6, 9), now=now)
    assert days == (MONDAY,)
    assert starts(s, visit(ID_CARD), day=date(2026, 6, 9), now=now) == []


def test_staff_only_time_is_hidden_from_citizens_but_bookable_by_staff() -> None:
    staff = (iv(utc(2026, 6, 8, 7, 30), utc(2026, 6, 8, 8)),)
    s = schedule(counter(1, MORNING, staff_only=staff), services=(Service(ID_CARD, 1, 30),))
    assert starts(s, visit(ID_CARD)) == [utc(2026, 6, 8, 7, 0)]
    assert len(starts(s, visit(ID_CARD), audience=Audience.STAFF)) == 4
    assert find_solution(s, visit(ID_CARD), start=utc(2026, 6, 8, 7, 30), now=EARLY) is None
    assert (
        find_solution(
            s, visit(ID_CARD), start=utc(2026, 6, 8, 7, 30), now=EARLY, audience=Audience.STAFF
        )
        is not None
    )


def test_a_counter_serving_two_products_serves_them_in_one_leg() -> None:
    s = schedule(
        counter(1, MORNING),
        counter(2, MORNING),
        services=(Service(ID_CARD, 1, 20), Service(PASSPORT, 1, 20), Service(PASSPORT, 2, 10)),
    )
    solution = find_solution(s, visit(ID_CARD, PASSPORT), start=utc(2026, 6, 8, 7), now=EARLY)
    assert solution is not None
    assert [(leg.counter_id, leg.items) for leg in solution.legs] == [
        (1, (VisitItem(ID_CARD), VisitItem(PASSPORT)))
    ]
    assert solution.end == utc(2026, 6, 8, 7, 40)


def test_legs_at_different_counters_follow_each_other_with_the_walking_gap() -> None:
    s = schedule(
        counter(1, MORNING),
        counter(2, MORNING),
        services=(Service(ID_CARD, 1, 20), Service(PASSPORT, 2, 10)),
        walking_gap_minutes=5,
    )
    solution = find_solution(s, visit(ID_CARD, PASSPORT), start=utc(2026, 6, 8, 7), now=EARLY)
    assert solution is not None
    assert [(leg.counter_id, leg.start, leg.end) for leg in solution.legs] == [
        (1, utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 20)),
        (2, utc(2026, 6, 8, 7, 30), utc(2026, 6, 8, 7, 40)),
    ]
    # The gap rounds up to 10 minutes: 07:20-07:40 identity card, 07:50-08:00 passport is last
    assert starts(s, visit(ID_CARD, PASSPORT))[-1] == utc(2026, 6, 8, 7, 20)


def _passport_after_id_card(*, busy_two: tuple[Interval, ...], **rules: object) -> Schedule:
    return schedule(
        counter(1, MORNING),
        counter(2, MORNING, busy=busy_two),
        services=(Service(ID_CARD, 1, 20), Service(PASSPORT, 2, 10)),
        **rules,
    )


def test_the_next_leg_may_start_after_a_wait_up_to_the_longest_wait() -> None:
    # Given counter 2 is busy right when the identity card at counter 1 is done (07:20-07:30)
    # and the passport counter is the only one serving passports
    busy_two = (iv(utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 30)),)
    back_to_back = _passport_after_id_card(busy_two=busy_two)
    waiting = _passport_after_id_card(busy_two=busy_two, max_wait_minutes=10)
    start = utc(2026, 6, 8, 7)

    # When the visit is asked for at 07:00, back to back and with a 10-minute wait allowed
    strict = find_solution(back_to_back, visit(ID_CARD, PASSPORT), start=start, now=EARLY)
    solution = find_solution(waiting, visit(ID_CARD, PASSPORT), start=start, now=EARLY)

    # Then only the wait makes 07:00 bookable: the passport follows ten minutes later
    assert strict is None
    assert solution is not None
    assert [(leg.counter_id, leg.start, leg.end) for leg in solution.legs] == [
        (1, utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 20)),
        (2, utc(2026, 6, 8, 7, 30), utc(2026, 6, 8, 7, 40)),
    ]
    assert solution.waits == (timedelta(minutes=10),)
    assert start in starts(waiting, visit(ID_CARD, PASSPORT))
    assert start not in starts(back_to_back, visit(ID_CARD, PASSPORT))


def test_a_wait_longer_than_the_longest_wait_is_never_offered() -> None:
    # Given the passport counter is busy for 20 minutes after the identity card
    busy_two = (iv(utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 40)),)
    # And a longest wait of 15 minutes on a 10-minute grid: one step of 10 fits, two do not
    s = _passport_after_id_card(busy_two=busy_two, max_wait_minutes=15)

    # When the day view is computed
    result = starts(s, visit(ID_CARD, PASSPORT))

    # Then 07:00 is not offered, 07:10 is (passport at 07:40 after a 10-minute wait)
    assert utc(2026, 6, 8, 7, 0) not in result
    solution = find_solution(s, visit(ID_CARD, PASSPORT), start=utc(2026, 6, 8, 7, 10), now=EARLY)
    assert solution is not None and solution.waits == (timedelta(minutes=10),)


def test_the_wait_comes_after_the_walking_gap() -> None:
    # Given a 5-minute walk (rounded up to 10) and the passport counter busy until 07:40
    busy_two = (iv(utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 40)),)
    s = _passport_after_id_card(busy_two=busy_two, walking_gap_minutes=5, max_wait_minutes=10)

    # When the visit starts at 07:00
    solution = find_solution(s, visit(ID_CARD, PASSPORT), start=utc(2026, 6, 8, 7), now=EARLY)

    # Then the passport starts after the walk plus a wait of 10 minutes
    assert solution is not None
    assert solution.legs[1].start == utc(2026, 6, 8, 7, 40)


def test_choice_prefers_less_waiting_over_a_shorter_span() -> None:
    # Given passports at counter 2 (10 minutes, but only after a wait) or counter 3 (30 minutes)
    opened = iv(utc(2026, 6, 8, 7), utc(2026, 6, 8, 12))
    s = schedule(
        counter(1, opened),
        counter(2, opened, busy=(iv(utc(2026, 6, 8, 7, 0), utc(2026, 6, 8, 7, 20)),)),
        counter(3, opened),
        services=(Service(ID_CARD, 1, 10), Service(PASSPORT, 2, 10), Service(PASSPORT, 3, 30)),
        max_wait_minutes=20,
    )

    # When the visit starts at 07:00 (it can also start with the passport at counter 3)
    solution = find_solution(s, visit(ID_CARD, PASSPORT), start=utc(2026, 6, 8, 7), now=EARLY)

    # Then no waiting wins over the 10 minutes shorter visit with a wait
    assert solution is not None
    assert [leg.counter_id for leg in solution.legs] == [1, 3]
    assert solution.waits == (timedelta(0),)


def test_among_equal_total_waits_each_leg_starts_as_early_as_it_can() -> None:
    # Given three one-leg counters; counter 2 is free at 07:10 and 07:20, counter 3 at 07:30
    # and 07:40, so the visit 07:00 can wait before the second or before the third leg
    opened = iv(utc(2026, 6, 8, 7), utc(2026, 6, 8, 8))
    s = schedule(
        counter(1, opened),
        counter(2, opened, busy=(iv(utc(2026, 6, 8, 7, 30), utc(2026, 6, 8, 8)),)),
        counter(3, opened, busy=(iv(utc(2026, 6, 8, 7), utc(2026, 6, 8, 7, 30)),)),
        services=(
            Service(ID_CARD, 1, 10),
            Service(PASSPORT, 2, 10),
            Service(DRIVING_LICENCE, 3, 10),
        ),
        max_wait_minutes=10,
    )

    # When the platform picks the solution for 07:00
    solution = find_solution(
        s, visit(ID_CARD, PASSPORT, DRIVING_LICENCE), start=utc(2026, 6, 8, 7), now=EARLY
    )

    # Then the first two legs follow each other and the wait falls before the third
    assert solution is not None
    assert [(leg.counter_id, leg.start) for leg in solution.legs] == [
        (1, utc(2026, 6, 8, 7, 0)),
        (2, utc(2026, 6, 8, 7, 10)),
        (3, utc(2026, 6, 8, 7, 30)),
    ]


def test_negative_longest_wait_is_rejected() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 10),), max_wait_minutes=-5)
    with pytest.raises(SchedulingError):
        available_starts(s, visit(ID_CARD), day=MONDAY, now=EARLY)


def test_choice_prefers_fewer_legs_then_shorter_span_then_less_loaded_counter() -> None:
    busy_two = (iv(utc(2026, 6, 8, 9), utc(2026, 6, 8, 10)),)
    opened = iv(utc(2026, 6, 8, 7), utc(2026, 6, 8, 12))
    s = schedule(
        counter(1, opened),
        counter(2, opened, busy=busy_two),
        counter(3, opened),
        services=(
            Service(ID_CARD, 1, 10),
            Service(ID_CARD, 2, 10),
            Service(ID_CARD, 3, 20),
            Service(PASSPORT, 2, 10),
            Service(PASSPORT, 3, 10),
        ),
    )
    start = utc(2026, 6, 8, 7)
    # Fewer legs: counter 2 or 3 serves both; counter 2 (20 min) beats counter 3 (30 min)
    two = find_solution(s, visit(ID_CARD, PASSPORT), start=start, now=EARLY)
    assert two is not None and [leg.counter_id for leg in two.legs] == [2]
    # Same span at counters 1 and 2: the less loaded counter 1 wins
    one = find_solution(s, visit(ID_CARD), start=start, now=EARLY)
    assert one is not None and [leg.counter_id for leg in one.legs] == [1]


def test_counter_without_calendar_is_never_open() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 9, 10),))
    assert starts(s, visit(ID_CARD)) == []


def test_month_view_lists_days_with_starts() -> None:
    tuesday_closed = iv(utc(2026, 6, 10, 7), utc(2026, 6, 10, 8))
    s = schedule(counter(1, MORNING, tuesday_closed), services=(Service(ID_CARD, 1, 10),))
    days = available_days(
        s, visit(ID_CARD), first_day=MONDAY, last_day=date(2026, 6, 30), now=EARLY
    )
    assert days == (MONDAY, date(2026, 6, 10))


def test_next_starts_are_the_nearest_at_or_after_the_given_time() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 30),))
    assert next_starts(s, visit(ID_CARD), after=utc(2026, 6, 8, 7, 5), now=EARLY) == (
        utc(2026, 6, 8, 7, 10),
        utc(2026, 6, 8, 7, 20),
        utc(2026, 6, 8, 7, 30),
    )


def test_a_prepared_schedule_answers_like_the_plain_functions() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 30),))
    prepared = prepare(s, first_day=MONDAY, last_day=date(2026, 6, 30))
    assert list(prepared.available_starts(visit(ID_CARD), day=MONDAY, now=EARLY)) == starts(
        s, visit(ID_CARD)
    )
    assert prepared.available_days(
        visit(ID_CARD), first_day=MONDAY, last_day=date(2026, 6, 30), now=EARLY
    ) == (MONDAY,)


def test_off_grid_start_has_no_solution() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 10),))
    assert find_solution(s, visit(ID_CARD), start=utc(2026, 6, 8, 7, 5), now=EARLY) is None


@pytest.mark.parametrize(
    ("the_visit", "rules"),
    [
        (visit(99), {}),
        (visit((ID_CARD, 0)), {}),
        (Visit((VisitItem(ID_CARD), VisitItem(ID_CARD))), {}),
        (Visit(()), {}),
        (visit(ID_CARD), {"granularity_minutes": 20}),
        (visit(ID_CARD), {"lead_time": timedelta(minutes=-1)}),
        (visit(ID_CARD), {"timezone": "Mars/Olympus"}),
    ],
)
def test_invalid_input_raises_scheduling_error(the_visit: Visit, rules: dict[str, object]) -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 10),), **rules)
    with pytest.raises(SchedulingError):
        available_starts(s, the_visit, day=MONDAY, now=EARLY)
    with pytest.raises(SchedulingError):
        available_days(s, the_visit, first_day=MONDAY, last_day=MONDAY, now=EARLY)


def test_naive_datetimes_are_rejected() -> None:
    s = schedule(counter(1, MORNING), services=(Service(ID_CARD, 1, 10),))
    with pytest.raises(SchedulingError):
        available_starts(s, visit(ID_CARD), day=MONDAY, now=datetime(2026, 6, 1))  # noqa: DTZ001
    with pytest.raises(SchedulingError):
        Interval(datetime(2026, 6, 1), datetime(2026, 6, 2))  # noqa: DTZ001
