"""Reading the hand-edited CSV files: cell parsing (property tests) and errors that name file, line and field."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belarus_china_data.contract.cells import parse_cell, render_cell
from belarus_china_data.contract.models import TABLE_MODELS, TradeFigure
from belarus_china_data.contract.schema import field_specs
from belarus_china_data.curation.csvfiles import read_table_csv, table_csv_text

pytestmark = pytest.mark.dependencies

SPECS = {spec.name: spec for spec in field_specs(TradeFigure)}


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_round_trip(value: float) -> None:
    assert parse_cell(SPECS["value_usd_millions"], render_cell(value)) == value


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_round_trip(value: int) -> None:
    assert parse_cell(SPECS["year"], render_cell(value)) == value


@given(st.booleans())
def test_booleans_round_trip(value: bool) -> None:
    assert parse_cell(SPECS["is_derived"], render_cell(value)) is value


@given(st.dates())
def test_dates_round_trip(value: dt.date) -> None:
    spec = next(s for s in field_specs(TABLE_MODELS["sources"]) if s.name == "accessed")
    assert parse_cell(spec, render_cell(value)) == value


@given(st.text(min_size=1, max_size=8))
def test_number_cells_parse_to_finite_floats_or_raise(text: str) -> None:
    try:
        value = parse_cell(SPECS["value_usd_millions"], text)
    except ValueError as exc:
        assert "number" in str(exc)
    else:
        assert isinstance(value, float) and math.isfinite(value)


@pytest.mark.parametrize("text", ["nan", "inf", "1,5", "yes", "1e400"])
def test_number_cells_reject_what_frictionless_would(text: str) -> None:
    with pytest.raises(ValueError, match="number"):
        parse_cell(SPECS["value_usd_millions"], text)


@pytest.mark.parametrize("text", ["True", "1", "yes", "FALSE"])
def test_boolean_cells_accept_only_true_and_false(text: str) -> None:
    with pytest.raises(ValueError, match="true or false"):
        parse_cell(SPECS["is_derived"], text)


def test_every_table_round_trips_through_csv(tmp_path: Path) -> None:
    from belarus_china_data.curation.build import repository_root

    for name in TABLE_MODELS:
        source = repository_root() / "data" / f"{name}.csv"
        result = read_table_csv(source, name)
        assert not result.errors
        text = table_csv_text(name, [record.model_dump() for record in result.records])
        assert text == source.read_text(encoding="utf-8"), f"data/{name}.csv is not in canonical form"


def test_wrong_header_is_reported_on_line_one(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text("visit_id,title\nvis-2000-x,y\n", encoding="utf-8")
    errors = read_table_csv(path, "visits", display_name="visits.csv").errors
    assert [(e.file, e.line) for e in errors] == [("visits.csv", 1)]
    assert "unknown title" in errors[0].message


def test_byte_order_mark_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_text("\ufeff" + table_csv_text("persons", []), encoding="utf-8")
    errors = read_table_csv(path, "persons").errors
    assert "byte-order mark" in errors[0].message


def test_short_row_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "agreement_parties.csv"
    path.write_text("agreement_id,organization_id\nagr-1992-x\n", encoding="utf-8")
    errors = read_table_csv(path, "agreement_parties").errors
    assert errors[0].line == 2 and "1 cells" in errors[0].message
