"""Bad input in data/: each fault is injected into a scratch copy and must give an error naming file, line and
field, while the build writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from belarus_china_data.contract.errors import DataError, DataValidationError
from belarus_china_data.curation.build import build
from belarus_china_data.curation.validation import read_source

from .conftest import rewrite_cell

pytestmark = pytest.mark.dependencies


def errors_for(root: Path) -> list[DataError]:
    with pytest.raises(DataValidationError) as caught:
        read_source(root / "data")
    return caught.value.errors


def test_shipped_source_data_is_valid() -> None:
    from .conftest import ROOT

    data = read_source(ROOT / "data")
    assert all(data.records[name] for name in data.records if name != "retired_ids")


@pytest.mark.parametrize(
    ("file", "record_id", "field", "value", "message"),
    [
        ("visits", "vis-2022-sco-samarkand", "start_date", "2022-09-31", "not a real calendar day"),
        ("visits", "vis-2022-sco-samarkand", "start_date", "15.09.2022", "should match pattern"),
        ("agreements", "agr-1992-diplomatic-relations", "kind", "treaty-ish", "Input should be"),
        ("agreements", "agr-1992-diplomatic-relations", "date_signed_latest", "1992-01-21", "implies 1992-01-20"),
        ("agreements", "agr-1992-diplomatic-relations", "date_signed_precision", "month", "implies day"),
        ("agreements", "agr-1992-diplomatic-relations", "date_signed_precision", "weekly", "Input should be"),
        ("trade_figures", "trd-chn-blr-2022-turnover-ambassador", "value_usd_millions", "-5", "greater than"),
        ("trade_figures", "trd-chn-blr-2022-turnover-ambassador", "value_usd_millions", "", "Field required"),
        ("trade_figures", "trd-chn-blr-2022-turnover-ambassador", "value_usd_millions", "5,08", "expected a number"),
        ("trade_figures", "trd-chn-blr-2022-turnover-ambassador", "reporter", "RUS", "Input should be"),
        ("trade_figures", "trd-chn-blr-2022-turnover-ambassador", "year", "1985", "greater than or equal"),
        ("trade_figures", "trd-chn-blr-2023-jan-may-turnover-ambassador", "period", "", "Field required"),
        ("trade_figures", "trd-chn-blr-2023-jan-may-turnover-ambassador", "period", "2023-05/2023-01", "ends before"),
        ("sources", "src-tass-2022-07-15-sco-application", "publisher", "", "Field required"),
        ("organizations", "org-camce", "parent_id", "org-does-not-exist", "is not an id in organizations"),
    ],
)
def test_bad_cell_is_located(
    scratch_root: Path, file: str, record_id: str, field: str, value: str, message: str
) -> None:
    line = rewrite_cell(scratch_root / "data" / f"{file}.csv", record_id, field, value)
    errors = errors_for(scratch_root)
    located = [e for e in errors if (e.file, e.line, e.field) == (f"data/{file}.csv", line, field)]
    assert located, errors
    assert message in located[0].message


def test_end_before_start(scratch_root: Path) -> None:
    path = scratch_root / "data" / "visits.csv"
    line = rewrite_cell(path, "vis-2023-lukashenko-state-visit", "end_date", "2023-02-01")
    for column, value in (("precision", "day"), ("earliest", "2023-02-01"), ("latest", "2023-02-01")):
        rewrite_cell(path, "vis-2023-lukashenko-state-visit", f"end_date_{column}", value)
    errors = errors_for(scratch_root)
    assert any(e.line == line and "before start_date" in e.message for e in errors), errors


def test_part_year_period_must_fit_the_year(scratch_root: Path) -> None:
    line = rewrite_cell(
        scratch_root / "data" / "trade_figures.csv", "trd-chn-blr-2023-jan-may-turnover-ambassador", "period", "2022"
    )
    assert any(e.line == line and "not within year 2023" in e.message for e in errors_for(scratch_root))


def test_duplicate_id(scratch_root: Path) -> None:
    path = scratch_root / "data" / "persons.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    errors = errors_for(scratch_root)
    assert any(e.line == len(lines) + 1 and e.field == "person_id" and "duplicate" in e.message for e in errors)


def test_trade_figure_without_source(scratch_root: Path) -> None:
    path = scratch_root / "data" / "record_sources.csv"
    kept = [
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("trd-chn-blr-2022-turnover-ambassador,")
    ]
    path.write_text("".join(kept), encoding="utf-8")
    errors = errors_for(scratch_root)
    assert any(
        e.file == "data/trade_figures.csv" and e.field == "figure_id" and "has no source" in e.message for e in errors
    )


def test_record_without_source(scratch_root: Path) -> None:
    path = scratch_root / "data" / "record_sources.csv"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if "per-li-peng," not in line]
    path.write_text("".join(kept), encoding="utf-8")
    errors = errors_for(scratch_root)
    assert any(
        e.file == "data/persons.csv" and e.field == "person_id" and "per-li-peng has no source" in e.message
        for e in errors
    )


def test_source_without_url_or_explanation(scratch_root: Path) -> None:
    line = rewrite_cell(scratch_root / "data" / "sources.csv", "src-turarbekava-2023-second-pillar", "note", "")
    errors = errors_for(scratch_root)
    assert any(e.line == line and "url is empty" in e.message for e in errors), errors


def test_dangling_link_to_a_record(scratch_root: Path) -> None:
    path = scratch_root / "data" / "record_sources.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "agr-1999-imaginary,src-tass-2022-07-15-sco-application,,,\n",
        encoding="utf-8",
    )
    errors = errors_for(scratch_root)
    assert any(e.field == "record_id" and "agr-1999-imaginary is not an id" in e.message for e in errors)


def test_invalid_data_writes_nothing(scratch_root: Path) -> None:
    rewrite_cell(scratch_root / "data" / "visits.csv", "vis-2022-sco-samarkand", "kind", "picnic")
    shipped = scratch_root / "shipped"
    with pytest.raises(DataValidationError):
        build(scratch_root, shipped_dir=shipped)
    assert not shipped.exists()
    assert not (scratch_root / "schemas").exists()
    assert not (scratch_root / "datapackage.json").exists()


def test_error_message_lists_every_problem(scratch_root: Path) -> None:
    rewrite_cell(scratch_root / "data" / "visits.csv", "vis-2022-sco-samarkand", "kind", "picnic")
    rewrite_cell(scratch_root / "data" / "persons.csv", "per-li-peng", "country", "china")
    with pytest.raises(DataValidationError) as caught:
        read_source(scratch_root / "data")
    text = str(caught.value)
    assert text.startswith("2 problems in the source data:")
    assert "data/visits.csv, line" in text and "field 'kind'" in text
    assert "data/persons.csv, line" in text and "field 'country'" in text


def test_claim_with_unknown_evidence(scratch_root: Path) -> None:
    line = rewrite_cell(
        scratch_root / "data" / "claims.csv", "clm-2022-trade-5-8-billion", "evidence_ids", "trd-blr-chn-1800-x"
    )
    errors = errors_for(scratch_root)
    assert any(e.line == line and e.field == "evidence_ids" and "trd-blr-chn-1800-x" in e.message for e in errors)


def test_retired_id_may_not_be_in_use(scratch_root: Path) -> None:
    path = scratch_root / "data" / "retired_ids.csv"
    path.write_text(path.read_text() + "per-li-peng,per-nobody,0.2.0,test\n", encoding="utf-8")
    errors = errors_for(scratch_root)
    assert any(e.field == "retired_id" and "per-li-peng is retired but in use" in e.message for e in errors)
    assert any(e.field == "successor_id" and "per-nobody is no record" in e.message for e in errors)
