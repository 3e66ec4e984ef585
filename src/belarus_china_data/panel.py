"""The Belarus-China dyad-year panel: one row per year (two in the directed form), keyed by COW codes.

Every value is derived from the record tables and the ``coverage`` table when the panel is built (nothing is
curated here, so the panel cannot disagree with the records). Counts are coverage-aware: a year whose table was
not searched (no ``coverage`` row covers it, or its status is ``not_searched``) gets a missing value, never 0, and
each family of variables has a ``*_coverage`` column (systematic, partial, not_searched), so an analysis can keep
to systematically searched years. :func:`variables` holds each variable's meaning and formula once; the codebook
and ``describe("dyad_years")`` are generated from it.

>>> panel = dyad_years()
>>> int(panel.ccode1.iloc[0]), int(panel.ccode2.iloc[0]), int(panel.year.min())
(370, 710, 1992)
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIRST_YEAR", "KEY_SETS", "Variable", "add_to", "describe_panel", "dyad_years", "variables"]

#: First year of the panel (diplomatic relations were established in January 1992).
FIRST_YEAR = 1992
SIDES = ("BLR", "CHN")
#: Coverage statuses under which a table counts as searched for a year.
SEARCHED = ("systematic", "partial")
COVERAGE_LABELS = {
    "systematic": "searched systematically",
    "partial": "searched, not completely",
    "not_searched": "not searched",
}
_FLOWS = {"exports": "export", "imports": "import", "turnover": "turnover"}


@dataclass(frozen=True)
class Variable:
    """One column of the panel: its family, a short label (Stata's 80 characters) and its meaning and formula."""

    name: str
    family: str
    label: str
    meaning: str
    value_labels: dict[int, str] = field(default_factory=dict)
    directed: bool = False


def _agreement_kinds() -> list[str]:
    from .contract.categories import AgreementKind

    return [kind.value for kind in AgreementKind]


def _variables() -> tuple[Variable, ...]:
    from .contract.categories import AgreementKind

    counted = (
        "Counted only in years the `coverage` table marks as searched for the table (systematic or partial); "
        "missing where it was not searched, never 0."
    )
    rows = [
        Variable("year", "keys", "Year", "Calendar year."),
        Variable("ccode1", "keys", "COW state number, side 1", "Correlates of War code of side 1 (Belarus 370)."),
        Variable("ccode2", "keys", "COW state number, side 2", "Correlates of War code of side 2 (China 710)."),
        Variable("gwcode1", "keys", "Gleditsch-Ward number, side 1", "Gleditsch-Ward code of side 1."),
        Variable("gwcode2", "keys", "Gleditsch-Ward number, side 2", "Gleditsch-Ward code of side 2."),
        Variable("iso3_1", "keys", "ISO alpha-3, side 1", "ISO 3166-1 alpha-3 code of side 1."),
        Variable("iso3_2", "keys", "ISO alpha-3, side 2", "ISO 3166-1 alpha-3 code of side 2."),
        Variable(
            "agreements_signed",
            "agreements",
            "Agreements signed in the year",
            "Number of `agreements` rows whose `date_signed` falls in the year (its earliest and latest days in the "
            "same year; an agreement whose date is unknown or spans years is in no year). " + counted,
        ),
    ]
    rows += [
        Variable(
            f"agr_{kind.value}",
            "agreements",
            f"Agreements signed: {kind.value.replace('_', ' ')}"[:80],
            f"As `agreements_signed`, for agreements of kind `{kind.value}` only.",
        )
        for kind in AgreementKind
    ]
    visit_rule = (
        "Number of `visits` rows (either direction; summit-sidelines meetings included) whose `start_date` falls "
        "in the year"
    )
    rows += [
        Variable(
            "agreements_coverage",
            "agreements",
            "Coverage of agreements in the year",
            "Status of the `coverage` row of table agreements that covers the year: systematic, partial or "
            "not_searched (also where no row covers the year).",
            directed=False,
        ),
        Variable(
            "visits",
            "visits",
            "Visits and meetings in the year",
            visit_rule + "; in the directed form, only visits whose visitor is side 1. " + counted,
            directed=True,
        ),
        Variable(
            "head_of_state_visits",
            "visits",
            "Head-of-state visits in the year",
            "As `visits`, for visits of level `head_of_state` only.",
            directed=True,
        ),
        Variable(
            "documents_signed_official",
            "visits",
            "Documents signed during the year's visits (official counts)",
            "Sum of `visits.documents_signed` (the official count of documents signed during a visit) over the "
            "year's visits that have one (visitor side 1 in the directed form); missing where none of the year's "
            "visits has an official count. Compare with `agreements_signed`, the documents the dataset itemizes.",
            directed=True,
        ),
        Variable("visits_coverage", "visits", "Coverage of visits in the year", "As `agreements_coverage`."),
        Variable(
            "partnership_level",
            "partnership",
            "Partnership designation on 31 December (ordinal)",
            "Ordinal of the partnership designation in force on 31 December (`bcd.partnership_on`): 0 before the "
            "first `partnership_upgrade` event, then 1, 2, ... for each upgrade in date order. The value labels "
            "name the designations.",
        ),
        Variable(
            "partnership_label",
            "partnership",
            "Partnership designation on 31 December",
            "The designation of `partnership_level` in words.",
        ),
        Variable("partnership_coverage", "partnership", "Coverage of events in the year", "Coverage of table events."),
    ]
    for reporter, country in (("blr", "Belarus"), ("chn", "China")):
        for column, flow in _FLOWS.items():
            rows.append(
                Variable(
                    f"trade_{column}_{reporter}",
                    "trade",
                    f"{country}-reported {flow}s, USD millions"[:80],
                    f"{country}'s own figure of its goods {flow}s with the other country"
                    f"{' (exports plus imports)' if flow == 'turnover' else ''}, millions of US dollars: "
                    f"`trade.annual_series('{reporter.upper()}', '{flow}')`, the best available whole-year figure "
                    "(which may come from different sources in different years: see its `source` and `source_break`"
                    "). Missing in years without a figure; the two reporters are never mixed.",
                )
            )
            rows.append(
                Variable(
                    f"trade_{column}_{reporter}_status",
                    "trade",
                    f"Status of trade_{column}_{reporter}",
                    "final, preliminary, approximate or lower_bound (see `trade_figures.status`).",
                )
            )
    rows += [
        Variable(
            "china_share_of_blr_imports",
            "trade",
            "China's share of Belarus's imports (Belarus's statistics)",
            "Belarus-reported imports from China divided by Belarus-reported imports from the world "
            "(`trade.china_share()`, flow import; a share between 0 and 1). Missing where either figure is.",
        ),
        Variable("trade_coverage", "trade", "Coverage of trade figures", "Coverage of table trade_figures."),
        Variable(
            "unga_agreement",
            "unga",
            "Share of identical UN General Assembly votes",
            "Share of the year's UN General Assembly roll calls on which both voted that Belarus and China voted "
            "identically (`alignment('BLR', 'CHN')`). Missing after the last roll call of the source files and in "
            "years without a common roll call.",
        ),
        Variable(
            "unga_affinity",
            "unga",
            "UN voting affinity (abstain against yes/no counts half)",
            "As `unga_agreement`, with an abstention against a yes or a no counted as half an agreement "
            "(`alignment(..., measure='affinity')`).",
        ),
        Variable(
            "unga_roll_calls",
            "unga",
            "UN roll calls on which both voted",
            "Number of the year's roll calls on which both recorded a vote. " + counted,
        ),
        Variable("unga_coverage", "unga", "Coverage of UN votes", "Coverage of table un_votes."),
        Variable(
            "loans_committed_usd",
            "loans",
            "Chinese loans committed in the year, USD",
            "Sum of `counted_usd` of `bcd.loans_committed()` over the loans dated in the year: signed, disbursed "
            "or repaid loans (not announced, cancelled or of unknown status; currency swaps left out) in US dollars "
            "(`amount_usd`, at the recorded annual average rate for other currencies), each commitment once: a "
            "package counts only with what its itemized parts leave over, frameworks and pledges count nothing. "
            "Missing where one of them has no USD value and where loans were not searched.",
        ),
        Variable("loans_coverage", "loans", "Coverage of loans", "Coverage of table loans."),
        Variable(
            "great_stone_residents",
            "indicators",
            "Great Stone park residents (year's last value)",
            "The value of indicator series `great-stone-residents` with the latest date in the year (companies "
            "registered as residents of the China-Belarus industrial park). Missing in years without a value.",
        ),
        Variable("indicators_coverage", "indicators", "Coverage of indicators", "Coverage of table indicators."),
    ]
    return tuple(rows)


@cache
def variables() -> tuple[Variable, ...]:
    """Every panel variable, in column order (the same text as the codebook and ``describe("dyad_years")``).

    >>> [v.name for v in variables()][:3]
    ['year', 'ccode1', 'ccode2']
    """
    return _variables()


def _load(name: str) -> pd.DataFrame:
    """A table without its ``attrs`` (pandas copies them on every operation, which would dominate the build)."""
    from .loader import load

    frame: pd.DataFrame = load(name)  # type: ignore[call-overload]
    frame.attrs = {}
    return frame


def _year_of(frame: pd.DataFrame, field: str) -> pd.Series:
    """The year of a partial date, where its earliest and latest days fall in one year; else missing."""
    earliest = frame[f"{field}_earliest"].dt.year
    latest = frame[f"{field}_latest"].dt.year
    result: pd.Series = earliest.where(earliest == latest).astype("Int64")
    return result


def _coverage(years: Sequence[int]) -> dict[str, dict[int, str]]:
    """Per table, each year's coverage status (``not_searched`` where no row covers the year)."""

    rows = _load("coverage")
    result: dict[str, dict[int, str]] = {}
    for table, first, last, status in zip(
        rows["table_name"].astype(str), rows["first_year"], rows["last_year"], rows["status"].astype(str), strict=True
    ):
        per_year = result.setdefault(table, {})
        for year in range(int(first), int(last) + 1):
            per_year.setdefault(year, status)
    return {table: {y: result.get(table, {}).get(y, "not_searched") for y in years} for table in _TABLE_OF.values()}


#: Coverage column's family -> the table whose coverage rows decide it.
_TABLE_OF = {
    "agreements": "agreements",
    "visits": "visits",
    "partnership": "events",
    "trade": "trade_figures",
    "unga": "un_votes",
    "loans": "loans",
    "indicators": "indicators",
}


def _counts(years: list[int], keys: pd.Series, mask: pd.Series | None = None) -> list[int]:
    kept = keys if mask is None else keys[mask]
    counted = kept.dropna().astype(int).value_counts()
    return [int(counted.get(year, 0)) for year in years]


def _last_year() -> int:
    """The last year of any series the panel draws on."""

    candidates = [
        _year_of(_load("agreements"), "date_signed").max(),
        _year_of(_load("visits"), "start_date").max(),
        _load("trade_figures")["year"].max(),
        _year_of(_load("loans"), "date").max(),
        _load("un_roll_calls")["date"].max().year,
    ]
    return int(max(int(c) for c in candidates if c == c and c is not None))


def _undirected(years: list[int], coverage: dict[str, dict[int, str]]) -> dict[str, list[Any]]:
    """Every column of the non-directed panel except the keys, as lists over ``years``."""
    import pandas as pd

    from .alignment import alignment
    from .trade import annual_series, china_share

    def searched(family: str) -> list[bool]:
        return [coverage[_TABLE_OF[family]][y] in SEARCHED for y in years]

    def masked(values: list[Any], family: str) -> list[Any]:
        return [v if ok else None for v, ok in zip(values, searched(family), strict=True)]

    out: dict[str, list[Any]] = {}
    agreements = _load("agreements")
    signed = _year_of(agreements, "date_signed")
    out["agreements_signed"] = masked(_counts(years, signed), "agreements")
    kinds = agreements["kind"].astype(str)
    for kind in _agreement_kinds():
        out[f"agr_{kind}"] = masked(_counts(years, signed, kinds == kind), "agreements")
    out["agreements_coverage"] = [coverage["agreements"][y] for y in years]

    out.update(_visit_columns(years, None, masked))
    out["visits_coverage"] = [coverage["visits"][y] for y in years]

    levels, labels = _partnership(years)
    out["partnership_level"] = masked(levels, "partnership")
    out["partnership_label"] = masked(labels, "partnership")
    out["partnership_coverage"] = [coverage["events"][y] for y in years]

    for reporter in SIDES:
        for column, flow in _FLOWS.items():
            series = annual_series(reporter, flow).set_index("year")
            name = f"trade_{column}_{reporter.lower()}"
            values = [series["value_usd_millions"].get(y) for y in years]
            statuses = [series["status"].get(y) for y in years]
            out[name] = masked([None if v is None or pd.isna(v) else float(v) for v in values], "trade")
            out[f"{name}_status"] = masked([None if s is None or pd.isna(s) else str(s) for s in statuses], "trade")
    shares = china_share()
    share = shares[shares["flow"].astype(str) == "import"].set_index("year")["share"]
    out["china_share_of_blr_imports"] = masked(
        [float(share[y]) if y in share.index and pd.notna(share[y]) else None for y in years], "trade"
    )
    out["trade_coverage"] = [coverage["trade_figures"][y] for y in years]

    agreement = alignment("BLR", "CHN").set_index("year")
    affinity = alignment("BLR", "CHN", measure="affinity").set_index("year")
    last_call = int(_load("un_roll_calls")["date"].max().year)
    in_un = [ok and y <= last_call for ok, y in zip(searched("unga"), years, strict=True)]
    calls = [int(agreement["roll_calls"].get(y, 0)) for y in years]
    out["unga_agreement"] = [
        float(agreement["agreement"][y]) if ok and n else None for y, ok, n in zip(years, in_un, calls, strict=True)
    ]
    out["unga_affinity"] = [
        float(affinity["affinity"][y]) if ok and n else None for y, ok, n in zip(years, in_un, calls, strict=True)
    ]
    out["unga_roll_calls"] = [n if ok else None for n, ok in zip(calls, in_un, strict=True)]
    out["unga_coverage"] = [coverage["un_votes"][y] if y <= last_call else "not_searched" for y in years]

    out["loans_committed_usd"] = masked(_loans_usd(years), "loans")
    out["loans_coverage"] = [coverage["loans"][y] for y in years]

    indicators = _load("indicators")
    residents = indicators[indicators["series"].astype(str) == "great-stone-residents"].copy()
    residents["year"] = _year_of(residents, "date")
    residents = residents.dropna(subset=["year"]).sort_values(["date_latest", "date_earliest"], kind="stable")
    last = residents.groupby("year")["value"].last()
    out["great_stone_residents"] = [float(last[y]) if y in last.index else None for y in years]
    out["indicators_coverage"] = [coverage["indicators"][y] for y in years]
    return out


def _visit_columns(
    years: list[int], visitor: str | None, masked: Callable[[list[Any], str], list[Any]]
) -> dict[str, list[Any]]:

    visits = _load("visits")
    if visitor is not None:
        visits = visits[visits["visitor_country"].astype(str) == visitor]
    start = _year_of(visits, "start_date")
    head = visits["level"].astype(str) == "head_of_state"
    documents = visits.assign(_year=start).dropna(subset=["_year", "documents_signed"])
    per_year = documents.groupby("_year")["documents_signed"].sum()
    return {
        "visits": masked(_counts(years, start), "visits"),
        "head_of_state_visits": masked(_counts(years, start, head), "visits"),
        "documents_signed_official": masked(
            [int(per_year[y]) if y in per_year.index else None for y in years], "visits"
        ),
    }


def _partnership(years: list[int]) -> tuple[list[int], list[str]]:
    """Ordinal and name of the designation in force on each 31 December.

    The rule of :func:`belarus_china_data.partnership_on`: the latest ``partnership_upgrade`` event whose last
    possible day is on or before the day decides (a test checks the two agree).
    """
    events = _load("events")
    upgrades = events[events["kind"].astype(str) == "partnership_upgrade"].sort_values("date_latest")
    effective = [
        (day.date(), str(name)) for day, name in zip(upgrades["date_latest"], upgrades["designation"], strict=True)
    ]
    levels, labels = [], []
    for year in years:
        in_force = [(i + 1, name) for i, (day, name) in enumerate(effective) if day.year <= year]
        level, name = in_force[-1] if in_force else (0, "no partnership designation")
        levels.append(level)
        labels.append(name)
    return levels, labels


def _partnership_value_labels() -> dict[int, str]:

    events = _load("events")
    upgrades = events[events["kind"].astype(str) == "partnership_upgrade"].sort_values("date_latest")
    labels = {0: "no partnership designation"}
    labels.update({i + 1: str(d)[:80] for i, d in enumerate(upgrades["designation"].astype(str))})
    return labels


def _loans_usd(years: list[int]) -> list[float | None]:
    """Per year, the US dollars committed (:func:`belarus_china_data.loans_committed`); missing if one is unknown."""
    from .shortcuts import loans_committed

    counted = loans_committed(missing="keep").dropna(subset=["year"])
    result: list[float | None] = []
    for year in years:
        values = counted.loc[counted["year"] == year, "counted_usd"]
        result.append(None if values.isna().any() else float(values.sum()))
    return result


def dyad_years(directed: bool = False) -> pd.DataFrame:
    """The Belarus-China dyad-year panel, 1992 to the last year of any series, keyed by COW codes.

    Non-directed: one row per year, Belarus as side 1. ``directed=True``: two rows per year, Belarus to China and
    China to Belarus; the visit counts are then those of side 1's visitors, everything else is the same in both
    rows. Every variable's meaning and formula: ``describe("dyad_years")`` (or the codebook). Missing values are
    unknowns, never zeros: counts are missing in years the ``coverage`` table does not mark as searched.

    >>> panel = dyad_years()
    >>> panel.loc[panel.year == 2015, ["ccode1", "ccode2", "partnership_level"]].values.tolist()
    [[370, 710, 1]]
    >>> directed = dyad_years(directed=True)
    >>> len(directed) == 2 * len(panel), sorted(set(directed.ccode1.astype(int)))
    (True, [370, 710])
    """
    import pandas as pd

    from .keys import iso3_to

    years = list(range(FIRST_YEAR, _last_year() + 1))
    coverage = _coverage(years)
    columns = _undirected(years, coverage)
    pairs = [SIDES, SIDES[::-1]] if directed else [SIDES]
    frames = []
    for side1, side2 in pairs:
        values = dict(columns)
        if directed:
            searched = [coverage["visits"][y] in SEARCHED for y in years]

            def masked(vals: list[Any], _family: str, ok: list[bool] = searched) -> list[Any]:
                return [v if flag else None for v, flag in zip(vals, ok, strict=True)]

            values.update(_visit_columns(years, side1, masked))
        keys = {
            "year": years,
            "ccode1": [iso3_to("ccode", side1)] * len(years),
            "ccode2": [iso3_to("ccode", side2)] * len(years),
            "gwcode1": [iso3_to("gwcode", side1)] * len(years),
            "gwcode2": [iso3_to("gwcode", side2)] * len(years),
            "iso3_1": [side1] * len(years),
            "iso3_2": [side2] * len(years),
        }
        frames.append(_typed(pd.DataFrame({**keys, **values})[[v.name for v in variables()]]))
    if len(frames) == 1:
        return frames[0]
    # typed first, so that both directions agree on every column's dtype (a column missing in one direction
    # would otherwise reach concat as all-NA objects)
    return pd.concat(frames, ignore_index=True).sort_values(["year", "ccode1"], kind="stable", ignore_index=True)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    for variable in variables():
        column = variable.name
        if column.endswith("_coverage"):
            frame[column] = pd.Categorical(frame[column], categories=list(COVERAGE_LABELS))
        elif column.endswith("_status"):
            from .trade import STATUS_PREFERENCE

            frame[column] = pd.Categorical(frame[column], categories=list(STATUS_PREFERENCE))
        elif column in ("iso3_1", "iso3_2", "partnership_label"):
            frame[column] = frame[column].astype("string")
        elif column.startswith(("trade_", "unga_agreement", "unga_affinity", "china_share", "loans_", "great_")):
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype("Float64")
        else:
            frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    frame.attrs["table"] = "dyad_years"
    frame.attrs["fields"] = {v.name: v.meaning for v in variables()}
    frame.attrs["labels"] = {v.name: v.label for v in variables()}
    frame.attrs["value_labels"] = {"partnership_level": _partnership_value_labels()}
    return frame


def describe_panel(field: str | None = None) -> str:
    """The meaning and formula of every panel variable (or of one), as ``describe("dyad_years")`` prints it.

    >>> print(describe_panel("ccode1"))
    ccode1 (keys): COW state number, side 1
      Correlates of War code of side 1 (Belarus 370).
    """
    chosen = variables()
    if field is not None:
        chosen = tuple(v for v in chosen if v.name == field)
        if not chosen:
            import difflib

            names = [v.name for v in variables()]
            close = difflib.get_close_matches(field, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(f"no variable {field!r} in dyad_years{hint}")
    lines = []
    if field is None:
        lines += [
            "dyad_years: the Belarus-China dyad-year panel (bcd.dyad_years(directed=False))",
            *textwrap.wrap(__doc__.split("\n\n")[1], 100, initial_indent="  ", subsequent_indent="  "),
            "",
        ]
    for variable in chosen:
        lines.append(f"{variable.name} ({variable.family}): {variable.label}")
        lines += textwrap.wrap(variable.meaning, 100, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


#: Key columns accepted by :func:`add_to`, per scheme: (side 1, side 2).
KEY_SETS = {
    "ccode": ("ccode1", "ccode2"),
    "gwcode": ("gwcode1", "gwcode2"),
    "iso3": ("iso3_1", "iso3_2"),
}


def add_to(
    frame: pd.DataFrame, keys: Sequence[str] = ("ccode1", "ccode2", "year"), *, directed: bool = False
) -> pd.DataFrame:
    """The user's dyad-year ``frame`` with the panel's variables attached, in either order of the pair.

    ``keys`` names the frame's two country columns and its year column, in COW (``ccode``), Gleditsch-Ward
    (``gwcode``) or ISO alpha-3 codes: the scheme is read from the values. Rows of Belarus-China (or China-Belarus)
    get the year's values; rows of every other dyad, and years outside the panel, get missing values, not zeros.
    By default both orders get the non-directed values (a non-directed dyad-year frame); ``directed=True`` gives
    each row the directed values of its own order (the visits of side 1's visitors).
    A frame without the key columns, with repeated key rows, or whose country codes are of no known scheme is
    refused with a one-line ``ValueError``.

    >>> import pandas as pd
    >>> mine = pd.DataFrame({"ccode1": [710, 370], "ccode2": [370, 365], "year": [2015, 2015]})
    >>> out = add_to(mine)
    >>> out.agreements_signed.notna().tolist()
    [True, False]
    """
    import pandas as pd

    keys = tuple(keys)
    if len(keys) != 3:
        raise ValueError(f"keys must name three columns (country 1, country 2, year), not {keys!r}")
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise ValueError(
            f"frame has no column(s) {', '.join(map(repr, missing))}; pass keys=(country1, country2, year) "
            f"naming its columns (it has {', '.join(map(repr, list(frame.columns)[:8]))})"
        )
    first, second, year = keys
    repeated = frame.duplicated(list(keys))
    if repeated.any():
        row = int(repeated.to_numpy().nonzero()[0][0])
        raise ValueError(f"frame has repeated key rows ({', '.join(keys)}), first at row {row}; keep one per dyad-year")
    scheme = _scheme(frame[first], frame[second], first)
    panel = dyad_years(directed=True)
    if not directed:  # both orders carry the non-directed values
        undirected = dyad_years().set_index("year")
        for column in ("visits", "head_of_state_visits", "documents_signed_official"):
            panel[column] = panel["year"].map(undirected[column]).astype(undirected[column].dtype)
    years = pd.to_numeric(frame[year], errors="coerce")
    if years.isna().any():
        row = int(years.isna().to_numpy().nonzero()[0][0])
        raise ValueError(
            f"frame column {year!r} has a value that is not a year at row {row}: {frame[year].iloc[row]!r}"
        )
    lo, hi = int(panel.year.min()), int(panel.year.max())
    one, two = KEY_SETS[scheme]
    left_cols = [one, two]
    variables_only = [v.name for v in variables() if v.family != "keys"]
    right = panel[[*left_cols, "year", *variables_only]].copy()
    right[one] = right[one].astype(object if scheme == "iso3" else "Int64")
    right[two] = right[two].astype(object if scheme == "iso3" else "Int64")
    right = right.rename(columns={one: "_k1", two: "_k2", "year": "_year"})
    left = pd.DataFrame(
        {
            "_k1": _normalized(frame[first], scheme),
            "_k2": _normalized(frame[second], scheme),
            "_year": years.astype("Int64").to_numpy(),
        }
    )
    merged = left.merge(right, on=["_k1", "_k2", "_year"], how="left", validate="many_to_one", indicator=True)
    if not (merged["_merge"] == "both").any():
        raise ValueError(
            f"no row of frame is a Belarus-China dyad in a year of the panel ({lo}-{hi}; column {year!r}): "
            "nothing to attach"
        )
    result = frame.copy()
    clashes = [c for c in variables_only if c in result.columns]
    if clashes:
        raise ValueError(f"frame already has column(s) {', '.join(map(repr, clashes[:5]))}; rename or drop them")
    for column in variables_only:
        result[column] = merged[column].to_numpy()
        result[column] = result[column].astype(panel[column].dtype)
    result.attrs.update({k: v for k, v in panel.attrs.items() if k != "table"})
    return result


def _normalized(values: pd.Series, scheme: str) -> Any:
    import pandas as pd

    if scheme == "iso3":
        return values.astype(object).where(values.notna(), None).to_numpy()
    return pd.to_numeric(values, errors="coerce").astype("Int64").to_numpy()


def _scheme(first: pd.Series, second: pd.Series, name: str) -> str:
    """Which key scheme the country columns use: ISO alpha-3 text, or COW or G-W numbers.

    Belarus and China have the same numbers in both (370 and 710), so either finds the same rows.
    """
    import pandas as pd

    both = pd.concat([first, second], ignore_index=True).dropna()
    if both.map(lambda v: isinstance(v, str)).all() and not both.empty:
        bad = [str(v) for v in both if len(str(v)) != 3 or not str(v).isalpha() or not str(v).isupper()]
        if bad:
            raise ValueError(f"frame column {name!r}: {bad[0]!r} is not an ISO alpha-3 code; use e.g. 'BLR', 'CHN'")
        if not set(both) & set(SIDES):
            raise ValueError(f"frame columns {name!r}: no row names Belarus ('BLR') or China ('CHN')")
        return "iso3"
    numbers = pd.to_numeric(both, errors="coerce")
    if numbers.isna().any() or (numbers % 1 != 0).any():
        bad = both[numbers.isna() | (numbers % 1 != 0)].iloc[0]
        raise ValueError(f"frame column {name!r}: {bad!r} is not a COW or G-W number or an ISO alpha-3 code")
    if not set(numbers.astype(int)) & {370, 710}:
        raise ValueError(
            f"frame columns {name!r}: no row names Belarus (370) or China (710) in COW or G-W codes; keys must be "
            "COW or G-W numbers, or ISO alpha-3 codes"
        )
    return "ccode"


#: Export formats of :func:`export_panel`.
PANEL_FORMATS = ("csv", "parquet", "dta", "xlsx", "json", "feather")


def export_panel(
    output: Any,
    fmt: str,
    from_year: int | None = None,
    to_year: int | None = None,
    where: Sequence[str] = (),
    columns: str | None = None,
) -> pd.DataFrame:
    """Write the panel (``belarus-china-data export dyad_years``) with its variable and value labels.

    Stata files carry a variable label per column and value labels for ``partnership_level`` and the coverage and
    status columns; XLSX files get a second sheet ``variables`` with every label and meaning; Parquet files carry
    them in the file's metadata; CSV has no place for them (``describe dyad_years`` prints them). ``where``
    accepts ``directed=true``. Returns the frame written.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "panel.dta"
    >>> len(export_panel(path, "dta", 2010, 2012))
    3
    """
    import pandas as pd

    directed = False
    for condition in where:
        name, _, value = condition.partition("=")
        if name.strip() != "directed" or value.strip().lower() not in ("true", "false"):
            raise ValueError(f"--where {condition!r}: dyad_years takes only directed=true or directed=false")
        directed = value.strip().lower() == "true"
    if fmt not in PANEL_FORMATS:
        raise ValueError(f"--format must be one of {', '.join(PANEL_FORMATS)}, not {fmt!r}")
    frame = dyad_years(directed=directed)
    if from_year is not None:
        frame = frame[frame["year"] >= from_year]
    if to_year is not None:
        frame = frame[frame["year"] <= to_year]
    if columns:
        chosen = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in frame.columns]
        if unknown:
            describe_panel(unknown[0])  # raises, naming the closest variable
        frame = frame[chosen]
    frame = frame.reset_index(drop=True)
    labels = {v.name: v.label for v in variables() if v.name in frame.columns}
    if fmt == "csv":
        frame.to_csv(output, index=False)
    elif fmt == "json":
        frame.to_json(output, orient="records", indent=1)
    elif fmt == "feather":
        frame.to_feather(output)
    elif fmt == "parquet":
        import json

        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[b"belarus_china_data.labels"] = json.dumps(labels).encode()
        meta[b"belarus_china_data.value_labels"] = json.dumps(frame.attrs.get("value_labels", {})).encode()
        pq.write_table(table.replace_schema_metadata(meta), output)
    elif fmt == "xlsx":
        meanings = pd.DataFrame(
            [(v.name, v.label, v.meaning) for v in variables() if v.name in frame.columns],
            columns=["variable", "label", "meaning"],
        )
        with pd.ExcelWriter(output) as writer:
            frame.to_excel(writer, sheet_name="dyad_years", index=False)
            meanings.to_excel(writer, sheet_name="variables", index=False)
    else:
        _to_stata(frame, output, labels)
    return frame


def _to_stata(frame: pd.DataFrame, output: Any, labels: dict[str, str]) -> None:
    """Stata 118: numbers as doubles or longs, categories as labelled integers, labels on every variable."""
    import pandas as pd

    from ._version import __version__

    data = frame.copy()
    value_labels: dict[str, dict[int, str]] = {}
    if "partnership_level" in data.columns:
        value_labels["partnership_level"] = frame.attrs.get("value_labels", {}).get("partnership_level", {})
    for column in data.columns:
        series = data[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            categories = [str(c) for c in series.cat.categories]
            data[column] = series.cat.codes.astype("int32").where(series.notna(), -1).replace(-1, None)
            data[column] = pd.to_numeric(data[column]).astype("float64")
            value_labels[column] = dict(enumerate(categories))
        elif isinstance(series.dtype, pd.StringDtype):
            data[column] = series.astype(object).where(series.notna(), "")
        elif pd.api.types.is_numeric_dtype(series.dtype):
            data[column] = series.astype("float64")
    data.to_stata(
        output,
        version=118,
        write_index=False,
        variable_labels={c: labels[c][:80] for c in data.columns if c in labels},
        value_labels=value_labels,  # type: ignore[arg-type]
        data_label=f"Belarus-China dyad-year panel (belarus-china-data {__version__})"[:80],
    )
