"""validate(): the column-wise checks on the Arrow tables report exactly what Frictionless reports.

Frictionless is the referee. For every table a copy is damaged in each way its schema forbids (an empty required
cell, a value outside its pattern, too short, too long, below the minimum, above the maximum, outside the
categories, a repeated primary key, a foreign key to nothing), one damage per row, and both engines must list the
same problems (table, row, field, kind and the constraint), including every damage planted.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pytest

import belarus_china_data as bcd
from belarus_china_data.constraints import Problem, check_tables, frictionless_tables
from belarus_china_data.shipped import arrow_table, descriptor

pytestmark = pytest.mark.dependencies

#: Rows of each damaged copy: enough for one damage per row (the big UN tables are cut to this many rows).
ROWS = 120


def _resource(name: str) -> dict[str, Any]:
    return next(r for r in descriptor()["resources"] if r["name"] == name)


def _bad_text(pattern: str) -> str:
    for candidate in ("Ω!?", "x", "0", "--", "A B"):
        if not re.match(f"^{pattern}$", candidate):
            return candidate
    raise AssertionError(f"no text outside {pattern}")


def _damage(name: str) -> tuple[pa.Table, list[tuple[int, str | None, str, str]]]:
    """A copy of ``name`` with one damage per row, and the problems planted (row, field, kind, constraint)."""
    schema = _resource(name)["schema"]
    shipped = arrow_table(name)  # type: ignore[arg-type]
    # a small table is repeated to ROWS rows (its repeated keys are problems too, which both engines must find)
    table = pa.concat_tables([shipped] * -(-ROWS // shipped.num_rows)).slice(0, ROWS)
    columns = {field: table[field].to_pylist() for field in table.column_names}
    planted: list[tuple[int, str | None, str, str]] = []
    row = 0

    def put(field: str, value: Any, kind: str, constraint: str) -> None:
        nonlocal row
        columns[field][row] = value
        planted.append((row + 2, field if kind == "constraint-error" else None, kind, constraint))
        row += 1

    for spec in schema["fields"]:
        constraints = spec.get("constraints", {})
        field = spec["name"]
        if constraints.get("required"):
            put(field, None, "constraint-error", "required")
        if "pattern" in constraints:
            put(field, _bad_text(constraints["pattern"]), "constraint-error", "pattern")
        if constraints.get("minLength", 0) > 1:
            put(field, "x" * (constraints["minLength"] - 1), "constraint-error", "minLength")
        if "maxLength" in constraints:
            put(field, "x" * (constraints["maxLength"] + 1), "constraint-error", "maxLength")
        if "enum" in constraints:
            put(field, "no-such-category", "constraint-error", "enum")
        step = 1 if spec["type"] == "integer" else 0.5
        cast = int if spec["type"] == "integer" else float
        if "minimum" in constraints:
            put(field, cast(constraints["minimum"] - step), "constraint-error", "minimum")
        if "maximum" in constraints:
            put(field, cast(constraints["maximum"] + step), "constraint-error", "maximum")
    key = schema.get("primaryKey", [])
    for field in key:  # row `row` repeats the key of the row before it
        columns[field][row] = columns[field][row - 1]
    planted.append((row + 2, None, "primary-key", ""))
    row += 1
    for foreign in schema.get("foreignKeys", []):
        field = foreign["fields"][0]
        values = [v for v in columns[field] if v is not None]
        missing: Any = 10**9 if isinstance(values[0] if values else "", int) else "zzz-no-such-record"
        if field not in key:
            put(field, missing, "foreign-key", "")
    assert row < ROWS
    types = [pa.string() if pa.types.is_dictionary(f.type) else f.type for f in table.schema]
    arrow_schema = pa.schema([pa.field(f.name, t) for f, t in zip(table.schema, types, strict=True)])
    return pa.Table.from_pydict(columns, schema=arrow_schema), planted


def _package(name: str, damaged: pa.Table) -> dict[str, pa.Table]:
    """The damaged table with the tables its foreign keys refer to, and theirs (whole, as shipped)."""
    tables = {name: damaged}
    pending = [name]
    while pending:
        for foreign in _resource(pending.pop())["schema"].get("foreignKeys", []):
            target = foreign["reference"]["resource"]
            if target not in tables:
                tables[target] = arrow_table(target)  # type: ignore[arg-type]
                pending.append(target)
    return tables


def _keys(problems: list[Problem]) -> list[tuple[str, int, str, str, str]]:
    return sorted(p.sort_key() for p in problems)


@pytest.mark.parametrize("name", bcd.tables())
def test_both_engines_report_the_same_problems_of_a_damaged_copy(name: str) -> None:
    damaged, planted = _damage(name)
    tables = _package(name, damaged)
    ours = check_tables(tables, descriptor())
    referee = frictionless_tables(tables, descriptor())
    assert _keys(ours.problems) == _keys(referee.problems)
    found = {(p.row, p.field if p.kind == "constraint-error" else None, p.kind, p.detail) for p in ours.problems}
    assert set(planted) <= found, sorted(set(planted) - found)[:5]


def test_the_shipped_tables_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    """(Frictionless's verdict on them: tests/test_contract.py.)"""
    from belarus_china_data.cli import main

    report = bcd.validate()
    assert report.valid, str(report)
    assert report.stats == {"tasks": len(bcd.tables()), "errors": 0}
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "valid\n"


def test_both_engines_return_the_same_kind_of_report() -> None:
    tables = {"coverage": arrow_table("coverage")}
    ours, referee = check_tables(tables, descriptor()), frictionless_tables(tables, descriptor())
    assert type(ours) is type(referee) and ours.stats == referee.stats == {"tasks": 1, "errors": 0}
    assert (ours.engine, referee.engine) == ("pyarrow", "frictionless")


def test_a_column_of_the_wrong_type_is_read_cell_by_cell() -> None:
    table = arrow_table("coverage")
    years = pa.array(["1992", "nineteen"] + [str(v) for v in table["first_year"].to_pylist()[2:]])
    damaged = table.set_column(table.column_names.index("first_year"), "first_year", years)
    problems = check_tables({"coverage": damaged}, descriptor()).problems
    assert [(p.row, p.field, p.kind) for p in problems if p.kind == "type-error"] == [(3, "first_year", "type-error")]


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'pandas'"):
        bcd.validate(engine="pandas")  # type: ignore[arg-type]
