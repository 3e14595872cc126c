# SPDX-License-Identifier: EUPL-1.2
"""Forms only carry what the citizen typed; booking.services validates it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from balie.tenants.addressing import get_addressed_texts


class DetailsForm(forms.Form):
    # Not required here: the booking service checks everything and returns translated errors
    # per field, so there is one source of truth for the rules (also for the API).
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    # Unticked unless the citizen ticks it: consent must be an act, never a default.
    sms_consent = forms.BooleanField(
        label=_("Send me a text message reminder"), required=False, initial=False
    )
    national_number = forms.CharField(
        label=_("National register number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(
        self, *args: object, requires_national_number: bool, formal: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        texts = get_addressed_texts(formal=formal)
        self.fields["email"].help_text = str(texts["email_help"])
        self.fields["national_number"].help_text = str(texts["national_number_help"])
        self.fields["phone"].help_text = str(texts["phone_help"])
        self.fields["sms_consent"].help_text = str(texts["sms_consent_help"])
        if not requires_national_number:
            del self.fields["national_number"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_{name}")


class QuantityForm(forms.Form):
    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(min_value=0, max_value=20)
