# SPDX-License-Identifier: EUPL-1.2
"""A Flanders-size data set: 285 municipalities on one platform, one year back, 90 days ahead.

Run: PYTHONPATH=src .venv/bin/python bench/flanders.py [--force]

Writes into BENCH_FLANDERS_URL (default postgres://postgres@127.0.0.1:5432/balie_flanders),
creating the database when it is missing. The set is generated once: a marker table
(bench_dataset) records its version and parameters, and a later run with the same ones
returns at once. --force regenerates.

The municipalities are fictional but sized like Flanders (6.8 million inhabitants; a
Zipf-shaped spread from a few thousand inhabitants to an Antwerp of 530,000 with nine
district offices), about one counter per 4,500 inhabitants (about 1,500 counters), the
demo's product set and counter roles (population, civil status, foreigners, planning,
environment and mobility) with durations varied per municipality. Every open counter is
booked at about 70 % for the past year and the coming 90 days: confirmed appointments with
their leg, their five-minute counter time units (the unique constraint that forbids double
booking holds for the generated rows too) and their change history; 8 % of the slots also
carry an earlier, cancelled appointment.

Every municipality draws from its own random stream (seed, index), so one municipality
generated alone (``only=``) gets exactly the rows it gets inside the whole set: the scale
benchmark compares the two.

Environment: BENCH_FLANDERS_URL; BENCH_FLANDERS_MUNICIPALITIES (285; a smaller number
generates that many of the same plan, spread over the sizes, labelled as such);
BENCH_FLANDERS_ONLY (one municipality of the full plan, by index) and
BENCH_FLANDERS_ANCHOR (the day "today" of the set, ISO) for the one-city database.
"""

from __future__ import annotations

import json
import math
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

# 2: a visit's products as booking_visititem rows (no JSON), SMS consent stored.
VERSION = 2
SEED = 2027
MUNICIPALITIES = 285
POPULATION = 6_800_000
INHABITANTS_PER_COUNTER = 4_500
FILL = 0.70
CANCELLED_SHARE = 0.08
HISTORY_DAYS = 365
FUTURE_DAYS = 90
TZ = ZoneInfo("Europe/Brussels")
UNIT = timedelta(minutes=5)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/balie_flanders"

MON, TUE, WED, THU, FRI, SAT = range(6)


# --- the plan: who has which counters, products and hours -----------------------------------


@dataclass
class CounterPlan:
    name: str
    role: str
    # product slug -> (duration, extra minutes per quantity)
    services: dict[str, tuple[int, int]]
    # (weekday, start, end)
    hours: list[tuple[int, clock, clock]]


@dataclass
class LocationPlan:
    slug: str
    name: str
    counters: list[CounterPlan] = field(default_factory=list)


@dataclass
class MunicipalityPlan:
    index: int
    slug: str
    name: str
    nis_code: str
    population: int
    granularity: int
    locations: list[LocationPlan]

    @property
    def counters(self) -> int:
        return sum(len(location.counters) for location in self.locations)


def _populations(rng: random.Random, count: int) -> list[int]:
    """A Zipf-like spread of municipality sizes, scaled to Flanders' population."""
    raw = [1 / (rank**0.7) * math.exp(rng.gauss(0, 0.18)) for rank in range(1, count + 1)]
    raw[0] = 1.2  # an Antwerp: clearly the largest, with nine district offices
    scale = POPULATION / sum(raw)
    return sorted((max(1_000, round(value * scale)) for value in raw), reverse=True)


def _role_groups():  # noqa: ANN202
    from balie.demo import municipalities as demo

    return {
        "population": (demo.IDENTITY, demo.DRIVING, demo.REGISTERS, demo.END_OF_LIFE),
        "civil_status": (demo.CIVIL_STATUS,),
        "foreigners": (demo.FOREIGNERS,),
        "planning": (demo.PLANNING,),
        "environment": (demo.ENVIRONMENT, demo.MOBILITY),
        "district": (
            demo.IDENTITY,
            tuple(s for s in demo.DRIVING if s.product != "internationaal-rijbewijs"),
            demo.REGISTERS,
            tuple(s for s in demo.MOBILITY if s.product == "bewonerskaart"),
        ),
        # A small town hall: one counter does population and civil status together.
        "general": (demo.IDENTITY, demo.REGISTERS, demo.CIVIL_STATUS, demo.END_OF_LIFE),
    }


def _roles(counters: int, population: int) -> list[str]:
    if counters <= 2:
        return ["population", "general"][:counters]
    if counters <= 4:
        return ["population", "general", "planning", "environment"][:counters]
    fixed = ["civil_status", "planning", "environment"]
    if population > 30_000:
        fixed.append("foreigners")
    if population > 100_000:
        fixed += ["civil_status", "planning", "foreigners"]
    return ["population"] * max(1, counters - len(fixed)) + fixed


def _hours(role: str, rng: random.Random) -> list[tuple[int, clock, clock]]:
    """The hours a counter takes appointments; the rest of its day is for walk-ins."""
    if role in ("population", "general", "district"):
        hours = [(day, clock(9, 0), clock(11, 30)) for day in (MON, TUE, WED, THU, FRI)]
        if rng.random() < 0.4:
            hours.append((rng.choice((MON, TUE, WED, THU)), clock(16, 0), clock(18, 30)))
        if rng.random() < 0.2:
            hours.append((SAT, clock(9, 0), clock(11, 30)))
        return hours
    hours = [(day, clock(9, 0), clock(11, 30)) for day in (MON, TUE, WED, THU)]
    if rng.random() < 0.4:
        hours.append((rng.choice((TUE, THU)), clock(13, 30), clock(15, 30)))
    return hours


def _services(role: str, granularity: int, rng: random.Random, offered: set[str]):  # noqa: ANN202
    services: dict[str, tuple[int, int]] = {}
    for group in _role_groups()[role]:
        for spec in group:
            if spec.product not in offered or spec.product in services:
                continue
            # Every municipality times its products a little differently.
            duration = spec.duration + rng.choice((0, 0, 0, 5, 10))
            duration = -(-duration // granularity) * granularity
            extra = -(-spec.extra_per_quantity // granularity) * granularity
            services[spec.product] = (duration, extra)
    return services


# The city the scale benchmark asks for, alone and inside the set: the ninth largest (about
# 85,000 inhabitants, a town hall and a district office, about 20 counters).
BENCH_CITY = 8


def subset(municipalities: int) -> list[int]:
    """Indexes of a smaller set spread evenly over the sizes, always with BENCH_CITY."""
    if municipalities >= MUNICIPALITIES:
        return list(range(MUNICIPALITIES))
    step = MUNICIPALITIES / max(1, municipalities)
    return sorted({int((n + 0.5) * step) for n in range(municipalities)} | {BENCH_CITY})


def plan(*, municipalities: int = MUNICIPALITIES, seed: int = SEED) -> list[MunicipalityPlan]:
    """The whole of (fictional) Flanders, or a subset spread evenly over the sizes."""
    from balie.demo.products import PRODUCTS

    populations = _populations(random.Random(seed), MUNICIPALITIES)
    plans = []
    for index in subset(municipalities):
        population = populations[index]
        rng = random.Random(f"{seed}:{index}:plan")
        granularity = 10 if population >= 20_000 else 15
        counters = max(2, round(population / INHABITANTS_PER_COUNTER))
        districts = min(9, population // 55_000) if population >= 50_000 else 0
        offered = {
            spec.slug
            for spec in PRODUCTS
            if (spec.in_small or population >= 20_000) and rng.random() < 0.95
        }
        # The cross-counter visit of the benchmark needs these three everywhere.
        offered |= {"eid", "huwelijksaangifte", "omgevingsvergunning"}
        district_counters = min(counters // 3, districts * 3)
        town_hall = LocationPlan("stadhuis" if districts else "gemeentehuis", "Stadhuis")
        town_hall.counters = [
            CounterPlan(f"Loket {n + 1}", role, _services(role, granularity, rng, offered), [])
            for n, role in enumerate(_roles(counters - district_counters, population))
        ]
        locations = [town_hall]
        for district in range(districts):
            office = LocationPlan(f"district-{district + 1}", f"Districtshuis {district + 1}")
            share = district_counters // districts + (district < district_counters % districts)
            office.counters = [
                CounterPlan(
                    f"Loket {n + 1}",
                    "district",
                    _services("district", granularity, rng, offered),
                    [],
                )
                for n in range(share)
            ]
            if office.counters:
                locations.append(office)
        for location in locations:
            for counter in location.counters:
                counter.hours = _hours(counter.role, rng)
        kind = "Stad" if population >= 30_000 else "Gemeente"
        plans.append(
            MunicipalityPlan(
                index=index,
                slug=f"vl-{index + 1:03d}",
                name=f"{kind} {index + 1:03d}",
                nis_code=f"{70001 + index}",
                population=population,
                granularity=granularity,
                locations=locations,
            )
        )
    return plans


# --- into the database ----------------------------------------------------------------------


def dataset_url() -> str:
    return os.environ.get("BENCH_FLANDERS_URL", DEFAULT_URL)


def ensure_database(url: str, *, fresh: bool = False) -> None:
    """Create the database when missing; ``fresh`` drops it first (only a benchmark's own)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres")).replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            if "bench" not in name and "flanders" not in name:
                sys.exit(f"database {name!r} is not a benchmark database; refusing to drop it")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def marker(connection) -> dict | None:  # noqa: ANN001
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_dataset')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT params FROM bench_dataset WHERE name = 'flanders'")
        row = cursor.fetchone()
    if not row:
        return None
    # Django's connection hands jsonb over as text, a plain psycopg one decodes it.
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]


def _write_marker(connection, params: dict) -> None:  # noqa: ANN001
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset (name text PRIMARY KEY, params jsonb)"
        )
        cursor.execute(
            "INSERT INTO bench_dataset VALUES ('flanders', %s) "
            "ON CONFLICT (name) DO UPDATE SET params = EXCLUDED.params",
            [json.dumps(params)],
        )


@dataclass
class Ids:
    """Primary keys handed out here, so that rows of several tables can be written at once."""

    reservation: int = 0
    leg: int = 0
    unit: int = 0
    item: int = 0
    change: int = 0


def _catalog(plan_: MunicipalityPlan):  # noqa: ANN202
    """The municipality, its locations, counters, hours, products and services (ORM)."""
    from balie.catalog.models import Counter, CounterService, Location, OpeningHours, Product
    from balie.demo.products import PRODUCTS_BY_SLUG
    from balie.tenants.models import Municipality

    municipality = Municipality.objects.create(
        name=plan_.name,
        slug=plan_.slug,
        nis_code=plan_.nis_code,
        granularity_minutes=plan_.granularity,
        lead_time_minutes=60,
        horizon_days=FUTURE_DAYS,
        formal_address=plan_.index % 3 != 0,
    )
    slugs = sorted({slug for loc in plan_.locations for c in loc.counters for slug in c.services})
    products = {
        product.slug: product
        for product in Product.objects.bulk_create(
            Product(
                municipality=municipality,
                slug=slug,
                title=PRODUCTS_BY_SLUG[slug].title,
                description=PRODUCTS_BY_SLUG[slug].description,
                what_to_bring=PRODUCTS_BY_SLUG[slug].what_to_bring,
                cost=PRODUCTS_BY_SLUG[slug].cost,
                keywords=PRODUCTS_BY_SLUG[slug].keywords,
                ipdc_product_number=PRODUCTS_BY_SLUG[slug].ipdc_number,
                ipdc_concept=PRODUCTS_BY_SLUG[slug].ipdc_concept,
                theme=PRODUCTS_BY_SLUG[slug].theme,
                product_type=PRODUCTS_BY_SLUG[slug].product_type,
                department=PRODUCTS_BY_SLUG[slug].department,
                online_bookable=PRODUCTS_BY_SLUG[slug].online_bookable,
                max_quantity=PRODUCTS_BY_SLUG[slug].max_quantity,
            )
            for slug in slugs
        )
    }
    counters = []
    for location_plan in plan_.locations:
        location = Location.objects.create(
            municipality=municipality,
            name=location_plan.name,
            slug=location_plan.slug,
            street="Markt",
            house_number=str(len(counters) + 1),
            postcode=str(1500 + plan_.index * 10 % 2500),
            municipality_name=plan_.name,
        )
        made = Counter.objects.bulk_create(
            Counter(municipality=municipality, location=location, name=c.name)
            for c in location_plan.counters
        )
        counters += list(zip(location_plan.counters, made, strict=True))
    OpeningHours.objects.bulk_create(
        OpeningHours(municipality=municipality, counter=counter, weekday=day, start=start, end=end)
        for spec, counter in counters
        for day, start, end in spec.hours
    )
    CounterService.objects.bulk_create(
        CounterService(
            municipality=municipality,
            counter=counter,
            product=products[slug],
            duration_minutes=duration,
            extra_minutes_per_quantity=extra,
        )
        for spec, counter in counters
        for slug, (duration, extra) in spec.services.items()
    )
    return municipality, products, counters


def _bookings(plan_, municipality, products, counters, *, today: date, ids: Ids, rows: dict):  # noqa: ANN001
    """Pack each counter's open time to about FILL with appointments; append COPY rows."""
    from balie.catalog.selectors import public_holidays

    rng = random.Random(f"{SEED}:{plan_.index}:bookings")
    first, last = today - timedelta(days=HISTORY_DAYS), today + timedelta(days=FUTURE_DAYS)
    closed = set(public_holidays(first_day=first, last_day=last))
    now = datetime.combine(today, clock(0), TZ)
    grid = timedelta(minutes=plan_.granularity)
    m = municipality.pk
    count = 0
    for spec, counter in counters:
        served = [(products[slug].pk, d, e) for slug, (d, e) in sorted(spec.services.items())]
        mean_units = sum(d for _p, d, _e in served) / len(served) / plan_.granularity
        # P(book at a free grid step) such that booked / open time ≈ FILL (see workload.py).
        aim = FILL + 0.04
        p_book = aim / (mean_units * (1 - aim) + aim)
        by_day: dict[int, list[tuple[clock, clock]]] = {}
        for day, start, end in spec.hours:
            by_day.setdefault(day, []).append((start, end))
        day = first
        while day <= last:
            if day not in closed:
                for start, end in by_day.get(day.weekday(), ()):
                    cursor = datetime.combine(day, start, TZ)
                    close = datetime.combine(day, end, TZ)
                    while cursor < close:
                        product, duration, extra = served[rng.randrange(len(served))]
                        quantity = 2 if extra and rng.random() < 0.15 else 1
                        stop = cursor + timedelta(minutes=duration + extra * (quantity - 1))
                        if stop > close or rng.random() >= p_book:
                            cursor += grid
                            continue
                        past = cursor < now
                        if rng.random() < CANCELLED_SHARE:
                            _appointment(
                                rows,
                                ids,
                                rng,
                                m,
                                counter,
                                product,
                                quantity,
                                cursor,
                                stop,
                                past=past,
                                cancelled=True,
                            )
                        _appointment(
                            rows,
                            ids,
                            rng,
                            m,
                            counter,
                            product,
                            quantity,
                            cursor,
                            stop,
                            past=past,
                            cancelled=False,
                        )
                        count += 1
                        cursor = stop
            day += timedelta(days=1)
    return count


def _appointment(rows, ids, rng, m, counter, product, quantity, start, end, *, past, cancelled):  # noqa: ANN001, PLR0913
    ids.reservation += 1
    ids.leg += 1
    booked = start - timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600))
    n = ids.reservation
    if cancelled:
        status, attendance, cancelled_at = "cancelled", "", booked + (start - booked) / 2
    else:
        status, cancelled_at = "confirmed", None
        attendance = ("arrived" if rng.random() < 0.94 else "no_show") if past else ""
    channel = ("online", "online", "online", "online", "phone", "desk", "api")[rng.randrange(7)]
    email = f"inwoner{n}@example.org"
    rows["booking_reservation"].append(
        (
            n,
            booked,
            booked,
            uuid.UUID(int=rng.getrandbits(128), version=4),
            status,
            start,
            end,
            channel,
            channel in ("phone", "desk"),
            f"F{n:010d}",
            "Inwoner",
            str(n),
            email,
            "nl",
            booked,
            cancelled_at,
            counter.location_id,
            m,
            attendance,
            email,
        )
    )
    rows["booking_leg"].append(
        (ids.leg, booked, booked, 0, start, end, counter.pk, m, n, cancelled)
    )
    ids.item += 1
    rows["booking_visititem"].append(
        (ids.item, booked, booked, m, n, ids.leg, product, quantity, 0)
    )
    ids.change += 1
    rows["booking_reservationchange"].append(
        (ids.change, booked, booked, "confirmed", "citizen", "", booked, m, n)
    )
    if cancelled:
        ids.change += 1
        rows["booking_reservationchange"].append(
            (
                ids.change,
                cancelled_at,
                cancelled_at,
                "cancelled",
                "citizen",
                "",
                cancelled_at,
                m,
                n,
            )
        )
        return
    unit = start
    while unit < end:
        ids.unit += 1
        rows["booking_countertimeunit"].append((ids.unit, unit, counter.pk, m, ids.leg))
        unit += UNIT


COLUMNS = {
    "booking_reservation": (
        'id, created_at, updated_at, public_id, status, start, "end", channel, '
        "staff_booking, reference, given_name, family_name, email, language, confirmed_at, "
        "cancelled_at, location_id, municipality_id, attendance, email_key, "
        "manage_token_hash, phone, national_number, sms_consent"
    ),
    "booking_leg": (
        'id, created_at, updated_at, "position", start, "end", counter_id, '
        "municipality_id, reservation_id, released"
    ),
    "booking_visititem": (
        "id, created_at, updated_at, municipality_id, reservation_id, leg_id, product_id, "
        'quantity, "position"'
    ),
    "booking_reservationchange": (
        "id, created_at, updated_at, kind, actor_kind, client_address, at, municipality_id, "
        "reservation_id"
    ),
    "booking_countertimeunit": "id, unit_start, counter_id, municipality_id, leg_id",
}
# Empty strings the rows above leave out, appended on the way in.
_TAILS = {"booking_reservation": ("", "", "", False)}


def _drop_keys(connection) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """Indexes and constraints of the bulk tables (all but the primary keys), dropped.

    Building an index once over sorted data is far cheaper than maintaining it row by row;
    the same goes for checking a foreign key over the whole table in one join. They all come
    back in `_restore_keys`, which checks every row against them (the unique counter time
    unit included), so nothing generated escapes a constraint.
    """
    tables = list(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype <> 'p' AND (conrelid::regclass::text = ANY(%s) "
            # Foreign keys of other tables that lean on the bulk tables' unique keys.
            "OR (contype = 'f' AND confrelid::regclass::text = ANY(%s))) "
            "ORDER BY contype = 'f'",  # unique keys before the foreign keys that need them
            [tables, tables],
        )
        constraints = [("constraint", *row) for row in cursor.fetchall()]
        cursor.execute(
            "SELECT indrelid::regclass::text, indexrelid::regclass::text, "
            "pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid::regclass::text = ANY(%s) AND NOT indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
            [tables],
        )
        indexes = [("index", *row) for row in cursor.fetchall()]
        for _kind, table, name, _definition in reversed(constraints):
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _kind, _table, name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return constraints + indexes


def _restore_keys(connection, keys: list[tuple[str, str, str, str]]) -> None:  # noqa: ANN001
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem TO '512MB'")
        for kind, table, name, definition in keys:
            if kind == "index":
                cursor.execute(definition)
            else:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _copy(connection, rows: dict) -> None:  # noqa: ANN001
    # Parents first: the foreign keys are checked as the rows arrive.
    with connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            tail = _TAILS.get(table, ())
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows[table]:
                    copy.write_row(row + tail if tail else row)
            rows[table].clear()


def generate(
    *,
    url: str | None = None,
    municipalities: int = MUNICIPALITIES,
    only: int | None = None,
    anchor: date | None = None,
    force: bool = False,
    log=print,
) -> dict:  # noqa: ANN001
    """Generate the set (or one municipality of it, ``only``) unless it is there already.

    Returns its parameters with the generation time; needs Django set up on ``url``.
    """
    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    params = {"version": VERSION, "seed": SEED, "municipalities": municipalities, "only": only}
    existing = marker(connection)
    if existing and not force and all(existing.get(k) == v for k, v in params.items()):
        return existing
    if existing or force:
        raise RuntimeError("the database holds another data set; recreate it first")
    started = time.perf_counter()
    today = anchor or timezone.localdate()
    plans = plan(municipalities=municipalities)
    if only is not None:
        plans = [p for p in plan() if p.index == only]
    ids = Ids()
    rows: dict[str, list] = {table: [] for table in COLUMNS}
    appointments = 0
    with connection.cursor() as cursor:
        # Synchronous commit off for the load only: a crash just means generating again.
        cursor.execute("SET synchronous_commit TO off")
    deferred = _drop_keys(connection)
    for number, plan_ in enumerate(plans, 1):
        with transaction.atomic(), scopes_disabled():
            municipality, products, counters = _catalog(plan_)
            appointments += _bookings(
                plan_, municipality, products, counters, today=today, ids=ids, rows=rows
            )
            _copy(connection, rows)
        if number % 10 == 0 or number == len(plans):
            log(
                f"  {number}/{len(plans)} municipalities, {appointments:,} appointments, "
                f"{time.perf_counter() - started:.0f} s"
            )
    keys_started = time.perf_counter()
    _restore_keys(connection, deferred)
    keys_seconds = time.perf_counter() - keys_started
    with connection.cursor() as cursor:
        for table in COLUMNS:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        # Outside any transaction (Django autocommits here): fresh statistics for the planner.
        cursor.execute("VACUUM ANALYZE")
    params |= {
        "anchor_day": today.isoformat(),
        "appointments": appointments,
        "counters": sum(p.counters for p in plans),
        "locations": sum(len(p.locations) for p in plans),
        "population": sum(p.population for p in plans),
        "generation_seconds": round(time.perf_counter() - started, 1),
        "keys_seconds": round(keys_seconds, 1),
    }
    _write_marker(connection, params)
    return params


def stored_params(url: str) -> dict | None:
    """The marker of the set in ``url``, or None when there is no (complete) set."""
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return marker(conn)
    except psycopg.OperationalError:
        return None


def ensure(
    *,
    url: str,
    municipalities: int,
    only: int | None = None,
    anchor: date | None = None,
    force: bool = False,
    log=print,
) -> dict:  # noqa: ANN001
    """The set in ``url``: reused when its marker matches, otherwise generated afresh.

    Needs Django not yet set up (it is set up on ``url`` here).
    """
    from _benchdb import setup_django

    wanted = {"version": VERSION, "seed": SEED, "municipalities": municipalities, "only": only}
    stored = stored_params(url)
    reuse = not force and stored and all(stored.get(k) == v for k, v in wanted.items())
    if reuse and anchor is not None and stored.get("anchor_day") != anchor.isoformat():
        reuse = False
    if not reuse:
        # An interrupted load leaves no marker and is generated again from scratch.
        ensure_database(url, fresh=True)
    setup_django(url)
    params = generate(url=url, municipalities=municipalities, only=only, anchor=anchor, log=log)
    return params | {"reused": bool(reuse)}


def main() -> None:
    municipalities = int(os.environ.get("BENCH_FLANDERS_MUNICIPALITIES", MUNICIPALITIES))
    only = os.environ.get("BENCH_FLANDERS_ONLY")
    anchor = os.environ.get("BENCH_FLANDERS_ANCHOR")
    params = ensure(
        url=dataset_url(),
        municipalities=municipalities,
        only=int(only) if only else None,
        anchor=date.fromisoformat(anchor) if anchor else None,
        force="--force" in sys.argv,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(json.dumps({"name": "flanders.dataset", **params}), flush=True)


if __name__ == "__main__":
    main()
