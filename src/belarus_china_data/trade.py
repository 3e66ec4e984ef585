"""Views of the trade table that keep reporters apart: the mirror comparison and China's share.

Belarus's and China's customs statistics of the same trade differ (valuation FOB against CIF, country of origin
against consignment, timing, transit). These functions never mix them: each value in a result names the
reporter it comes from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .contract.countries import AGGREGATE_CODES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["china_share", "mirror"]

_DIRECTIONS = {
    # direction: (Belarus-reported flow, China-reported flow)
    "Belarus to China": ("export", "import"),
    "China to Belarus": ("import", "export"),
}


def _annual(frame: pd.DataFrame, vintage_contains: str | None) -> pd.DataFrame:
    annual = frame[(frame["period"] == frame["year"].astype("string")) & (frame["status"] == "final")]
    if vintage_contains is not None:
        matching = annual["vintage"].fillna("").str.contains(vintage_contains, regex=False, case=False)
        if not matching.any():
            from .query import closest

            vintages = sorted({str(v) for v in annual["vintage"].dropna()})
            near = closest(vintage_contains, vintages, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else "."
            raise ValueError(
                f"no final whole-year trade figure has a vintage containing {vintage_contains!r}{hint} "
                f"The vintages are: {'; '.join(vintages)}. Pass None to use every source."
            )
        annual = annual[matching]
    return annual


def mirror(vintage_contains: str | None = "IMF DOTS") -> pd.DataFrame:
    """Belarus-reported and China-reported values of the same trade, side by side, per year and direction.

    ``ratio`` is the Belarus-reported value divided by the China-reported one. Only final whole-year figures
    are used, by default those of the IMF DOTS import (pass ``None`` to use all sources; a year with two
    figures from one reporter then raises, because choosing between them is the user's decision). A
    ``vintage_contains`` that no figure's vintage contains (case-insensitive) raises ``ValueError`` listing the
    vintages, instead of returning an empty frame.

    >>> frame = mirror()
    >>> row = frame[(frame.year == 2020) & (frame.direction == "China to Belarus")].iloc[0]
    >>> bool(round(row.belarus_reported / row.china_reported, 6) == round(row.ratio, 6))
    True
    """
    import pandas as pd

    from .loader import load

    trade = _annual(load("trade_figures"), vintage_contains)
    pieces = []
    for direction, (belarus_flow, china_flow) in _DIRECTIONS.items():
        belarus = trade[(trade.reporter == "BLR") & (trade.partner == "CHN") & (trade.flow == belarus_flow)]
        china = trade[(trade.reporter == "CHN") & (trade.partner == "BLR") & (trade.flow == china_flow)]
        for side in (belarus, china):
            duplicated = side["year"][side["year"].duplicated()]
            if len(duplicated):
                raise ValueError(f"several figures for {direction} in {sorted(set(duplicated))}; pick a vintage")
        joined = pd.merge(
            belarus[["year", "value_usd_millions"]].rename(columns={"value_usd_millions": "belarus_reported"}),
            china[["year", "value_usd_millions"]].rename(columns={"value_usd_millions": "china_reported"}),
            on="year",
            how="outer",
        )
        joined.insert(1, "direction", direction)
        pieces.append(joined)
    result = pd.concat(pieces, ignore_index=True).sort_values(["year", "direction"], ignore_index=True)
    result["ratio"] = result["belarus_reported"] / result["china_reported"]
    return result


def china_share(vintage_contains: str | None = "IMF DOTS") -> pd.DataFrame:
    """China's share of Belarus's exports and imports, and its rank among Belarus's partners, per year.

    Everything comes from Belarus's own statistics: the share is China's value over Belarus's trade with the
    world; the rank orders the individual countries and territories Belarus reports (aggregates such as the EU
    are left out), 1 being the largest. ``partners`` is how many had a figure that year.

    >>> share = china_share()
    >>> bool(((share.share > 0) & (share.share < 1)).all())
    True
    """
    import pandas as pd

    from .loader import load

    trade = _annual(load("trade_figures"), vintage_contains)
    belarus = trade[(trade.reporter == "BLR") & trade.flow.isin(["export", "import"])]
    china = belarus[belarus.partner == "CHN"][["year", "flow", "value_usd_millions"]]
    world = belarus[belarus.partner == "WLD"][["year", "flow", "value_usd_millions"]]
    joined = pd.merge(
        china.rename(columns={"value_usd_millions": "china"}),
        world.rename(columns={"value_usd_millions": "world"}),
        on=["year", "flow"],
    )
    countries = belarus[~belarus.partner.isin(AGGREGATE_CODES)].copy()
    countries["rank"] = countries.groupby(["year", "flow"], observed=True)["value_usd_millions"].rank(
        ascending=False, method="min"
    )
    ranks = countries[countries.partner == "CHN"][["year", "flow", "rank"]]
    counts = countries.groupby(["year", "flow"], observed=True).size().rename("partners").reset_index()
    joined = joined.merge(ranks, on=["year", "flow"]).merge(counts, on=["year", "flow"])
    joined["rank"] = joined["rank"].astype("Int64")
    joined["partners"] = joined["partners"].astype("Int64")
    joined["flow"] = joined["flow"].astype("string")
    joined["share"] = joined["china"] / joined["world"]
    return joined.sort_values(["year", "flow"], ignore_index=True)
