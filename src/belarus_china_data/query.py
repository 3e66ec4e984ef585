"""Check what a user asks for against the shipped schema before anything is read, and say what went wrong.

Filters (:func:`belarus_china_data.load`), ``--where`` conditions of the command line and record ids are checked
here: field names, value types, category values and id formats come from the shipped descriptor, so the checks
follow the tables of the installed release without a line per table. A mistake raises :class:`FilterError` or
:class:`UnknownIdError` (a ``ValueError`` and a ``KeyError``), naming the field, what it expects and the closest
match; it is never reported as a damaged installation.

>>> normalize_filters("trade_figures", {"reporter": "CHN", "year": 2020})
[('reporter', '==', 'CHN'), ('year', '==', 2020)]
>>> normalize_filters("visits", [("kind", "==", "State")])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
belarus_china_data.errors.FilterError: field 'kind' of table 'visits' has no category 'State'; did you mean 'state'? ...
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .contract.dates import PARTIAL_DATE_PATTERN, parse_partial_date
from .errors import FilterError, UnknownIdError, closest, unknown_id
from .shipped import arrow_table, field_info, main_tables
from .shipped import id_field as table_id_field

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.compute as pc

__all__ = [
    "FilterError",
    "UnknownIdError",
    "closest",
    "field_info",
    "filter_expression",
    "filter_mask",
    "filter_rows",
    "id_index",
    "main_tables",
    "normalize_filters",
    "parse_where",
    "table_id_field",
    "unknown_id",
]

#: Operators a filter term may use.
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
#: Most alternatives (OR-groups) a filter may have when they cannot be merged into one "in" test.
MAX_ALTERNATIVES = 64
#: Most distinct terms one AND-group may have after merging.
MAX_TERMS = 256


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    found = closest(word, candidates, n=1)
    return f"; did you mean {found[0]!r}?" if found else "."


def _fields_hint(table: str, word: str) -> str:
    names = list(field_info(table))
    return f"{_did_you_mean(word, names)} The fields of {table} are: {', '.join(names)}"


def _type_name(field: dict[str, Any]) -> str:
    if field.get("constraints", {}).get("enum"):
        return "a category"
    kind = str(field["type"])
    names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true/false"}
    return names.get(kind, f"a {kind}")


def _check_value(table: str, field: dict[str, Any], value: Any, operator: str) -> Any:
    """Check one value against a field; return it in the form pyarrow compares (dates as ``datetime.date``)."""
    name, kind = field["name"], field["type"]
    constraints = field.get("constraints", {})
    where = f"field {name!r} of table {table!r}"
    if value is None:
        raise FilterError(f"{where}: filter value is None; empty cells mean unknown, select them with pandas isna()")
    enum = constraints.get("enum")
    if enum:
        if not isinstance(value, str) or value not in enum:
            raise FilterError(
                f"{where} has no category {value!r}{_did_you_mean(str(value), enum)} The categories are: "
                + ", ".join(enum)
            )
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise FilterError(f"{where} is text; got {type(value).__name__} {value!r} (write {str(value)!r})")
        pattern = constraints.get("pattern")
        if pattern and operator in ("==", "!=", "in", "not in") and not re.fullmatch(pattern, value):
            raise FilterError(f"{where}: {value!r} cannot match, values have the form {pattern}")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            hint = f" (write {int(value)})" if isinstance(value, str) and value.strip().lstrip("-").isdigit() else ""
            raise FilterError(f"{where} is a whole number; got {type(value).__name__} {value!r}{hint}")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FilterError(f"{where} is a number; got {type(value).__name__} {value!r}")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise FilterError(f"{where} is true/false; got {type(value).__name__} {value!r} (write True or False)")
        return value
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if hasattr(value, "to_pydatetime"):  # pandas Timestamp
            return value.to_pydatetime().date()
        raise FilterError(f"{where} is a date; got {type(value).__name__} {value!r} (write datetime.date(...))")
    return value  # pragma: no cover - every Table Schema type of the release is handled above


def _terms(table: str, filters: Any) -> list[list[tuple[str, str, Any]]]:
    """Filters as OR-groups of AND-terms, whatever form they were given in."""
    if isinstance(filters, Mapping):
        return [[(str(k), "in" if _is_collection(v) else "==", v) for k, v in filters.items()]]
    if isinstance(filters, tuple) and len(filters) == 3 and isinstance(filters[0], str):
        return [[filters]]
    if isinstance(filters, str) or not isinstance(filters, Iterable):
        raise FilterError(
            f"filters must be a dict {{field: value}} or a list of (field, operator, value) tuples; got {filters!r}"
        )
    items = list(filters)
    if items and all(isinstance(item, list) for item in items):
        return [[_term(table, term) for term in group] for group in items]
    return [[_term(table, item) for item in items]]


def _term(table: str, item: Any) -> tuple[str, str, Any]:
    if not (isinstance(item, tuple | list) and len(item) == 3 and isinstance(item[0], str)):
        raise FilterError(f"filter term {item!r} of table {table!r} is not a (field, operator, value) tuple")
    return (item[0], item[1], item[2])


def _is_collection(value: Any) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)


def normalize_filters(table: str, filters: Any) -> list[tuple[str, str, Any]] | list[list[tuple[str, str, Any]]]:
    """Check ``filters`` against the schema of ``table`` and return them in pyarrow's form.

    Accepts a dict (``{"reporter": "CHN", "year": [2019, 2020]}``; a list value means "any of"), one
    ``(field, operator, value)`` tuple, a list of them (all must hold) or a list of lists (any group may hold).
    Alternatives that all test one field for equality become a single ``in`` test, however many there are.

    >>> ids = ["vis-2015-xi-jinping-belarus", "vis-2016-lukashenko-china"]
    >>> normalize_filters("visits", [[("visit_id", "==", i)] for i in ids])
    [('visit_id', 'in', ['vis-2015-xi-jinping-belarus', 'vis-2016-lukashenko-china'])]
    >>> normalize_filters("trade_figures", [("year", "==", "2020")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    belarus_china_data.errors.FilterError: field 'year' of table 'trade_figures' is a whole number; got str '2020' ...
    """
    fields = field_info(table)
    groups = _terms(table, filters)
    checked: list[list[tuple[str, str, Any]]] = []
    for group in groups:
        terms = []
        for name, operator, value in group:
            if name not in fields:
                raise FilterError(f"filter on unknown field {name!r} of table {table!r}{_fields_hint(table, name)}")
            operator = "==" if operator == "=" else operator
            if operator not in OPERATORS:
                raise FilterError(
                    f"filter on {name!r}: unknown operator {operator!r}; use one of {', '.join(OPERATORS)}"
                )
            if operator in ("in", "not in"):
                values = [value] if not _is_collection(value) else list(value)
                if not values:
                    raise FilterError(f"filter on {name!r}: {operator!r} needs at least one value")
                value = list(dict.fromkeys(_check_value(table, fields[name], v, operator) for v in values))
            else:
                if _is_collection(value):
                    raise FilterError(f"filter on {name!r}: {operator!r} takes one value; use 'in' for several")
                value = _check_value(table, fields[name], value, operator)
            terms.append((name, operator, value))
        checked.append(_merge_equalities(terms))
    if len(checked) == 1:
        return checked[0]
    merged = _merge_alternatives(checked)
    if merged is not None:
        return merged
    if len(checked) > MAX_ALTERNATIVES:
        raise FilterError(
            f"{len(checked)} alternative filter groups; more than {MAX_ALTERNATIVES} are refused. "
            "Test one field against many values with (field, 'in', [values])"
        )
    return checked


def _merge_equalities(terms: list[tuple[str, str, Any]]) -> list[tuple[str, str, Any]]:
    """Within one AND-group, equality and ``in`` terms on one field become one ``in`` test of the values
    that satisfy all of them (order kept); other terms stay as they are."""
    counts: dict[str, int] = {}
    for name, operator, _ in terms:
        if operator in ("==", "in"):
            counts[name] = counts.get(name, 0) + 1
    merged: dict[str, list[Any]] = {}
    rest = []
    for name, operator, value in terms:
        if operator not in ("==", "in") or counts[name] == 1:
            rest.append((name, operator, value))
            continue
        values = value if operator == "in" else [value]
        merged[name] = values if name not in merged else [v for v in merged[name] if v in set(values)]
    result = [*rest, *((name, "in", values) for name, values in merged.items())]
    if len(result) > MAX_TERMS:
        raise FilterError(
            f"{len(result)} filter terms in one group; more than {MAX_TERMS} are refused. "
            "Test one field against many values with (field, 'in', [values])"
        )
    return result


def _merge_alternatives(groups: list[list[tuple[str, str, Any]]]) -> list[tuple[str, str, Any]] | None:
    """OR of one-term groups that test the same field for (in)equality membership: one ``in`` test."""
    if not all(len(group) == 1 and group[0][1] in ("==", "in") for group in groups):
        return None
    names = {group[0][0] for group in groups}
    if len(names) != 1:
        return None
    values: list[Any] = []
    for group in groups:
        value = group[0][2]
        values.extend(value if group[0][1] == "in" else [value])
    return [(names.pop(), "in", list(dict.fromkeys(values)))]


def filter_expression(filters: Sequence[Any]) -> pc.Expression:
    """A pyarrow compute expression for normalised filters (AND-terms, or OR-groups of them).

    >>> filter_expression([("year", ">=", 2015)])
    <pyarrow.compute.Expression (year >= 2015)>
    """
    import pyarrow.compute as pc

    def term(name: str, operator: str, value: Any) -> pc.Expression:
        column = pc.field(name)
        if operator in ("in", "not in") and not value:  # an empty set: nothing is in it
            return pc.scalar(operator == "not in")
        if operator == "in":
            return column.isin(value)
        if operator == "not in":
            return ~column.isin(value)
        comparisons = {
            "==": column.__eq__,
            "!=": column.__ne__,
            "<": column.__lt__,
            "<=": column.__le__,
            ">": column.__gt__,
            ">=": column.__ge__,
        }
        result: pc.Expression = comparisons[operator](value)
        return result

    def conjunction(group: Sequence[tuple[str, str, Any]]) -> pc.Expression:
        expression = term(*group[0])
        for item in group[1:]:
            expression = expression & term(*item)
        return expression

    if filters and isinstance(filters[0], list):
        expression = conjunction(filters[0])
        for group in filters[1:]:
            expression = expression | conjunction(group)
        return expression
    return conjunction(filters)


def filter_mask(table: pa.Table, filters: Sequence[Any]) -> pa.ChunkedArray:
    """The rows of ``table`` that normalised filters keep, as a boolean mask: :func:`filter_expression` evaluated
    with compute kernels on a table in memory (Kleene logic, as in the expression), so that no dataset machinery
    (which loads pandas) is needed. A row whose test is null is dropped by ``Table.filter``.

    >>> import pyarrow as pa
    >>> filter_mask(pa.table({"year": [2014, 2015, None]}), [("year", ">=", 2015)]).to_pylist()
    [False, True, None]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def column(name: str) -> Any:
        values = table[name]
        return values.cast(values.type.value_type) if pa.types.is_dictionary(values.type) else values

    def term(name: str, operator: str, value: Any) -> Any:
        if operator in ("in", "not in") and not value:  # an empty set: nothing is in it
            return pa.chunked_array([pa.array([operator == "not in"] * table.num_rows, pa.bool_())])
        values = column(name)
        if operator in ("in", "not in"):
            found = pc.is_in(values, value_set=pa.array(list(value), values.type))
            return pc.invert(found) if operator == "not in" else found
        kernels = {
            "==": pc.equal,
            "!=": pc.not_equal,
            "<": pc.less,
            "<=": pc.less_equal,
            ">": pc.greater,
            ">=": pc.greater_equal,
        }
        return kernels[operator](values, pa.scalar(value, values.type))

    def conjunction(group: Sequence[tuple[str, str, Any]]) -> Any:
        mask = term(*group[0])
        for item in group[1:]:
            mask = pc.and_kleene(mask, term(*item))
        return mask

    if filters and isinstance(filters[0], list):
        mask = conjunction(filters[0])
        for group in filters[1:]:
            mask = pc.or_kleene(mask, conjunction(group))
        return mask
    return conjunction(filters)


def filter_rows(table: pa.Table, filters: Sequence[Any]) -> list[int]:
    """The row numbers :func:`filter_mask` keeps, computed in Python: pyarrow converts Python values through its
    pandas check, which loads pandas, so a command that answers without pandas (``show --where``) filters here.

    >>> import pyarrow as pa
    >>> filter_rows(pa.table({"year": [2014, 2015, None]}), [("year", ">=", 2015)])
    [1]
    """
    import operator as op

    compare = {"==": op.eq, "!=": op.ne, "<": op.lt, "<=": op.le, ">": op.gt, ">=": op.ge}
    values: dict[str, list[Any]] = {}

    def term(name: str, operator: str, value: Any) -> list[bool | None]:
        if name not in values:
            values[name] = table[name].to_pylist()
        cells = values[name]
        if operator in ("in", "not in"):  # a missing cell is in no set (is_in), so "not in" keeps it
            wanted = set(value)
            return [(cell in wanted) == (operator == "in") for cell in cells]
        test = compare[operator]
        return [None if cell is None else bool(test(cell, value)) for cell in cells]

    def both(left: list[bool | None], right: list[bool | None]) -> list[bool | None]:  # Kleene and
        return [
            False if a is False or b is False else None if a is None or b is None else True
            for a, b in zip(left, right, strict=True)
        ]

    def either(left: list[bool | None], right: list[bool | None]) -> list[bool | None]:  # Kleene or
        return [
            True if a is True or b is True else None if a is None or b is None else False
            for a, b in zip(left, right, strict=True)
        ]

    def conjunction(group: Sequence[tuple[str, str, Any]]) -> list[bool | None]:
        kept = term(*group[0])
        for item in group[1:]:
            kept = both(kept, term(*item))
        return kept

    if filters and isinstance(filters[0], list):
        kept = conjunction(filters[0])
        for group in filters[1:]:
            kept = either(kept, conjunction(group))
    else:
        kept = conjunction(filters)
    return [number for number, keep in enumerate(kept) if keep is True]


_BOOLEAN_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def parse_where(table: str, condition: str) -> tuple[str, str, Any]:
    """Turn a command-line ``FIELD=VALUE`` into a checked filter term, the value typed by the field.

    >>> parse_where("trade_figures", "is_derived=false")
    ('is_derived', '==', False)
    >>> parse_where("visits", "knd=state")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    belarus_china_data.errors.FilterError: --where 'knd=state': no field 'knd' in table 'visits'; did you mean ...
    """
    name, separator, text = condition.partition("=")
    name = name.strip()
    if not separator or not name:
        raise FilterError(f"--where {condition!r}: expected FIELD=VALUE")
    fields = field_info(table)
    if name not in fields:
        raise FilterError(f"--where {condition!r}: no field {name!r} in table {table!r}{_fields_hint(table, name)}")
    field = fields[name]
    value: Any = text
    try:
        if field["type"] == "integer":
            value = int(text)
        elif field["type"] == "number":
            value = float(text)
        elif field["type"] == "boolean":
            value = _BOOLEAN_WORDS[text.strip().lower()]
        elif field["type"] == "date":
            value = dt.date.fromisoformat(text)
        elif field.get("constraints", {}).get("pattern") == PARTIAL_DATE_PATTERN.strip("^$"):
            parse_partial_date(text)  # a date as precise as known: 2019, 2019-02 or 2019-02-28, and a real one
    except (ValueError, KeyError):
        raise FilterError(
            f"--where {condition!r}: field {name!r} is {_type_name(field)}"
            + (" (true or false)" if field["type"] == "boolean" else "")
            + (" (YYYY-MM-DD)" if field["type"] == "date" else "")
            + (" (a real date: YYYY, YYYY-MM or YYYY-MM-DD)" if field["type"] == "string" else "")
            + f"; {text!r} is not one"
        ) from None
    try:
        checked = normalize_filters(table, [(name, "==", value)])
    except FilterError as exc:
        raise FilterError(f"--where {condition!r}: {exc}") from None
    term = checked[0]
    assert isinstance(term, tuple)
    return term


@cache
def id_index() -> dict[str, str]:
    """Every record id of the release mapped to its table (sources, claims and retired ids excluded).

    >>> id_index()["per-xi-jinping"]
    'persons'
    """
    index: dict[str, str] = {}
    for table, key in main_tables().items():
        if table in ("sources", "claims", "retired_ids"):
            continue
        for value in arrow_table(table)[key].to_pylist():  # type: ignore[arg-type]
            index[value] = table
    return index
