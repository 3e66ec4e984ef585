"""Derive every other description of a table from its pydantic model.

The models in :mod:`belarus_china_data.contract.models` are the one source of truth for field names, types,
constraints, descriptions and category lists. This module turns them into

* Frictionless Table Schemas (the published contract under ``schemas/``),
* the Arrow schema of the shipped Parquet files, and
* the pandas dtypes the loader gives each column.

pyarrow and pandas are imported inside the functions that need them, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .categories import category_meanings
from .models import TABLE_MODELS, Record

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FieldSpec", "arrow_schema", "field_specs", "pandas_dtypes", "table_schema"]

TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"

_FRICTIONLESS_TYPES: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date",
}


@dataclass(frozen=True)
class FieldSpec:
    """Everything the generators need to know about one field of a table."""

    name: str
    python_type: type
    required: bool
    description: str
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def category(self) -> type[StrEnum] | None:
        """The category list typing this field, if it is categorical."""
        if isinstance(self.python_type, type) and issubclass(self.python_type, StrEnum):
            return self.python_type
        return None

    @property
    def base_type(self) -> type:
        """The plain Python type values of this field have (``str`` for categories)."""
        return str if self.category is not None else self.python_type


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """Return (base type, nullable, constraint metadata) of an annotation such as ``Annotated[int, ...] | None``."""
    nullable = False
    metadata: list[Any] = []
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"unsupported union annotation {annotation!r}")
        annotation = args[0]
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        metadata.extend(extra)
    return annotation, nullable, metadata


def _constraint(metadata: list[Any], name: str) -> Any:
    """Find constraint ``name`` (pattern, min_length, ge, ...) in pydantic/annotated-types metadata."""
    for item in metadata:
        value = getattr(item, name, None)
        if value is not None:
            return value
        nested = getattr(item, "metadata", None)
        if isinstance(nested, list):
            found = _constraint(nested, name)
            if found is not None:
                return found
    return None


def field_specs(model: type[Record]) -> list[FieldSpec]:
    """Describe each field of a table model, in column order.

    >>> from belarus_china_data.contract.models import Agreement
    >>> [f.name for f in field_specs(Agreement)][:3]
    ['agreement_id', 'title_en', 'title_ru']
    """
    specs = []
    for name, info in model.model_fields.items():
        base, nullable, metadata = _unwrap(info.annotation)
        metadata = [*info.metadata, *metadata]
        if not (isinstance(base, type) and (base in _FRICTIONLESS_TYPES or issubclass(base, StrEnum))):
            raise TypeError(f"{model.__name__}.{name}: unsupported type {base!r}")
        specs.append(
            FieldSpec(
                name=name,
                python_type=base,
                required=info.is_required() and not nullable,
                description=info.description or "",
                pattern=_constraint(metadata, "pattern"),
                min_length=_constraint(metadata, "min_length"),
                max_length=_constraint(metadata, "max_length"),
                minimum=_constraint(metadata, "ge"),
                maximum=_constraint(metadata, "le"),
            )
        )
    return specs


def _frictionless_field(spec: FieldSpec) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": spec.name,
        "type": _FRICTIONLESS_TYPES[spec.base_type],
        "description": spec.description,
    }
    if spec.base_type is bool:
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints: dict[str, Any] = {}
    if spec.required:
        constraints["required"] = True
    if spec.category is not None:
        constraints["enum"] = list(category_meanings(spec.category))
        field["categories"] = [
            {"value": value, "label": meaning} for value, meaning in category_meanings(spec.category).items()
        ]
    if spec.pattern is not None:
        constraints["pattern"] = spec.pattern.removeprefix("^").removesuffix("$")
    if spec.min_length is not None:
        constraints["minLength"] = spec.min_length
    if spec.max_length is not None:
        constraints["maxLength"] = spec.max_length
    if spec.minimum is not None:
        constraints["minimum"] = spec.minimum
    if spec.maximum is not None:
        constraints["maximum"] = spec.maximum
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(name: str) -> dict[str, Any]:
    """Generate the Frictionless Table Schema (v2) of a table from its model.

    Frictionless anchors ``pattern`` at both ends itself, so the ``^``/``$`` of the Python patterns are dropped.
    Category lists go both into ``constraints.enum`` (which frictionless-py validates) and into the v2
    ``categories`` property (which carries each value's meaning).

    >>> schema = table_schema("trade_figures")
    >>> schema["primaryKey"], [f["name"] for f in schema["fields"]][:2]
    (['figure_id'], ['figure_id', 'reporter'])
    """
    model = TABLE_MODELS[name]
    meta = model.table
    schema: dict[str, Any] = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": [_frictionless_field(spec) for spec in field_specs(model)],
        "missingValues": [""],
        "primaryKey": list(meta.primary_key),
    }
    if meta.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.reference_table, "fields": list(fk.reference_fields)},
            }
            for fk in meta.foreign_keys
        ]
    return schema


#: How a missing number or whole number reads through pandas (NaN, written ``nan``): the shipped Parquet files hold
#: nulls there, never NaN (a source cell ``nan`` is refused), so a reader that turns nulls into NaN, as
#: frictionless-py's Parquet reader does, reads them as missing.
NAN_MISSING = ["", "nan"]


def parquet_table_schema(name: str) -> dict[str, Any]:
    """The Table Schema of a shipped Parquet file: :func:`table_schema`, where each optional number or whole number
    also reads ``nan`` as missing (:data:`NAN_MISSING`).

    >>> field = next(f for f in parquet_table_schema("visits")["fields"] if f["name"] == "documents_signed")
    >>> field["type"], field["missingValues"]
    ('integer', ['', 'nan'])
    """
    schema = table_schema(name)
    for field in schema["fields"]:
        if field["type"] in ("integer", "number") and not field.get("constraints", {}).get("required"):
            field["missingValues"] = list(NAN_MISSING)
    return schema


def arrow_schema(name: str) -> pa.Schema:
    """Arrow schema of a shipped table: strings, int64, float64, bool and date32, nullable as in the model.

    Categorical fields are stored dictionary-encoded, so that loading them as pandas categoricals or polars
    enums needs no re-encoding.

    >>> arrow_schema("sources").field("accessed").type
    DataType(date32[day])
    >>> arrow_schema("sources").field("kind").type
    DictionaryType(dictionary<values=string, indices=int16, ordered=0>)
    """
    import pyarrow as pa

    arrow_types = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}
    return pa.schema(
        [
            pa.field(
                spec.name,
                pa.dictionary(pa.int16(), pa.string()) if spec.category is not None else arrow_types[spec.base_type],
                nullable=not spec.required,
            )
            for spec in field_specs(TABLE_MODELS[name])
        ]
    )


def complete_dictionaries(table: pa.Table, name: str) -> pa.Table:
    """Give every category column of ``table`` its whole category list as Arrow dictionary, in the schema's order,
    used or not: the shipped Parquet files carry complete categories, so a reader gets them without re-encoding.

    >>> import pyarrow as pa
    >>> kinds = pa.array(["state"]).dictionary_encode()
    >>> complete_dictionaries(pa.table({"kind": kinds}), "visits")["kind"].chunk(0).dictionary.to_pylist()[:2]
    ['state', 'official']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for spec in field_specs(TABLE_MODELS[name]):
        if spec.category is None or spec.name not in table.column_names:
            continue
        values = pa.array(list(category_meanings(spec.category)), pa.string())
        index = table.schema.get_field_index(spec.name)
        column = table[spec.name].cast(pa.string())
        positions = pc.index_in(column, value_set=values).cast(pa.int16())
        chunks = [pa.DictionaryArray.from_arrays(chunk, values) for chunk in positions.chunks]
        field = table.schema.field(index).with_type(pa.dictionary(pa.int16(), pa.string()))
        table = table.set_column(index, field, pa.chunked_array(chunks, field.type))
    return table


def pandas_dtypes(name: str) -> dict[str, Any]:
    """pandas dtype of each column: nullable extension dtypes, and categoricals with the full category list.

    Derived from the generated Table Schema by the same function the loader applies to the shipped one.

    >>> list(pandas_dtypes("trade_figures")["flow"].categories)
    ['export', 'import', 'turnover']
    """
    from .dtypes import dtypes_from_fields

    return dtypes_from_fields(table_schema(name)["fields"])
