"""The home page's charts as inline SVG, drawn from the package's own frames without matplotlib.

Each chart is one ``<svg>`` element with a title and a description for screen readers, and a tooltip (``<title>``)
on every bar and point giving its year and value. A missing value is drawn as a gap, never as zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PALETTE",
    "REPORTER_COLORS",
    "Chart",
    "nice_ticks",
    "panel_chart",
    "site_charts",
    "timeline_chart",
    "trade_chart",
]

#: The colour of each reporter's statistics in every chart.
REPORTER_COLORS = {"BLR": "#0072b2", "CHN": "#d55e00"}
#: Colours of the series, in order (colour-blind-safe Okabe-Ito, then greys).
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#f0e442",
    "#000000",
    "#999999",
    "#7f3c8d",
    "#11a579",
    "#3969ac",
    "#f2b701",
    "#e73f74",
)
WIDTH = 800
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 12, 62, 26
_CHAR = 6.2  # average width of an 11 px character, for laying out legends


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top``: steps of 1, 2, 2.5 or 5 times a power of ten.

    >>> nice_ticks(37)
    [0, 10, 20, 30, 40]
    >>> nice_ticks(0.93)
    [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> nice_ticks(0)
    [0, 1]
    """
    if not top > 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks: list[float] = [0]
    while ticks[-1] < top - 1e-12:
        ticks.append(round(ticks[-1] + step, 10))
    return [int(t) if float(t).is_integer() and step >= 1 else t for t in ticks]


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


@dataclass
class _Series:
    label: str
    color: str
    kind: str  # "bar", "stack", "line" or "triangle"
    values: dict[int, float]
    hollow: frozenset[int] = frozenset()


@dataclass
class Chart:
    """A figure of panels sharing the year axis; :meth:`svg` renders it.

    >>> chart = Chart("Example", "One panel", years=range(2000, 2003))
    >>> panel = chart.panel("Counts", "records")
    >>> chart.bars(panel, "agreements", {2000: 1, 2002: 3})
    >>> chart.svg().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    True
    """

    title: str
    description: str
    years: Sequence[int]
    panels: list[tuple[str, str, list[_Series], float | None]] = field(default_factory=list)
    panel_height: int = 170

    def panel(self, title: str, unit: str, *, top: float | None = None) -> int:
        """Add a panel titled ``title`` whose values are in ``unit``; ``top`` fixes the top of its scale."""
        self.panels.append((title, unit, [], top))
        return len(self.panels) - 1

    def _add(self, panel: int, series: _Series) -> None:
        series.color = series.color or PALETTE[len(self.panels[panel][2]) % len(PALETTE)]
        self.panels[panel][2].append(series)

    def bars(self, panel: int, label: str, values: Mapping[int, float | None], *, stacked: bool = False) -> None:
        """Bars per year; several bar series of a panel stand side by side, or on each other if ``stacked``."""
        self._add(panel, _Series(label, "", "stack" if stacked else "bar", _present(values)))

    def line(
        self,
        panel: int,
        label: str,
        values: Mapping[int, float | None],
        *,
        hollow: Sequence[int] = (),
        color: str = "",
    ) -> None:
        """A line through the years with a value, broken where a year has none; ``hollow`` years get open dots
        (values that are not final); ``color`` is the next of :data:`PALETTE` unless given."""
        self._add(panel, _Series(label, color, "line", _present(values), frozenset(hollow)))

    def triangles(self, panel: int, label: str, values: Mapping[int, float | None]) -> None:
        """Markers only (a second measure of the same thing, e.g. official counts beside recorded ones)."""
        self._add(panel, _Series(label, "", "triangle", _present(values)))

    def svg(self) -> str:
        """The chart as one ``<svg>`` element."""
        first, last = min(self.years), max(self.years)
        span = last - first + 1
        plot_width = WIDTH - _LEFT - _RIGHT
        slot = plot_width / span

        def x(year: float) -> float:
            return _LEFT + (year - first + 0.5) * slot

        height = len(self.panels) * (self.panel_height + _TOP) + _BOTTOM
        ident = "chart-" + "".join(c if c.isalnum() else "-" for c in self.title.lower())[:40]
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d" class="chart" '
            'font-family="system-ui, sans-serif" font-size="11">',
            f'<title id="{ident}-t">{escape(self.title)}</title><desc id="{ident}-d">{escape(self.description)}</desc>',
        ]
        for number, (title, unit, series, fixed_top) in enumerate(self.panels):
            top_y = number * (self.panel_height + _TOP) + _TOP
            base_y = top_y + self.panel_height
            stacks: dict[int, float] = {}
            for s in series:
                if s.kind == "stack":
                    for year, value in s.values.items():
                        stacks[year] = stacks.get(year, 0.0) + value
            highest = max([*stacks.values(), *(v for s in series if s.kind != "stack" for v in s.values.values()), 0.0])
            ticks = nice_ticks(fixed_top if fixed_top is not None else highest)
            scale_top = float(ticks[-1])

            def y(value: float, base_y: float = base_y, scale_top: float = scale_top) -> float:
                return base_y - value / scale_top * self.panel_height

            out.append(f'<text x="{_LEFT}" y="{top_y - 30}" font-size="13" font-weight="bold">{escape(title)}</text>')
            out.append(
                f'<text x="12" y="{top_y + self.panel_height / 2:.1f}" transform="rotate(-90 12 '
                f'{top_y + self.panel_height / 2:.1f})" text-anchor="middle" fill="#555">{escape(unit)}</text>'
            )
            for tick in ticks:
                ty = y(float(tick))
                out.append(
                    f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>'
                    f'<text x="{_LEFT - 4}" y="{ty + 4:.1f}" text-anchor="end" fill="#555">'
                    f"{_number(float(tick))}</text>"
                )
            out.extend(self._legend(series, top_y - 16, _LEFT + len(title) * 7.5 + 24))
            bar_series = [s for s in series if s.kind == "bar"]
            width = slot * 0.8 / max(len(bar_series), 1)
            for index, s in enumerate(bar_series):
                offset = -slot * 0.4 + index * width
                for year, value in sorted(s.values.items()):
                    out.append(
                        f'<rect x="{x(year) + offset:.1f}" y="{y(value):.1f}" width="{width:.1f}" '
                        f'height="{base_y - y(value):.1f}" fill="{s.color}"><title>{year}, {escape(s.label)}: '
                        f"{_number(value)}</title></rect>"
                    )
            below: dict[int, float] = {}
            for s in (s for s in series if s.kind == "stack"):
                for year, value in sorted(s.values.items()):
                    start = below.get(year, 0.0)
                    below[year] = start + value
                    out.append(
                        f'<rect x="{x(year) - slot * 0.4:.1f}" y="{y(start + value):.1f}" width="{slot * 0.8:.1f}" '
                        f'height="{y(start) - y(start + value):.1f}" fill="{s.color}"><title>{year}, '
                        f"{escape(s.label)}: {_number(value)}</title></rect>"
                    )
            for s in (s for s in series if s.kind == "line"):
                for run in _runs(sorted(s.values)):
                    points = " ".join(f"{x(year):.1f},{y(s.values[year]):.1f}" for year in run)
                    out.append(f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="1.6"/>')
                for year, value in sorted(s.values.items()):
                    fill = "#fff" if year in s.hollow else s.color
                    note = " (not final)" if year in s.hollow else ""
                    out.append(
                        f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3" fill="{fill}" stroke="{s.color}">'
                        f"<title>{year}, {escape(s.label)}: {_number(value)}{note}</title></circle>"
                    )
            for s in (s for s in series if s.kind == "triangle"):
                for year, value in sorted(s.values.items()):
                    cx, cy = x(year), y(value)
                    out.append(
                        f'<path d="M{cx:.1f} {cy - 4:.1f}L{cx + 4:.1f} {cy + 3:.1f}L{cx - 4:.1f} {cy + 3:.1f}Z" '
                        f'fill="{s.color}"><title>{year}, {escape(s.label)}: {_number(value)}</title></path>'
                    )
            out.append(f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{base_y}" y2="{base_y}" stroke="#333"/>')
            step = 2 if span <= 20 else 4
            for year in range(first, last + 1):
                if (year - first) % step == 0:
                    out.append(
                        f'<text x="{x(year):.1f}" y="{base_y + 13}" text-anchor="middle" fill="#555">{year}</text>'
                    )
        out.append("</svg>")
        return "".join(out)

    def _legend(self, series: list[_Series], baseline: float, start: float) -> list[str]:
        """Swatches and labels in rows beside the panel title, from ``start``."""
        parts = []
        left = start
        for s in series:
            room = 18 + len(s.label) * _CHAR
            if left + room > WIDTH - _RIGHT:
                left = start
                baseline += 12
            if s.kind == "triangle":
                swatch = (
                    f'<path d="M{left + 5:.1f} {baseline - 9:.1f}L{left + 10:.1f} {baseline:.1f}L{left:.1f} '
                    f'{baseline:.1f}Z" fill="{s.color}"/>'
                )
            elif s.kind in ("bar", "stack"):
                swatch = f'<rect x="{left:.1f}" y="{baseline - 8:.1f}" width="10" height="10" fill="{s.color}"/>'
            else:
                swatch = (
                    f'<line x1="{left:.1f}" x2="{left + 12:.1f}" y1="{baseline - 3:.1f}" y2="{baseline - 3:.1f}" '
                    f'stroke="{s.color}" stroke-width="2"/>'
                )
            parts.append(f'{swatch}<text x="{left + 15:.1f}" y="{baseline:.1f}">{escape(s.label)}</text>')
            left += room + 10
        return parts


def _present(values: Mapping[int, float | None]) -> dict[int, float]:
    """Years with a value (missing and NaN left out: a gap, not zero)."""
    return {int(k): float(v) for k, v in values.items() if v is not None and not math.isnan(float(v))}


def _runs(years: list[int]) -> list[list[int]]:
    """Consecutive years in runs, so that a line breaks at a missing year."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _column(frame: pd.DataFrame, name: str) -> dict[int, float | None]:
    """Year -> value of a column, None where the value is missing."""
    values = frame[name].astype("Float64").to_numpy(dtype=float, na_value=math.nan)
    return {int(y): (None if math.isnan(v) else float(v)) for y, v in zip(frame["year"].tolist(), values, strict=True)}


def _not_final(values: Mapping[int, float | None], frame: pd.DataFrame, status: str) -> list[int]:
    """Years with a value whose ``status`` column says it is not final (drawn as open dots)."""
    statuses = dict(zip(frame["year"].tolist(), frame[status].tolist(), strict=True))
    return [year for year, value in values.items() if value is not None and statuses.get(year) != "final"]


def panel_chart(panel: pd.DataFrame) -> Chart:
    """The dyad-year panel (:func:`belarus_china_data.dyad_years`) in three panels: agreements and visits per year,
    trade turnover by reporter, and agreement in UN General Assembly votes.

    >>> import belarus_china_data as bcd
    >>> chart = panel_chart(bcd.dyad_years())
    >>> [title for title, *_ in chart.panels]
    ['Agreements and visits per year', 'Trade turnover by reporter', 'UN General Assembly votes']
    """
    years = [int(y) for y in panel["year"].tolist()]
    chart = Chart(
        "The Belarus-China year panel",
        "Agreements and visits per year, trade turnover as each country reports it, and the share of UN General "
        "Assembly roll calls on which Belarus and China voted alike; a blank year is a year not searched or "
        "without a figure, never zero.",
        years=years,
    )
    counts = chart.panel("Agreements and visits per year", "records")
    chart.bars(counts, "agreements signed", _column(panel, "agreements_signed"))
    chart.bars(counts, "visits and meetings", _column(panel, "visits"))
    chart.triangles(counts, "documents (official counts)", _column(panel, "documents_signed_official"))
    trade = chart.panel("Trade turnover by reporter", "million US dollars")
    for reporter, label in (("blr", "Belarus reports"), ("chn", "China reports")):
        values = _column(panel, f"trade_turnover_{reporter}")
        hollow = _not_final(values, panel, f"trade_turnover_{reporter}_status")
        chart.line(trade, label, values, hollow=hollow, color=REPORTER_COLORS[reporter.upper()])
    votes = chart.panel("UN General Assembly votes", "share of roll calls", top=1.0)
    roll_calls = _column(panel, "unga_roll_calls")
    for column, label in (("unga_agreement", "identical votes"), ("unga_affinity", "affinity")):
        # a year with fewer than 10 common roll calls (one January vote) would make a share of 0 or 1
        shares = {y: v if (roll_calls.get(y) or 0) >= 10 else None for y, v in _column(panel, column).items()}
        chart.line(votes, label, shares)
    return chart


def timeline_chart(counts: Mapping[str, pd.DataFrame]) -> Chart:
    """Records per year stacked by kind, a panel per table (:func:`belarus_china_data.plots.timeline_counts`)."""
    years = sorted({int(y) for frame in counts.values() for y in frame.index.tolist()})
    chart = Chart(
        "Agreements and visits per year, by kind",
        "Stacked bars of the agreements signed and the visits and meetings recorded in each year, by kind; what "
        "is recorded, not everything that happened (see the coverage table).",
        years=range(min(years), max(years) + 1),
    )
    for title, frame in counts.items():
        panel = chart.panel(title, "records")
        for kind in frame.columns:
            values: dict[int, float | None] = {
                int(y): float(v) or None for y, v in zip(frame.index.tolist(), frame[kind].tolist(), strict=True)
            }
            chart.bars(panel, str(kind).replace("_", " "), values, stacked=True)
    return chart


def trade_chart(frame: pd.DataFrame) -> Chart:
    """Each direction of trade as both countries report it (:func:`belarus_china_data.trade.mirror`)."""
    years = [int(y) for y in frame["year"].tolist()]
    chart = Chart(
        "Belarus-China trade as each country reports it",
        "Two panels, China's exports to Belarus and Belarus's exports to China, each with the figure China "
        "reports and the figure Belarus reports; open dots are figures that are not final.",
        years=range(min(years), max(years) + 1),
        panel_height=150,
    )
    for title, direction in (
        ("China exports to Belarus", "China to Belarus"),
        ("China imports from Belarus", "Belarus to China"),
    ):
        part = frame[frame["direction"] == direction]
        panel = chart.panel(title, "million US dollars")
        for column, label, reporter in (
            ("belarus", "Belarus's statistics", "BLR"),
            ("china", "China's statistics", "CHN"),
        ):
            values = _column(part.rename(columns={f"{column}_reported": "value"}), "value")
            hollow = _not_final(values, part, f"{column}_status")
            chart.line(panel, label, values, hollow=hollow, color=REPORTER_COLORS[reporter])
    return chart


def site_charts() -> dict[str, Any]:
    """The home page's charts as SVG text, by name: ``panel``, ``timeline`` and ``trade``.

    >>> sorted(site_charts())
    ['panel', 'timeline', 'trade']
    """
    from ..panel import dyad_years
    from ..plots import timeline_counts
    from ..trade import mirror

    return {
        "panel": panel_chart(dyad_years()).svg(),
        "timeline": timeline_chart(timeline_counts()).svg(),
        "trade": trade_chart(mirror()).svg(),
    }
