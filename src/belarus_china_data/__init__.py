"""belarus-china-data: the relations between Belarus and China since 1992, as typed, sourced tables.

>>> import belarus_china_data as bcd
>>> "agreements" in bcd.tables()
True

Importing the package is cheap: pandas, pyarrow, pydantic and frictionless load on first use of a function
that needs them. Everything is read from files inside the package; nothing touches the network.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .citation import cite
    from .contract.errors import DataError, DataValidationError
    from .integrity import validate, verify
    from .loader import (
        Backend,
        DataFileError,
        TableName,
        agreements,
        arrow_table,
        connect,
        get,
        load,
        organizations,
        persons,
        records,
        resolve,
        sources,
        sources_for,
        tables,
        trade_figures,
        visits,
    )
    from .relations import partnership_on

__all__ = [
    "Backend",
    "DataError",
    "DataFileError",
    "DataValidationError",
    "TableName",
    "__version__",
    "agreements",
    "arrow_table",
    "cite",
    "connect",
    "get",
    "load",
    "organizations",
    "partnership_on",
    "persons",
    "records",
    "resolve",
    "sources",
    "sources_for",
    "tables",
    "trade_figures",
    "validate",
    "verify",
    "visits",
]

_LAZY = {
    "cite": "citation",
    "DataError": "contract.errors",
    "DataValidationError": "contract.errors",
    "validate": "integrity",
    "verify": "integrity",
    "partnership_on": "relations",
    **dict.fromkeys(
        (
            "Backend",
            "DataFileError",
            "TableName",
            "agreements",
            "arrow_table",
            "connect",
            "get",
            "load",
            "organizations",
            "persons",
            "records",
            "resolve",
            "sources",
            "sources_for",
            "tables",
            "trade_figures",
            "visits",
        ),
        "loader",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
