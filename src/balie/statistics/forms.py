# SPDX-License-Identifier: EUPL-1.2
"""The dashboard's filters: they only parse input; selectors read."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import Location
from balie.statistics.selectors import Period

DEFAULT_DAYS = 30
MAX_DAYS = 731
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class PeriodForm(forms.Form):
    first_day = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    location = forms.TypedChoiceField(label=_("Location"), coerce=int, required=False)

    def __init__(
        self, *args: object, locations: list[Location], today: date, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        location = self.fields["location"]
        assert isinstance(location, forms.TypedChoiceField)
        location.choices = [("", _("All locations"))] + [
            (location.pk, location.name) for location in locations
        ]
        location.empty_value = None

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for name in ("first_day", "last_day"):
            value = cleaned.get(name)
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(name, _("Choose a day between 2000 and 2100."))
                return cleaned
        last = cleaned.get("last_day") or self.today
        first = cleaned.get("first_day") or last - timedelta(days=DEFAULT_DAYS - 1)
        if last < first:
            self.add_error("last_day", _("The last day must not be before the first day."))
        elif (last - first).days + 1 > MAX_DAYS:
            self.add_error(
                "last_day",
                _("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS},
            )
        cleaned["first_day"], cleaned["last_day"] = first, last
        return cleaned

    def period(self) -> Period:
        """The chosen period, or the last 30 days when the input is not valid."""
        if self.is_valid():
            return Period(self.cleaned_data["first_day"], self.cleaned_data["last_day"])
        return Period(self.today - timedelta(days=DEFAULT_DAYS - 1), self.today)

    def location_id(self) -> int | None:
        return self.cleaned_data.get("location") if self.is_valid() else None
