# SPDX-License-Identifier: EUPL-1.2
"""Public pages; they only adapt selectors to templates."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from balie.catalog.selectors import list_bookable_products, list_locations
from balie.tenants.selectors import get_municipality, list_municipalities


def landing(request: HttpRequest) -> HttpResponse:
    municipalities = [
        (municipality, list_bookable_products(municipality=municipality))
        for municipality in list_municipalities()
    ]
    return render(request, "portal/landing.html", {"municipalities": municipalities})


def municipality_home(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = get_municipality(slug=municipality_slug)
    if municipality is None:
        raise Http404
    return render(
        request,
        "portal/municipality.html",
        {
            "municipality": municipality,
            "products": list_bookable_products(municipality=municipality),
            "locations": list_locations(municipality=municipality),
        },
    )
