"""The trade helpers on the figures after 2020, against values computed by hand from the trade table."""

from __future__ import annotations

import pandas as pd
import pytest

import belarus_china_data as bcd
from belarus_china_data.trade import annual_series, china_share, mirror

pytestmark = pytest.mark.dependencies


def figure(figure_id: str) -> float:
    trade = bcd.trade_figures().set_index("figure_id")
    return float(trade.loc[figure_id, "value_usd_millions"])


def test_mirror_runs_past_2020_with_statuses() -> None:
    frame = mirror()
    row = frame[(frame.year == 2022) & (frame.direction == "Belarus to China")].iloc[0]
    assert row.belarus_reported == figure("trd-blr-chn-2022-export-belta-2023-02") == 1610.0
    assert row.belarus_status == "approximate"
    assert row.china_reported is pd.NA and not row.comparable
    assert frame.attrs["unit"] == "USD millions"
    assert frame.year.max() >= 2022


def test_best_available_series_rule() -> None:
    chinese = annual_series("CHN", "turnover").set_index("year")
    assert chinese.loc[2023, "value_usd_millions"] == figure("trd-chn-blr-2023-turnover-ambassador") == 8443.0
    assert chinese.loc[2021, "status"] == "final"  # 3,822 million, the Chinese embassy's figure
    assert chinese.loc[2021, "value_usd_millions"] == figure("trd-chn-blr-2021-turnover-ambassador") == 3822.0
    # 2018: a final sum of the IMF DOTS exports and imports beats the Foreign Ministry's approximate 1.72 billion
    dots_2018 = figure("trd-chn-blr-2018-export-imf-dots") + figure("trd-chn-blr-2018-import-imf-dots")
    assert chinese.loc[2018, "value_usd_millions"] == pytest.approx(dots_2018)
    assert bool(chinese.loc[2018, "is_derived"])
    belarusian = annual_series("BLR", "turnover").set_index("year")
    assert belarusian.loc[2021, "value_usd_millions"] == 5115.0  # final beats the approximate 5.1 billion
    imports = annual_series("BLR", "import").set_index("year")
    assert imports.loc[2020, "figure_id"] == "trd-blr-chn-2020-import-imf-dots"  # DOTS first among final figures
    assert imports.index.is_unique


def test_china_share_by_hand_for_2020() -> None:
    share = china_share(years=[2020]).set_index("flow")
    by_hand = figure("trd-blr-chn-2020-import-imf-dots") / figure("trd-blr-wld-2020-import-imf-dots")
    assert share.loc["import", "share"] == pytest.approx(by_hand)
    assert china_share(vintage_contains=None, years=[2022]).empty  # no world total for 2022: no row, no error


def test_user_mistakes_are_named() -> None:
    with pytest.raises(ValueError, match="did you mean 'import'"):
        annual_series("BLR", "imports")
    with pytest.raises(ValueError, match="no trade figure has a vintage containing 'Comtrade'"):
        mirror("Comtrade")


def test_turnover_chart_draws_the_series_to_the_latest_year() -> None:
    from belarus_china_data.plots import plot_turnover_by_reporter

    lines = {line.get_label(): line for line in plot_turnover_by_reporter().axes[0].get_lines()}
    chinese = annual_series("CHN", "turnover")
    assert list(lines["China's statistics"].get_ydata()) == list(chinese.value_usd_millions.astype(float))
    assert int(chinese.year.max()) >= 2023


def test_partnership_designation_on_any_day() -> None:
    import datetime as dt

    assert bcd.partnership_on("1992-01-20").agreement_id == "agr-1992-diplomatic-relations"
    assert bcd.partnership_on("2013-07-15").designation is None
    assert bcd.partnership_on("2013-07-16").designation == "comprehensive strategic partnership"
    assert (
        bcd.partnership_on(dt.date(2022, 9, 15)).event_id == "evt-2022-all-weather-comprehensive-strategic-partnership"
    )
    assert bcd.partnership_on(dt.date.today()).designation == "all-weather comprehensive strategic partnership"
    with pytest.raises(ValueError, match="before diplomatic relations"):
        bcd.partnership_on("1991-12-31")
