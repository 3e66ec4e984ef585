"""Views of the trade table that keep reporters apart: the mirror comparison and China's share.

Belarus's and China's customs statistics of the same trade differ (valuation FOB against CIF, country of origin
against consignment, timing, transit). These functions never mix them: each value in a result names the
reporter it comes from.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .contract.countries import AGGREGATE_CODES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["STATUS_PREFERENCE", "annual_series", "china_share", "mirror"]

_DIRECTIONS = {
    # direction: (Belarus-reported flow, China-reported flow)
    "Belarus to China": ("export", "import"),
    "China to Belarus": ("import", "export"),
}
#: Order in which figures of one reporter, year and flow are preferred, best first.
STATUS_PREFERENCE = ("final", "preliminary", "approximate", "lower_bound")
#: Unit of every value these helpers return (also in each frame's ``attrs["unit"]``).
UNIT = "USD millions"
_OTHER = {"BLR": "CHN", "CHN": "BLR"}


def _text(series: pd.Series) -> pd.Series:
    """Plain ``object`` strings: comparisons then work the same on every supported pandas version."""
    return series.astype(object).where(series.notna(), None)


def _check_choice(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        import difflib

        close = difflib.get_close_matches(value, allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, not {value!r}{hint}")


def _whole_year(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[_text(frame["period"]) == frame["year"].astype(int).astype(str)]


def _filter_vintage(frame: pd.DataFrame, vintage_contains: str | None) -> pd.DataFrame:
    if vintage_contains is None:
        return frame
    kept = frame[_text(frame["vintage"]).fillna("").str.contains(vintage_contains, regex=False)]
    if kept.empty:
        vintages = sorted({str(v) for v in _text(frame["vintage"]).dropna()})
        raise ValueError(f"no trade figure has a vintage containing {vintage_contains!r}; vintages: {vintages[:8]}")
    return kept


def annual_series(
    reporter: str,
    flow: str,
    *,
    partner: str | None = None,
    years: Sequence[int] | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """The best available annual series of one reporter and flow: one whole-year goods figure per year.

    **By default the series mixes sources**: the best figure of each year may come from IMF DOTS in one year and
    from a news agency or a ministry in the next (Belarus's turnover 2015, 2018 and 2020 are BelTA figures), so a
    change from one year to the next can partly be a change of source. Each row names its ``source`` (the
    figure's vintage: the database or publication it was read in) and ``source_break`` is true where the source
    differs from the previous row's. ``source="IMF DOTS"`` (any text contained in the vintages) keeps the figures
    of that source only, for a series that compares like with like; a ``source`` with no figure raises
    ``ValueError`` listing the sources there are.

    The rule, applied year by year to the figures of ``reporter`` for ``partner`` (by default the other country)
    and ``flow``: only whole-year figures of goods trade count (part-year figures and goods-and-services totals are
    left out); a final IMF DOTS figure comes first; otherwise the figure with the best status in
    :data:`STATUS_PREFERENCE` (final, preliminary, approximate, lower bound); among equals, the one listed first in
    the table. The chosen figure's ``status``, ``figure_id`` and ``vintage`` come with it, so a user sees which
    values are approximate or bounds. For ``flow="turnover"``, the sum of the year's chosen export and import
    figures (``is_derived`` true, the worse of the two statuses, both ids in ``figure_id``) competes with the
    stated turnover figures by status, after a stated figure of the same status.
    Values are in millions of US dollars (``attrs["unit"]``).

    >>> series = annual_series("BLR", "import")
    >>> int(series.year.min()), bool(series.year.is_unique)
    (1992, True)
    >>> annual_series("CHN", "turnover").query("year == 2023")[["value_usd_millions", "status"]].values.tolist()
    [[8443.0, 'final']]
    >>> dots = annual_series("BLR", "turnover", source="IMF DOTS")
    >>> bool(dots.source.str.contains("IMF DOTS").all()), bool(dots.source_break.any())
    (True, False)
    """
    import pandas as pd

    from .loader import load

    _check_choice("reporter", reporter, ["BLR", "CHN"])
    _check_choice("flow", flow, ["export", "import", "turnover"])
    partner = partner or _OTHER[reporter]
    figures = load("trade_figures")
    figures.attrs = {}  # a fresh copy; pandas would copy the field descriptions on every step below
    own = figures[(_text(figures["reporter"]) == reporter) & (_text(figures["partner"]) == partner)]
    trade = _whole_year(own)
    if source is not None:
        kept = _text(trade["vintage"]).fillna("").str.contains(source, regex=False)
        if not kept.any():
            known = sorted({str(v) for v in _text(trade["vintage"]).dropna()})
            raise ValueError(
                f"source={source!r}: no whole-year figure of {reporter} for {partner} in a source containing it; "
                f"sources: {'; '.join(known[:6])}"
            )
        trade = trade[kept]
    chosen = trade[(_text(trade["flow"]) == flow) & (_text(trade["scope"]) == "goods")].copy()
    chosen["_dots"] = ~_text(chosen["vintage"]).fillna("").str.contains("IMF DOTS", regex=False)
    chosen["_status"] = _text(chosen["status"]).map({s: i for i, s in enumerate(STATUS_PREFERENCE)})
    chosen["_order"] = range(len(chosen))
    chosen = chosen.sort_values(["year", "_status", "_dots", "_order"]).drop_duplicates("year")
    chosen["is_derived"] = False
    if flow == "turnover":  # a sum of the chosen exports and imports competes, after stated figures of its status
        parts = [_parts(reporter, f, partner, source) for f in ("export", "import")]
        both = parts[0].merge(parts[1], on="year", suffixes=("_export", "_import"))
        worst = [
            max(a, b, key=STATUS_PREFERENCE.index)
            for a, b in zip(both["status_export"], both["status_import"], strict=True)
        ]
        summed = pd.DataFrame(
            {
                "year": both["year"].astype(int),
                "value_usd_millions": both["value_usd_millions_export"] + both["value_usd_millions_import"],
                "status": worst,
                "figure_id": both["figure_id_export"] + " + " + both["figure_id_import"],
                "vintage": [
                    a if a == b else f"{a} + {b}"
                    for a, b in zip(both["vintage_export"], both["vintage_import"], strict=True)
                ],
                "is_derived": True,
                "_status": [STATUS_PREFERENCE.index(w) for w in worst],
            }
        )
        chosen = pd.concat([chosen, summed], ignore_index=True)
        chosen = chosen.sort_values(["year", "_status", "is_derived"], kind="stable").drop_duplicates("year")
    if years is not None:
        chosen = chosen[chosen["year"].isin(list(years))]
    result = chosen[["year", "value_usd_millions", "status", "figure_id", "vintage", "is_derived"]].reset_index(
        drop=True
    )
    result["year"] = result["year"].astype("Int64")
    result["status"] = result["status"].astype("string")
    sources = [None if v is None or v != v else str(v) for v in result["vintage"].astype(object)]
    result["source"] = pd.array(sources, dtype="string")
    result["source_break"] = [False, *(a != b for a, b in itertools.pairwise(sources))]
    result.attrs["unit"] = UNIT
    return result


def _parts(reporter: str, flow: str, partner: str, source: str | None) -> pd.DataFrame:
    """One part of a summed turnover: the best series of the flow, empty where the source has none of it."""
    try:
        return annual_series(reporter, flow, partner=partner, source=source)
    except ValueError:
        import pandas as pd

        return pd.DataFrame(columns=["year", "value_usd_millions", "status", "figure_id", "vintage", "is_derived"])


def mirror(vintage_contains: str | None = None, *, years: Sequence[int] | None = None) -> pd.DataFrame:
    """Belarus-reported and China-reported values of the same trade, side by side, per year and direction.

    By default each side is the reporter's best available annual series (:func:`annual_series`), so the frame runs
    from 1992 to the last year either country published a whole-year figure; ``belarus_status`` and
    ``china_status`` say whether a value is final, preliminary, approximate or a lower bound. ``ratio`` is the
    Belarus-reported value divided by the China-reported one, and ``comparable`` is true where both are final.
    ``vintage_contains`` keeps only the figures of vintages containing that text (e.g. ``"IMF DOTS"`` for the
    1992-2020 database figures), final whole-year ones only. Values are in millions of US dollars.

    >>> frame = mirror()
    >>> row = frame[(frame.year == 2020) & (frame.direction == "China to Belarus")].iloc[0]
    >>> bool(round(row.belarus_reported / row.china_reported, 6) == round(row.ratio, 6))
    True
    """
    import pandas as pd

    from .loader import load

    pieces = []
    for direction, (belarus_flow, china_flow) in _DIRECTIONS.items():
        if vintage_contains is None:
            belarus = annual_series("BLR", belarus_flow, years=years)
            china = annual_series("CHN", china_flow, years=years)
        else:
            trade = _filter_vintage(_whole_year(load("trade_figures")), vintage_contains)
            trade = trade[_text(trade["status"]) == "final"]
            if years is not None:
                trade = trade[trade["year"].isin(list(years))]

            def side(reporter: str, flow: str, frame: pd.DataFrame = trade, direction: str = direction) -> pd.DataFrame:
                part = frame[
                    (_text(frame["reporter"]) == reporter)
                    & (_text(frame["partner"]) == _OTHER[reporter])
                    & (_text(frame["flow"]) == flow)
                ]
                duplicated = sorted(set(part["year"][part["year"].duplicated()]))
                if duplicated:
                    raise ValueError(f"several {reporter} figures for {direction} in {duplicated}; narrow the vintage")
                return part[["year", "value_usd_millions", "status"]]

            belarus, china = side("BLR", belarus_flow), side("CHN", china_flow)
        joined = pd.merge(
            belarus[["year", "value_usd_millions", "status"]].rename(
                columns={"value_usd_millions": "belarus_reported", "status": "belarus_status"}
            ),
            china[["year", "value_usd_millions", "status"]].rename(
                columns={"value_usd_millions": "china_reported", "status": "china_status"}
            ),
            on="year",
            how="outer",
        )
        joined.insert(1, "direction", direction)
        pieces.append(joined)
    result = pd.concat(pieces, ignore_index=True).sort_values(["year", "direction"], ignore_index=True)
    result["year"] = result["year"].astype("Int64")
    for column in ("belarus_status", "china_status"):
        result[column] = result[column].astype("string")
    result["ratio"] = result["belarus_reported"] / result["china_reported"]
    result["comparable"] = (result["belarus_status"] == "final") & (result["china_status"] == "final")
    result.attrs["unit"] = UNIT
    return result


def china_share(vintage_contains: str | None = "IMF DOTS", *, years: Sequence[int] | None = None) -> pd.DataFrame:
    """China's share of Belarus's exports and imports, and its rank among Belarus's partners, per year.

    Everything comes from Belarus's own statistics: the share is China's value over Belarus's trade with the
    world; the rank orders the individual countries and territories Belarus reports (aggregates such as the EU
    are left out), 1 being the largest. ``partners`` is how many had a figure that year. Only years with
    figures for every partner qualify, which today means the IMF DOTS years (1992-2020); pass
    ``vintage_contains=None`` to use every final whole-year figure (years without a world total drop out).

    >>> share = china_share()
    >>> bool(((share.share > 0) & (share.share < 1)).all())
    True
    """
    import pandas as pd

    from .loader import load

    trade = _whole_year(load("trade_figures"))
    trade = _filter_vintage(trade[_text(trade["status"]) == "final"], vintage_contains)
    if years is not None:
        trade = trade[trade["year"].isin(list(years))]
    trade = trade.assign(flow=_text(trade["flow"]), partner=_text(trade["partner"]), reporter=_text(trade["reporter"]))
    belarus = trade[(trade.reporter == "BLR") & trade.flow.isin(["export", "import"])]
    china = belarus[belarus.partner == "CHN"][["year", "flow", "value_usd_millions"]]
    world = belarus[belarus.partner == "WLD"][["year", "flow", "value_usd_millions"]]
    joined = pd.merge(
        china.rename(columns={"value_usd_millions": "china"}),
        world.rename(columns={"value_usd_millions": "world"}),
        on=["year", "flow"],
    )
    countries = belarus[~belarus.partner.isin(AGGREGATE_CODES)].copy()
    countries["rank"] = countries.groupby(["year", "flow"])["value_usd_millions"].rank(ascending=False, method="min")
    ranks = countries[countries.partner == "CHN"][["year", "flow", "rank"]]
    counts = countries.groupby(["year", "flow"]).size().rename("partners").reset_index()
    joined = joined.merge(ranks, on=["year", "flow"]).merge(counts, on=["year", "flow"])
    joined["year"] = joined["year"].astype("Int64")
    joined["rank"] = joined["rank"].astype("Int64")
    joined["partners"] = joined["partners"].astype("Int64")
    joined["flow"] = joined["flow"].astype("string")
    joined["share"] = joined["china"] / joined["world"]
    joined.attrs["unit"] = UNIT
    return joined.sort_values(["year", "flow"], ignore_index=True)
