# SPDX-License-Identifier: EUPL-1.2
"""Writes on the catalog: locations, counters, hours, closing days, products, booking rules.

Every function checks the whole change first and raises one ValidationError whose messages
say what to change in an admin's words; then it writes in one transaction, so nothing is ever
half-saved. Bulk writes bypass the signals, so they bump the catalog version themselves.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    IpdcConcept,
    Location,
    LocationHours,
    OpeningHours,
    Product,
    Weekday,
)
from balie.catalog.signals import bump_catalog_version
from balie.catalog.validators import RangeRule, find_clashing_pairs, is_on_grid
from balie.core.i18n import CONTENT_LANGUAGES
from balie.tenants.models import Municipality


@dataclass(frozen=True)
class HoursRange:
    """One opening range on a weekday, as an admin enters it."""

    weekday: int
    start: time
    end: time
    staff_only: bool = False
    valid_from: date | None = None
    valid_until: date | None = None

    def as_rule(self) -> RangeRule:
        return RangeRule(self.weekday, self.start, self.end, self.valid_from, self.valid_until)


def _day_name(weekday: int) -> str:
    return str(Weekday(weekday).label)


def _describe_range(item: HoursRange) -> str:
    return _("%(day)s %(start)s–%(end)s") % {
        "day": _day_name(item.weekday),
        "start": f"{item.start:%H:%M}",
        "end": f"{item.end:%H:%M}",
    }


def _nearest_on_grid(moment: time, granularity: int) -> tuple[str, str]:
    minutes = moment.hour * 60 + moment.minute
    lower = minutes // granularity * granularity
    upper = min(lower + granularity, 24 * 60 - granularity)
    return (f"{lower // 60:02d}:{lower % 60:02d}", f"{upper // 60:02d}:{upper % 60:02d}")


def check_hours(*, ranges: Sequence[HoursRange], granularity: int) -> list[str]:
    """What is wrong with a week of ranges, one sentence per problem (empty when fine)."""
    problems: list[str] = []
    for item in ranges:
        if item.end <= item.start:
            problems.append(
                _("%(range)s closes before it opens: make the closing time later.")
                % {"range": _describe_range(item)}
            )
        for moment in (item.start, item.end):
            if not is_on_grid(moment, granularity):
                lower, upper = _nearest_on_grid(moment, granularity)
                problems.append(
                    _(
                        "%(day)s %(time)s is not on the %(granularity)s-minute grid of "
                        "appointments: use %(lower)s or %(upper)s."
                    )
                    % {
                        "day": _day_name(item.weekday),
                        "time": f"{moment:%H:%M}",
                        "granularity": granularity,
                        "lower": lower,
                        "upper": upper,
                    }
                )
        if item.valid_from and item.valid_until and item.valid_until < item.valid_from:
            problems.append(
                _("%(range)s: the validity ends before it starts.")
                % {"range": _describe_range(item)}
            )
    valid = [item for item in ranges if item.end > item.start]
    for first, second in find_clashing_pairs([item.as_rule() for item in valid]):
        problems.append(
            _("%(first)s overlaps with %(second)s: change one of them or join them into one.")
            % {"first": _describe_range(valid[first]), "second": _describe_range(valid[second])}
        )
    return problems


def _raise_if(problems: Sequence[str]) -> None:
    if problems:
        raise ValidationError(list(problems))


# --- locations and counters -----------------------------------------------------------------


@dataclass(frozen=True)
class LocationValues:
    name: str
    street: str
    house_number: str
    postcode: str
    municipality_name: str
    box: str = ""
    phone: str = ""
    email: str = ""
    walking_gap_minutes: int = 0
    accessibility: dict[str, str] = field(default_factory=dict)


def _unique_location_slug(*, municipality: Municipality, name: str, exclude: int | None) -> str:
    stem = slugify(name)[:50].strip("-") or "locatie"
    slug, suffix = stem, 2
    taken = Location.objects.filter(municipality=municipality)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    while taken.filter(slug=slug).exists():
        slug, suffix = f"{stem}-{suffix}", suffix + 1
    return slug


def save_location(
    *, municipality: Municipality, values: LocationValues, location: Location | None = None
) -> Location:
    """Create a location (its address-based slug chosen here) or change one."""
    with transaction.atomic(), scope(municipality=municipality.pk):
        if location is None:
            location = Location(municipality=municipality)
        location.slug = location.slug or _unique_location_slug(
            municipality=municipality, name=values.name, exclude=location.pk
        )
        for name, value in vars(values).items():
            setattr(location, name, value)
        location.accessibility = {
            code: text for code, text in values.accessibility.items() if text.strip()
        }
        location.full_clean()
        location.save()
        return location


def add_counter(*, location: Location, name: str) -> Counter:
    with transaction.atomic(), scope(municipality=location.municipality_id):
        if Counter.objects.filter(location=location, name=name).exists():
            raise ValidationError(
                _("%(location)s already has a counter called %(name)s: choose another name.")
                % {"location": location.name, "name": name}
            )
        counter = Counter(municipality_id=location.municipality_id, location=location, name=name)
        counter.full_clean()
        counter.save()
        return counter


def _replace_hours(*, model: Any, owner: dict[str, Any], ranges: Sequence[HoursRange]) -> None:
    model.objects.filter(**owner).delete()
    model.objects.bulk_create(
        model(
            **owner,
            weekday=item.weekday,
            start=item.start,
            end=item.end,
            staff_only=item.staff_only,
            valid_from=item.valid_from,
            valid_until=item.valid_until,
        )
        for item in ranges
    )


def set_location_hours(*, location: Location, ranges: Sequence[HoursRange]) -> None:
    """Replace the location's weekly hours; its counters keep theirs until copied."""
    municipality = location.municipality
    _raise_if(check_hours(ranges=ranges, granularity=municipality.granularity_minutes))
    with transaction.atomic(), scope(municipality=municipality.pk):
        _replace_hours(
            model=LocationHours,
            owner={"municipality": municipality, "location": location},
            ranges=ranges,
        )


def set_counter_hours(*, counter: Counter, ranges: Sequence[HoursRange]) -> None:
    """Replace one counter's hours: the override of its location's hours."""
    municipality = counter.municipality
    _raise_if(check_hours(ranges=ranges, granularity=municipality.granularity_minutes))
    with transaction.atomic(), scope(municipality=municipality.pk):
        _replace_hours(
            model=OpeningHours,
            owner={"municipality": municipality, "counter": counter},
            ranges=ranges,
        )
        bump_catalog_version(municipality_id=municipality.pk)


def copy_hours_to_counters(*, location: Location, counters: Iterable[Counter]) -> int:
    """Give each chosen counter exactly the location's hours; returns how many changed."""
    chosen = list(counters)
    strangers = [counter.name for counter in chosen if counter.location_id != location.pk]
    if strangers:
        raise ValidationError(
            _("%(counters)s are not at %(location)s.")
            % {"counters": ", ".join(strangers), "location": location.name}
        )
    if not chosen:
        raise ValidationError(_("Choose at least one counter to copy the hours to."))
    municipality = location.municipality
    with transaction.atomic(), scope(municipality=municipality.pk):
        ranges = [
            HoursRange(
                weekday=row.weekday,
                start=row.start,
                end=row.end,
                staff_only=row.staff_only,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
            )
            for row in LocationHours.objects.filter(location=location)
        ]
        if not ranges:
            raise ValidationError(
                _("%(location)s has no hours yet: fill in the weekly hours first.")
                % {"location": location.name}
            )
        for counter in chosen:
            _replace_hours(
                model=OpeningHours,
                owner={"municipality": municipality, "counter": counter},
                ranges=ranges,
            )
        bump_catalog_version(municipality_id=municipality.pk)
    return len(chosen)


# --- closing days ---------------------------------------------------------------------------


def list_occurrences(*, day: date, recurring: bool, first: date, last: date) -> list[date]:
    if not recurring:
        return [day] if first <= day <= last else []
    return [
        moment
        for year in range(first.year, last.year + 1)
        if first <= (moment := day.replace(year=year)) <= last
    ]


def remove_closing_day(*, closing_day: ClosingDay) -> None:
    with transaction.atomic(), scope(municipality=closing_day.municipality_id):
        closing_day.delete()


# --- products -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServedBy:
    """A counter serving a product, taking this long."""

    counter: Counter
    duration_minutes: int
    extra_minutes_per_quantity: int = 0


@dataclass(frozen=True)
class ProductValues:
    title: dict[str, str]
    theme: str
    description: dict[str, str] = field(default_factory=dict)
    what_to_bring: dict[str, str] = field(default_factory=dict)
    cost: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    online_bookable: bool = True
    max_quantity: int = 1
    product_type: str = ""
    department: str = ""
    ipdc_product_number: str = ""
    ipdc_concept: str = ""
    # Per text name, the informal ("je") wording per language where it differs.
    informal_texts: dict[str, dict[str, str]] = field(default_factory=dict)


KEPT_WHEN_EMPTY = ("ipdc_product_number", "ipdc_concept", "product_type", "department")


def _only_filled(texts: dict[str, str]) -> dict[str, str]:
    return {
        code: text.strip()
        for code, text in texts.items()
        if code in CONTENT_LANGUAGES and text.strip()
    }


def _duration_problem(*, label: str, minutes: int, granularity: int) -> str | None:
    if minutes % granularity == 0 and minutes > 0:
        return None
    lower = max(minutes // granularity * granularity, granularity)
    upper = (minutes // granularity + 1) * granularity
    return _(
        "%(label)s: %(minutes)s minutes is not a multiple of the %(granularity)s-minute grid; "
        "use %(lower)s or %(upper)s minutes."
    ) % {
        "label": label,
        "minutes": minutes,
        "granularity": granularity,
        "lower": lower,
        "upper": upper if upper != lower else upper + granularity,
    }


def check_services(
    *, municipality: Municipality, served_by: Sequence[ServedBy], online_bookable: bool
) -> list[str]:
    problems: list[str] = []
    granularity = municipality.granularity_minutes
    for item in served_by:
        if item.counter.municipality_id != municipality.pk:
            problems.append(_("This counter belongs to another municipality."))
            continue
        durations = [(item.counter.name, item.duration_minutes)]
        if item.extra_minutes_per_quantity:
            extra = _("%(counter)s, extra per item") % {"counter": item.counter.name}
            durations.append((extra, item.extra_minutes_per_quantity))
        for label, minutes in durations:
            if problem := _duration_problem(label=label, minutes=minutes, granularity=granularity):
                problems.append(problem)
    if online_bookable and not any(item.counter.active for item in served_by):
        problems.append(
            _(
                "No counter serves this product, so citizens could not book it. Choose at "
                "least one counter with its duration, or make the product staff-only."
            )
        )
    return problems


def save_product(
    *,
    municipality: Municipality,
    values: ProductValues,
    served_by: Sequence[ServedBy],
    product: Product | None = None,
) -> Product:
    """Create or change a product together with the counters that serve it."""
    _raise_if(
        check_services(
            municipality=municipality,
            served_by=served_by,
            online_bookable=values.online_bookable,
        )
    )
    with transaction.atomic(), scope(municipality=municipality.pk):
        if product is None:
            product = Product(municipality=municipality)
        for name, value in vars(values).items():
            # Editing never unlinks a product from its IPDC concept or clears what the form
            # does not show.
            if product.pk and name in KEPT_WHEN_EMPTY and not value:
                continue
            setattr(product, name, value)
        for name in ("title", "description", "what_to_bring", "cost"):
            setattr(product, name, _only_filled(getattr(values, name)))
        product.informal_texts = {
            name: filled
            for name in ("title", "description", "what_to_bring", "cost")
            if (filled := _only_filled(values.informal_texts.get(name, {})))
        }
        product.keywords = [word.strip() for word in values.keywords if word.strip()]
        if not product.slug:
            product.slug = _unique_product_slug(
                municipality=municipality, title=product.title.get("nl", "")
            )
        product.full_clean()
        product.save()
        CounterService.objects.filter(product=product).exclude(
            counter__in=[item.counter for item in served_by]
        ).delete()
        for item in served_by:
            CounterService.objects.update_or_create(
                municipality=municipality,
                product=product,
                counter=item.counter,
                defaults={
                    "duration_minutes": item.duration_minutes,
                    "extra_minutes_per_quantity": item.extra_minutes_per_quantity,
                },
            )
        return product


def _unique_product_slug(*, municipality: Municipality, title: str) -> str:
    stem = slugify(title)[:70].strip("-") or "product"
    slug, suffix = stem, 2
    while Product.objects.filter(municipality=municipality, slug=slug).exists():
        slug, suffix = f"{stem}-{suffix}", suffix + 1
    return slug


def concept_values(*, concept: IpdcConcept, formal: bool) -> ProductValues:
    """The product fields a concept suggests, in the municipality's form of address."""
    values = concept.values_formal if formal else concept.values_informal
    return ProductValues(
        title=dict(values.get("title") or concept.title),
        theme=values.get("theme", ""),
        description=dict(values.get("description", {})),
        what_to_bring=dict(values.get("what_to_bring", {})),
        cost=dict(values.get("cost", {})),
        keywords=list(values.get("keywords", [])),
        product_type=values.get("product_type", ""),
        ipdc_product_number=concept.product_number,
        ipdc_concept=concept.iri,
    )


def add_product_from_concept(
    *,
    municipality: Municipality,
    concept: IpdcConcept,
    values: ProductValues,
    served_by: Sequence[ServedBy],
) -> Product:
    """A new product linked to ``concept``, with the texts as the admin adapted them."""
    linked = ProductValues(
        **{
            **vars(values),
            "ipdc_concept": concept.iri,
            "ipdc_product_number": concept.product_number,
        }
    )
    return save_product(municipality=municipality, values=linked, served_by=served_by)


@dataclass(frozen=True)
class ConceptRecord:
    """One IPDC concept as the import maps it, ready to keep in the shared library."""

    iri: str
    product_number: str
    values_formal: dict[str, Any]
    values_informal: dict[str, Any]


def save_ipdc_concepts(*, records: Sequence[ConceptRecord]) -> int:
    """Add or refresh concepts in the shared library; returns how many were saved."""
    with transaction.atomic():
        for record in records:
            title = record.values_formal.get("title", {})
            words = [*title.values(), *record.values_formal.get("keywords", [])]
            IpdcConcept.objects.update_or_create(
                iri=record.iri,
                defaults={
                    "product_number": record.product_number,
                    "title": title,
                    "values_formal": record.values_formal,
                    "values_informal": record.values_informal,
                    "search_text": " ".join([record.product_number, *words]).lower(),
                },
            )
    return len(records)


# --- booking rules --------------------------------------------------------------------------

BOOKING_RULE_FIELDS = (
    "granularity_minutes",
    "lead_time_minutes",
    "horizon_days",
    "hold_minutes",
    "max_future_appointments_per_product",
    "requires_national_number",
    "observes_public_holidays",
)


def update_booking_rules(*, municipality: Municipality, values: dict[str, Any]) -> Municipality:
    """Change the municipality's booking rules; durations and hours must fit a new grid."""
    unknown = set(values) - set(BOOKING_RULE_FIELDS)
    if unknown:
        raise ValueError(f"not a booking rule: {sorted(unknown)}")
    granularity = values.get("granularity_minutes", municipality.granularity_minutes)
    with transaction.atomic(), scope(municipality=municipality.pk):
        if granularity != municipality.granularity_minutes:
            off = [
                f"{service.product} ({service.counter.name}, {service.duration_minutes} min)"
                for service in CounterService.objects.select_related("counter", "product")
                if service.duration_minutes % granularity
                or service.extra_minutes_per_quantity % granularity
            ]
            off_hours = [
                f"{row.counter.name}: {row}"
                for row in OpeningHours.objects.select_related("counter")
                if not (is_on_grid(row.start, granularity) and is_on_grid(row.end, granularity))
            ]
            if off or off_hours:
                raise ValidationError(
                    _(
                        "A %(granularity)s-minute grid does not fit these durations or hours; "
                        "change them first: %(items)s."
                    )
                    % {"granularity": granularity, "items": "; ".join([*off, *off_hours][:10])}
                )
        for name, value in values.items():
            setattr(municipality, name, value)
        municipality.full_clean()
        municipality.save()
        bump_catalog_version(municipality_id=municipality.pk)
        return municipality
