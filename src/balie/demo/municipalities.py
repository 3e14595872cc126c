# SPDX-License-Identifier: EUPL-1.2
"""Two fictional municipalities: their sites, counters, services and calendars.

Names, NIS codes, postcodes and addresses are invented. The NIS codes use the 9xx range
within a real arrondissement, which Statbel has never assigned, so they stay well-formed
without colliding with a real municipality. E-mail and web addresses use the reserved
``.example`` top-level domain so nobody mails a real address from the demo.
"""

from dataclasses import dataclass, field
from datetime import date, time

from balie.catalog.models import Weekday
from balie.demo.products import PRODUCTS

MON, TUE, WED, THU, FRI, SAT = (
    Weekday.MONDAY,
    Weekday.TUESDAY,
    Weekday.WEDNESDAY,
    Weekday.THURSDAY,
    Weekday.FRIDAY,
    Weekday.SATURDAY,
)
WORKDAYS = (MON, TUE, WED, THU, FRI)

# Like Gistel (see the reference): no evening opening in the school summer holiday.
# Today is late 2026, so the next summer is the one that matters for bookings.
SUMMER_START = date(2027, 7, 15)
SUMMER_END = date(2027, 8, 15)


@dataclass(frozen=True)
class HoursSpec:
    weekday: int
    start: time
    end: time
    staff_only: bool = False
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class ServiceSpec:
    product: str
    # Written for a 10-minute grid; the loader rounds up for coarser grids.
    duration: int
    extra_per_quantity: int = 0


@dataclass(frozen=True)
class CounterSpec:
    name: str
    services: tuple[ServiceSpec, ...]
    hours: tuple[HoursSpec, ...]
    active: bool = True


@dataclass(frozen=True)
class LocationSpec:
    slug: str
    name: str
    street: str
    house_number: str
    postcode: str
    phone: str
    email: str
    walking_gap_minutes: int
    counters: tuple[CounterSpec, ...]


@dataclass(frozen=True)
class ClosingSpec:
    date: date
    reason: str
    recurring_yearly: bool = False
    location: str | None = None
    # (location slug, counter name)
    counter: tuple[str, str] | None = None


@dataclass(frozen=True)
class MunicipalitySpec:
    slug: str
    name: str
    nis_code: str
    granularity_minutes: int
    lead_time_minutes: int
    horizon_days: int
    hold_minutes: int
    formal_address: bool
    primary_colour: str
    accent_colour: str
    website: str
    product_slugs: tuple[str, ...]
    locations: tuple[LocationSpec, ...]
    closing_days: tuple[ClosingSpec, ...] = field(default_factory=tuple)


def _t(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def hours(
    days: tuple[int, ...] | int,
    start: str,
    end: str,
    *,
    staff_only: bool = False,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> list[HoursSpec]:
    weekdays = days if isinstance(days, tuple) else (days,)
    return [
        HoursSpec(day, _t(start), _t(end), staff_only, valid_from, valid_until) for day in weekdays
    ]


def except_summer(days: tuple[int, ...] | int, start: str, end: str) -> list[HoursSpec]:
    """The same range before and after the summer break, as two rows of disjoint validity."""
    before = hours(days, start, end, valid_until=date.fromordinal(SUMMER_START.toordinal() - 1))
    after = hours(days, start, end, valid_from=date.fromordinal(SUMMER_END.toordinal() + 1))
    return before + after


def services(*groups: tuple[ServiceSpec, ...]) -> tuple[ServiceSpec, ...]:
    merged: dict[str, ServiceSpec] = {}
    for group in groups:
        for service in group:
            merged.setdefault(service.product, service)
    return tuple(merged.values())


S = ServiceSpec

IDENTITY = (
    S("eid", 10, 10),
    S("kids-id", 10, 10),
    S("pin-puk", 10),
    S("reispas", 20, 20),
    S("reistoelating-minderjarigen", 10),
)
DRIVING = (
    S("rijbewijs", 10),
    S("voorlopig-rijbewijs", 10),
    S("internationaal-rijbewijs", 10),
)
REGISTERS = (
    S("adreswijziging", 20),
    S("verhuis-buitenland", 20),
    S("attest-hoofdverblijfplaats", 10),
    S("attest-gezinssamenstelling", 10),
    S("attest-leven", 10),
    S("attest-nationaliteit", 10),
    S("uittreksel-strafregister", 10),
    S("wettiging-handtekening", 10),
    S("eensluidend-verklaarde-kopie", 10, 10),
)
END_OF_LIFE = (
    S("wilsverklaring-euthanasie", 20),
    S("orgaandonatie", 10),
)
CIVIL_STATUS = (
    S("geboorteaangifte", 20),
    S("erkenning-kind", 30),
    S("huwelijksaangifte", 30),
    S("huwelijk", 30),
    S("wettelijk-samenwonen", 20),
    S("overlijdensaangifte", 30),
    S("laatste-wilsbeschikking", 10),
    S("veranderen-voornaam", 30),
)
FOREIGNERS = (
    S("vreemdelingenkaart", 20, 10),
    S("identiteitsbewijs-niet-belgisch-kind", 10, 10),
    S("adreswijziging", 20),
    S("pin-puk", 10),
    S("attest-hoofdverblijfplaats", 10),
    S("attest-gezinssamenstelling", 10),
)
PLANNING = (
    S("omgeving-voorafgaand-overleg", 40),
    S("omgevingsvergunning", 60),
    S("stedenbouwkundig-attest", 30),
    S("stedenbouwkundig-uittreksel", 20),
    S("huisnummer", 20),
)
ENVIRONMENT = (
    S("afvalcontainer", 10),
    S("compostvat-premie", 10),
    S("grofvuil", 10),
)
MOBILITY = (
    S("bewonerskaart", 10),
    S("tijdelijk-parkeerverbod", 10),
    S("parkeerplaats-handicap", 20),
)

# --- Demerdonk: a small municipality, everything in one town hall -------------------------

DEMERDONK = MunicipalitySpec(
    slug="demerdonk",
    name="Demerdonk",
    nis_code="24901",
    granularity_minutes=15,
    lead_time_minutes=120,
    horizon_days=60,
    hold_minutes=10,
    formal_address=False,
    primary_colour="#2e6b30",
    accent_colour="#f2b705",
    website="https://www.demerdonk.example",
    product_slugs=tuple(spec.slug for spec in PRODUCTS if spec.in_small),
    locations=(
        LocationSpec(
            slug="gemeentehuis",
            name="Gemeentehuis",
            street="Dorpsplein",
            house_number="1",
            postcode="3299",
            phone="016 99 10 00",
            email="burgerzaken@demerdonk.example",
            walking_gap_minutes=0,
            counters=(
                CounterSpec(
                    name="Burgerzaken 1",
                    services=services(
                        IDENTITY,
                        DRIVING,
                        REGISTERS,
                        END_OF_LIFE,
                        (S("vreemdelingenkaart", 20, 10), S("bewonerskaart", 10)),
                    ),
                    hours=(
                        # Staff keep the first half hour for phone and walk-in bookings.
                        *hours(WORKDAYS, "08:30", "09:00", staff_only=True),
                        *hours(WORKDAYS, "09:00", "12:00"),
                        *except_summer(TUE, "16:00", "19:30"),
                        *hours(SAT, "09:00", "12:00"),
                    ),
                ),
                CounterSpec(
                    name="Burgerzaken 2",
                    # A small town hall: civil status shares the population counters.
                    services=services(
                        IDENTITY, REGISTERS, CIVIL_STATUS, (S("vreemdelingenkaart", 20, 10),)
                    ),
                    hours=(
                        *hours(WORKDAYS, "09:00", "12:00"),
                        *hours(WED, "13:30", "16:00"),
                        *except_summer(TUE, "16:00", "19:30"),
                    ),
                ),
                CounterSpec(
                    name="Omgeving en milieu",
                    services=services(PLANNING, ENVIRONMENT),
                    hours=(
                        *hours((MON, TUE, WED, THU), "09:00", "12:00"),
                        *hours(THU, "13:30", "16:00"),
                    ),
                ),
            ),
        ),
    ),
    closing_days=(
        ClosingSpec(date(2026, 7, 11), "Feest van de Vlaamse Gemeenschap", recurring_yearly=True),
        ClosingSpec(date(2026, 11, 2), "Allerzielen", recurring_yearly=True),
        ClosingSpec(date(2026, 12, 24), "Kerstavond", recurring_yearly=True),
        ClosingSpec(date(2026, 12, 31), "Oudejaarsdag", recurring_yearly=True),
        ClosingSpec(
            date(2027, 3, 11),
            "Opleiding Omgevingsloket",
            location="gemeentehuis",
            counter=("gemeentehuis", "Omgeving en milieu"),
        ),
    ),
)

# --- Scheldemeer: a city with a town hall, two district offices and a technical site ------


def _population_counter(name: str, *, extra_hours: tuple[HoursSpec, ...] = ()) -> CounterSpec:
    return CounterSpec(
        name=name,
        services=services(IDENTITY, REGISTERS, END_OF_LIFE),
        hours=(*hours(WORKDAYS, "08:30", "12:00"), *extra_hours),
    )


def _district_counter(name: str, *, opening: tuple[HoursSpec, ...]) -> CounterSpec:
    return CounterSpec(
        name=name,
        services=services(
            IDENTITY,
            (S("rijbewijs", 10), S("voorlopig-rijbewijs", 10)),
            REGISTERS,
            (S("bewonerskaart", 10),),
        ),
        hours=opening,
    )


SCHELDEMEER = MunicipalitySpec(
    slug="scheldemeer",
    name="Scheldemeer",
    nis_code="44901",
    granularity_minutes=10,
    lead_time_minutes=60,
    horizon_days=90,
    hold_minutes=10,
    formal_address=True,
    primary_colour="#0b3d6b",
    accent_colour="#ffd200",
    website="https://www.scheldemeer.example",
    product_slugs=tuple(spec.slug for spec in PRODUCTS),
    locations=(
        LocationSpec(
            slug="stadhuis",
            name="Stadhuis",
            street="Grote Markt",
            house_number="1",
            postcode="9299",
            phone="09 299 10 00",
            email="burgerzaken@scheldemeer.example",
            walking_gap_minutes=2,
            counters=(
                CounterSpec(
                    name="Bevolking 1",
                    services=services(IDENTITY, REGISTERS, END_OF_LIFE),
                    hours=(
                        *hours(WORKDAYS, "08:30", "09:00", staff_only=True),
                        *hours(WORKDAYS, "09:00", "12:00"),
                        *hours(WED, "13:30", "16:00"),
                        *except_summer(THU, "16:00", "19:30"),
                        *hours(SAT, "09:00", "12:00"),
                    ),
                ),
                _population_counter(
                    "Bevolking 2",
                    extra_hours=(
                        *except_summer(THU, "16:00", "19:30"),
                        *hours(SAT, "09:00", "12:00"),
                    ),
                ),
                _population_counter(
                    "Bevolking 3",
                    extra_hours=(*hours((MON, WED), "13:30", "16:00"),),
                ),
                CounterSpec(
                    name="Rijbewijzen",
                    services=services(DRIVING, (S("pin-puk", 10),)),
                    hours=(
                        *hours(WORKDAYS, "08:30", "12:00"),
                        *hours(THU, "16:00", "19:30"),
                    ),
                ),
                CounterSpec(
                    # Kept in the data but switched off: it is being refurbished.
                    name="Bevolking 5",
                    services=services(IDENTITY, REGISTERS),
                    hours=(*hours(WORKDAYS, "08:30", "12:00"),),
                    active=False,
                ),
                CounterSpec(
                    name="Burgerlijke stand 1",
                    services=services(CIVIL_STATUS, END_OF_LIFE),
                    hours=(
                        *hours(WORKDAYS, "09:00", "12:00"),
                        *hours(TUE, "13:30", "16:00"),
                        # Saturday ceremonies and declarations.
                        *hours(SAT, "10:00", "12:00"),
                    ),
                ),
                CounterSpec(
                    name="Burgerlijke stand 2",
                    services=services(CIVIL_STATUS),
                    hours=(
                        *hours(WORKDAYS, "09:00", "12:00"),
                        *hours(FRI, "13:30", "16:00"),
                    ),
                ),
                CounterSpec(
                    name="Vreemdelingendienst 1",
                    services=FOREIGNERS,
                    hours=(
                        *hours((MON, TUE, THU, FRI), "08:30", "12:00"),
                        *hours(WED, "13:00", "16:00"),
                    ),
                ),
                CounterSpec(
                    name="Vreemdelingendienst 2",
                    services=FOREIGNERS,
                    hours=(
                        *hours((MON, TUE, THU, FRI), "08:30", "12:00"),
                        *hours(WED, "13:00", "16:00"),
                    ),
                ),
            ),
        ),
        LocationSpec(
            slug="district-oosterveld",
            name="Districtshuis Oosterveld",
            street="Kerkstraat",
            house_number="12",
            postcode="9298",
            phone="09 299 20 00",
            email="oosterveld@scheldemeer.example",
            walking_gap_minutes=0,
            counters=(
                _district_counter(
                    "Loket 1",
                    opening=(
                        *hours(WORKDAYS, "08:30", "12:00"),
                        *hours(TUE, "16:00", "19:00"),
                        *hours(SAT, "09:00", "12:00"),
                    ),
                ),
                _district_counter(
                    "Loket 2",
                    opening=(
                        *hours(WORKDAYS, "08:30", "12:00"),
                        *hours(TUE, "16:00", "19:00"),
                    ),
                ),
                _district_counter("Loket 3", opening=(*hours(WORKDAYS, "08:30", "12:00"),)),
            ),
        ),
        LocationSpec(
            slug="district-rietbroek",
            name="Districtshuis Rietbroek",
            street="Molenweg",
            house_number="3",
            postcode="9297",
            phone="09 299 30 00",
            email="rietbroek@scheldemeer.example",
            walking_gap_minutes=0,
            counters=tuple(
                _district_counter(
                    name,
                    opening=(
                        *hours((MON, WED, FRI), "08:30", "12:00"),
                        *hours(THU, "13:30", "18:30"),
                    ),
                )
                for name in ("Loket 1", "Loket 2")
            ),
        ),
        LocationSpec(
            slug="stadswinkel-technisch",
            name="Stadswinkel Technisch",
            street="Havenlaan",
            house_number="40",
            postcode="9299",
            phone="09 299 40 00",
            email="omgeving@scheldemeer.example",
            walking_gap_minutes=1,
            counters=(
                *(
                    CounterSpec(
                        name=name,
                        services=PLANNING,
                        # Omgeving works by appointment only, Monday to Thursday.
                        hours=(
                            *hours((MON, TUE, WED, THU), "09:00", "12:00"),
                            *hours((MON, TUE, WED, THU), "13:30", "16:00"),
                        ),
                    )
                    for name in ("Omgeving 1", "Omgeving 2")
                ),
                CounterSpec(
                    name="Milieu",
                    services=ENVIRONMENT,
                    hours=(*hours(WORKDAYS, "09:00", "12:00"), *hours(WED, "13:30", "16:00")),
                ),
                CounterSpec(
                    name="Mobiliteit en parkeren",
                    services=MOBILITY,
                    hours=(*hours(WORKDAYS, "09:00", "12:00"), *hours(THU, "13:30", "16:00")),
                ),
            ),
        ),
    ),
    closing_days=(
        ClosingSpec(date(2026, 7, 11), "Feest van de Vlaamse Gemeenschap", recurring_yearly=True),
        ClosingSpec(date(2026, 11, 2), "Allerzielen", recurring_yearly=True),
        ClosingSpec(date(2026, 12, 24), "Kerstavond", recurring_yearly=True),
        ClosingSpec(date(2026, 12, 31), "Oudejaarsdag", recurring_yearly=True),
        ClosingSpec(date(2027, 9, 6), "Kermismaandag Oosterveld", location="district-oosterveld"),
        ClosingSpec(
            date(2027, 2, 18),
            "Opleiding nieuwe vreemdelingenkaart",
            location="stadhuis",
            counter=("stadhuis", "Vreemdelingendienst 2"),
        ),
    ),
)

MUNICIPALITIES: tuple[MunicipalitySpec, ...] = (DEMERDONK, SCHELDEMEER)
