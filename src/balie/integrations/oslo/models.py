# SPDX-License-Identifier: EUPL-1.2
"""What IPDC needs beyond the catalog, and the published product snapshots (LDES members)."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import Product
from balie.tenants.models import Municipality, TenantModel

# LPDC's own patterns (lpdc-management-service, src/core/domain/shared/iri.ts): an LBLOD
# bestuurseenheid id has at least 12 characters, an OVO code is OVO + six digits.
LBLOD_ID_PATTERN = re.compile(r"^[0-9a-zA-Z-]{12,}$")
OVO_CODE_PATTERN = re.compile(r"^OVO[0-9]{6}$")


def validate_lblod_id(value: str) -> None:
    if value and not LBLOD_ID_PATTERN.match(value):
        raise ValidationError(
            _(
                "An LBLOD identifier is the last part of "
                "http://data.lblod.info/id/bestuurseenheden/…: at least 12 letters, digits or "
                "hyphens."
            ),
            code="invalid_lblod_id",
        )


def validate_ovo_code(value: str) -> None:
    if value and not OVO_CODE_PATTERN.match(value):
        raise ValidationError(
            _("An OVO code is OVO followed by six digits, for example OVO002514."),
            code="invalid_ovo_code",
        )


AUTHORITY_IRI_PATTERN = re.compile(
    r"^(http://data\.lblod\.info/id/bestuurseenheden/[0-9a-zA-Z-]{12,}"
    r"|https://data\.vlaanderen\.be/id/organisatie/OVO[0-9]{6})$"
)


def validate_authorities(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and AUTHORITY_IRI_PATTERN.match(item) for item in value
    ):
        raise ValidationError(
            _(
                "List authorities as LBLOD IRIs (http://data.lblod.info/id/bestuurseenheden/…) "
                "or OVO IRIs (https://data.vlaanderen.be/id/organisatie/OVO…)."
            ),
            code="invalid_authority",
        )


def validate_area(value: str) -> None:
    from django.utils import timezone

    from balie.integrations.oslo.codelists import area

    if not value:
        return
    found = area(value)
    if found is None:
        raise ValidationError(
            _("%(value)s is not in IPDC's NUTS/LAU code list."),
            code="unknown_area",
            params={"value": value},
        )
    if not found.active_on(timezone.localdate()):
        # LPDC refuses snapshots linked to expired areas.
        raise ValidationError(
            _("%(value)s (%(label)s) is no longer in force in IPDC's NUTS/LAU code list."),
            code="expired_area",
            params={"value": value, "label": found.label},
        )


class OrganisationIdentifiers(models.Model):
    """How registers outside Balie identify the municipality.

    LPDC only accepts a feed whose products name the municipality by its LBLOD (or OVO)
    IRI, so Balie publishes nothing until one is set.
    """

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="oslo_identifiers",
        verbose_name=_("municipality"),
    )
    lblod_id = models.CharField(
        _("LBLOD identifier"),
        max_length=100,
        blank=True,
        validators=[validate_lblod_id],
        help_text=_("The last part of http://data.lblod.info/id/bestuurseenheden/…"),
    )
    ovo_code = models.CharField(
        _("OVO code"), max_length=12, blank=True, validators=[validate_ovo_code]
    )
    area = models.URLField(
        _("area (NUTS/LAU)"),
        max_length=100,
        blank=True,
        validators=[validate_area],
        help_text=_(
            "Only when the NIS code does not give the area: an IRI of IPDC's NUTS/LAU code "
            "list, such as http://data.europa.eu/nuts/code/BE23444021."
        ),
    )
    kbo_number = models.CharField(_("KBO number"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("organisation identifiers")
        verbose_name_plural = _("organisation identifiers")

    def __str__(self) -> str:
        return str(self.municipality)


class SourceKind(models.TextChoices):
    CONCEPT = "concept", _("IPDC concept")
    INSTANCE = "instance", _("IPDC instance")
    LOCAL = "local", _("Made in Balie")


class ProductIpdcRecord(TenantModel):
    """IPDC fields of a product that the catalog does not hold, and where it came from."""

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="ipdc_record", verbose_name=_("product")
    )
    instance_uuid = models.UUIDField(_("instance UUID"), unique=True)
    source_iri = models.URLField(
        _("imported from"),
        max_length=300,
        blank=True,
        help_text=_("IRI of the IPDC concept or instance this product was imported from."),
    )
    source_kind = models.CharField(
        _("source"), max_length=10, choices=SourceKind.choices, default=SourceKind.LOCAL
    )
    source_modified = models.DateTimeField(_("source last modified"), null=True, blank=True)
    target_audiences = models.JSONField(_("target audiences"), default=list, blank=True)
    competent_authority_levels = models.JSONField(
        _("competent authority levels"), default=list, blank=True
    )
    executing_authority_levels = models.JSONField(
        _("executing authority levels"), default=list, blank=True
    )
    # LBLOD or OVO IRIs; empty means the municipality itself.
    competent_authorities = models.JSONField(
        _("competent authorities"), default=list, blank=True, validators=[validate_authorities]
    )
    executing_authorities = models.JSONField(
        _("executing authorities"), default=list, blank=True, validators=[validate_authorities]
    )
    additional_description = models.JSONField(
        _("additional description"), default=dict, blank=True
    )
    exception = models.JSONField(_("exceptions"), default=dict, blank=True)
    regulation = models.JSONField(_("regulation"), default=dict, blank=True)

    class Meta:
        ordering = ["municipality", "product"]
        verbose_name = _("IPDC record")
        verbose_name_plural = _("IPDC records")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_iri"],
                condition=~models.Q(source_iri=""),
                name="unique_ipdc_source_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.source_iri or str(self.instance_uuid)


class FeedClock(models.Model):
    """The last timestamp handed to a snapshot of the municipality's feed.

    Writers lock this row until they commit, so timestamps follow commit order and a page
    once full never receives an older member.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    last_generated_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.last_generated_at}"


class ProductSnapshot(TenantModel):
    """One published version of a product, as LPDC reads it: immutable once written."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    is_version_of = models.URLField(_("version of"), max_length=300)
    generated_at = models.DateTimeField(_("generated at"))
    content_hash = models.CharField(max_length=64)
    payload = models.JSONField(_("snapshot"))
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["municipality", "generated_at", "id"]
        verbose_name = _("product snapshot")
        verbose_name_plural = _("product snapshots")
        indexes = [models.Index(fields=["municipality", "generated_at", "id"])]

    def __str__(self) -> str:
        return f"{self.is_version_of} @ {self.generated_at:%Y-%m-%d %H:%M:%S}"
