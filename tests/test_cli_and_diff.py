"""The command line (filters, export, errors) and the record-level diff between releases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import belarus_china_data as bcd
from belarus_china_data.cli import main
from belarus_china_data.contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from belarus_china_data.curation.diff import diff_releases

pytestmark = pytest.mark.dependencies


@pytest.fixture
def older_release(tmp_path: Path) -> Path:
    """A fake earlier release: one visit missing, one visit's kind different, version 0.0.9."""
    folder = Path(shutil.copytree(SHIPPED_DIR, tmp_path / "old"))
    table = pq.read_table(folder / "visits.parquet")
    table = table.filter(pc.not_equal(table["visit_id"], "vis-2024-li-qiang-minsk"))
    kinds = [
        "official" if visit == "vis-2022-sco-samarkand" else kind
        for visit, kind in zip(table["visit_id"].to_pylist(), table["kind"].to_pylist(), strict=True)
    ]
    table = table.set_column(table.schema.get_field_index("kind"), "kind", pc.cast(kinds, table["kind"].type))
    pq.write_table(table, folder / "visits.parquet")
    descriptor = json.loads((folder / SHIPPED_DESCRIPTOR).read_text())
    descriptor["version"] = "0.0.9"
    (folder / SHIPPED_DESCRIPTOR).write_text(json.dumps(descriptor))
    return folder


def test_diff_finds_added_and_changed_records(older_release: Path) -> None:
    diff = diff_releases(older_release)
    assert (diff.old_version, diff.new_version) == ("0.0.9", bcd.__version__)
    visits = diff.tables["visits"]
    assert visits.added == ["vis-2024-li-qiang-minsk"]
    assert visits.removed == []
    assert visits.changed == {"vis-2022-sco-samarkand": ["kind"]}
    assert all(t.empty for name, t in diff.tables.items() if name != "visits")
    backwards = diff_releases(SHIPPED_DIR, older_release)
    assert backwards.tables["visits"].removed == ["vis-2024-li-qiang-minsk"]
    assert "- `visits`: 1 removed (vis-2024-li-qiang-minsk); 1 changed (fields: kind)." in backwards.markdown()


def test_maintainer_diff_command(older_release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from belarus_china_data.curation.diff import main as diff_main

    assert diff_main([str(older_release)]) == 0
    assert "- `visits`: 1 added; 1 changed (fields: kind)." in capsys.readouterr().out


def test_cli_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "visits", "--where", "kind=state", "--from-year", "2010", "--all"]) == 0
    out = capsys.readouterr().out
    visits = bcd.visits()
    expected = visits[(visits.kind == "state") & (visits.end_date_latest.dt.year >= 2010)]
    assert f"({len(expected)} of {len(expected)} rows" in out
    assert all(v in out for v in expected.visit_id)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json", "xlsx"])
def test_cli_export(tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"trade.{fmt}"
    args = ["export", "trade_figures", "--format", fmt, "-o", str(output), "--where", "reporter=CHN"]
    assert main([*args, "--where", "partner=BLR", "--to-year", "1995"]) == 0
    reader = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json, "xlsx": pd.read_excel}[fmt]
    frame = reader(output)
    trade = bcd.trade_figures()
    expected = trade[(trade.reporter == "CHN") & (trade.partner == "BLR") & (trade.year <= 1995)]
    assert len(frame) == len(expected) > 0
    assert sorted(frame["figure_id"]) == sorted(expected.figure_id)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "visits", "--where", "nope"], "expected FIELD=VALUE"),
        (["show", "visits", "--where", "nope=1"], "no field 'nope' in table 'visits'"),
        (["show", "nothing"], "unknown table"),
        (["show", "record_sources", "--from-year", "2000"], "no year or dated main field"),
    ],
)
def test_cli_errors_are_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
