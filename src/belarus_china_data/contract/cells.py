"""The cell grammar of the dataset's text form: how one value is written in a CSV cell and read back.

Cells are parsed strictly (``true``/``false`` only for booleans, ISO dates only, no ``nan``), the same way the
Frictionless schemas read them, so that the curation tools, the published schemas and :func:`validate` never
disagree about a value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from .schema import FieldSpec

__all__ = ["parse_cell", "render_cell"]

_INTEGER_RE = re.compile(r"^-?[0-9]+$")
_NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_cell(spec: FieldSpec, text: str) -> Any:
    """Turn one CSV cell into the Python value of field ``spec``; an empty cell is ``None``.

    Raises ``ValueError`` naming what was expected. Strings are returned as they are (validation of
    patterns and categories is the model's job).

    >>> from belarus_china_data.contract.models import TradeFigure
    >>> from belarus_china_data.contract.schema import field_specs
    >>> specs = {s.name: s for s in field_specs(TradeFigure)}
    >>> parse_cell(specs["value_usd_millions"], "12.5"), parse_cell(specs["is_derived"], "false")
    (12.5, False)
    >>> parse_cell(specs["year"], "")
    """
    if text == "":
        return None
    kind = spec.base_type
    if kind is str:
        return text
    if kind is bool:
        if text in ("true", "false"):
            return text == "true"
        raise ValueError(f"expected true or false, got {text!r}")
    if kind is int:
        if not _INTEGER_RE.fullmatch(text):
            raise ValueError(f"expected a whole number, got {text!r}")
        whole = int(text)
        if not -(2**63) <= whole < 2**63:
            raise ValueError(f"whole number {text} is out of range (at most 19 digits, a 64-bit integer)")
        return whole
    if kind is float:
        if not _NUMBER_RE.fullmatch(text):
            raise ValueError(f"expected a number, got {text!r}")
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {text!r}")
        return value
    if kind is dt.date:
        if not _DATE_RE.fullmatch(text):
            raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar day") from None
    raise TypeError(f"no parser for {kind!r}")  # pragma: no cover - schema.field_specs rejects such types


def render_cell(value: Any) -> str:
    """Write a Python value as a CSV cell, the inverse of :func:`parse_cell`.

    >>> render_cell(None), render_cell(True), render_cell(dt.date(1992, 1, 20)), render_cell(0.1)
    ('', 'true', '1992-01-20', '0.1')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)
