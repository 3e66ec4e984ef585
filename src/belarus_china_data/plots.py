"""Charts: trade figures with both reporters' statistics side by side, a timeline of agreements and visits, and
Belarus's agreement with other countries in UN General Assembly votes.

matplotlib is an optional extra.

Install with ``pip install "belarus-china-data[plot]"``. Regenerate the README chart with
``python -m belarus_china_data.plots docs/``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "plot_alignment",
    "plot_mirror_gap",
    "plot_panel",
    "plot_timeline",
    "plot_trade_by_reporter",
    "plot_turnover_by_reporter",
    "timeline_counts",
]

_PANELS = {
    "China exports to Belarus": "China to Belarus",
    "China imports from Belarus": "Belarus to China",
}


def _pyplot() -> ModuleType:
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('plots need matplotlib: pip install "belarus-china-data[plot]"') from exc
    return plt


def _draw_series(axis: Axes, years: Any, values: Any, statuses: Any, label: str, color: str) -> None:
    """A line through the values, with final values as dots and the others as hollow markers: a square for
    preliminary, a diamond for approximate and an upward triangle for a lower bound."""
    axis.plot(years, values, color=color, linewidth=1.2, label=label)
    for status, marker in _MARKERS.items():
        chosen = (statuses == status).fillna(False).to_numpy(dtype=bool)
        if chosen.any():
            face = color if status == "final" else "white"
            axis.plot(years[chosen], values[chosen], linestyle="none", marker=marker, color=color, markerfacecolor=face)


_MARKERS = {"final": ".", "preliminary": "s", "approximate": "D", "lower_bound": "^"}


def plot_trade_by_reporter(*, years: Sequence[int] | None = None, axes: Sequence[Axes] | None = None) -> Figure:
    """Two panels, "China exports to Belarus" and "China imports from Belarus", each with both reporters' series.

    Each reporter's best available annual series (:func:`belarus_china_data.trade.annual_series`), in millions of US
    dollars, to the last year with a whole-year figure: filled dots are final figures, hollow markers preliminary
    (square), approximate (diamond) or lower-bound (triangle) ones. ``years`` limits the years drawn; ``axes`` (two
    matplotlib Axes) draws into an existing figure.

    >>> figure = plot_trade_by_reporter()
    >>> [axis.get_title() for axis in figure.axes]
    ['China exports to Belarus', 'China imports from Belarus']
    """
    from .trade import mirror

    plt = _pyplot()
    frame = mirror(years=years)
    if axes is None:
        figure, created = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
        axes = list(created)
    else:
        if len(axes) != 2:
            raise ValueError("axes must be two matplotlib Axes, one per panel")
        figure = axes[0].figure
    for axis, (title, direction) in zip(axes, _PANELS.items(), strict=True):
        part = frame[frame.direction == direction]
        years_drawn = part.year.astype(float).to_numpy()
        for column, label, color in (("china", "China's statistics", "C0"), ("belarus", "Belarus's statistics", "C1")):
            values = part[f"{column}_reported"].astype(float).to_numpy()
            _draw_series(axis, years_drawn, values, part[f"{column}_status"], label, color)
        axis.set_title(title)
        axis.set_xlabel("year")
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("million US dollars")
    axes[0].legend(title="hollow: not final", fontsize=8, title_fontsize=8)
    figure.suptitle("Belarus-China trade as each country reports it", fontsize=11)
    figure.tight_layout()
    result: Figure = figure
    return result


def plot_turnover_by_reporter(*, years: Sequence[int] | None = None, axis: Axes | None = None) -> Figure:
    """Belarus-China trade turnover per year as each country reports it, to the latest year either published.

    Each reporter's best available turnover series (:func:`belarus_china_data.trade.annual_series`): a stated
    whole-year turnover where one exists, else the sum of that year's exports and imports. Hollow markers are
    preliminary, approximate or lower-bound values; millions of US dollars.

    >>> figure = plot_turnover_by_reporter()
    >>> figure.axes[0].get_title()
    'Belarus-China trade turnover as each country reports it'
    """
    from .trade import annual_series

    plt = _pyplot()
    if axis is None:
        figure, axis = plt.subplots(figsize=(8, 4))
    else:
        figure = axis.figure
    for reporter, label, color in (("CHN", "China's statistics", "C0"), ("BLR", "Belarus's statistics", "C1")):
        series = annual_series(reporter, "turnover", years=years)
        years_drawn = series.year.astype(float).to_numpy()
        _draw_series(axis, years_drawn, series.value_usd_millions.astype(float).to_numpy(), series.status, label, color)
    axis.set_title("Belarus-China trade turnover as each country reports it")
    axis.set_ylabel("million US dollars")
    axis.set_xlabel("year")
    axis.grid(alpha=0.3)
    axis.legend(title="hollow: not final", fontsize=8, title_fontsize=8)
    figure.tight_layout()
    result: Figure = figure
    return result


def plot_mirror_gap(*, years: Sequence[int] | None = None, axis: Axes | None = None) -> Figure:
    """The mirror gap: Belarus-reported value divided by China-reported value of the same flow, per year.

    Only years where both values are final are drawn (``comparable`` in :func:`~belarus_china_data.trade.mirror`).

    >>> figure = plot_mirror_gap()
    >>> len(figure.axes[0].get_lines())
    3
    """
    from .trade import mirror

    plt = _pyplot()
    frame = mirror(years=years)
    frame = frame[frame.comparable]
    if axis is None:
        figure, axis = plt.subplots(figsize=(7, 4))
    else:
        figure = axis.figure
    for title, direction in _PANELS.items():
        part = frame[frame.direction == direction]
        axis.plot(part.year.astype(float), part.ratio.astype(float), marker=".", label=title)
    axis.axhline(1.0, color="grey", linewidth=0.8)
    axis.set_ylabel("Belarus's figure / China's figure")
    axis.set_xlabel("year")
    axis.set_title("Mirror gap in Belarus-China trade statistics (final figures)")
    axis.legend()
    axis.grid(alpha=0.3)
    figure.tight_layout()
    result: Figure = figure
    return result


def timeline_counts() -> dict[str, pd.DataFrame]:
    """Agreements and visits per year by kind, as :func:`plot_timeline` draws them: a frame per panel title, with
    a row per year that has records and a column per kind (visits without a named format as "not named").

    Records count in the year of their earliest possible date; agreements without a signature date are left out.

    >>> import belarus_china_data as bcd
    >>> counts = timeline_counts()
    >>> list(counts)
    ['Agreements per year', 'Visits and meetings per year']
    >>> int(counts["Agreements per year"].sum().sum()) <= len(bcd.load("agreements"))
    True
    """
    from .loader import load

    result = {}
    panels: tuple[tuple[str, Literal["agreements", "visits"], str], ...] = (
        ("Agreements per year", "agreements", "date_signed_earliest"),
        ("Visits and meetings per year", "visits", "start_date_earliest"),
    )
    for title, table, column in panels:
        frame = load(table)
        kinds = frame["kind"].astype("string").fillna("not named")
        result[title] = frame.assign(year=frame[column].dt.year, kind=kinds).pivot_table(
            index="year", columns="kind", values=frame.columns[0], aggfunc="count", fill_value=0, observed=True
        )
    return result


def plot_timeline() -> Figure:
    """Agreements and visits per year, stacked by kind, from their earliest possible dates.

    Records dated only to a year or month are counted in the year they fall in; agreements whose signature date
    no source gives are left out, and visits whose format no source names are stacked as "not named". The chart
    shows what is recorded, not everything that happened (see the coverage statement in the codebook).

    >>> figure = plot_timeline()
    >>> [axis.get_title() for axis in figure.axes]
    ['Agreements per year', 'Visits and meetings per year']
    """
    plt = _pyplot()
    figure, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    for axis, (title, counts) in zip(axes, timeline_counts().items(), strict=True):
        bottom = None
        for kind in counts.columns:
            axis.bar(counts.index, counts[kind], bottom=bottom, label=str(kind))
            bottom = counts[kind] if bottom is None else bottom + counts[kind]
        axis.set_title(title)
        axis.yaxis.get_major_locator().set_params(integer=True)
        axis.set_ylabel("records")
        axis.legend(fontsize=8, ncol=3)
        axis.grid(alpha=0.3, axis="y")
    axes[1].set_xlabel("year")
    figure.tight_layout()
    result: Figure = figure
    return result


#: Countries whose agreement with Belarus :func:`plot_alignment` draws, with their labels.
ALIGNMENT_PARTNERS = {"CHN": "China", "RUS": "Russia", "USA": "United States"}


def plot_alignment(country: str = "BLR", others: Sequence[str] = tuple(ALIGNMENT_PARTNERS)) -> Figure:
    """Agreement of ``country`` (Belarus) with each of ``others`` in UN General Assembly votes, per year.

    One line per partner: the share of the roll calls on which both voted that they voted identically
    (:func:`belarus_china_data.alignment.alignment`). Years with fewer than 10 such roll calls (only January 2020
    in the shipped data) are left out, since one vote would make a share of 0 or 1.

    >>> figure = plot_alignment()
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['China', 'Russia', 'United States']
    """
    from .alignment import alignment

    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(9, 4.5))
    last_year = None
    for other in others:
        frame = alignment(country, other)
        frame = frame[frame["roll_calls"] >= 10]
        axis.plot(frame["year"], frame["agreement"], marker=".", label=ALIGNMENT_PARTNERS.get(other, other))
        last_year = int(frame["year"].max())
    axis.set_ylim(0, 1)
    axis.set_ylabel("share of roll calls voted identically")
    axis.set_xlabel("year")
    name = {"BLR": "Belarus", **ALIGNMENT_PARTNERS}.get(country, country)
    axis.set_title(f"Agreement of {name} with other countries in UN General Assembly votes, 1992-{last_year}")
    axis.legend()
    axis.grid(alpha=0.3)
    figure.text(0.01, 0.01, "Data: Erik Voeten, UNGA voting data (CC0), via the R package unvotes", fontsize=7)
    figure.tight_layout()
    result: Figure = figure
    return result


def plot_panel() -> Figure:
    """The dyad-year panel in one figure: agreements and visits, trade by reporter, UN voting agreement.

    Drawn from :func:`belarus_china_data.dyad_years`; a missing value is a gap, never a zero: counts of years whose
    table was not searched, trade years without a figure and years after the last UN roll call are left blank (as
    are UN shares of years with fewer than 10 common roll calls). The counts are what is recorded where the search
    was partial (the panel's ``*_coverage`` columns).

    >>> figure = plot_panel()
    >>> [axis.get_title() for axis in figure.axes]
    ['Agreements and visits per year', 'Trade turnover by reporter, USD millions', 'UN General Assembly votes']
    """
    from .panel import dyad_years

    plt = _pyplot()
    panel = dyad_years()
    years = panel["year"].astype(int).to_numpy()

    def numbers(column: str) -> Any:
        return panel[column].astype("Float64").to_numpy(dtype=float, na_value=float("nan"))

    figure, axes = plt.subplots(3, 1, figsize=(10, 8), sharex=True)
    counts = axes[0]
    width = 0.4
    counts.bar(years - width / 2, numbers("agreements_signed"), width, label="agreements signed")
    counts.bar(years + width / 2, numbers("visits"), width, label="visits and meetings")
    counts.plot(years, numbers("documents_signed_official"), "k^", markersize=5, label="documents (official counts)")
    counts.set_title("Agreements and visits per year")
    counts.set_ylabel("records")
    counts.legend(fontsize=8)
    counts.grid(alpha=0.3, axis="y")
    trade = axes[1]
    for reporter, label, color in (("blr", "Belarus reports", "tab:red"), ("chn", "China reports", "tab:blue")):
        trade.plot(years, numbers(f"trade_turnover_{reporter}"), marker=".", color=color, label=label)
    trade.set_title("Trade turnover by reporter, USD millions")
    trade.legend(fontsize=8)
    trade.grid(alpha=0.3)
    votes = axes[2]
    few = numbers("unga_roll_calls") < 10  # one January vote would make a share of 0 or 1 (see plot_alignment)
    for column, label, color in (
        ("unga_agreement", "identical votes", "tab:green"),
        ("unga_affinity", "affinity", "tab:olive"),
    ):
        shares = numbers(column)
        shares[few] = float("nan")
        votes.plot(years, shares, marker=".", color=color, label=label)
    votes.set_ylim(0, 1.05)
    votes.set_title("UN General Assembly votes")
    votes.set_ylabel("share of roll calls")
    votes.legend(fontsize=8, loc="lower right")
    votes.grid(alpha=0.3)
    votes.set_xlabel("year (blank: not searched or no figure)")
    figure.tight_layout()
    result: Figure = figure
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Write the README charts into the folder given (``docs/`` by default)."""
    folder = Path((argv if argv is not None else sys.argv[1:])[0] if (argv or sys.argv[1:]) else "docs")
    folder.mkdir(parents=True, exist_ok=True)
    plot_trade_by_reporter().savefig(folder / "trade-by-reporter.png", dpi=100)
    plot_mirror_gap().savefig(folder / "trade-mirror-gap.png", dpi=100)
    plot_turnover_by_reporter().savefig(folder / "trade-turnover.png", dpi=100)
    plot_timeline().savefig(folder / "timeline.png", dpi=100)
    plot_alignment().savefig(folder / "unga-alignment.png", dpi=100)
    plot_panel().savefig(folder / "dyad-years.png", dpi=100)
    print(f"wrote the trade, timeline and UN alignment charts to {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
