"""pandas dtypes from a Table Schema: the one mapping that the loader (from the shipped schema) and the
contract tests (from the generated schema) share. Imports nothing heavy until called."""

from __future__ import annotations

from typing import Any

__all__ = ["dtypes_from_fields"]


def dtypes_from_fields(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """pandas dtype of each field of a Table Schema: nullable dtypes, categoricals with the full ``enum``.

    >>> dtypes_from_fields([{"name": "year", "type": "integer"}])
    {'year': Int64Dtype()}
    """
    import pandas as pd

    plain = {
        "string": pd.StringDtype("pyarrow"),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
        "date": "datetime64[ms]",
    }
    dtypes: dict[str, Any] = {}
    for field in fields:
        categories = field.get("constraints", {}).get("enum")
        dtypes[field["name"]] = pd.CategoricalDtype(categories) if categories else plain[field["type"]]
    return dtypes
