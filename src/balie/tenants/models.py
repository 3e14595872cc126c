# SPDX-License-Identifier: EUPL-1.2
"""The tenant (a municipality) and who may act for it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from balie.core.models import TimestampedModel
from balie.tenants.logos import validate_logo

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #0b5394.")
)


# Top-level paths of the site; a municipality with one of these slugs would be unreachable.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "auth",
        "backoffice",
        "dev-idp",
        "hooks",
        "i18n",
        "media",
        "my",
        "ns",
        "open-data",
        "static",
        "statistics",
    }
)


def validate_municipality_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for the platform; choose another slug."),
            code="reserved_slug",
            params={"slug": value},
        )


class Granularity(models.IntegerChoices):
    FIVE = 5, _("5 minutes")
    TEN = 10, _("10 minutes")
    FIFTEEN = 15, _("15 minutes")


class Municipality(TimestampedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, validators=[validate_municipality_slug]
    )
    nis_code = models.CharField(
        _("NIS code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("A NIS code has exactly five digits."))],
        help_text=_("Statbel's five-digit municipality code, e.g. 44021 for Ghent."),
    )
    timezone = models.CharField(_("time zone"), max_length=40, default="Europe/Brussels")
    granularity_minutes = models.PositiveSmallIntegerField(
        _("slot granularity"), choices=Granularity.choices, default=Granularity.TEN
    )
    lead_time_minutes = models.PositiveIntegerField(
        _("minimum lead time (minutes)"),
        default=120,
        help_text=_("How long before the start an appointment can still be booked online."),
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("booking horizon (days)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    hold_minutes = models.PositiveSmallIntegerField(
        _("hold duration (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How long a chosen time is kept while the citizen enters their details."),
    )
    max_wait_minutes = models.PositiveSmallIntegerField(
        _("longest wait between two counters (minutes)"),
        default=15,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "In a visit to several counters, how long a visitor may wait between two "
            "counters, on top of the location's walking time. Only whole slot steps within "
            "it are used (15 minutes on a 10-minute grid allows a 10-minute wait). 0 books "
            "the counters back to back; a longer wait offers more times for such visits."
        ),
    )
    max_future_appointments_per_product = models.PositiveSmallIntegerField(
        _("future appointments per person and product"), default=2
    )
    requires_national_number = models.BooleanField(
        _("national register number required"), default=False
    )
    observes_public_holidays = models.BooleanField(
        _("closed on Belgian public holidays"), default=True
    )
    formal_address = models.BooleanField(
        _("formal address (u)"),
        default=True,
        help_text=_("Address citizens with 'u' (formal) or 'je' (informal) in Dutch."),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#0b5394", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#ffe615", validators=[hex_colour]
    )
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 1 MB and 2000 × 2000 pixels."),
    )
    website = models.URLField(_("website"), blank=True)
    retention_days = models.PositiveSmallIntegerField(
        _("keep personal data of appointments (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Names, e-mail, phone and national register number are erased this many days "
            "after the appointment; anonymous facts for statistics are kept."
        ),
    )
    # Bumped on every change to the municipality's catalog or calendar rules, so that
    # derived data (opening hours expanded for the engine) can be cached safely.
    catalog_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class TenantModel(TimestampedModel):
    """A row owned by one municipality; unscoped queries fail instead of leaking."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, verbose_name=_("municipality")
    )

    objects = ScopedManager(municipality="municipality")

    class Meta:
        abstract = True


class Role(models.TextChoices):
    ADMIN = "admin", _("Municipal admin")
    STAFF = "staff", _("Counter staff")


class StaffMembership(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        ordering = ["municipality", "user"]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="unique_membership_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.municipality_id} ({self.role})"
