# SPDX-License-Identifier: EUPL-1.2
"""Locations, counters, products and the calendar rules that say when they are open."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from balie.catalog.validators import RangeRule, is_on_grid, ranges_clash, validate_postcode
from balie.core.i18n import (
    content_language,
    is_informal_address_active,
    translate_text,
    validate_optional_translations,
    validate_required_translations,
)
from balie.core.models import TimestampedModel
from balie.tenants.models import TenantModel


class Location(TenantModel):
    """A place citizens visit (town hall, district office); address fields follow OSLO."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    street = models.CharField(_("street"), max_length=120)
    house_number = models.CharField(_("house number"), max_length=12)
    box = models.CharField(_("box"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[validate_postcode])
    municipality_name = models.CharField(_("municipality name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accessibility = models.JSONField(
        _("accessibility"),
        default=dict,
        blank=True,
        validators=[validate_optional_translations],
        help_text=_("Step-free entrance, lift, parking for disabled people, hearing loop."),
    )
    walking_gap_minutes = models.PositiveSmallIntegerField(
        _("walking time between counters (minutes)"),
        default=0,
        validators=[MaxValueValidator(30)],
        help_text=_("Time a visitor needs to walk from one counter to the next."),
    )

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_location_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_line(self) -> str:
        number = f"{self.house_number} {self.box}".strip() if self.box else self.house_number
        return f"{self.street} {number}, {self.postcode} {self.municipality_name}"


class Counter(TenantModel):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="counters", verbose_name=_("location")
    )
    name = models.CharField(_("name"), max_length=80)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["location", "name"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=["location", "name"], name="unique_counter_name")
        ]

    def __str__(self) -> str:
        return f"{self.location} – {self.name}"

    def clean(self) -> None:
        if self.location_id and self.municipality_id:
            if self.location.municipality_id != self.municipality_id:
                raise ValidationError(
                    {"location": _("The location belongs to another municipality.")}
                )


class Theme(models.TextChoices):
    """IPDC theme code list (https://productencatalogus.data.vlaanderen.be/id/concept/Thema/)."""

    CITIZEN_GOVERNMENT = "BurgerOverheid", _("Citizen and government")
    BUILDING_HOUSING = "BouwenWonen", _("Building and housing")
    MOBILITY = "MobiliteitOpenbareWerken", _("Mobility and public works")
    WELFARE_HEALTH = "WelzijnGezondheid", _("Welfare and health")
    ENVIRONMENT_ENERGY = "MilieuEnergie", _("Environment and energy")
    ECONOMY_WORK = "EconomieWerk", _("Economy and work")
    CULTURE_SPORT_LEISURE = "CultuurSportVrijeTijd", _("Culture, sport and leisure")
    EDUCATION_SCIENCE = "OnderwijsWetenschap", _("Education and science")


class ProductType(models.TextChoices):
    """IPDC product type code list."""

    EVIDENCE = "Bewijs", _("Evidence")
    ADMISSION = "Toelating", _("Admission")
    FINANCIAL_ADVANTAGE = "FinancieelVoordeel", _("Financial advantage")
    OBJECT = "Voorwerp", _("Object")
    INFRASTRUCTURE = "InfrastructuurMateriaal", _("Infrastructure and material")
    ADVICE = "AdviesBegeleiding", _("Advice and guidance")
    FINANCIAL_OBLIGATION = "FinancieleVerplichting", _("Financial obligation")


class Product(TenantModel):
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.JSONField(
        _("title"),
        default=dict,
        validators=[validate_required_translations],
        help_text=_('Per language, e.g. {"nl": "Reispas", "fr": "Passeport"}.'),
    )
    description = models.JSONField(
        _("description"), default=dict, blank=True, validators=[validate_optional_translations]
    )
    what_to_bring = models.JSONField(
        _("what to bring"), default=dict, blank=True, validators=[validate_optional_translations]
    )
    cost = models.JSONField(
        _("cost"),
        default=dict,
        blank=True,
        validators=[validate_optional_translations],
        help_text=_("Cost as text per language, because tariffs often depend on age or urgency."),
    )
    keywords = models.JSONField(
        _("search keywords"),
        default=list,
        blank=True,
        help_text=_("Synonyms citizens use, e.g. paspoort, eID."),
    )
    ipdc_product_number = models.CharField(_("IPDC product number"), max_length=10, blank=True)
    ipdc_concept = models.URLField(_("IPDC concept"), blank=True)
    product_type = models.CharField(
        _("product type"), max_length=30, choices=ProductType.choices, blank=True
    )
    # Optional, as in IPDC-LPDC: records without a theme import whole.
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    department = models.CharField(_("department"), max_length=80, blank=True)
    online_bookable = models.BooleanField(
        _("bookable online"),
        default=True,
        help_text=_("If off, only staff can book this product (phone, counter)."),
    )
    max_quantity = models.PositiveSmallIntegerField(
        _("maximum quantity per visit"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    # {"description": {"nl": "Breng je oude kaart mee"}, ...}: the informal ("je") wording of
    # a text where it differs; citizens of an informal municipality see it, and the plain
    # text wherever a variant is missing.
    informal_texts = models.JSONField(_("informal variants"), default=dict, blank=True)

    class Meta:
        ordering = ["municipality", "slug"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_product_slug")
        ]

    def __str__(self) -> str:
        return translate_text(self.title)

    def localized(self, name: str) -> str:
        """The text in the active language and form of address; the plain text as fallback."""
        if is_informal_address_active() and (variant := self.informal_texts.get(name)):
            wanted = content_language()
            if text := variant.get(wanted):
                return str(text)
        return translate_text(getattr(self, name))

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def display_what_to_bring(self) -> str:
        return self.localized("what_to_bring")

    @property
    def display_description(self) -> str:
        return self.localized("description")

    @property
    def display_cost(self) -> str:
        return self.localized("cost")


class CounterService(TenantModel):
    """Counter ``counter`` serves product ``product``, taking this long."""

    counter = models.ForeignKey(
        Counter, on_delete=models.CASCADE, related_name="services", verbose_name=_("counter")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="services", verbose_name=_("product")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    extra_minutes_per_quantity = models.PositiveSmallIntegerField(
        _("extra minutes per additional item"), default=0, validators=[MaxValueValidator(240)]
    )

    class Meta:
        ordering = ["counter", "product"]
        verbose_name = _("counter service")
        verbose_name_plural = _("counter services")
        constraints = [
            models.UniqueConstraint(fields=["counter", "product"], name="unique_counter_product")
        ]

    def __str__(self) -> str:
        return f"{self.product} @ {self.counter.name}"

    def clean(self) -> None:
        if not (self.counter_id and self.product_id):
            return
        if self.product.municipality_id != self.counter.municipality_id:
            raise ValidationError(
                _("The product and the counter belong to different municipalities.")
            )
        granularity = self.counter.municipality.granularity_minutes
        errors = {}
        for field in ("duration_minutes", "extra_minutes_per_quantity"):
            value = getattr(self, field)
            if value is not None and value % granularity:
                errors[field] = ValidationError(
                    _(
                        "Use a multiple of %(granularity)s minutes, the municipality's slot "
                        "granularity (for example %(lower)s or %(upper)s)."
                    ),
                    code="off_grid",
                    params={
                        "granularity": granularity,
                        "lower": value // granularity * granularity or granularity,
                        "upper": (value // granularity + 1) * granularity,
                    },
                )
        if errors:
            raise ValidationError(errors)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(TenantModel):
    """One opening range of a counter on a weekday, valid for a period."""

    counter = models.ForeignKey(
        Counter, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("counter")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("opens at"))
    end = models.TimeField(_("closes at"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    staff_only = models.BooleanField(
        _("staff only"),
        default=False,
        help_text=_("Kept free for bookings by staff (phone, walk-in); citizens do not see it."),
    )

    class Meta:
        ordering = ["counter", "weekday", "start"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="opening_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="opening_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def as_rule(self) -> RangeRule:
        return RangeRule(self.weekday, self.start, self.end, self.valid_from, self.valid_until)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = ValidationError(
                _("The closing time must be later than the opening time."), code="end_before_start"
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = ValidationError(
                _("'Valid until' must not be before 'valid from'."), code="validity_reversed"
            )
        if self.counter_id:
            granularity = self.counter.municipality.granularity_minutes
            for field in ("start", "end"):
                value = getattr(self, field)
                if value and not is_on_grid(value, granularity):
                    errors[field] = ValidationError(
                        _(
                            "Times must fall on the %(granularity)s-minute grid of the "
                            "municipality."
                        ),
                        code="off_grid",
                        params={"granularity": granularity},
                    )
        if errors:
            raise ValidationError(errors)
        if self.counter_id and self.start and self.end:
            siblings = (
                OpeningHours.objects.with_scopes_disabled()
                .filter(counter_id=self.counter_id, weekday=self.weekday)
                .exclude(pk=self.pk)
            )
            clashes = [row for row in siblings if ranges_clash(self.as_rule(), row.as_rule())]
            if clashes:
                raise ValidationError(
                    _("These hours overlap with %(other)s for the same counter."),
                    code="overlapping_hours",
                    params={"other": clashes[0]},
                )


class LocationHours(TenantModel):
    """One range of a location's weekly hours: the template its counters' hours are copied from.

    Citizens never see these rows directly; only the counters' own hours are booked against,
    so a counter can differ from its location after a copy.
    """

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="hours", verbose_name=_("location")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("opens at"))
    end = models.TimeField(_("closes at"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    staff_only = models.BooleanField(_("staff only"), default=False)

    class Meta:
        ordering = ["location", "weekday", "start"]
        verbose_name = _("location hours")
        verbose_name_plural = _("location hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="location_hours_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="location_hours_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class IpdcConcept(TimestampedModel):
    """A product concept of the Flemish IPDC catalogue, shared by every municipality.

    Municipalities start a product from one; ``values`` holds the catalog fields the IPDC
    mapping produced, once for formal and once for informal Dutch.
    """

    iri = models.URLField(_("IPDC concept"), max_length=300, unique=True)
    product_number = models.CharField(_("IPDC product number"), max_length=10, blank=True)
    title = models.JSONField(_("title"), default=dict)
    values_formal = models.JSONField(default=dict)
    values_informal = models.JSONField(default=dict)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["product_number", "iri"]
        verbose_name = _("IPDC concept")
        verbose_name_plural = _("IPDC concepts")

    def __str__(self) -> str:
        return translate_text(self.title)

    @property
    def display_title(self) -> str:
        return translate_text(self.title)


class ClosingDay(TenantModel):
    """A day closed for the whole municipality, one location or one counter."""

    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closing_days",
        verbose_name=_("location"),
        help_text=_("Leave empty to close every location."),
    )
    counter = models.ForeignKey(
        Counter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closing_days",
        verbose_name=_("counter"),
        help_text=_("Leave empty to close every counter of the location."),
    )
    date = models.DateField(_("date"))
    recurring_yearly = models.BooleanField(
        _("every year"), default=False, help_text=_("For example 11 July, every year.")
    )
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["municipality", "date"]
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")

    def __str__(self) -> str:
        return f"{self.date:%d/%m}{'' if self.recurring_yearly else self.date.strftime('/%Y')}"

    def clean(self) -> None:
        if (
            self.counter is not None
            and self.location_id
            and self.counter.location_id != self.location_id
        ):
            raise ValidationError(
                {"counter": _("This counter is not at the chosen location.")},
                code="wrong_location",
            )
        for related in (self.location, self.counter):
            if related is not None and related.municipality_id != self.municipality_id:
                raise ValidationError(
                    _("The location or counter belongs to another municipality."),
                    code="other_municipality",
                )
        if self.recurring_yearly and self.date and (self.date.month, self.date.day) == (2, 29):
            raise ValidationError(
                {"date": _("A yearly closing day cannot be on 29 February.")}, code="leap_day"
            )
