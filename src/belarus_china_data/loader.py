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

import copy
import json
import threading
import warnings
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args, overload

from .contract.dtypes import dtypes_from_fields
from .contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR

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

_lock = threading.Lock()
_arrow_cache: dict[str, pa.Table] = {}
_frame_cache: dict[str, pd.DataFrame] = {}


class DataFileError(RuntimeError):
    """A shipped data file is missing, truncated or unreadable: the installation is damaged."""


def shipped_descriptor() -> dict[str, Any]:
    """The descriptor shipped with the package: version, licences, and each file's hash, size, rows and schema.

    Each call returns a fresh copy, so a caller may change it without changing what the loader relies on.

    >>> shipped_descriptor()["name"]
    'belarus-china-data'
    """
    return copy.deepcopy(_descriptor())


@cache
def _descriptor() -> dict[str, Any]:
    """The parsed shipped descriptor, read once; never handed out (see :func:`shipped_descriptor`)."""
    path = SHIPPED_DIR / SHIPPED_DESCRIPTOR
    try:
        result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"cannot read the shipped descriptor {path}: {exc}; reinstall belarus-china-data") from exc
    return result


def tables() -> list[str]:
    """Names of the tables in this release, main tables first, then link tables.

    >>> tables()[:3]
    ['sources', 'agreements', 'visits']
    """
    return list(get_args(TableName))


def _check_name(name: str) -> None:
    if name not in get_args(TableName):
        import difflib

        near = difflib.get_close_matches(str(name), tables(), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else "."
        raise ValueError(f"unknown table {name!r}{hint} The tables are: {', '.join(tables())}")


def arrow_table(name: TableName) -> pa.Table:
    """The table as a (cached, immutable) pyarrow Table.

    >>> arrow_table("agreements").num_rows > 0
    True
    """
    _check_name(name)
    with _lock:
        table = _arrow_cache.get(name)
        if table is None:
            table = _read_parquet(SHIPPED_DIR / f"{name}.parquet")
            _check_shape(table, name)
            _arrow_cache[name] = table
    return table


def _check_shape(table: pa.Table, name: str) -> None:
    """A shipped file must hold the columns its descriptor names, and category columns only declared values.

    A swapped, foreign or hand-edited file is a damaged installation: it is refused with :class:`DataFileError`
    rather than loaded with values silently turned into missing ones.
    """
    import pyarrow as pa

    fields = _shipped_fields(name)
    path = SHIPPED_DIR / f"{name}.parquet"
    expected = [field["name"] for field in fields]
    if table.column_names != expected:
        raise DataFileError(
            f"shipped file {path} does not hold table {name!r} (columns {', '.join(table.column_names[:4])}, ...; "
            f"expected {', '.join(expected[:4])}, ...): the installation is damaged; reinstall belarus-china-data"
        )
    for field in fields:
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


def _read_parquet(path: Path, filters: Any = None) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path, filters=filters)
    except FileNotFoundError as exc:
        raise DataFileError(f"shipped file {path} is missing; reinstall belarus-china-data") from exc
    except (pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        if filters is None:
            raise DataFileError(f"shipped file {path} is unreadable ({exc}); reinstall belarus-china-data") from exc
        from .query import FilterError

        raise FilterError(f"the filters cannot be applied to {path.stem}: {exc}") from exc
    except (pa.ArrowException, OSError) as exc:
        raise DataFileError(f"shipped file {path} is unreadable ({exc}); reinstall belarus-china-data") from exc


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

    ``filters`` keeps only the rows that match, reading no more of the file than needed (useful for the large
    trade table); without filters the whole table is served from a cache. Give them as a dict
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
    _check_name(name)
    if backend not in get_args(Backend):
        raise ValueError(f"unknown backend {backend!r}; use pandas, polars or pyarrow")
    if filters is None:
        if backend == "pandas":
            return _with_attrs(_cached_frame(name).copy(deep=True), name)
        return _with_metadata(convert(arrow_table(name), name, backend), name)
    from .query import filter_expression, normalize_filters  # only filtered loads need it

    checked = normalize_filters(name, filters)
    table = _read_parquet(SHIPPED_DIR / f"{name}.parquet", filter_expression(checked))
    return _with_metadata(convert(table, name, backend), name)


def metadata(name: TableName) -> dict[str, Any]:
    """What a loaded frame carries in ``attrs``: table, title, release version and field descriptions.

    >>> metadata("visits")["version"] == shipped_descriptor()["version"]
    True
    """
    _check_name(name)
    cached = _metadata(name)
    return {**cached, "fields": dict(cached["fields"])}


@cache
def _metadata(name: str) -> dict[str, Any]:
    """The metadata of a table, read from the descriptor once (never handed out: see :func:`metadata`)."""
    descriptor = _descriptor()
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    return {
        "table": name,
        "title": resource.get("title", name),
        "dataset": descriptor["name"],
        "version": descriptor["version"],
        "fields": {field["name"]: field.get("description", "") for field in resource["schema"]["fields"]},
    }


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
        frame[column] = frame[column].cat.set_categories(dtype.categories)
    dates = {n: d for n, d in dtypes.items() if d == "datetime64[ms]" and frame[n].dtype != d}
    return frame.astype(dates) if dates else frame


def _shipped_fields(name: str) -> list[dict[str, Any]]:
    """The published schema's fields of a table, from the shipped descriptor (no pydantic needed to load)."""
    for resource in _descriptor()["resources"]:
        if resource["name"] == name:
            fields: list[dict[str, Any]] = resource["schema"]["fields"]
            return fields
    raise ValueError(f"table {name!r} is not in the shipped descriptor")


@cache
def _pandas_dtypes(name: str) -> dict[str, Any]:
    """pandas dtypes from the shipped schema; a test checks they equal :func:`schema.pandas_dtypes`."""
    return dtypes_from_fields(_shipped_fields(name))


def _polars(table: pa.Table, name: TableName) -> pl.DataFrame:
    try:
        import polars as pl
    except ImportError as exc:
        raise ImportError('backend="polars" needs polars: pip install "belarus-china-data[polars]"') from exc
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    enums = {
        field["name"]: pl.Enum(field["constraints"]["enum"])
        for field in _shipped_fields(name)
        if field.get("constraints", {}).get("enum")
    }
    return frame.cast(enums)


def sources() -> pd.DataFrame:
    """The sources registry; shortcut for ``load("sources")``.

    >>> sources().columns[0]
    'source_id'
    """
    return load("sources")


def agreements(visit: str | Sequence[str] | pd.DataFrame | None = None) -> pd.DataFrame:
    """Agreements; shortcut for ``load("agreements")``. ``visit`` keeps those signed during a visit (an id,
    several ids, or a frame of visits; an unknown id raises ``KeyError`` naming the closest).

    >>> agreements().columns[0]
    'agreement_id'
    >>> len(agreements(visit="vis-2015-xi-jinping-belarus")) > 0
    True
    """
    if visit is None:
        return load("agreements")
    from .views import agreements_signed_during

    return agreements_signed_during(visit)


def visits(*, with_people: bool = False) -> pd.DataFrame:
    """Visits; shortcut for ``load("visits")``. ``with_people=True`` adds who travelled and who hosted
    (``visitor_ids``, ``visitor_names_en``, ..., ``host_names_zh``); see
    :func:`belarus_china_data.views.visits_with_people`.

    >>> visits().columns[0]
    'visit_id'
    >>> v = visits(with_people=True)
    >>> v.loc[v.visit_id == "vis-2016-lukashenko-china", "visitor_names_ru"].item()
    'Александр Григорьевич Лукашенко'
    """
    if not with_people:
        return load("visits")
    from .views import visits_with_people

    return visits_with_people()


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

    _check_name(name)
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
    import pyarrow.compute as pc

    from .contract.models import TABLE_MODELS

    _check_name(name)
    model = TABLE_MODELS[name]
    key = model.table.primary_key
    if len(key) != 1:
        raise ValueError(f"table {name!r} has a composite key ({', '.join(key)}); filter load({name!r}) instead")
    table = arrow_table(name)
    matches = table.filter(pc.equal(table[key[0]], record_id)).to_pylist()
    if not matches:
        successor = resolve(record_id)
        if successor == record_id:
            from .query import unknown_id

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
    import pyarrow.compute as pc

    retired = arrow_table("retired_ids")
    seen = {record_id}
    current = record_id
    while True:
        rows = retired.filter(pc.equal(retired["retired_id"], current)).to_pylist()
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
    from .query import id_index, unknown_id

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
    import pyarrow.compute as pc

    links = arrow_table("record_sources")
    wanted = links.filter(pc.equal(links["record_id"], record_id))["source_id"].to_pylist()
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
