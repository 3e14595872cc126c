# SPDX-License-Identifier: EUPL-1.2
"""Desk forms: they only parse input; the services decide."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import Location, Product


class CounterChoiceForm(forms.Form):
    counter = forms.TypedChoiceField(label=_("Counter"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: object, counters: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["counter"]).choices = counters


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=500,
        help_text=_("Type the reference (BAL-XXXX-XX) or scan the QR code of the confirmation."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    priority = forms.BooleanField(label=_("Priority (e.g. reduced mobility)"), required=False)


class WalkInForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Product"), coerce=int)
    priority = forms.BooleanField(label=_("Priority (e.g. reduced mobility)"), required=False)

    def __init__(self, *args: object, products: list[Product], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["product"]).choices = sorted(
            ((p.pk, p.display_title) for p in products), key=lambda choice: str(choice[1]).lower()
        )


class KioskForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Product"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: object, products: list[Product], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["product"]).choices = sorted(
            ((p.pk, p.display_title) for p in products), key=lambda choice: str(choice[1]).lower()
        )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or one of the one-time recovery codes."""

    token = forms.RegexField(
        label=_("Code from your authenticator app, or a recovery code"),
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",
        error_messages={
            "invalid": _(
                "Enter the six digits shown in your app, or an eight-character recovery code."
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip().lower()


class DeskSettingsForm(forms.Form):
    early_call_minutes = forms.IntegerField(
        label=_("Call appointments early (minutes)"), min_value=0, max_value=60
    )
    late_tolerance_minutes = forms.IntegerField(
        label=_("Late arrival tolerance (minutes)"), min_value=0, max_value=120
    )
    appointments_first = forms.BooleanField(
        label=_("Due appointments before walk-ins"), required=False
    )
    display_items = forms.IntegerField(label=_("Calls on the display"), min_value=1, max_value=20)


class BookSearchForm(forms.Form):
    location = forms.TypedChoiceField(label=_("Location"), coerce=int)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(
        label=_("The citizen books"),
        choices=[("desk", _("At the desk")), ("phone", _("By phone"))],
        widget=forms.RadioSelect,
        initial="desk",
    )

    def __init__(
        self, *args: object, locations: list[Location], products: list[Product], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["location"]).choices = sorted(
            ((loc.pk, loc.name) for loc in locations), key=lambda choice: str(choice[1]).lower()
        )
        self.products = sorted(products, key=lambda product: product.display_title.lower())
        for product in self.products:
            self.fields[f"quantity_{product.pk}"] = forms.IntegerField(
                label=product.display_title,
                min_value=0,
                max_value=product.max_quantity,
                required=False,
                initial=0,
            )

    def items(self) -> list[tuple[int, int]]:
        return [
            (product.pk, quantity)
            for product in self.products
            if (quantity := self.cleaned_data.get(f"quantity_{product.pk}") or 0) > 0
        ]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not self.errors and not self.items():
            raise forms.ValidationError(_("Choose at least one product."))
        return cleaned

    def quantity_fields(self) -> list[forms.BoundField]:
        return [self[f"quantity_{product.pk}"] for product in self.products]


class CitizenForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Leave empty to print the confirmation for the citizen."),
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=30, required=False)
    # Ticked only when the citizen said yes on the phone or at the desk.
    sms_consent = forms.BooleanField(
        label=_("The citizen agrees to a text message reminder"),
        required=False,
        initial=False,
    )
    national_number = forms.CharField(
        label=_("National register number"), max_length=15, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the citizen"),
        choices=[("nl", "Nederlands"), ("fr", "Français"), ("en", "English"), ("de", "Deutsch")],
    )
