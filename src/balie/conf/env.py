# SPDX-License-Identifier: EUPL-1.2
"""One place that reads the environment, so every setting is documented in README."""

import os
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _to_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


_CASTS: dict[type, Callable[[str], Any]] = {bool: _to_bool, int: int, list: _to_list, str: str}


def config(name: str, default: T) -> T:
    """Read ``name`` from the environment, cast to the type of ``default``."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    cast = _CASTS[type(default)]
    return cast(raw)  # type: ignore[no-any-return]
