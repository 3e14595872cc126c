# SPDX-License-Identifier: EUPL-1.2
"""Open data: suppressed aggregates only, DCAT-AP that validates, no personal data ever."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF

from balie.booking.models import Channel
from balie.statistics.dcat import QB, STAT
from balie.statistics.selectors import suppress_count, suppress_rate
from balie.statistics.services import refresh_statistics, snapshot_first_free
from balie.statistics.tests.conftest import DAY, at, reserve
from balie.statistics.tests.test_dashboard import verify

SHAPES = Path(__file__).resolve().parents[1] / "shapes" / "dcat-ap-mandatory.ttl"
PERSONAL = ("Anna", "Vermeulen", "anna.vermeulen@example.org", "32470123456", "85073003328")


@pytest.fixture
def published(hall, other_hall):
    for town in (hall, other_hall):
        refresh_statistics(municipality=town.municipality, first_day=DAY, last_day=DAY, now=at(18))
    # The day before, a first-free measurement (a day with no visits still says it).
    snapshot_first_free(municipality=hall.municipality, now=at(10, day=DAY.replace(day=9)))
    return hall


def get(client, route: str, **kwargs):
    return client.get(reverse(route, kwargs=kwargs))


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def csv_rows(client, slug: str, query: str = "") -> list[dict[str, str]]:
    url = reverse("statistics:daily", kwargs={"municipality_slug": slug, "extension": "csv"})
    response = client.get(url + query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (120, 120)])
def test_counts_from_one_to_the_threshold_are_left_out(value, shown):
    assert suppress_count(value, minimum=5) == shown


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(0, 10, 0.0), (1, 10, None), (5, 10, 0.5), (0, 4, None), (5, 5, 1.0)],
)
def test_a_rate_is_shown_only_when_neither_count_would_be_hidden(numerator, denominator, shown):
    assert suppress_rate(numerator, denominator, minimum=5) == shown


def test_with_the_default_threshold_every_small_count_of_the_fixture_is_empty(client, published):
    rows = {
        row["product"]: (
            row["appointments"],
            row["cancellations"],
            row["walk_ins"],
            row["no_show_rate"],
        )
        for row in csv_rows(client, "halle")
        if row["date"] == DAY.isoformat()
    }
    # eid: 4 kept, 1 cancelled, 1 walk-in; passport: 2 kept, none cancelled, 1 walk-in.
    assert rows == {"halle-eid": ("", "", "", ""), "halle-passport": ("", "0", "", "")}


def test_counts_at_or_above_the_threshold_are_published(client, published, settings):
    settings.BALIE_OPEN_DATA_MIN_COUNT = 2
    rows = {row["product"]: row for row in csv_rows(client, "halle", f"?from={DAY}&to={DAY}")}
    eid, passport = rows["halle-eid"], rows["halle-passport"]
    assert (eid["appointments"], eid["cancellations"], eid["walk_ins"]) == ("4", "", "")
    # eid: no no-show among 2 recorded outcomes; passport: 1 of 2, hidden (1 < 2).
    assert (eid["no_show_rate"], passport["no_show_rate"]) == ("0.0", "")
    assert (passport["appointments"], passport["cancellations"]) == ("2", "0")
    assert eid["nis_code"] == "23027" and eid["location"] == "hall"


def test_a_day_with_only_a_first_free_measurement_is_published(client, published):
    rows = [row for row in csv_rows(client, "halle") if row["date"] == "2026-03-09"]
    # Measured Monday 10:00; counter A's first free start is Tuesday 09:20.
    assert {row["product"]: row["first_free_minutes"] for row in rows} == {
        "halle-eid": str(23 * 60 + 20),
        "halle-passport": str(23 * 60),
    }


def test_today_is_not_published_while_it_still_changes(client, published):
    from django.utils import timezone

    now = timezone.now()
    with scopes_disabled():
        reserve(
            published, channel=Channel.ONLINE, legs=[(published.counter_a, published.eid, now, 10)]
        )
    today = timezone.localdate()
    refresh_statistics(municipality=published.municipality, first_day=today, last_day=today)
    assert today.isoformat() not in {row["date"] for row in csv_rows(client, "halle")}


def test_the_open_data_of_one_municipality_holds_only_its_own_rows(client, published, other_hall):
    rows = csv_rows(client, "halle")
    assert {row["municipality"] for row in rows} == {"halle"}
    assert not any(row["product"].startswith("andere") for row in rows)
    other = csv_rows(client, "andere")
    assert {row["nis_code"] for row in other} == {"23088"}


def test_no_personal_data_in_any_open_file(client, published):
    responses = [
        get(client, "statistics:daily", municipality_slug="halle", extension="csv"),
        get(client, "statistics:daily", municipality_slug="halle", extension="ttl"),
        get(client, "statistics:dataset-file", municipality_slug="halle", extension="ttl"),
        get(client, "statistics:catalog-file", extension="jsonld"),
        get(client, "statistics:dataset", municipality_slug="halle"),
        get(client, "api:statistics-open-data", municipality_slug="halle"),
    ]
    for response in responses:
        assert response.status_code == 200
        text = body(response)
        for value in PERSONAL:
            assert value not in text, (response.wsgi_request.path, value)


def test_bad_dates_are_a_clear_400(client, published):
    url = reverse("statistics:daily", kwargs={"municipality_slug": "halle", "extension": "csv"})
    response = client.get(url + "?from=tomorrow")
    assert response.status_code == 400
    assert "must be a date" in response.content.decode()
    assert client.get(url + "?from=2026-03-10&to=2026-03-01").status_code == 400
    assert (
        get(client, "statistics:daily", municipality_slug="halle", extension="xml").status_code
        == 404
    )
    assert get(client, "statistics:dataset", municipality_slug="nowhere").status_code == 404


def test_the_figures_as_linked_data_match_the_csv(client, published, settings):
    settings.BALIE_OPEN_DATA_MIN_COUNT = 2
    graph = Graph().parse(
        data=body(get(client, "statistics:daily", municipality_slug="halle", extension="ttl")),
        format="turtle",
    )
    observations = set(graph.subjects(RDF.type, QB.Observation))
    assert len(observations) == len(csv_rows(client, "halle"))
    appointments = {int(value) for value in graph.objects(None, STAT.appointments)}
    assert appointments == {4, 2, 0}


def dcat_graph(client, route: str, **kwargs) -> Graph:
    response = get(client, route, **kwargs)
    assert response["Access-Control-Allow-Origin"] == "*"
    return Graph().parse(data=response.content.decode(), format="turtle")


def test_the_dataset_description_validates_and_lists_every_distribution(client, published):
    graph = dcat_graph(
        client, "statistics:dataset-file", municipality_slug="halle", extension="ttl"
    )
    conforms, _report, text = validate(graph, shacl_graph=str(SHAPES))
    assert conforms, text
    (dataset,) = graph.subjects(RDF.type, DCAT.Dataset)
    listed = set(graph.objects(dataset, DCAT.distribution))
    assert listed == set(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(listed) == 3
    # Every distribution can be fetched where it says.
    for distribution in listed:
        url = str(graph.value(distribution, DCAT.accessURL)).removeprefix("http://testserver")
        assert client.get(url).status_code == 200, url
    service = graph.value(predicate=DCAT.servesDataset, object=dataset)
    assert service is not None


def test_the_json_ld_description_is_the_same_graph(client, published):
    turtle = dcat_graph(
        client, "statistics:dataset-file", municipality_slug="halle", extension="ttl"
    )
    response = get(
        client, "statistics:dataset-file", municipality_slug="halle", extension="jsonld"
    )
    json.loads(response.content)
    assert isomorphic(turtle, Graph().parse(data=response.content.decode(), format="json-ld"))


def test_the_catalog_has_a_dataset_per_municipality_and_validates(client, published):
    graph = dcat_graph(client, "statistics:catalog-file", extension="ttl")
    conforms, _report, text = validate(graph, shacl_graph=str(SHAPES))
    assert conforms, text
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == {
        URIRef(f"http://testserver/{slug}/open-data/#dataset") for slug in ("andere", "halle")
    }
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == 6


# --- the API ------------------------------------------------------------------------------


def test_the_open_data_api_is_public_and_suppressed(client, published, settings):
    settings.BALIE_OPEN_DATA_MIN_COUNT = 2
    response = client.get(
        reverse("api:statistics-open-data", kwargs={"municipality_slug": "halle"}),
        {"from": "2026-03-10", "to": "2026-03-10"},
    )
    assert response.status_code == 200
    rows = {row["product"]: row for row in response.json()}
    assert rows["halle-eid"]["appointments"] == 4
    assert rows["halle-eid"]["cancellations"] is None


@pytest.mark.parametrize("query", [{"to": ""}, {"from": "10 March"}, {"location": ""}])
def test_the_open_data_api_explains_bad_input(client, published, query):
    url = reverse("api:statistics-open-data", kwargs={"municipality_slug": "halle"})
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "validation_error"
    assert set(response.json()["errors"]) == set(query)


def test_the_open_data_api_answers_any_period_between_two_valid_days(client, published):
    # Rules between two fields are beyond what the schema can state: a reversed period
    # has no rows, and a long one is cut at 366 days.
    url = reverse("api:statistics-open-data", kwargs={"municipality_slug": "halle"})
    reversed_period = client.get(url, {"from": "2026-03-10", "to": "2026-03-01"})
    assert reversed_period.status_code == 200 and reversed_period.json() == []
    long_period = client.get(url, {"from": "2026-03-01", "to": "2099-01-01"})
    assert long_period.status_code == 200
    days = {row["date"] for row in long_period.json()}
    assert "2026-03-10" in days and max(days) <= "2027-03-01"


def summary_url(slug: str) -> str:
    return reverse("api:statistics-summary", kwargs={"municipality_slug": slug})


def test_the_summary_api_gives_an_admin_the_full_figures(client, published):
    verify(client, published.admin)
    response = client.get(summary_url("halle"), {"from": "2026-03-10", "to": "2026-03-10"})
    assert response.status_code == 200
    data = response.json()
    assert data["totals"]["booked"] == 6
    assert data["totals"]["no_show_rate"] == pytest.approx(1 / 3)
    assert {row["channel"]: row["walk_ins"] for row in data["by_channel"]}["kiosk"] == 1


def test_the_summary_api_keeps_tenants_apart(client, published, other_hall):
    assert client.get(summary_url("halle")).status_code == 401
    client.force_login(published.clerk)
    assert client.get(summary_url("halle")).status_code == 403
    verify(client, other_hall.admin)
    response = client.get(summary_url("halle"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "query", [{"from": "9999-12-31"}, {"to": "0001-01-01"}, {"from": "1999-12-31"}]
)
def test_dates_far_away_are_a_400_not_a_500(client, published, query):
    url = reverse("api:statistics-open-data", kwargs={"municipality_slug": "halle"})
    assert client.get(url, query).status_code == 400
    verify(client, published.admin)
    assert client.get(summary_url("halle"), query).status_code == 400
    dashboard = reverse("statistics:dashboard", kwargs={"municipality_slug": "halle"})
    first, last = query.get("from", ""), query.get("to", "")
    response = client.get(dashboard, {"first_day": first, "last_day": last})
    assert response.status_code == 200
    assert "between 2000 and 2100" in response.content.decode()
