"""The quick commands answer from the Arrow tables: `show`, `search`, `describe`, `cite`, `info` and `verify` never
import pandas (its import alone costs more than the answer), and filtering in Python gives the rows the Arrow
kernels give."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import belarus_china_data as bcd
from belarus_china_data.query import filter_mask, filter_rows, normalize_filters

pytestmark = pytest.mark.dependencies

COMMANDS = [
    ["show", "agreements", "--limit", "5"],
    ["search", "visa"],
    ["show", "trade_figures", "--where", "reporter=CHN", "--from-year", "2019", "--limit", "3"],
    ["describe", "visits"],
    ["cite", "--style", "bibtex", "vis-2015-xi-jinping-belarus"],
    ["info"],
    ["verify"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_the_command_imports_no_pandas(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "belarus_china_data", *argv],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "PATH": ""},
    )
    assert done.stdout.strip()  # it did answer
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "belarus_china_data.shipped" in imported  # the probe sees imports
    assert [name for name in imported if name.split(".")[0] == "pandas"] == []


@pytest.mark.parametrize(
    ("table", "filters"),
    [
        ("trade_figures", {"reporter": "CHN", "year": [2019, 2020]}),
        ("trade_figures", [("year", ">=", 2015), ("value_usd_millions", "<", 1000)]),
        ("visits", [("kind", "not in", ["state"])]),
        ("visits", [[("kind", "==", "state")], [("documents_signed", ">", 10)]]),
        ("agreements", [("date_signed_earliest", "<=", dt.date(2000, 12, 31)), ("kind", "in", ["treaty", "protocol"])]),
        ("agreements", [("visit_id", "not in", ["vis-2015-xi-jinping-belarus"])]),
        ("un_votes", {"country": "BLR", "vote": "no"}),
        ("persons", [("name_zh", "!=", "习近平")]),
    ],
)
def test_filtering_in_python_keeps_the_rows_the_kernels_keep(table: str, filters: object) -> None:
    whole = bcd.arrow_table(table)  # type: ignore[arg-type]
    checked = normalize_filters(table, filters)
    expected = [i for i, keep in enumerate(filter_mask(whole, checked).to_pylist()) if keep]
    assert filter_rows(whole, checked) == expected


def test_search_answers_from_the_shipped_index_without_pyarrow() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "belarus_china_data", "search", "безвизов"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "100", "PATH": ""},
    )
    assert "agr-" in done.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line]
    assert "belarus_china_data.views" in imported
    assert [name for name in imported if name.split(".")[0] in ("pyarrow", "pandas", "numpy")] == []


def test_the_shipped_search_index_is_the_corpus_of_the_installed_tables() -> None:
    """The index the build ships is what the read path computes from the tables (no drift), and it is used only
    while it matches them: with another table hash it is ignored and the corpus computed."""
    from belarus_china_data import views
    from belarus_china_data.shipped import arrow_table, descriptor

    schemas = {r["name"]: r["schema"] for r in descriptor()["resources"]}
    computed = [list(row) for row in views.search_corpus(schemas, arrow_table)]
    views._search_corpus.cache_clear()
    assert [list(row) for row in views._search_corpus()] == computed
    assert any(row[2] == "per-alexander-lukashenko" and "лукашенко" in row[4]["name_ru"] for row in computed)


def test_a_stale_search_index_is_not_used(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from pathlib import Path

    from belarus_china_data import views

    folder = Path(str(tmp_path))
    shipped = json.loads(views.shipped_file(views.SEARCH_INDEX).read_text(encoding="utf-8"))
    shipped["tables"]["agreements"] = "sha256:" + "0" * 64  # built from other agreements than the installed ones
    shipped["rows"] = [["agreements", "agreement_id", "agr-0000-stale", "Stale visa record", {"title_en": "visa"}]]
    (folder / views.SEARCH_INDEX).write_text(json.dumps(shipped), encoding="utf-8")
    monkeypatch.setattr(views, "shipped_file", lambda name: folder / name)
    views._search_corpus.cache_clear()
    try:
        hits = views.search_hits("visa")
        assert hits and all(hit[1] != "agr-0000-stale" for hit in hits)
    finally:
        views._search_corpus.cache_clear()
