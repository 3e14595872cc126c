# SPDX-License-Identifier: EUPL-1.2
"""An admin of one municipality sees nothing of another's and can choose nothing of it.

Per page: the other municipality's pages answer 404, its rows are not reachable by id from
one's own pages, and no choice list offers (or accepts) its locations, counters or products.
The platform operator gets the same narrow choice lists on the municipality being edited.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.backoffice.tests.conftest import signed_in
from balie.catalog.models import ClosingDay, CounterService, IpdcConcept
from balie.desk.selectors import local_today
from balie.desk.tests.conftest import book_visit, this_minute
from balie.tenants.models import StaffMembership

pytestmark = pytest.mark.django_db

PAGES_WITHOUT_IDS = [
    "home",
    "locations",
    "location-new",
    "closing-days",
    "products",
    "concepts",
    "rules",
    "appointments",
    "appointments-export",
    "staff",
    "message-templates",
    "message-failures",
]


@pytest.mark.parametrize("name", PAGES_WITHOUT_IDS)
def test_another_municipalitys_pages_answer_not_found(admin_client, other_town, name):
    # Given the admin of Asdorp, when they open one of Bedorp's pages, then: 404.
    response = admin_client.get(reverse(f"backoffice:{name}", args=[other_town.municipality.slug]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", PAGES_WITHOUT_IDS)
def test_own_pages_open(admin_client, town, name, concepts):
    response = admin_client.get(reverse(f"backoffice:{name}", args=[town.municipality.slug]))

    assert response.status_code == 200


def _foreign_ids(other_town) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    visit = book_visit(
        other_town,
        start=this_minute() + timedelta(days=1),
        legs=[(other_town.counter_a, other_town.eid)],
    )
    with scopes_disabled():
        closing = ClosingDay.objects.create(
            municipality=other_town.municipality,
            date=local_today(municipality=other_town.municipality) + timedelta(days=30),
        )
        clerk_membership = StaffMembership.objects.get(user=other_town.clerk)
    return {
        "location": [other_town.location.pk],
        "location-edit": [other_town.location.pk],
        "location-hours": [other_town.location.pk],
        "counter-hours": [other_town.counter_a.pk],
        "product": [other_town.eid.pk],
        "appointment": [visit.reference],
        "closing-day-delete": [closing.pk],
        "appointment-cancel": [visit.reference],
        "staff-member": [clerk_membership.pk],
    }


def test_another_municipalitys_rows_are_not_reachable_from_own_pages(
    admin_client, town, other_town
):
    # Given Bedorp's location, counter, product, closing day and appointment,
    for name, args in _foreign_ids(other_town).items():
        url = reverse(f"backoffice:{name}", args=[town.municipality.slug, *args])
        # when Asdorp's admin opens or posts to them under Asdorp's address,
        response = (
            admin_client.post(url)
            if name in ("closing-day-delete", "appointment-cancel", "staff-member")
            else admin_client.get(url)
        )
        # then they do not exist,
        assert response.status_code == 404, name
    # and nothing changed.
    with scopes_disabled():
        assert ClosingDay.objects.filter(municipality=other_town.municipality).count() == 1


def _choices_on_own_pages(client, town) -> str:  # type: ignore[no-untyped-def]
    slug = town.municipality.slug
    concept = IpdcConcept.objects.first()
    assert concept is not None
    urls = [
        reverse("backoffice:product", args=[slug, town.eid.pk]),
        reverse("backoffice:product-from-concept", args=[slug, concept.pk]),
        reverse("backoffice:closing-days", args=[slug]),
        reverse("backoffice:appointments", args=[slug]),
        reverse("backoffice:location", args=[slug, town.location.pk]),
    ]
    return "".join(client.get(url).content.decode() for url in urls)


def test_no_choice_list_offers_another_municipalitys_rows(
    admin_client, town, other_town, concepts
):
    # Given two municipalities whose ids never coincide,
    own_ids = {town.counter_a.pk, town.counter_b.pk, town.counter_c.pk, town.eid.pk}
    foreign = {other_town.counter_a.pk, other_town.counter_b.pk, other_town.counter_c.pk}
    assert not own_ids & foreign
    # when Asdorp's admin opens every page with a choice list,
    html = _choices_on_own_pages(admin_client, town)
    # then their own counters are offered and none of Bedorp's.
    assert f'name="serve_{town.counter_a.pk}"' in html
    assert f'value="c{town.counter_a.pk}"' in html
    for counter_id in foreign:
        assert f'name="serve_{counter_id}"' not in html
        assert f'value="c{counter_id}"' not in html
        assert f'<option value="{counter_id}">' not in html
    assert f'value="l{other_town.location.pk}"' not in html
    assert f'<option value="{other_town.eid.pk}">' not in html


def test_the_operator_is_offered_only_the_edited_municipalitys_rows(
    client, town, other_town, concepts
):
    # Given the platform operator, who may edit every municipality,
    operator = User.objects.create_superuser("operator", "op@example.org", "correct-horse-battery")
    town.admin = operator
    signed_in(client, town)
    # when they edit Asdorp,
    html = _choices_on_own_pages(client, town)
    # then Bedorp's counters and location are not on offer.
    assert f'name="serve_{town.counter_a.pk}"' in html
    for counter in (other_town.counter_a, other_town.counter_b, other_town.counter_c):
        assert f'name="serve_{counter.pk}"' not in html
        assert f'value="c{counter.pk}"' not in html
    assert f'value="l{other_town.location.pk}"' not in html


def test_a_posted_foreign_counter_is_refused_and_nothing_is_saved(admin_client, town, other_town):
    slug = town.municipality.slug
    day = local_today(municipality=town.municipality) + timedelta(days=40)
    # When Asdorp's admin forges a closing day for Bedorp's counter,
    response = admin_client.post(
        reverse("backoffice:closing-days", args=[slug]),
        {"day": day.isoformat(), "where": f"c{other_town.counter_a.pk}"},
    )
    # then the choice is refused and no closing day exists anywhere.
    assert response.status_code == 400
    with scopes_disabled():
        assert not ClosingDay.objects.exists()

    # When they forge "served by Bedorp's counter" on their own product,
    response = admin_client.post(
        reverse("backoffice:product", args=[slug, town.eid.pk]),
        {
            "title_nl": "Identiteitskaart",
            "theme": "BurgerOverheid",
            "max_quantity": "1",
            f"serve_{other_town.counter_a.pk}": "on",
            f"duration_{other_town.counter_a.pk}": "10",
            f"serve_{town.counter_a.pk}": "on",
            f"duration_{town.counter_a.pk}": "10",
        },
    )
    # then only their own counter serves it.
    assert response.status_code == 302
    with scopes_disabled():
        counters = set(
            CounterService.objects.filter(product=town.eid).values_list("counter_id", flat=True)
        )
    assert counters == {town.counter_a.pk}


def test_the_appointment_search_finds_nothing_of_another_municipality(
    admin_client, town, other_town
):
    # Given one appointment in each town,
    tomorrow = this_minute() + timedelta(days=1)
    own = book_visit(town, start=tomorrow, legs=[(town.counter_a, town.eid)])
    foreign = book_visit(other_town, start=tomorrow, legs=[(other_town.counter_a, other_town.eid)])
    slug = town.municipality.slug

    def search(reference: str) -> tuple[str, str]:
        html = admin_client.get(
            reverse("backoffice:appointments", args=[slug]), {"q": reference}
        ).content.decode()
        export = b"".join(
            admin_client.get(
                reverse("backoffice:appointments-export", args=[slug]), {"q": reference}
            ).streaming_content
        ).decode()
        return html, export

    # when Asdorp's admin searches both references, list and export,
    own_html, own_export = search(own.reference)
    foreign_html, foreign_export = search(foreign.reference)

    # then only their own appointment is found.
    assert f">{own.reference}</a>" in own_html and own.reference in own_export
    assert f">{foreign.reference}</a>" not in foreign_html
    assert "No appointments match." in foreign_html
    assert foreign.reference not in foreign_export


def test_the_back_office_index_offers_only_the_municipalities_one_configures(
    admin_client, town, other_town, client
):
    # An admin of one municipality goes straight to its back office,
    response = admin_client.get(reverse("backoffice:index"))
    assert response["Location"] == reverse("backoffice:home", args=[town.municipality.slug])
    # counter staff have none to configure,
    client.force_login(other_town.clerk)
    assert client.get(reverse("backoffice:index")).status_code == 404
    # and the operator chooses among all.
    operator = User.objects.create_superuser("operator", "op@example.org", "x-long-password-1")
    client.force_login(operator)
    html = client.get(reverse("backoffice:index")).content.decode()
    assert "Asdorp" in html and "Bedorp" in html


def test_appointments_are_found_by_day_product_and_counter(admin_client, town):
    # Given two visits: tomorrow at counter A for the eID, the day after at B for a passport,
    tomorrow = timezone.localtime(this_minute() + timedelta(days=1)).replace(hour=10, minute=0)
    first = book_visit(town, start=tomorrow, legs=[(town.counter_a, town.eid)])
    second = book_visit(
        town, start=tomorrow + timedelta(days=1), legs=[(town.counter_b, town.passport)]
    )
    url = reverse("backoffice:appointments", args=[town.municipality.slug])

    def found(**criteria: object) -> set[str]:
        html = admin_client.get(url, criteria).content.decode()
        return {ref for ref in (first.reference, second.reference) if f">{ref}</a>" in html}

    # then each criterion narrows the list to the matching one.
    assert found(day=tomorrow.date().isoformat()) == {first.reference}
    assert found(product=town.passport.pk) == {second.reference}
    assert found(counter=town.counter_a.pk) == {first.reference}
    assert found(q="peeters") == {first.reference, second.reference}
