# SPDX-License-Identifier: EUPL-1.2
from datetime import time

import factory

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
)
from balie.tenants.tests.factories import MunicipalityFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Gemeentehuis {n}")
    slug = factory.Sequence(lambda n: f"gemeentehuis-{n}")
    street = "Markt"
    house_number = "1"
    postcode = "9999"
    municipality_name = factory.SelfAttribute("municipality.name")


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter

    location = factory.SubFactory(LocationFactory)
    municipality = factory.SelfAttribute("location.municipality")
    name = factory.Sequence(lambda n: f"Loket {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"product-{n}")
    title = factory.Sequence(lambda n: {"nl": f"Product {n}", "en": f"Product {n}"})
    theme = "BurgerOverheid"


class CounterServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounterService

    counter = factory.SubFactory(CounterFactory)
    municipality = factory.SelfAttribute("counter.municipality")
    product = factory.SubFactory(
        ProductFactory, municipality=factory.SelfAttribute("..municipality")
    )
    duration_minutes = 10


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    counter = factory.SubFactory(CounterFactory)
    municipality = factory.SelfAttribute("counter.municipality")
    weekday = 0
    start = time(9, 0)
    end = time(12, 0)


class ClosingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosingDay

    municipality = factory.SubFactory(MunicipalityFactory)
