"""Load the shipped tables: pandas DataFrames, Arrow tables and typed records, offline.

Everything is read from the Parquet files inside the installed package; nothing here touches the network.
pyarrow and pandas are imported on first use. Arrow tables and the typed pandas frames are cached once;
:func:`load` hands out deep copies, so a caller may change what they get without changing what the next
caller gets.

Coverage: a year without records means "not recorded" unless the ``coverage`` table (``load("coverage")``)
marks that table and period as searched systematically; it says, per table and period, what was searched and
what was not.
"""

from __future__ import annotations

import json
import sys
import threading
import warnings
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, get_args, overload

from .contract.dtypes import dtypes_from_fields
from .errors import DataFileError, FilterError, unknown_id
from .query import filter_mask, filter_rows, id_index, normalize_filters
from .shipped import (
    TableName,
    arrow_table,
    check_name,
    fields,
    metadata,
    rows_where,
    shipped_descriptor,
    tables,
)

if TYPE_CHECKING:
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from .contract.models import Record, Source

__all__ = [
    "Backend",
    "DataFileError",
    "Filters",
    "TableName",
    "agreements",
    "arrow_table",
    "connect",
    "convert",
    "get",
    "load",
    "metadata",
    "organizations",
    "persons",
    "records",
    "resolve",
    "shipped_descriptor",
    "sources",
    "sources_for",
    "tables",
    "trade_figures",
    "visits",
]

_lock = threading.Lock()
_frame_cache: dict[str, pd.DataFrame] = {}


Backend = Literal["pandas", "polars", "pyarrow"]


#: Row filters: ``{"reporter": "BLR", "year": [2019, 2020]}``, or pyarrow's form
#: ``[("year", ">=", 2015), ("reporter", "==", "BLR")]`` (all must hold); see :func:`load`.
Filters = Mapping[str, Any] | Sequence[tuple[str, str, Any]] | Sequence[list[tuple[str, str, Any]]]


@overload
def load(name: TableName, backend: Literal["pandas"] = ..., *, filters: Filters | None = ...) -> pd.DataFrame: ...
@overload
def load(name: TableName, backend: Literal["polars"], *, filters: Filters | None = ...) -> pl.DataFrame: ...
@overload
def load(name: TableName, backend: Literal["pyarrow"], *, filters: Filters | None = ...) -> pa.Table: ...
def load(
    name: TableName, backend: Backend = "pandas", *, filters: Filters | None = None
) -> pd.DataFrame | pl.DataFrame | pa.Table:
    """Load a table as a pandas DataFrame with typed columns (or a polars DataFrame, or a pyarrow Table).

    With pandas, strings are ``string``, whole numbers ``Int64``, numbers ``Float64``, flags ``boolean`` (all
    nullable: empty means unknown, never zero), derived dates ``datetime64[ms]``, and every category list a
    ``category`` with all its categories, including those no row uses yet. With polars, category columns are
    ``Enum`` with all categories. The pyarrow Table is the shipped one as is. polars is an optional extra.

    ``filters`` keeps only the rows that match, selected in memory from the cached Arrow table (only the kept
    rows are converted: useful for the large trade and UN tables); without filters the whole typed table is
    served from a cache. Give them as a dict
    (``{"reporter": "CHN", "year": [2019, 2020]}``, a list meaning "any of") or as pyarrow's
    ``(field, operator, value)`` tuples. They are checked against the shipped schema first: an unknown field,
    a value of the wrong type or an unknown category raises :class:`~belarus_china_data.query.FilterError`
    (a ``ValueError``) naming the field, what it expects and the closest match.

    The frame's ``attrs`` carry the table name, its title, the release version and each field's description
    (a pyarrow Table carries them as schema and field metadata).

    Before reading an absence as a fact, check ``load("coverage")``: it says per table and period what was
    searched systematically and what was not.

    >>> df = load("agreements")
    >>> str(df["kind"].dtype), str(df["date_signed_earliest"].dtype)
    ('category', 'datetime64[ms]')
    >>> len(load("trade_figures", filters={"reporter": "CHN", "year": 2020})) > 0
    True
    >>> df.attrs["table"], df.attrs["fields"]["kind"]
    ('agreements', 'Kind of document.')
    """
    check_name(name)
    if backend not in get_args(Backend):
        raise ValueError(f"unknown backend {backend!r}; use pandas, polars or pyarrow")
    if filters is None:
        if backend == "pandas":
            return _with_attrs(_cached_frame(name).copy(deep=True), name)
        return _with_metadata(convert(arrow_table(name), name, backend), name)
    import pyarrow as pa

    checked = normalize_filters(name, filters)
    whole = arrow_table(name)
    try:  # in memory, from the cached table
        if backend == "pyarrow" and "pandas" not in sys.modules:  # answer without loading pandas (see filter_rows)
            table = whole.take(_indices(filter_rows(whole, checked)))
        else:
            table = whole.filter(filter_mask(whole, checked))
    except (pa.ArrowTypeError, pa.ArrowNotImplementedError, pa.ArrowInvalid, TypeError) as exc:
        raise FilterError(f"the filters cannot be applied to {name}: {exc}") from exc
    return _with_metadata(convert(table, name, backend), name)


def _indices(numbers: list[int]) -> pa.Array:
    """Row numbers as an Arrow array built from a buffer (no Python-object conversion, so no pandas check)."""
    import array

    import pyarrow as pa

    buffer = array.array("q", numbers)
    return pa.Array.from_buffers(pa.int64(), len(buffer), [None, pa.py_buffer(buffer)])


def _with_attrs(frame: pd.DataFrame, name: TableName) -> pd.DataFrame:
    frame.attrs.update(metadata(name))
    return frame


def _with_metadata(result: Any, name: TableName) -> Any:
    """Attach the table's metadata: pandas ``attrs``, or Arrow schema and field metadata."""
    if hasattr(result, "attrs"):
        return _with_attrs(result, name)
    if hasattr(result, "replace_schema_metadata"):
        import pyarrow as pa

        info = metadata(name)
        schema = pa.schema(
            [field.with_metadata({"description": info["fields"].get(field.name, "")}) for field in result.schema],
            metadata={
                **(result.schema.metadata or {}),
                b"belarus_china_data": json.dumps({k: v for k, v in info.items() if k != "fields"}).encode(),
            },
        )
        return pa.Table.from_arrays(result.columns, schema=schema)
    return result


def _cached_frame(name: TableName) -> pd.DataFrame:
    """The typed pandas frame of a whole table, converted once; callers get deep copies, never this object."""
    with _lock:
        frame = _frame_cache.get(name)
    if frame is None:
        converted = _to_pandas(arrow_table(name), name)
        with _lock:
            frame = _frame_cache.setdefault(name, converted)
    return frame


def convert(table: pa.Table, name: TableName, backend: Backend = "pandas") -> pd.DataFrame | pl.DataFrame | pa.Table:
    """Give an Arrow table of the shape of table ``name`` the dtypes :func:`load` promises for ``backend``.

    >>> convert(arrow_table("claims"), "claims")["verdict"].dtype.name
    'category'
    """
    if backend == "pyarrow":
        return table
    if backend == "polars":
        return _polars(table, name)
    return _to_pandas(table, name)


def _to_pandas(table: pa.Table, name: str) -> pd.DataFrame:
    """Convert with pandas' nullable dtypes chosen during the conversion (not by a later ``astype``, which costs
    several times more), categories dictionary-encoded by Arrow first, then given their full category list."""
    import pandas as pd
    import pyarrow as pa

    dtypes = _pandas_dtypes(name)
    categories = {n: d for n, d in dtypes.items() if isinstance(d, pd.CategoricalDtype)}
    for column in categories:
        if not pa.types.is_dictionary(table.schema.field(column).type):
            index = table.schema.get_field_index(column)
            table = table.set_column(index, column, table[column].dictionary_encode())
    mapping = {
        pa.string(): pd.StringDtype("pyarrow"),
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
    }
    frame: pd.DataFrame = table.to_pandas(types_mapper=mapping.get, date_as_object=False)
    for column, dtype in categories.items():
        # the shipped files carry every category in their dictionaries; a filtered or foreign table may not
        if not frame[column].cat.categories.equals(dtype.categories):
            frame[column] = frame[column].cat.set_categories(dtype.categories)
    dates = {n: d for n, d in dtypes.items() if d == "datetime64[ms]" and frame[n].dtype != d}
    return frame.astype(dates) if dates else frame


@cache
def _pandas_dtypes(name: str) -> dict[str, Any]:
    """pandas dtypes from the shipped schema; a test checks they equal :func:`schema.pandas_dtypes`."""
    return dtypes_from_fields(fields(name))


def _polars(table: pa.Table, name: TableName) -> pl.DataFrame:
    try:
        import polars as pl
    except ImportError as exc:
        raise ImportError('backend="polars" needs polars: pip install "belarus-china-data[polars]"') from exc
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    enums = {
        field["name"]: pl.Enum(field["constraints"]["enum"])
        for field in fields(name)
        if field.get("constraints", {}).get("enum")
    }
    return frame.cast(enums)


def sources() -> pd.DataFrame:
    """The sources registry; shortcut for ``load("sources")``.

    >>> sources().columns[0]
    'source_id'
    """
    return load("sources")


def agreements() -> pd.DataFrame:
    """Agreements; shortcut for ``load("agreements")`` (``bcd.agreements(visit=...)`` keeps those of a visit:
    :func:`belarus_china_data.views.agreements`).

    >>> agreements().columns[0]
    'agreement_id'
    """
    return load("agreements")


def visits() -> pd.DataFrame:
    """Visits; shortcut for ``load("visits")`` (``bcd.visits(with_people=True)`` adds who travelled and who
    hosted: :func:`belarus_china_data.views.visits`).

    >>> visits().columns[0]
    'visit_id'
    """
    return load("visits")


def organizations() -> pd.DataFrame:
    """Organizations; shortcut for ``load("organizations")``.

    >>> organizations().columns[0]
    'organization_id'
    """
    return load("organizations")


def persons() -> pd.DataFrame:
    """People; shortcut for ``load("persons")``.

    >>> persons().columns[0]
    'person_id'
    """
    return load("persons")


def trade_figures() -> pd.DataFrame:
    """Trade figures, one row per reporter, partner, period and flow; shortcut for ``load("trade_figures")``.

    >>> sorted(trade_figures()["reporter"].cat.categories)
    ['BLR', 'CHN']
    """
    return load("trade_figures")


def records(name: TableName) -> list[Record]:
    """The table as validated pydantic records (frozen, typed; categories as enums, dates as ``datetime.date``).

    >>> first = records("agreements")[0]
    >>> type(first).__name__
    'Agreement'
    """
    from .contract.models import TABLE_MODELS

    check_name(name)
    model = TABLE_MODELS[name]
    return [_as_record(model, row) for row in arrow_table(name).to_pylist()]


def _as_record(model: type[Record], row: dict[str, Any]) -> Record:
    """Validate one Arrow row as ``model``; empty cells are left out so that model defaults apply."""
    return model.model_validate({k: v for k, v in row.items() if v is not None})


def get(name: TableName, record_id: str) -> Record:
    """One record by its id, from a table with a single-field key.

    Raises ``KeyError`` (:class:`~belarus_china_data.query.UnknownIdError`, listing the closest ids) when there
    is no such record, and ``ValueError`` for link tables (which have
    composite keys: filter :func:`load` instead).

    >>> get("persons", "per-alexander-lukashenko").name_en
    'Alexander Lukashenko'
    """

    from .contract.models import TABLE_MODELS

    check_name(name)
    model = TABLE_MODELS[name]
    key = model.table.primary_key
    if len(key) != 1:
        raise ValueError(f"table {name!r} has a composite key ({', '.join(key)}); filter load({name!r}) instead")
    table = arrow_table(name)
    matches = rows_where(name, key[0], record_id)
    if not matches:
        successor = resolve(record_id)
        if successor == record_id:
            raise unknown_id(record_id, table[key[0]].to_pylist(), where=f"table {name!r}")
        from .contract.models import tables_by_prefix

        successor_table = tables_by_prefix()[successor.split("-", 1)[0]]
        moved = "" if successor_table == name else f" in table {successor_table!r}"
        warnings.warn(f"{record_id} is retired; returning its successor {successor}{moved}", stacklevel=2)
        return get(successor_table, successor)  # type: ignore[arg-type]
    return _as_record(model, matches[0])


def resolve(record_id: str) -> str:
    """The current id for ``record_id``: itself if it is not retired, else its successor (followed to the end).

    Raises ``KeyError`` when the id was retired without a successor.

    >>> resolve("agr-1992-diplomatic-relations")
    'agr-1992-diplomatic-relations'
    """

    seen = {record_id}
    current = record_id
    while True:
        rows = rows_where("retired_ids", "retired_id", current)
        if not rows:
            return current
        successor = rows[0]["successor_id"]
        if successor is None:
            raise KeyError(f"{current} was retired in {rows[0]['retired_in']} without successor: {rows[0]['reason']}")
        if successor in seen:
            raise KeyError(f"retired ids form a cycle at {successor}")
        seen.add(successor)
        current = successor


def sources_for(record_id: str) -> list[Source]:
    """The sources behind a record (agreement, visit, organization, person, trade figure, ...), by its id.

    An id no table holds raises ``KeyError`` (:class:`~belarus_china_data.query.UnknownIdError`) listing the
    closest ids; a retired id is followed to its successor.

    >>> [s.publisher for s in sources_for("per-alexander-lukashenko")][:1]
    ['President of the Republic of Belarus']
    """
    from .contract.models import Source

    if not isinstance(record_id, str):
        raise TypeError(f"sources_for takes one id (a string); got {type(record_id).__name__}")
    if record_id not in id_index():
        current = resolve(record_id)
        if current not in id_index():
            if record_id.startswith("src-"):
                raise ValueError(
                    f"{record_id!r} is not the id of a sourced record but a source; get('sources', {record_id!r})"
                )
            raise unknown_id(record_id, id_index())
        record_id = current

    wanted = [row["source_id"] for row in rows_where("record_sources", "record_id", record_id)]
    found = [get("sources", source_id) for source_id in wanted]
    return [source for source in found if isinstance(source, Source)]


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with every table registered as a view, for SQL joins across tables.

    duckdb is an optional extra (``pip install "belarus-china-data[duckdb]"``).

    >>> db = connect()
    >>> db.execute("select count(*) from agreements a join visits v using (visit_id)").fetchone()[0] > 0
    True
    """
    try:
        import duckdb
    except ImportError as exc:
        raise ImportError('connect() needs duckdb: pip install "belarus-china-data[duckdb]"') from exc
    connection = duckdb.connect(":memory:")
    for name in tables():
        connection.register(name, arrow_table(name))  # type: ignore[arg-type]
    return connection
