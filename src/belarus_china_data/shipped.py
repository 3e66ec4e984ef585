"""The shipped files, at the bottom of the read path: the descriptor, each table's metadata and fields, Arrow reads.

Every other read-path module (``loader``, ``query``, ``views``, ``meanings``, ``citation``, ``site``, ``cli``) asks
this one for what the installed release holds and never reads the files itself. The descriptor is parsed once and
never handed out (:func:`shipped_descriptor` gives a copy); Arrow tables are read once and cached (they are
immutable). pyarrow is imported on first read; pandas never.

>>> fields("visits")[0]["name"], id_field("visits"), id_field("visit_participants")
('visit_id', 'visit_id', None)
"""

from __future__ import annotations

import copy
import json
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from .contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from .errors import DataFileError, FilterError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "DataFileError",
    "TableName",
    "arrow_table",
    "check_name",
    "descriptor",
    "field_info",
    "fields",
    "foreign_keys",
    "id_field",
    "main_tables",
    "metadata",
    "read_parquet",
    "resource",
    "row_index",
    "rows_where",
    "shipped_descriptor",
    "table_path",
    "tables",
]

#: The names of the shipped tables; a test checks this list against the models.
TableName = Literal[
    "sources",
    "agreements",
    "visits",
    "organizations",
    "persons",
    "trade_figures",
    "events",
    "indicators",
    "loans",
    "trade_products",
    "record_sources",
    "agreement_parties",
    "agreement_signatories",
    "visit_participants",
    "positions",
    "claims",
    "coverage",
    "retired_ids",
    "un_roll_calls",
    "un_votes",
    "twinning_agreements",
]
_NAMES = frozenset(get_args(TableName))

_lock = threading.Lock()
_arrow_cache: dict[str, pa.Table] = {}


@cache
def descriptor() -> dict[str, Any]:
    """The parsed shipped descriptor, read once. Shared: never change it (:func:`shipped_descriptor` copies).

    >>> descriptor()["name"]
    'belarus-china-data'
    """
    path = SHIPPED_DIR / SHIPPED_DESCRIPTOR
    try:
        result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read the shipped descriptor {path}: {exc}; reinstall belarus-china-data") from exc
    return result


def shipped_descriptor() -> dict[str, Any]:
    """The descriptor shipped with the package: version, licences, and each file's hash, size, rows and schema.

    Each call returns a fresh copy, so a caller may change it without changing what the loader relies on.

    >>> shipped_descriptor()["name"]
    'belarus-china-data'
    """
    return copy.deepcopy(descriptor())


def package_file(name: str) -> Path:
    """A file the wheel carries beside the package code (``CODEBOOK.md``, ``CITATION.cff``); in a source checkout,
    the repository's own.

    >>> package_file("CODEBOOK.md").name
    'CODEBOOK.md'
    """
    package = SHIPPED_DIR.parent
    for candidate in (package / name, package.parents[1] / name):
        if candidate.is_file():
            return candidate
    raise DataFileError(f"{name} is not installed next to {package}; reinstall belarus-china-data")


def shipped_file(name: str) -> Path:
    """A file of the shipped data folder, such as the search index (follows :data:`SHIPPED_DIR` when a test or a
    benchmark points it at a copy).

    >>> shipped_file("datapackage.json").name
    'datapackage.json'
    """
    return SHIPPED_DIR / name


def tables() -> list[str]:
    """Names of the tables in this release, main tables first, then link tables.

    >>> tables()[:3]
    ['sources', 'agreements', 'visits']
    """
    return list(get_args(TableName))


def check_name(name: str) -> None:
    """Refuse a name that is not a table of this release, naming the closest table.

    >>> check_name("visit")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown table 'visit'; did you mean 'visits'? The tables are: sources, agreements, ...
    """
    if name in _NAMES:
        return
    import difflib

    near = difflib.get_close_matches(str(name), tables(), n=1)
    hint = f"; did you mean {near[0]!r}?" if near else "."
    raise ValueError(f"unknown table {name!r}{hint} The tables are: {', '.join(tables())}")


@cache
def _resources() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in descriptor()["resources"]}


def resource(name: str) -> dict[str, Any]:
    """The descriptor's resource of table ``name`` (shared: never change it).

    >>> resource("visits")["schema"]["primaryKey"]
    ['visit_id']
    """
    check_name(name)
    found = _resources().get(name)
    if found is None:
        raise DataFileError(f"table {name!r} is not in the shipped descriptor; reinstall belarus-china-data")
    return found


def fields(name: str) -> list[dict[str, Any]]:
    """The published schema's fields of a table (shared: never change them).

    >>> [f["name"] for f in fields("claims")][:2]
    ['claim_id', 'source_id']
    """
    result: list[dict[str, Any]] = resource(name)["schema"]["fields"]
    return result


def field_info(name: str) -> dict[str, dict[str, Any]]:
    """The fields of ``name`` by field name (type, description, constraints, categories).

    >>> field_info("visits")["kind"]["type"]
    'string'
    """
    return {field["name"]: field for field in fields(name)}


@cache
def main_tables() -> dict[str, str]:
    """Tables whose rows have their own id, mapped to the id field (``{"visits": "visit_id", ...}``).

    >>> main_tables()["visits"]
    'visit_id'
    """
    found = {}
    for item in descriptor()["resources"]:
        key = item["schema"].get("primaryKey", [])
        if len(key) == 1 and key[0].endswith("_id"):
            found[item["name"]] = key[0]
    return found


def id_field(name: str) -> str | None:
    """The id field of table ``name``, or None for link tables with composite keys.

    >>> id_field("agreements")
    'agreement_id'
    """
    return main_tables().get(name)


@cache
def foreign_keys(name: str) -> tuple[tuple[str, str, str], ...]:
    """(field, referenced table, referenced field) of every single-field foreign key of ``name``.

    >>> ("visit_id", "visits", "visit_id") in foreign_keys("visit_participants")
    True
    """
    keys = []
    for foreign in resource(name)["schema"].get("foreignKeys", []):
        if len(foreign["fields"]) == 1:
            reference = foreign["reference"]
            keys.append((foreign["fields"][0], reference["resource"], reference["fields"][0]))
    return tuple(keys)


@cache
def _metadata(name: str) -> dict[str, Any]:
    found = resource(name)
    return {
        "table": name,
        "title": found.get("title", name),
        "dataset": descriptor()["name"],
        "version": descriptor()["version"],
        "fields": {field["name"]: field.get("description", "") for field in found["schema"]["fields"]},
    }


def metadata(name: str) -> dict[str, Any]:
    """What a loaded frame carries in ``attrs``: table, title, release version and field descriptions.

    >>> metadata("visits")["version"] == shipped_descriptor()["version"]
    True
    """
    check_name(name)
    cached = _metadata(name)
    return {**cached, "fields": dict(cached["fields"])}


def table_path(name: str) -> Path:
    """Where the Parquet file of table ``name`` is installed.

    >>> table_path("visits").name
    'visits.parquet'
    """
    return SHIPPED_DIR / f"{name}.parquet"


def read_parquet(path: Path, filters: Any = None) -> pa.Table:
    """Read one shipped Parquet file; a missing or damaged file is a :class:`DataFileError`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:  # a whole file without the dataset machinery, which imports pandas
        return pq.read_table(path, filters=filters) if filters is not None else pq.ParquetFile(path).read()
    except FileNotFoundError as exc:
        raise DataFileError(f"shipped file {path} is missing; reinstall belarus-china-data") from exc
    except (pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        if filters is None:
            raise DataFileError(f"shipped file {path} is unreadable ({exc}); reinstall belarus-china-data") from exc
        raise FilterError(f"the filters cannot be applied to {path.stem}: {exc}") from exc
    except (pa.ArrowException, OSError) as exc:
        raise DataFileError(f"shipped file {path} is unreadable ({exc}); reinstall belarus-china-data") from exc


def arrow_table(name: TableName) -> pa.Table:
    """The table as a (cached, immutable) pyarrow Table.

    >>> arrow_table("agreements").num_rows > 0
    True
    """
    check_name(name)
    with _lock:
        table = _arrow_cache.get(name)
        if table is None:
            table = read_parquet(table_path(name))
            _check_shape(table, name)
            _arrow_cache[name] = table
    return table


_indexes: dict[tuple[str, str], tuple[pa.Table, dict[Any, list[int]]]] = {}


def row_index(name: TableName, field: str) -> dict[Any, list[int]]:
    """The row numbers (from 0) of each value of ``field`` in table ``name``, built once per table read.

    Lookups by a key need no Arrow expression, whose Python values pyarrow converts through its pandas check (so
    that ``get`` and ``cite`` answer without loading pandas).

    >>> len(row_index("persons", "person_id")["per-xi-jinping"])
    1
    """
    table = arrow_table(name)
    with _lock:
        cached = _indexes.get((name, field))
    if cached is None or cached[0] is not table:
        rows: dict[Any, list[int]] = {}
        for number, value in enumerate(table[field].to_pylist()):
            rows.setdefault(value, []).append(number)
        cached = (table, rows)
        with _lock:
            _indexes[(name, field)] = cached
    return cached[1]


def rows_where(name: TableName, field: str, value: Any) -> list[dict[str, Any]]:
    """The rows of table ``name`` whose ``field`` equals ``value``, as dicts, in table order.

    >>> [row["name_en"] for row in rows_where("persons", "person_id", "per-xi-jinping")]
    ['Xi Jinping']
    """
    table = arrow_table(name)
    return [table.slice(number, 1).to_pylist()[0] for number in row_index(name, field).get(value, [])]


def _check_shape(table: pa.Table, name: str) -> None:
    """A shipped file must hold the columns its descriptor names, and category columns only declared values.

    A swapped, foreign or hand-edited file is a damaged installation: it is refused with :class:`DataFileError`
    rather than loaded with values silently turned into missing ones.
    """
    import pyarrow as pa

    declared = fields(name)
    path = table_path(name)
    expected = [field["name"] for field in declared]
    if table.column_names != expected:
        raise DataFileError(
            f"shipped file {path} does not hold table {name!r} (columns {', '.join(table.column_names[:4])}, ...; "
            f"expected {', '.join(expected[:4])}, ...): the installation is damaged; reinstall belarus-china-data"
        )
    for field in declared:
        categories = field.get("constraints", {}).get("enum")
        if not categories:
            continue
        column = table[field["name"]]
        if pa.types.is_dictionary(column.type):
            present = {value for chunk in column.chunks for value in chunk.dictionary.to_pylist()}
        else:  # a file the build did not write (categories are stored dictionary-encoded): read every value
            present = set(column.to_pylist())
        unknown = sorted(present - {None} - set(categories))
        if unknown:
            raise DataFileError(
                f"shipped file {path}: {field['name']} holds {unknown[0]!r}, which is not one of its categories "
                f"({', '.join(categories)}): the installation is damaged; reinstall belarus-china-data"
            )


def clear_caches() -> None:
    """Forget everything read (for tests that point :data:`SHIPPED_DIR` at a copy)."""
    for cached in (descriptor, _resources, main_tables, foreign_keys, _metadata):
        cached.cache_clear()
    with _lock:
        _arrow_cache.clear()
        _indexes.clear()
