# SPDX-License-Identifier: EUPL-1.2
"""What IPDC needs beyond the catalog, and the published product snapshots (LDES members)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import Product
from balie.tenants.models import Municipality, TenantModel


class OrganisationIdentifiers(models.Model):
    """How registers outside Balie identify the municipality.

    LPDC only accepts a feed whose products name the municipality by its LBLOD IRI; without
    one, exports fall back to an IRI under Balie's own namespace.
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
        help_text=_("The last part of http://data.lblod.info/id/bestuurseenheden/…"),
    )
    ovo_code = models.CharField(_("OVO code"), max_length=12, blank=True)
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
