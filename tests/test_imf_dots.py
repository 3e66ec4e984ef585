"""The IMF DOTS importer against the shared workbooks (CI has ../shared), and against synthetic workbooks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_china_data as bcd
from belarus_china_data.contract.categories import Reporter, TradeFlow
from belarus_china_data.curation.dots_partners import DOTS_PARTNERS
from belarus_china_data.curation.imf_dots import (
    DotsFormatError,
    dots_trade_rows,
    import_workbook,
    read_dots_workbook,
)
from belarus_china_data.trade import china_share, mirror

from .conftest import ROOT, needs_shared

DOTS = ROOT.parent / "shared" / "sources" / "imf-dots"
WORKBOOKS = {Reporter.BELARUS: DOTS / "DOTS_Belarus.xlsx", Reporter.CHINA: DOTS / "DOTS_China_Mainland.xlsx"}
requires_dots = needs_shared("imf-dots")


def write_workbook(path: Path, reporter: str, years: list[int], rows: dict[str, list[float | None]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title in ("Exports, FOB", "Imports, CIF"):
        sheet = workbook.create_sheet(title)
        sheet.append([])
        sheet.append([None, f"{title} to Partner Countries"])
        sheet.append([])
        sheet.append([None, reporter])
        sheet.append([None, "US Dollars, Millions"])
        sheet.append([])
        sheet.append([None, None, *[str(y) for y in years]])
        for name, values in rows.items():
            sheet.append([None, name, *values])
    workbook.save(path)


@requires_dots
@pytest.mark.parametrize("reporter", list(Reporter))
def test_shipped_figures_equal_the_workbook(reporter: Reporter) -> None:
    sheets = read_dots_workbook(WORKBOOKS[reporter])
    trade = bcd.trade_figures()
    source = {Reporter.BELARUS: "src-imf-dots-belarus-2022-01", Reporter.CHINA: "src-imf-dots-china-2022-01"}[reporter]
    ids = set(bcd.load("record_sources").query("source_id == @source")["record_id"])
    shipped = trade[trade.figure_id.isin(ids)]
    expected, _ = dots_trade_rows(
        sheets,
        reporter=reporter,
        source_id=source,
        vintage="",
        partners={name: code for name, code in DOTS_PARTNERS.items() if code[0] in set(shipped.partner)},
    )
    assert len(expected) == len(shipped) > 0
    values = dict(zip(shipped.figure_id, shipped.value_usd_millions, strict=True))
    for row in expected:
        assert values[row["figure_id"]] == row["value_usd_millions"], row["figure_id"]


@requires_dots
def test_every_year_both_reporters_both_flows_1992_2020() -> None:
    trade = bcd.trade_figures()
    dots = trade[trade.vintage.fillna("").str.contains("IMF DOTS") & trade.partner.isin(["CHN", "BLR"])]
    for reporter, partner in (("BLR", "CHN"), ("CHN", "BLR")):
        for flow in ("export", "import"):
            years = set(dots[(dots.reporter == reporter) & (dots.partner == partner) & (dots.flow == flow)].year)
            assert years == set(range(1992, 2021)), (reporter, flow)


@requires_dots
def test_reimport_is_idempotent(scratch_root: Path) -> None:
    data = scratch_root / "data"
    before = (data / "trade_figures.csv").read_text(encoding="utf-8")
    removed, written = import_workbook(
        WORKBOOKS[Reporter.CHINA],
        data,
        reporter=Reporter.CHINA,
        source_id="src-imf-dots-china-2022-01",
        vintage="IMF DOTS, vintage about January 2022",
        partner_codes=["BLR", "WLD"],
    )
    assert removed == written == 116
    assert sorted(before.splitlines()) == sorted((data / "trade_figures.csv").read_text().splitlines())


def test_seed_1992_claim_matches_belarus_statistics() -> None:
    trade = bcd.trade_figures().set_index("figure_id")
    total = (
        trade.loc["trd-blr-chn-1992-export-imf-dots", "value_usd_millions"]
        + trade.loc["trd-blr-chn-1992-import-imf-dots", "value_usd_millions"]
    )
    assert round(total) == 34


@pytest.mark.dependencies
def test_mirror_keeps_reporters_apart() -> None:
    frame = mirror()
    assert set(frame.direction) == {"Belarus to China", "China to Belarus"}
    row = frame[(frame.year == 2019) & (frame.direction == "China to Belarus")].iloc[0]
    trade = bcd.trade_figures().set_index("figure_id")
    assert row.belarus_reported == trade.loc["trd-blr-chn-2019-import-imf-dots", "value_usd_millions"]
    assert row.china_reported == trade.loc["trd-chn-blr-2019-export-imf-dots", "value_usd_millions"]
    recent = frame[(frame.year >= 2005) & (frame.direction == "China to Belarus")]
    assert (recent.ratio > 1).all()


@pytest.mark.dependencies
def test_china_share_is_a_fraction_of_the_world() -> None:
    share = china_share()
    assert set(share.flow) == {"export", "import"}
    assert share.year.min() == 1992
    assert ((share.share > 0) & (share.share < 1)).all()
    pd.testing.assert_series_equal(share.share, share.china / share.world, check_names=False)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=1e7, allow_nan=False)), min_size=3, max_size=3),
)
def test_synthetic_workbook_round_trips(tmp_path: Path, values: list[float | None]) -> None:
    path = tmp_path / "dots.xlsx"
    write_workbook(path, "Belarus, Rep. of", [2018, 2019, 2020], {"World": values, "China, P.R.: Mainland": values})
    sheets = read_dots_workbook(path)
    assert sheets[TradeFlow.EXPORT].reporter_name == "Belarus, Rep. of"
    got = sheets[TradeFlow.IMPORT].values["World"]
    expected = {year: v for year, v in zip([2018, 2019, 2020], values, strict=True) if v is not None}
    # openpyxl writes floats to 15 significant digits, so the synthetic file itself is that precise
    assert got == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"World": [-1.0, 2.0]}, "negative"),
        ({"World": ["n/a", 2.0]}, "not a number"),
        ({"World": [1.0, 2.0], "Spain": [1.0, 1.0]}, None),
    ],
)
def test_bad_workbooks_are_refused(tmp_path: Path, rows: dict[str, list[object]], message: str | None) -> None:
    path = tmp_path / "dots.xlsx"
    write_workbook(path, "Belarus, Rep. of", [2019, 2020], rows)  # type: ignore[arg-type]
    if message is None:
        assert read_dots_workbook(path)[TradeFlow.EXPORT].values["Spain"] == {2019: 1.0, 2020: 1.0}
    else:
        with pytest.raises(DotsFormatError, match=message):
            read_dots_workbook(path)


def test_missing_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(DotsFormatError, match="no sheet 'Exports, FOB'"):
        read_dots_workbook(path)


def test_plots_draw_the_shipped_series() -> None:
    from belarus_china_data.plots import plot_mirror_gap, plot_trade_by_reporter

    frame = mirror()
    figure = plot_trade_by_reporter()
    lines = {line.get_label(): line for line in figure.axes[0].get_lines()}
    part = frame[frame.direction == "China to Belarus"]
    china = part.china_reported.astype(float).to_numpy()
    drawn = lines["China's statistics"].get_ydata()
    assert len(drawn) == len(china) and all(a == b or (a != a and b != b) for a, b in zip(drawn, china, strict=True))
    belarus = list(lines["Belarus's statistics"].get_ydata())
    assert belarus[:29] == list(part.belarus_reported.astype(float))[:29]  # 1992-2020, IMF DOTS
    gap = plot_mirror_gap().axes[0].get_lines()[0]
    comparable = part[part.comparable]
    assert list(gap.get_ydata()) == list(comparable.ratio.astype(float))


@pytest.mark.dependencies
def test_china_rank_among_belarus_partners() -> None:
    share = china_share().set_index(["year", "flow"])
    assert share.loc[(2020, "import"), "rank"] == 2
    assert share.loc[(2020, "export"), "rank"] == 7
    assert (share["rank"] >= 1).all()
    assert (share["rank"] <= share["partners"]).all()


def test_partner_codes_are_unique() -> None:
    codes = [code for code, _ in DOTS_PARTNERS.values()]
    assert len(codes) == len(set(codes))


def test_timeline_counts_every_dated_record() -> None:
    from belarus_china_data.plots import plot_timeline

    agreements_axis, visits_axis = plot_timeline().axes
    agreements = bcd.agreements()
    assert sum(bar.get_height() for bar in agreements_axis.patches) == agreements["date_signed"].notna().sum()
    assert sum(bar.get_height() for bar in visits_axis.patches) == len(bcd.visits())  # unnamed kinds included
