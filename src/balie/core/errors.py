# SPDX-License-Identifier: EUPL-1.2
"""One vocabulary for refused acts: a stable code, an HTTP status, a translated message.

Booking and desk errors derive from ``DomainError``. The API maps every one of them to
problem+json in one place (``balie.api.problems``); the HTML faces put them on their form
with ``add_error_to_form``. Either way the act changed nothing.
"""

from collections.abc import Mapping
from typing import Protocol


class DomainError(Exception):
    """A request that cannot be honoured; nothing was changed.

    Subclasses give ``code`` (a TextChoices member whose label is the message) and map it
    to an HTTP status in ``STATUS``; ``retry_after`` is set when trying again later helps.
    """

    STATUS: Mapping[str, int] = {}
    DEFAULT_STATUS = 400

    def __init__(
        self,
        code: object,
        *,
        detail: str | None = None,
        field_errors: Mapping[str, list[str]] | None = None,
        retry_after: int | None = None,
    ) -> None:
        self.code = code
        self.detail = detail or str(getattr(code, "label", code))
        self.field_errors = dict(field_errors or {})
        self.retry_after = retry_after
        super().__init__(f"{self.code_value}: {self.detail}")

    @property
    def code_value(self) -> str:
        return str(getattr(self.code, "value", self.code))

    @property
    def title(self) -> str:
        return str(getattr(self.code, "label", self.detail))

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code_value, self.DEFAULT_STATUS)


class _Form(Protocol):
    @property
    def fields(self) -> Mapping[str, object]: ...

    def add_error(self, field: str | None, error: str) -> None: ...


def add_error_to_form(
    form: _Form, error: DomainError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Show ``error`` on ``form``: each field's messages at that field, the rest on top.

    ``field_names`` renames service fields to form fields where a form calls them
    differently.
    """
    renames = field_names or {}
    for field, messages in error.field_errors.items():
        name = renames.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.detail)
