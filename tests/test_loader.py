"""The accessor API on the real shipped data: lazy imports, dtypes, isolation, errors."""

from __future__ import annotations

import subprocess
import sys
import threading

import pandas as pd
import pytest

import belarus_china_data as bcd
from belarus_china_data.contract.models import Agreement, Source, Visit

pytestmark = pytest.mark.dependencies


def test_import_loads_no_heavy_module() -> None:
    code = (
        "import sys, belarus_china_data as bcd; bcd.__version__; bcd.tables; "
        "print(sorted(m for m in ('pandas','pyarrow','pydantic','frictionless') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", bcd.tables())
def test_load_gives_typed_columns(name: str) -> None:
    frame = bcd.load(name)
    assert len(frame) > 0 or name == "retired_ids"  # no id has been retired yet
    for column, dtype in frame.dtypes.items():
        assert str(dtype) in {"string", "Int64", "Float64", "boolean", "category", "datetime64[ms]"}, (column, dtype)


@pytest.mark.parametrize("name", bcd.tables())
def test_fast_conversion_equals_plain_astype(name: str) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from belarus_china_data.contract.schema import pandas_dtypes

    table = bcd.load(name, backend="pyarrow")
    decoded = pa.Table.from_arrays(
        [pc.cast(c, pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns],
        names=table.column_names,
    )
    plain = decoded.to_pandas(date_as_object=False).astype(pandas_dtypes(name))
    pd.testing.assert_frame_equal(bcd.load(name), plain)
    for column, dtype in pandas_dtypes(name).items():
        if isinstance(dtype, pd.CategoricalDtype):
            assert list(bcd.load(name)[column].cat.categories) == list(dtype.categories)


def test_shortcuts_equal_load() -> None:
    for shortcut in (bcd.agreements, bcd.visits, bcd.organizations, bcd.persons, bcd.trade_figures, bcd.sources):
        pd.testing.assert_frame_equal(shortcut(), bcd.load(shortcut.__name__))


def test_unknown_values_stay_missing_not_zero() -> None:
    visits = bcd.visits().set_index("visit_id")
    assert pd.isna(visits.loc["vis-1997-lukashenko-china", "documents_signed"])
    assert visits.loc["vis-2023-lukashenko-state-visit", "documents_signed"] == 27


def test_a_loaded_frame_belongs_to_the_caller() -> None:
    first = bcd.load("agreements")
    first.loc[:, "title_en"] = "changed"
    first = first.drop(first.index[:3])
    again = bcd.load("agreements")
    assert (again["title_en"] != "changed").all()
    assert len(again) == len(first) + 3


def test_concurrent_loads_agree() -> None:
    results: list[pd.DataFrame] = []
    threads = [threading.Thread(target=lambda: results.append(bcd.load("visits"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for frame in results[1:]:
        pd.testing.assert_frame_equal(frame, results[0])


def test_records_are_typed_models() -> None:
    agreements = bcd.records("agreements")
    assert all(isinstance(a, Agreement) for a in agreements)
    assert len(agreements) == len(bcd.agreements())


def test_get_and_sources_for() -> None:
    visit = bcd.get("visits", "vis-2022-sco-samarkand")
    assert isinstance(visit, Visit)
    assert visit.host_country == "UZB"
    sources = bcd.sources_for("vis-2022-sco-samarkand")
    assert all(isinstance(s, Source) for s in sources)
    assert any(s.publisher.startswith("Xinhua") for s in sources)


def test_errors_name_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="unknown table 'treaties'"):
        bcd.load("treaties")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="no record 'vis-1900-x'"):
        bcd.get("visits", "vis-1900-x")
    with pytest.raises(ValueError, match="composite key"):
        bcd.get("record_sources", "x")
    with pytest.raises(ValueError, match="not the id of a sourced record"):
        bcd.sources_for("src-tass-2022-07-15-sco-application")


def test_cite_names_the_release() -> None:
    assert f"(Version {bcd.__version__})" in bcd.cite()


def test_cli_show_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    from belarus_china_data.cli import main

    assert main(["show", "visits", "--limit", "2"]) == 0
    assert "(2 of " in capsys.readouterr().out
    assert main(["show", "nothing"]) == 1
    assert "unknown table" in capsys.readouterr().err
    assert main(["info"]) == 0
    assert "agreements" in capsys.readouterr().out


def test_backends_agree() -> None:
    pandas_frame = bcd.load("visits")
    arrow_table = bcd.load("visits", backend="pyarrow")
    polars_frame = bcd.load("visits", backend="polars")
    assert arrow_table.num_rows == len(pandas_frame) == polars_frame.height
    assert list(polars_frame["visit_id"]) == list(pandas_frame["visit_id"])
    assert list(polars_frame.schema["kind"].categories) == list(pandas_frame["kind"].cat.categories)
    with pytest.raises(ValueError, match="unknown backend"):
        bcd.load("visits", backend="spark")  # type: ignore[call-overload]


def test_sql_joins_across_tables() -> None:
    db = bcd.connect()
    rows = db.execute(
        "select a.agreement_id from agreements a join visits v using (visit_id) where v.kind = 'state'"
    ).fetchall()
    frame = bcd.agreements().merge(bcd.visits()[["visit_id", "kind"]], on="visit_id", suffixes=("", "_visit"))
    assert sorted(r[0] for r in rows) == sorted(frame[frame.kind_visit == "state"].agreement_id)


def test_retired_ids_resolve_to_their_successor(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    from belarus_china_data import shipped

    retired = pa.Table.from_pylist(
        [
            {"retired_id": "vis-2022-old", "successor_id": "vis-2022-older", "retired_in": "0.2.0", "reason": "x"},
            {
                "retired_id": "vis-2022-older",
                "successor_id": "vis-2022-sco-samarkand",
                "retired_in": "0.3.0",
                "reason": "merged",
            },
            {"retired_id": "vis-2022-gone", "successor_id": None, "retired_in": "0.2.0", "reason": "not a visit"},
        ],
        schema=bcd.load("retired_ids", backend="pyarrow").schema,
    )
    monkeypatch.setitem(shipped._arrow_cache, "retired_ids", retired)
    assert bcd.resolve("vis-2022-old") == "vis-2022-sco-samarkand"
    with pytest.warns(UserWarning, match="vis-2022-old is retired"):
        assert bcd.get("visits", "vis-2022-old").visit_id == "vis-2022-sco-samarkand"
    with pytest.raises(KeyError, match="without successor: not a visit"):
        bcd.get("visits", "vis-2022-gone")


def test_filters_select_rows_like_pandas() -> None:
    trade = bcd.trade_figures()
    expected = trade[(trade.reporter == "BLR") & (trade.year >= 2015) & (trade.partner == "CHN")]
    got = bcd.load("trade_figures", filters=[("reporter", "==", "BLR"), ("year", ">=", 2015), ("partner", "==", "CHN")])
    assert sorted(got.figure_id) == sorted(expected.figure_id)
    assert got.dtypes.equals(trade.dtypes)
    with pytest.raises(ValueError, match="unknown field 'yaer'"):
        bcd.load("trade_figures", filters=[("yaer", "==", 2015)])
