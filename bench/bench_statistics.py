# SPDX-License-Identifier: EUPL-1.2
"""Statistics for a large city with a year of history, from PostgreSQL.

Run: PYTHONPATH=src .venv/bin/python bench/bench_statistics.py

Creates and drops its own database (balie_bench_statistics, or DATABASE_URL's PostgreSQL
database), generates one year of appointments (6 locations, 60 counters, 120 products,
over 500,000 appointments with their desk arrivals and walk-ins) with set-based SQL, fills
the summaries for the year, then prints one JSON object per figure: the dashboard's main
page and one chart (p50/p99, in-process requests through the full Django stack) and the
time to refresh the summaries after one more day of bookings.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchdb import create_database, drop_database, emit, setup_django, summary

RUNS = int(os.environ.get("BENCH_RUNS", "60"))
WARMUP = 5
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/balie_bench_statistics"
LOCATIONS = 6
COUNTERS_PER_LOCATION = 10
PRODUCTS = 120
FILL = 0.9


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") and "bench" in url else DEFAULT_URL


def main() -> None:
    url = database_url()
    # The dashboard is requested through Django's test client.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    create_database(url)
    try:
        setup_django(url)
        run()
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


def build_city():  # noqa: ANN201
    """The catalog through the ORM: it is small; the history is generated in SQL."""
    from datetime import time as clock

    from django_scopes import scopes_disabled

    from balie.catalog.models import Counter, CounterService, Location, OpeningHours, Product
    from balie.tenants.models import Municipality

    rng = random.Random(18)
    with scopes_disabled():
        city = Municipality.objects.create(
            name="Grootstad",
            slug="grootstad",
            nis_code="11002",
            lead_time_minutes=0,
            horizon_days=90,
            observes_public_holidays=False,
        )
        locations = Location.objects.bulk_create(
            Location(
                municipality=city,
                name=f"Kantoor {n}",
                slug=f"kantoor-{n}",
                street="Grote Markt",
                house_number=str(n + 1),
                postcode="2000",
                municipality_name="Grootstad",
            )
            for n in range(LOCATIONS)
        )
        counters = Counter.objects.bulk_create(
            Counter(municipality=city, location=location, name=f"Loket {n}")
            for location in locations
            for n in range(COUNTERS_PER_LOCATION)
        )
        hours = []
        for counter in counters:
            for weekday in range(5):
                hours.append((counter, weekday, clock(8, 30), clock(12, 30), False))
            for weekday in (1, 3):
                hours.append((counter, weekday, clock(13, 30), clock(19), False))
            hours.append((counter, 4, clock(13, 30), clock(15, 30), True))
        OpeningHours.objects.bulk_create(
            OpeningHours(municipality=city, counter=c, weekday=w, start=s, end=e, staff_only=staff)
            for c, w, s, e, staff in hours
        )
        products = Product.objects.bulk_create(
            Product(
                municipality=city,
                slug=f"product-{n}",
                title={"nl": f"Product {n}", "en": f"Product {n}"},
                theme="BurgerOverheid",
            )
            for n in range(PRODUCTS)
        )
        services = {}
        for product in products:
            location = rng.randrange(LOCATIONS)
            here = counters[
                location * COUNTERS_PER_LOCATION : (location + 1) * COUNTERS_PER_LOCATION
            ]
            for counter in rng.sample(here, 3):
                services[(counter.pk, product.pk)] = CounterService(
                    municipality=city, counter=counter, product=product, duration_minutes=10
                )
        # Every counter serves at least one product.
        for index, counter in enumerate(counters):
            product = products[index % PRODUCTS]
            services.setdefault(
                (counter.pk, product.pk),
                CounterService(
                    municipality=city, counter=counter, product=product, duration_minutes=10
                ),
            )
        CounterService.objects.bulk_create(services.values())
    return city


# One row per booked ten-minute slot: (counter, location, product, start, status, channel).
# Opening hours of the city: weekdays 08:30-12:30 (24 slots), Tuesday and Thursday also
# 13:30-19:00 (33 slots); Friday's 13:30-15:30 is staff-only (12 slots, phone bookings).
GENERATE_SQL = """
CREATE TEMP TABLE gen AS
WITH served AS (
    SELECT counter_id, array_agg(product_id ORDER BY product_id) AS products
    FROM catalog_counterservice GROUP BY counter_id
), slots AS (
    SELECT d::date AS day, s.slot, s.from_time, s.staff_only
    FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d
    CROSS JOIN LATERAL (
        SELECT n AS slot, time '08:30' + n * interval '10 minutes' AS from_time,
               false AS staff_only
        FROM generate_series(0, 23) n WHERE extract(isodow FROM d) <= 5
        UNION ALL
        SELECT 100 + n, time '13:30' + n * interval '10 minutes', false
        FROM generate_series(0, 32) n WHERE extract(isodow FROM d) IN (2, 4)
        UNION ALL
        SELECT 200 + n, time '13:30' + n * interval '10 minutes', true
        FROM generate_series(0, 11) n WHERE extract(isodow FROM d) = 5
    ) AS s
)
SELECT row_number() OVER () AS n, c.id AS counter_id, c.location_id,
       served.products[1 + floor(random() * array_length(served.products, 1))::int] AS product_id,
       (slots.day + slots.from_time) AT TIME ZONE 'Europe/Brussels' AS start,
       slots.day,
       CASE WHEN random() < 0.08 THEN 'cancelled' ELSE 'confirmed' END AS status,
       CASE WHEN slots.staff_only THEN 'phone'
            ELSE (ARRAY['online', 'online', 'online', 'online', 'online', 'online', 'phone',
                        'desk', 'api'])[1 + floor(random() * 9)::int] END AS channel,
       random() AS outcome
FROM slots
JOIN catalog_counter c ON c.municipality_id = %(city)s
JOIN served ON served.counter_id = c.id
WHERE random() < %(fill)s;
"""

INSERT_SQL = [
    """
    INSERT INTO booking_reservation (id, created_at, updated_at, municipality_id, public_id,
        location_id, status, items, start, "end", channel, staff_booking, reference,
        manage_token_hash, given_name, family_name, email, phone, national_number, language,
        confirmed_at, cancelled_at)
    SELECT %(offset)s + n, now(), now(), %(city)s, gen_random_uuid(), location_id, status,
        jsonb_build_array(jsonb_build_object('product', product_id, 'quantity', 1)),
        start, start + interval '10 minutes', channel, channel IN ('phone', 'desk'),
        'B' || (%(offset)s + n), '', 'Inwoner', (%(offset)s + n)::text,
        'inwoner' || n || '@example.org', '', '', 'nl', start - interval '7 days',
        CASE WHEN status = 'cancelled' THEN start - interval '1 day' END
    FROM gen
    """,
    """
    INSERT INTO booking_leg (id, created_at, updated_at, municipality_id, reservation_id,
        counter_id, position, items, start, "end", released)
    SELECT %(offset)s + n, now(), now(), %(city)s, %(offset)s + n, counter_id, 0,
        jsonb_build_array(jsonb_build_object('product', product_id, 'quantity', 1)),
        start, start + interval '10 minutes', status = 'cancelled'
    FROM gen
    """,
    # Past confirmed appointments: 94 % came (checked in 5 minutes early), 6 % no-show.
    """
    INSERT INTO desk_arrival (id, created_at, updated_at, municipality_id, location_id,
        service_day, number, kind, priority, checked_in_at, reservation_id)
    SELECT %(offset)s + n, now(), now(), %(city)s, location_id, day,
        row_number() OVER (PARTITION BY location_id, day ORDER BY n), 'appointment', false,
        CASE WHEN outcome < 0.94 THEN start - interval '5 minutes' END, %(offset)s + n
    FROM gen WHERE status = 'confirmed' AND day < %(today)s
    """,
    """
    INSERT INTO desk_queueentry (created_at, updated_at, municipality_id, arrival_id,
        location_id, kind, priority, leg_id, counter_id, position, status, due_at, queued_at,
        on_time, ordered_at, called_at, call_count, serving_at, finished_at)
    SELECT now(), now(), %(city)s, %(offset)s + n, location_id, 'appointment', false,
        %(offset)s + n, counter_id, 0,
        CASE WHEN outcome < 0.94 THEN 'done' ELSE 'no_show' END, start,
        CASE WHEN outcome < 0.94 THEN start - interval '5 minutes' END, outcome < 0.94,
        CASE WHEN outcome < 0.94 THEN start END,
        CASE WHEN outcome < 0.94 THEN start + (outcome * 300) * interval '1 second' END, 1,
        CASE WHEN outcome < 0.94 THEN start + (outcome * 300) * interval '1 second' END,
        start + interval '10 minutes'
    FROM gen WHERE status = 'confirmed' AND day < %(today)s
    """,
]


def generate(city, *, first: date, last: date, today: date, offset: int) -> int:  # noqa: ANN001
    from django.db import connection, transaction

    params = {"first": first, "last": last, "city": city.pk, "fill": FILL, "today": today,
              "offset": offset}  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS gen")
        cursor.execute(GENERATE_SQL, params)
        cursor.execute("SELECT count(*) FROM gen")
        (count,) = cursor.fetchone()
        for statement in INSERT_SQL:
            cursor.execute(statement, params)
        cursor.execute("DROP TABLE gen")
    with connection.cursor() as cursor:
        for table in ("booking_reservation", "booking_leg", "desk_arrival", "desk_queueentry"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    return count


def timed(client, url: str) -> list[float]:  # noqa: ANN001
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def run() -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_scopes import scopes_disabled

    from balie.booking.models import Reservation
    from balie.statistics.models import DailyProduct
    from balie.statistics.services import (
        refresh_recent_statistics,
        refresh_statistics,
        snapshot_first_free,
    )
    from balie.tenants.models import Role, StaffMembership
    from balie.tenants.tests.factories import UserFactory

    started = time.perf_counter()
    city = build_city()
    today = timezone.localdate()
    first = today - timedelta(days=365)
    appointments = generate(city, first=first, last=today - timedelta(days=1), today=today,
                            offset=0)  # fmt: skip
    workload = {
        "locations": LOCATIONS,
        "counters": LOCATIONS * COUNTERS_PER_LOCATION,
        "products": PRODUCTS,
        "days": 365,
        "appointments": appointments,
    }
    emit({"name": "statistics.setup.generate", "seconds": round(time.perf_counter() - started, 1),
          **workload})  # fmt: skip

    started = time.perf_counter()
    rows = refresh_statistics(municipality=city, first_day=first, last_day=today)
    snapshot_first_free(municipality=city)
    with scopes_disabled():
        product_rows = DailyProduct.objects.filter(municipality=city).count()
    emit({"name": "statistics.backfill.year", "seconds": round(time.perf_counter() - started, 1),
          "summary_rows": rows, "daily_product_rows": product_rows, **workload})  # fmt: skip

    with scopes_disabled():
        admin = UserFactory(username="admin-grootstad", is_staff=False)
        StaffMembership.objects.create(municipality=city, user=admin, role=Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    client.force_login(admin)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client.post(reverse("desk:otp-verify"), {"token": f"{totp.token():06d}"})
    base = f"/{city.slug}/statistics/"
    year = f"?first_day={first}&last_day={today}"
    for name, url, period in (
        ("statistics.dashboard.main_page", base, "last 30 days (default)"),
        ("statistics.dashboard.main_page.year", base + year, "366 days"),
        ("statistics.chart.appointments_per_day.year", base + "charts/days.svg" + year,
         "366 days"),
        ("statistics.open_data.csv.month", f"/{city.slug}/open-data/daily.csv"
         f"?from={today - timedelta(days=30)}", "30 days"),
    ):  # fmt: skip
        target = 200 if name == "statistics.dashboard.main_page" else None
        emit(summary(name, timed(client, url), period=period, target_p50_ms=target, **workload))

    # One more day of bookings (today, as the periodic task sees it), then the refresh.
    with scopes_disabled():
        offset = Reservation.objects.order_by("-id").values_list("id", flat=True)[0]
    added = generate(city, first=today, last=today, today=today, offset=offset)
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        refresh_recent_statistics(municipality=city)
        samples.append((time.perf_counter() - started) * 1000)
    emit(summary("statistics.refresh.after_one_day", samples, days_refreshed=2,
                 appointments_added=added, **workload))  # fmt: skip
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        snapshot_first_free(municipality=city, force=True)
        samples.append((time.perf_counter() - started) * 1000)
    emit(summary("statistics.first_free.snapshot", samples, **workload))


if __name__ == "__main__":
    main()
