# SPDX-License-Identifier: EUPL-1.2
"""The dashboard, its exports and charts: right figures, for the right people only."""

import csv
import io

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from balie.statistics.services import refresh_statistics
from balie.statistics.tests.conftest import DAY, at
from balie.tenants.tests.factories import UserFactory

PERIOD = {"first_day": DAY.isoformat(), "last_day": DAY.isoformat()}


def verify(client, user) -> None:
    """Log ``user`` in with password and authenticator code, as the desk demands of admins."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(reverse("desk:otp-verify"), {"token": f"{totp.token():06d}"})
    assert response.status_code == 302


def dashboard_url(hall, route: str = "statistics:dashboard", **kwargs) -> str:
    return reverse(route, kwargs={"municipality_slug": hall.municipality.slug, **kwargs})


@pytest.fixture
def refreshed(hall, other_hall):
    for town in (hall, other_hall):
        refresh_statistics(municipality=town.municipality, first_day=DAY, last_day=DAY, now=at(18))
    return hall


@pytest.fixture
def admin_client(client, refreshed):
    verify(client, refreshed.admin)
    return client


@pytest.fixture
def operator_client(client, refreshed):
    operator = UserFactory(username="operator", is_superuser=True)
    verify(client, operator)
    return client


def test_the_admin_sees_the_key_figures_of_the_day(admin_client, refreshed):
    response = admin_client.get(dashboard_url(refreshed), PERIOD)
    assert response.status_code == 200
    figures = response.context["dashboard"].totals
    # Six appointments booked, one cancelled; one no-show among three recorded outcomes.
    assert (figures.booked, figures.kept, figures.cancelled) == (6, 5, 1)
    assert figures.no_show_rate == pytest.approx(1 / 3)
    assert figures.walk_ins == 2
    page = response.content.decode()
    assert "Statistics for Halle" in page
    assert "33.3 %" in page and "16.7 %" in page


def test_each_chart_is_an_accessible_svg_with_its_numbers_in_a_table(admin_client, refreshed):
    response = admin_client.get(dashboard_url(refreshed), PERIOD)
    page = response.content.decode()
    chart, _svg = response.context["charts"]["channels"]
    assert dict(chart.rows) == {"Online": 2, "Phone": 2, "At the desk": 2, "API": 1, "Kiosk": 1}
    assert 'role="img" aria-labelledby="chart-channels-title chart-channels-desc"' in page
    assert '<title id="chart-channels-title">Visits by channel</title>' in page
    assert "the highest is Online with 2" in page
    # The table beside the chart lists the same values.
    assert '<th scope="row">Kiosk</th><td class="num">1</td>' in page
    assert "<script" not in page


def test_counter_utilisation_keeps_staff_only_time_apart(admin_client, refreshed):
    response = admin_client.get(dashboard_url(refreshed), PERIOD)
    usage = response.context["dashboard"].utilisation
    # Citizens: A 180 min open, 40 booked; B 180 open, 20 booked. Staff only: 60, 10 booked.
    assert (usage.citizen_minutes, usage.citizen_booked_minutes) == (360, 60)
    assert (usage.staff_only_minutes, usage.booked_staff_only_minutes) == (60, 10)


def test_desk_figures_and_hand_offs(admin_client, refreshed):
    response = admin_client.get(dashboard_url(refreshed), PERIOD)
    desk = {row.stage: row for row in response.context["dashboard"].desk}
    assert desk["appointment"].average_wait_minutes == pytest.approx(3.5)  # (2 + 5) / 2
    assert desk["appointment"].average_service_minutes == pytest.approx(10)
    assert desk["walk_in"].average_wait_minutes == pytest.approx(3)  # (5 + 1) / 2
    assert (desk["hand_off"].queued, desk["hand_off"].served) == (1, 1)
    assert response.context["dashboard"].totals.multi_counter_completion == 1


def test_a_location_filter_of_another_municipality_is_refused(admin_client, refreshed, other_hall):
    response = admin_client.get(
        dashboard_url(refreshed), {**PERIOD, "location": other_hall.location.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["dashboard"].scope.location_id is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"first_day": "yesterday"}, "Enter a valid date."),
        ({"first_day": "2026-03-10", "last_day": "2026-03-01"}, "must not be before"),
        ({"first_day": "2020-01-01", "last_day": "2026-03-01"}, "at most 731 days"),
        ({"first_day": "9999-01-01", "last_day": "9999-01-02"}, "between 2000 and 2100"),
    ],
)
def test_bad_filters_are_explained_not_a_500(admin_client, refreshed, query, message):
    response = admin_client.get(dashboard_url(refreshed), query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_export_lists_the_days_rows(admin_client, refreshed):
    response = admin_client.get(
        dashboard_url(refreshed, "statistics:export", table="visits"), PERIOD
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["day", "municipality_nis_code", "location_slug", "channel", "kind"]
    assert len(rows) == 1 + 6
    assert {row[1] for row in rows[1:]} == {"23027"}


def test_an_unknown_export_or_chart_is_404(admin_client, refreshed):
    assert (
        admin_client.get(dashboard_url(refreshed, "statistics:export", table="x")).status_code
        == 404
    )
    assert (
        admin_client.get(dashboard_url(refreshed, "statistics:chart", name="x")).status_code == 404
    )


def test_a_chart_alone_is_an_svg_file(admin_client, refreshed):
    response = admin_client.get(
        dashboard_url(refreshed, "statistics:chart", name="waiting"), PERIOD
    )
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    body = response.content.decode()
    assert body.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title" in body and "<desc" in body


@pytest.mark.parametrize("name", ["statistics:dashboard", "statistics:export", "statistics:chart"])
def test_an_admin_of_another_municipality_gets_404(client, refreshed, other_hall, name):
    verify(client, other_hall.admin)
    kwargs = {"statistics:export": {"table": "visits"}, "statistics:chart": {"name": "days"}}
    assert client.get(dashboard_url(refreshed, name, **kwargs.get(name, {}))).status_code == 404


def test_counter_staff_may_not_see_statistics(client, refreshed):
    client.force_login(refreshed.clerk)
    assert client.get(dashboard_url(refreshed)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, refreshed):
    response = client.get(dashboard_url(refreshed))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login"))


def test_an_admin_without_second_factor_is_sent_to_set_it_up(client, refreshed):
    client.force_login(refreshed.admin)
    response = client.get(dashboard_url(refreshed))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:otp-setup"))


def test_the_operator_sees_every_municipality_and_flanders(operator_client, refreshed, other_hall):
    assert operator_client.get(dashboard_url(other_hall), PERIOD).status_code == 200
    response = operator_client.get(reverse("statistics:flanders"), PERIOD)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.totals.booked == 12
    assert [row.slug for row in dashboard.by_municipality] == ["andere", "halle"]
    assert "Statistics for Flanders" in response.content.decode()


def test_only_the_operator_sees_flanders(admin_client):
    assert admin_client.get(reverse("statistics:flanders")).status_code == 404


def test_the_desk_links_admins_to_the_dashboard(admin_client, refreshed):
    response = admin_client.get(dashboard_url(refreshed, "desk:overview"))
    assert dashboard_url(refreshed) in response.content.decode()


def test_the_main_page_shortens_long_lists_and_the_details_page_has_them_whole(
    admin_client, refreshed, settings
):
    from balie.statistics import views

    original = views.MAIN_PAGE_ROWS
    views.MAIN_PAGE_ROWS = 1
    try:
        main = admin_client.get(dashboard_url(refreshed), PERIOD).content.decode()
        details = admin_client.get(dashboard_url(refreshed, "statistics:details"), PERIOD)
    finally:
        views.MAIN_PAGE_ROWS = original
    # Identity card has the most appointments, so the one-row list keeps it only
    assert '<th scope="row">Passport</th><td class="num">2</td>' not in main
    assert "Town hall – B" not in main  # utilisation per location on the main page
    page = details.content.decode()
    assert '<th scope="row">Passport</th><td class="num">2</td>' in page
    assert "Town hall – B" in page
