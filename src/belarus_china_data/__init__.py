"""belarus-china-data: the relations between Belarus and China since 1992, as typed, sourced tables.

>>> import belarus_china_data as bcd
>>> "agreements" in bcd.tables()
True

Start with ``bcd.describe()`` (the tables), ``bcd.describe("visits")`` (a table's fields and categories),
``bcd.load(name)``, ``bcd.search("visa")``, ``bcd.person("Lukashenko")`` and ``bcd.cite(rows)``. The trade views
are in ``bcd.trade`` (mirror statistics, China's share and rank), the charts in ``bcd.plots`` (matplotlib extra),
the dyad-year panel in ``bcd.dyad_years()`` and ``bcd.add_to(frame)``.

Importing the package is cheap: pandas, pyarrow, pydantic and frictionless load on first use of a function
that needs them. Everything is read from files inside the package; nothing touches the network.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import plots, trade
    from .citation import cite
    from .contract.errors import DataError, DataValidationError
    from .errors import AmbiguousNameError, FilterError, UnknownIdError
    from .history import CitationCheck, changes, check_citation, releases
    from .integrity import validate, verify
    from .keys import country_keys
    from .loader import (
        Backend,
        DataFileError,
        TableName,
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
    )
    from .meanings import Description, codebook, codebook_path, describe
    from .panel import add_to, dyad_years
    from .relations import partnership_on
    from .shortcuts import events, indicators, loans, loans_committed, twinning
    from .views import Person, agreements, person, search, visits

__all__ = [
    "AmbiguousNameError",
    "Backend",
    "CitationCheck",
    "DataError",
    "DataFileError",
    "DataValidationError",
    "Description",
    "FilterError",
    "Person",
    "TableName",
    "UnknownIdError",
    "__version__",
    "add_to",
    "agreements",
    "arrow_table",
    "changes",
    "check_citation",
    "cite",
    "codebook",
    "codebook_path",
    "connect",
    "country_keys",
    "describe",
    "dyad_years",
    "events",
    "get",
    "indicators",
    "load",
    "loans",
    "loans_committed",
    "organizations",
    "partnership_on",
    "person",
    "persons",
    "plots",
    "records",
    "releases",
    "resolve",
    "search",
    "sources",
    "sources_for",
    "tables",
    "trade",
    "trade_figures",
    "twinning",
    "validate",
    "verify",
    "visits",
]

_LAZY = {
    "cite": "citation",
    **dict.fromkeys(("CitationCheck", "changes", "check_citation", "releases"), "history"),
    **dict.fromkeys(("Description", "codebook", "codebook_path", "describe"), "meanings"),
    **dict.fromkeys(("AmbiguousNameError", "FilterError", "UnknownIdError"), "errors"),
    **dict.fromkeys(("Person", "agreements", "person", "search", "visits"), "views"),
    "DataError": "contract.errors",
    "DataValidationError": "contract.errors",
    "validate": "integrity",
    "verify": "integrity",
    "partnership_on": "relations",
    "country_keys": "keys",
    "add_to": "panel",
    "dyad_years": "panel",
    **dict.fromkeys(("events", "indicators", "loans", "loans_committed", "twinning"), "shortcuts"),
    **dict.fromkeys(
        (
            "Backend",
            "DataFileError",
            "TableName",
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
        ),
        "loader",
    ),
}


#: Modules reachable as attributes (``bcd.trade.mirror()``), imported on first use.
_LAZY_MODULES = ("trade", "plots")


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        value = importlib.import_module(f".{name}", __name__)
        globals()[name] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names only: maintainer modules (``curation``) and internals stay out of ``dir()`` and ``help()``."""
    return sorted(__all__)
