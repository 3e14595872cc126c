# SPDX-License-Identifier: EUPL-1.2
"""Back-office forms: they turn fields into the values the catalog services take.

Every choice list is built from rows the view read inside the municipality's scope, so a
form can never offer (or accept) another municipality's counter or location.
"""

from collections.abc import Sequence
from datetime import date, time
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import ClosingDay, Counter, Location, Product, Theme, Weekday
from balie.catalog.services import HoursRange, LocationValues, ProductValues, ServedBy
from balie.catalog.validators import validate_postcode
from balie.core.i18n import CONTENT_LANGUAGES
from balie.tenants.models import Granularity, Municipality, Role

LANGUAGE_NAMES = {
    "nl": _("Dutch"),
    "fr": _("French"),
    "en": _("English"),
    "de": _("German"),
}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": "300"}, format="%H:%M")


def _language_fields(
    form: forms.Form, name: str, label: Any, *, required_nl: bool, textarea: bool
) -> None:
    for code in CONTENT_LANGUAGES:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=_("%(what)s (%(language)s)") % {"what": label, "language": LANGUAGE_NAMES[code]},
            required=required_nl and code == "nl",
            # The text is in ``code``; the label around it speaks the interface language.
            widget=(
                forms.Textarea(attrs={"rows": 3, "lang": code})
                if textarea
                else forms.TextInput(attrs={"lang": code})
            ),
        )


def _texts(data: dict[str, Any], name: str) -> dict[str, str]:
    return {code: data.get(f"{name}_{code}", "") or "" for code in CONTENT_LANGUAGES}


def _initial_texts(name: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{code}": texts.get(code, "") for code in CONTENT_LANGUAGES}


class LocationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    street = forms.CharField(label=_("Street"), max_length=120)
    house_number = forms.CharField(label=_("House number"), max_length=12)
    box = forms.CharField(label=_("Box"), max_length=12, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=4, validators=[validate_postcode])
    municipality_name = forms.CharField(label=_("Municipality or district"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    walking_gap_minutes = forms.IntegerField(
        label=_("Walking time between counters (minutes)"),
        min_value=0,
        max_value=30,
        initial=0,
        help_text=_("Balie leaves this much time between two counters of one visit."),
    )

    def __init__(self, *args: Any, location: Location | None = None, **kwargs: Any) -> None:
        if location is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{
                        name: getattr(location, name)
                        for name in LocationValues.__dataclass_fields__
                    },
                    **_initial_texts("accessibility", location.accessibility),
                },
            )
        super().__init__(*args, **kwargs)
        _language_fields(
            self, "accessibility", _("Accessibility"), required_nl=False, textarea=True
        )

    def values(self) -> LocationValues:
        data = self.cleaned_data
        return LocationValues(
            name=data["name"],
            street=data["street"],
            house_number=data["house_number"],
            box=data["box"],
            postcode=data["postcode"],
            municipality_name=data["municipality_name"],
            phone=data["phone"],
            email=data["email"],
            walking_gap_minutes=data["walking_gap_minutes"],
            accessibility=_texts(data, "accessibility"),
        )


class CounterForm(forms.Form):
    name = forms.CharField(label=_("Name of the new counter"), max_length=80)


BLANK_RANGES_PER_DAY = 2


class HoursForm(forms.Form):
    """A week as a grid: every day a few rows of opens/closes, staff only, validity."""

    def __init__(self, *args: Any, rows: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days: list[tuple[str, list[dict[str, forms.BoundField]]]] = []
        for weekday, day_name in Weekday.choices:
            existing = [row for row in rows if row.weekday == weekday]
            lines = []
            for index in range(len(existing) + BLANK_RANGES_PER_DAY):
                row = existing[index] if index < len(existing) else None
                prefix = f"d{weekday}r{index}"
                place = _("%(day)s, range %(number)s") % {"day": day_name, "number": index + 1}
                self.fields[f"{prefix}_start"] = forms.TimeField(
                    label=_("%(place)s: opens at") % {"place": place},
                    required=False,
                    widget=TIME_INPUT,
                    initial=row.start if row else None,
                )
                self.fields[f"{prefix}_end"] = forms.TimeField(
                    label=_("%(place)s: closes at") % {"place": place},
                    required=False,
                    widget=TIME_INPUT,
                    initial=row.end if row else None,
                )
                self.fields[f"{prefix}_staff"] = forms.BooleanField(
                    label=_("%(place)s: staff only") % {"place": place},
                    required=False,
                    initial=row.staff_only if row else False,
                )
                self.fields[f"{prefix}_from"] = forms.DateField(
                    label=_("%(place)s: valid from") % {"place": place},
                    required=False,
                    widget=DATE_INPUT,
                    initial=row.valid_from if row else None,
                )
                self.fields[f"{prefix}_until"] = forms.DateField(
                    label=_("%(place)s: valid until") % {"place": place},
                    required=False,
                    widget=DATE_INPUT,
                    initial=row.valid_until if row else None,
                )
                lines.append(
                    {
                        part: self[f"{prefix}_{part}"]
                        for part in ("start", "end", "staff", "from", "until")
                    }
                )
            self.days.append((str(day_name), lines))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranges: list[HoursRange] = []
        for weekday, day_name in Weekday.choices:
            index = 0
            while f"d{weekday}r{index}_start" in self.fields:
                prefix = f"d{weekday}r{index}"
                start: time | None = data.get(f"{prefix}_start")
                end: time | None = data.get(f"{prefix}_end")
                index += 1
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(
                        f"{prefix}_start" if start is None else f"{prefix}_end",
                        _("%(day)s: fill in both the opening and the closing time, or neither.")
                        % {"day": day_name},
                    )
                    continue
                ranges.append(
                    HoursRange(
                        weekday=weekday,
                        start=start,
                        end=end,
                        staff_only=bool(data.get(f"{prefix}_staff")),
                        valid_from=data.get(f"{prefix}_from"),
                        valid_until=data.get(f"{prefix}_until"),
                    )
                )
        data["ranges"] = ranges
        return data


class CopyHoursForm(forms.Form):
    counters = forms.TypedMultipleChoiceField(
        label=_("Copy the location's hours to these counters"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their own hours are replaced. You can change a counter afterwards."),
    )

    def __init__(self, *args: Any, counters: Sequence[Counter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_id = {counter.pk: counter for counter in counters}
        cast(forms.ChoiceField, self.fields["counters"]).choices = [
            (pk, c.name) for pk, c in self.by_id.items()
        ]

    def chosen(self) -> list[Counter]:
        return [self.by_id[pk] for pk in self.cleaned_data["counters"]]


class ClosingDayForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    where = forms.ChoiceField(
        label=_("Closed"), help_text=_("The whole municipality, one location or one counter.")
    )
    reason = forms.CharField(label=_("Reason"), max_length=120, required=False)
    recurring_yearly = forms.BooleanField(
        label=_("Every year on this date"), required=False, help_text=_("For example 11 July.")
    )

    def __init__(
        self, *args: Any, locations: Sequence[Location], counters: Sequence[Counter], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets: dict[str, tuple[Location | None, Counter | None]] = {"all": (None, None)}
        choices: list[tuple[str, Any]] = [("all", _("Every location"))]
        for location in locations:
            self.targets[f"l{location.pk}"] = (location, None)
            choices.append((f"l{location.pk}", location.name))
        for counter in counters:
            self.targets[f"c{counter.pk}"] = (counter.location, counter)
            choices.append((f"c{counter.pk}", f"{counter.location.name} – {counter.name}"))
        cast(forms.ChoiceField, self.fields["where"]).choices = choices

    def target(self) -> tuple[Location | None, Counter | None]:
        return self.targets[self.cleaned_data["where"]]


class ConceptSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the IPDC concepts"),
        required=False,
        help_text=_("A word from the title, a search term or the product number."),
    )


class ProductForm(forms.Form):
    """Texts per language side by side, the counters that serve it, and the limits."""

    TEXTS = (
        ("title", _("Title"), False),
        ("description", _("Description"), True),
        ("what_to_bring", _("What to bring"), True),
        ("cost", _("Cost"), True),
    )

    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)
    keywords = forms.CharField(
        label=_("Search terms"),
        required=False,
        help_text=_("Words citizens use, separated by commas, for example: paspoort, reispas."),
    )
    online_bookable = forms.BooleanField(
        label=_("Citizens can book it online"),
        required=False,
        help_text=_("Leave this off for a product only staff book (by phone, at the counter)."),
    )
    max_quantity = forms.IntegerField(
        label=_("Most items per visit"),
        min_value=1,
        max_value=20,
        help_text=_("For example 3 identity cards for one family in one visit."),
    )

    def __init__(
        self,
        *args: Any,
        counters: Sequence[Counter],
        values: ProductValues | None = None,
        product: Product | None = None,
        informal: bool = False,
        **kwargs: Any,
    ) -> None:
        # An informal municipality shows its citizens the "je" wording where there is one
        # and the plain text elsewhere, so it edits both side by side.
        self.informal = informal
        self.kept_variants = dict(product.informal_texts) if product is not None else {}
        initial: dict[str, Any] = {"online_bookable": True, "max_quantity": 1}
        durations: dict[int, tuple[int, int]] = {}
        if product is not None:
            values = ProductValues(
                title=product.title,
                description=product.description,
                what_to_bring=product.what_to_bring,
                cost=product.cost,
                keywords=product.keywords,
                theme=product.theme,
                online_bookable=product.online_bookable,
                max_quantity=product.max_quantity,
                informal_texts=product.informal_texts,
            )
            durations = {
                service.counter_id: (service.duration_minutes, service.extra_minutes_per_quantity)
                for service in product.services.all()
            }
        if values is not None:
            initial.update(
                theme=values.theme,
                keywords=", ".join(values.keywords),
                online_bookable=values.online_bookable,
                max_quantity=values.max_quantity,
            )
            for name, _label, _area in self.TEXTS:
                initial.update(_initial_texts(name, getattr(values, name)))
                initial.update(_initial_texts(f"{name}_je", values.informal_texts.get(name, {})))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, label, area in self.TEXTS:
            _language_fields(self, name, label, required_nl=name == "title", textarea=area)
            if informal:
                _language_fields(
                    self,
                    f"{name}_je",
                    _("%(what)s, informal (je)") % {"what": label},
                    required_nl=False,
                    textarea=area,
                )
        self.counters = {counter.pk: counter for counter in counters}
        self.counter_rows = []
        for counter in counters:
            served = durations.get(counter.pk)
            where = f"{counter.location.name} – {counter.name}"
            self.fields[f"serve_{counter.pk}"] = forms.BooleanField(
                label=_("%(counter)s serves it") % {"counter": where},
                required=False,
                initial=served is not None,
            )
            self.fields[f"duration_{counter.pk}"] = forms.IntegerField(
                label=_("%(counter)s: minutes per visit") % {"counter": where},
                required=False,
                min_value=1,
                max_value=480,
                initial=served[0] if served else None,
            )
            self.fields[f"extra_{counter.pk}"] = forms.IntegerField(
                label=_("%(counter)s: extra minutes per additional item") % {"counter": where},
                required=False,
                min_value=0,
                max_value=240,
                initial=served[1] if served else 0,
            )
            self.counter_rows.append(
                (where, [self[f"{part}_{counter.pk}"] for part in ("serve", "duration", "extra")])
            )

    def language_groups(self) -> list[tuple[str, Any, list[Any], list[Any]]]:
        """Per language: each text with its informal variant (or None), and what is missing."""
        groups = []
        for code in CONTENT_LANGUAGES:
            pairs = []
            missing: list[Any] = []
            for name, label, _area in self.TEXTS:
                plain = self[f"{name}_{code}"]
                variant = self[f"{name}_je_{code}"] if self.informal else None
                pairs.append((plain, variant))
                if not (plain.value() or "").strip():
                    missing.append(label)
                elif variant is not None and not (variant.value() or "").strip():
                    missing.append(_("%(what)s, informal (je)") % {"what": label})
            groups.append((code, LANGUAGE_NAMES[code], pairs, missing))
        return groups

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for pk in self.counters:
            if data.get(f"serve_{pk}") and not data.get(f"duration_{pk}"):
                self.add_error(f"duration_{pk}", _("Fill in how many minutes this counter needs."))
        return data

    def values(self) -> ProductValues:
        data = self.cleaned_data
        return ProductValues(
            title=_texts(data, "title"),
            description=_texts(data, "description"),
            what_to_bring=_texts(data, "what_to_bring"),
            cost=_texts(data, "cost"),
            keywords=[word.strip() for word in data["keywords"].split(",") if word.strip()],
            theme=data["theme"],
            online_bookable=data["online_bookable"],
            max_quantity=data["max_quantity"],
            informal_texts=(
                {name: _texts(data, f"{name}_je") for name, _label, _area in self.TEXTS}
                if self.informal
                else self.kept_variants
            ),
        )

    def served_by(self) -> list[ServedBy]:
        data = self.cleaned_data
        return [
            ServedBy(
                counter=counter,
                duration_minutes=data[f"duration_{pk}"],
                extra_minutes_per_quantity=data.get(f"extra_{pk}") or 0,
            )
            for pk, counter in self.counters.items()
            if data.get(f"serve_{pk}")
        ]


class BookingRulesForm(forms.ModelForm):  # type: ignore[type-arg]
    """Each rule with one sentence that says what it does for citizens."""

    EXPLANATIONS = {
        "granularity_minutes": _(
            "Appointments start on this grid, for example 09:00, 09:10, 09:20 with 10 minutes."
        ),
        "lead_time_minutes": _(
            "Citizens can book online until this many minutes before the start; staff always can."
        ),
        "horizon_days": _("Citizens can book this many days ahead."),
        "hold_minutes": _(
            "A chosen time is kept this long while the citizen fills in their details."
        ),
        "max_future_appointments_per_product": _(
            "One person can have at most this many upcoming appointments for the same product."
        ),
        "requires_national_number": _(
            "Citizens must give their national register number to book."
        ),
        "observes_public_holidays": _(
            "No appointments on Belgian public holidays (New Year, Easter Monday, 1 May, ...)."
        ),
    }

    class Meta:
        model = Municipality
        fields = [
            "granularity_minutes",
            "lead_time_minutes",
            "horizon_days",
            "hold_minutes",
            "max_future_appointments_per_product",
            "requires_national_number",
            "observes_public_holidays",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["granularity_minutes"]).choices = Granularity.choices
        for name, sentence in self.EXPLANATIONS.items():
            self.fields[name].help_text = sentence


class AppointmentSearchForm(forms.Form):
    q = forms.CharField(label=_("Reference, name or e-mail"), required=False, max_length=100)
    day = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT)
    product = forms.TypedChoiceField(
        label=_("Product"), required=False, coerce=int, empty_value=None
    )
    counter = forms.TypedChoiceField(
        label=_("Counter"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, products: Sequence[Product], counters: Sequence[Counter], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["product"]).choices = [("", _("Any product"))] + [
            (product.pk, product.display_title) for product in products
        ]
        cast(forms.ChoiceField, self.fields["counter"]).choices = [("", _("Any counter"))] + [
            (counter.pk, f"{counter.location.name} – {counter.name}") for counter in counters
        ]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


def closing_label(row: ClosingDay) -> str:
    if row.counter is not None:
        return f"{row.counter.location.name} – {row.counter.name}"
    if row.location is not None:
        return row.location.name
    return str(_("Every location"))


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class ReminderRulesForm(forms.Form):
    """Each reminder rule with the sentence that says what it does."""

    email_hours_before = forms.IntegerField(
        label=_("E-mail reminder: hours before the appointment"),
        min_value=0,
        help_text=_("For example 24: the day before, at the same time. 0 sends no e-mail."),
    )
    sms_hours_before = forms.IntegerField(
        label=_("Text message: hours before the appointment"),
        min_value=0,
        help_text=_(
            "Only to citizens who gave a mobile number and agreed to it. 0 sends no text."
        ),
    )
    quiet_from = forms.TimeField(
        label=_("No messages from"),
        widget=TIME_INPUT,
        help_text=_(
            "A reminder due in the night goes the next morning, or else the evening before."
        ),
    )
    quiet_until = forms.TimeField(label=_("No messages until"), widget=TIME_INPUT)


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Keep personal data of appointments (days)"),
        min_value=0,
        help_text=_(
            "Names, e-mail, phone and national register number are erased this many days "
            "after the appointment; anonymous figures for statistics stay."
        ),
    )


FORM_OF_ADDRESS = {True: _("formal (u)"), False: _("informal (je)")}


class MessageTemplateForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        required=False,
        help_text=_("Empty: the built-in subject."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Placeholders in braces, for example {given_name}; see the list below."),
    )

    def __init__(self, *args: Any, channel: str, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The text is in the template's language; the labels speak the admin's.
        self.fields["body"].widget.attrs["lang"] = language
        self.fields["subject"].widget.attrs["lang"] = language
        if channel != "email":
            del self.fields["subject"]


class ServableCountersForm(forms.Form):
    counters = forms.TypedMultipleChoiceField(
        label=_("Counters"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every counter."),
    )

    def __init__(self, *args: Any, counters: Sequence[Counter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_id = {counter.pk: counter for counter in counters}
        cast(forms.ChoiceField, self.fields["counters"]).choices = [
            (pk, f"{counter.location.name} – {counter.name}") for pk, counter in self.by_id.items()
        ]

    def chosen(self) -> list[Counter]:
        return [self.by_id[pk] for pk in self.cleaned_data["counters"]]
