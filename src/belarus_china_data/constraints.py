"""The Table Schema constraints checked column by column on Arrow tables, and the report both validators return.

:func:`check_tables` checks what the schemas declare (field types, ``required``, ``pattern``, ``minLength``,
``maxLength``, ``minimum``, ``maximum``, ``enum``, ``unique``, primary keys and foreign keys) with one pass per
column, so its cost grows with the columns and the distinct values rather than with every cell. It reports what
Frictionless reports on the same rows read as text (:func:`frictionless_tables`, the independent referee): one
problem per cell (a type error first, else the first failing constraint), one per row for keys, rows numbered as
Frictionless numbers them (the header is row 1, the first record row 2). A test damages copies of every table in
each constraint's way and requires the two to agree.

>>> import pyarrow as pa
>>> schema = {"fields": [{"name": "year", "type": "integer", "constraints": {"minimum": 1992}}]}
>>> report = check_tables({"t": pa.table({"year": [1992, 1990]})}, {"resources": [{"name": "t", "schema": schema}]})
>>> report.valid, [(p.row, p.field, p.kind) for p in report.problems]
(False, [(3, 'year', 'constraint-error')])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa
    from frictionless import Report

__all__ = ["Problem", "ValidationReport", "check_tables", "frictionless_report", "frictionless_tables"]

#: The order in which Frictionless checks a cell's constraints (the first failing one names the problem).
_CONSTRAINT_ORDER = ("required", "minLength", "maxLength", "pattern", "enum", "minimum", "maximum")


@dataclass(frozen=True)
class Problem:
    """One problem: the table, the row (Frictionless numbering: the header is row 1), the field and the kind
    (``type-error``, ``constraint-error``, ``primary-key``, ``foreign-key``, ``unique-error``, ...)."""

    table: str
    row: int | None
    field: str | None
    kind: str
    #: What failed, compared between engines: the constraint's name for a constraint error, else empty.
    detail: str = ""
    message: str = dataclasses.field(default="", compare=False)

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.table, self.row or 0, self.field or "", self.kind, self.detail)

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.table, self.row and f"row {self.row}", self.field) if p)
        return f"{where}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """What :func:`belarus_china_data.validate` returns, whichever engine checked: ``valid``, the ``problems``
    (sorted by table, row and field), the ``engine`` and the number of tables checked (``stats["tasks"]``)."""

    engine: str
    tables: int
    problems: list[Problem]

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def stats(self) -> dict[str, int]:
        return {"tasks": self.tables, "errors": len(self.problems)}

    def flatten(self, spec: list[str]) -> list[list[Any]]:
        """The problems as rows of the named properties, as Frictionless's ``Report.flatten`` gives them (``type``,
        ``rowNumber``, ``fieldName``, ``note``; ``message`` is the whole line, ``resource`` the table)."""
        names = {"type": "kind", "rowNumber": "row", "fieldName": "field", "note": "message", "resource": "table"}
        return [[str(p) if n == "message" else getattr(p, names.get(n, n)) for n in spec] for p in self.problems]

    def __str__(self) -> str:
        head = f"{'valid' if self.valid else 'INVALID'}: {self.tables} tables checked ({self.engine})"
        return "\n".join([head, *(str(p) for p in self.problems)])


def _resources(descriptor: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in descriptor["resources"]}


def check_tables(tables: Mapping[str, pa.Table], descriptor: Mapping[str, Any]) -> ValidationReport:
    """Check ``tables`` (by name) against the schemas of their resources in ``descriptor``, column-wise."""
    import pyarrow as pa

    resources = _resources(descriptor)
    problems: list[Problem] = []
    for name, table in tables.items():
        schema = resources[name]["schema"]
        for spec in schema["fields"]:
            if spec["name"] not in table.column_names:
                problems.append(Problem(name, None, spec["name"], "missing-label", "no such column"))
                continue
            column = table[spec["name"]]
            if isinstance(column, pa.ChunkedArray):
                column = column.combine_chunks()
            problems += _check_column(name, spec, column)
        problems += _check_keys(name, schema, table, tables, resources)
    return ValidationReport("pyarrow", len(tables), sorted(problems, key=Problem.sort_key))


def _plain(column: pa.Array) -> pa.Array:
    """The column without dictionary encoding, empty text read as missing (as the CSV cells read)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
    return column


_ARROW_KINDS = {
    "string": ("is_string", "is_large_string"),
    "integer": ("is_integer",),
    "number": ("is_floating", "is_integer", "is_decimal"),
    "boolean": ("is_boolean",),
    "date": ("is_date",),
}


def _typed(spec: dict[str, Any], column: pa.Array) -> bool:
    import pyarrow as pa

    return any(getattr(pa.types, test)(column.type) for test in _ARROW_KINDS.get(spec["type"], ()))


def _check_column(table: str, spec: dict[str, Any], column: pa.Array) -> list[Problem]:
    import pyarrow as pa
    import pyarrow.compute as pc

    column = _plain(column)
    name = spec["name"]
    if pa.types.is_floating(column.type) and "nan" in spec.get("missingValues", []):
        column = pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)  # NaN reads as missing
    if not _typed(spec, column):  # a file the build did not write: read its cells as Frictionless would
        return _check_cells_as_text(table, spec, column)
    constraints = spec.get("constraints", {})
    found: list[Problem] = []
    for constraint in _CONSTRAINT_ORDER:  # Frictionless reports every constraint a cell fails
        value = constraints.get(constraint)
        if value is None or value is False:
            continue
        if constraint == "required":
            mask = pc.is_null(column)
        elif constraint in ("minLength", "maxLength"):
            compare = pc.less if constraint == "minLength" else pc.greater
            mask = compare(pc.utf8_length(column), value)
        elif constraint == "pattern":
            mask = _pattern_mask(column, value)
        elif constraint == "enum":
            mask = pc.and_(pc.is_valid(column), pc.invert(pc.is_in(column, value_set=pa.array(value, column.type))))
        else:  # minimum, maximum; NaN fails both, as in Frictionless
            compare = pc.less if constraint == "minimum" else pc.greater
            mask = compare(column, value)
            if pa.types.is_floating(column.type):
                mask = pc.or_(mask, pc.is_nan(column))
        note = f'constraint "{constraint}" is "{value}"'
        rows = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
        found += [Problem(table, index + 2, name, "constraint-error", constraint, note) for index in rows]
    return found


def _pattern_mask(column: pa.Array, pattern: str) -> pa.Array:
    """True where a value does not match ``pattern`` as Frictionless matches it (Python ``re``, ``^...$``); each
    distinct value is matched once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    compiled = re.compile(f"^{pattern}$")
    distinct = pc.unique(column.drop_null())
    bad = [value for value in distinct.to_pylist() if not compiled.match(value)]
    return pc.is_in(column, value_set=pa.array(bad, column.type))


def _check_cells_as_text(table: str, spec: dict[str, Any], column: pa.Array) -> list[Problem]:
    """A column whose Arrow type is not its schema type: each cell rendered as text and read by Frictionless."""
    from frictionless import Field

    from .contract.cells import render_cell

    reader = Field.from_descriptor(spec).create_cell_reader()
    found = []
    for index, value in enumerate(column.to_pylist()):
        _, notes = reader("" if value is None else render_cell(value))
        if notes:
            for label, note in notes.items():
                kind = "type-error" if label == "type" else "constraint-error"
                found.append(Problem(table, index + 2, spec["name"], kind, "" if label == "type" else label, note))
    return found


def _key_rows(table: pa.Table, names: list[str]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    columns = [_plain(_combined(table[name])).to_pylist() for name in names]
    yield from enumerate(zip(*columns, strict=True))


def _combined(column: Any) -> pa.Array:
    import pyarrow as pa

    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _check_keys(
    name: str,
    schema: dict[str, Any],
    table: pa.Table,
    tables: Mapping[str, pa.Table],
    resources: Mapping[str, dict[str, Any]],
) -> list[Problem]:
    found: list[Problem] = []
    present = set(table.column_names)
    for spec in schema["fields"]:
        if spec.get("constraints", {}).get("unique") and spec["name"] in present:
            seen: dict[Any, int] = {}
            for index, (value,) in _key_rows(table, [spec["name"]]):
                if value is not None:
                    if value in seen:
                        found.append(Problem(name, index + 2, spec["name"], "unique-error", message="value repeated"))
                    seen[value] = index
    key = schema.get("primaryKey", [])
    if key and set(key) <= present:
        first: dict[tuple[Any, ...], int] = {}
        for index, cells in _key_rows(table, key):
            if set(cells) == {None}:
                found.append(Problem(name, index + 2, None, "primary-key", message="key cells are all empty"))
            elif cells in first:
                found.append(
                    Problem(name, index + 2, None, "primary-key", message=f"same key as row {first[cells] + 2}")
                )
            first[cells] = index
    for foreign in schema.get("foreignKeys", []):
        fields = foreign["fields"]
        target = foreign["reference"]["resource"] or name
        if not set(fields) <= present or target not in tables:
            continue
        other = tables[target]
        keys = {cells for _, cells in _key_rows(other, foreign["reference"]["fields"])}
        if not keys:  # Frictionless skips the check against an empty table
            continue
        for index, cells in _key_rows(table, fields):
            if set(cells) != {None} and cells not in keys:
                values = ", ".join(map(str, cells))
                found.append(Problem(name, index + 2, None, "foreign-key", message=f"{values} not in {target}"))
    return found


def frictionless_tables(tables: Mapping[str, pa.Table], descriptor: Mapping[str, Any]) -> ValidationReport:
    """Check ``tables`` with frictionless-py, each row handed over as text cells (the way the CSV sources read)."""
    from .contract.cells import render_cell

    resources = _resources(descriptor)
    package = []
    for name, table in tables.items():
        rows = [[render_cell(value) for value in row.values()] for row in table.to_pylist()]
        schema = resources[name]["schema"]
        package.append({"name": name, "type": "table", "data": [table.column_names, *rows], "schema": schema})
    report = frictionless_report({"name": "check", "resources": package})
    problems = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            cell_error = error.type in ("type-error", "constraint-error")
            column = getattr(error, "field_name", None) if cell_error else None
            found = re.match(r'constraint "(\w+)"', error.note) if error.type == "constraint-error" else None
            problems.append(Problem(task.name, row, column, error.type, found.group(1) if found else "", error.note))
    problems += [Problem("", None, None, error.type, message=error.note) for error in report.errors]
    return ValidationReport("frictionless", len(tables), sorted(problems, key=Problem.sort_key))


def frictionless_report(descriptor: Path | Mapping[str, Any]) -> Report:
    """Validate a Data Package descriptor with frictionless-py and return its report.

    frictionless is imported here, on first use, because it is heavy.

    >>> schema = {"fields": [{"name": "year", "type": "integer"}]}
    >>> frictionless_report({"resources": [{"name": "t", "data": [["year"], ["1992"]], "schema": schema}]}).valid
    True
    """
    from frictionless import Package, system

    with system.use_context(trusted=True):
        if isinstance(descriptor, Path):
            package = Package(str(descriptor.name), basepath=str(descriptor.parent))
        else:
            package = Package(dict(descriptor))
        report: Report = package.validate()
    return report
