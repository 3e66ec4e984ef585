"""Foreign-policy alignment from UN General Assembly votes: how often two countries vote alike.

The measures, for two countries A and B and a group of roll calls (a year, or an issue code):

* Only roll calls on which **both** recorded a vote (yes, no or abstain) count; their number is ``roll_calls``.
  A roll call on which either country was absent, did not vote or was not a member is left out (the source has no
  row for it, see the ``un_votes`` table).
* **agreement** is the share of those roll calls on which A and B voted identically (yes-yes, no-no or
  abstain-abstain).
* **affinity** counts, in addition, a roll call on which one abstained and the other voted yes or no as half an
  agreement; yes against no counts nothing. (This is the three-category agreement index common in UN-voting
  studies; it is not Bailey, Strezhnev and Voeten's ideal-point distance.)

Years are calendar years of the vote date (a General Assembly session runs from September to the following
autumn, so a session spans two years). Issues are the six issue codes of the source (``me``, ``nu``, ``di``,
``hr``, ``co``, ``ec``; see the codebook); a roll call with several codes counts once in each, one without any
code is left out of ``by="issue"``. The data run to the last roll call of the source files (see
``load("coverage")``).

pandas is imported on first use; nothing here needs the maintainer tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["By", "Measure", "alignment"]

By = Literal["year", "issue", "decade", "period"]
Measure = Literal["agreement", "affinity"]


def alignment(
    country: str = "BLR", other: str = "CHN", by: By = "year", measure: Measure = "agreement"
) -> pd.DataFrame:
    """How often ``country`` and ``other`` voted alike in the UN General Assembly, per year, issue, decade or period.

    Returns a tidy frame with one row per year (``by="year"``), issue code (``by="issue"``, with its name in
    ``issue_name``), decade (``by="decade"``: 1990 for 1990-1999) or period of the Belarus-China partnership
    designation in force on the vote's date (``by="period"``: the designation's first year and name, from the
    ``partnership_upgrade`` events, as :func:`belarus_china_data.partnership_on` reads them): the two countries'
    ISO 3166-1 alpha-3 codes, ``roll_calls`` (the roll calls on which both
    recorded a vote) and the measure, a share between 0 and 1 in a column named after it (``agreement`` or
    ``affinity``; definitions in the module documentation). Country codes are those of ``load("un_votes")``.

    >>> frame = alignment("BLR", "CHN")
    >>> frame.columns.tolist()
    ['year', 'country', 'other', 'roll_calls', 'agreement']
    >>> row = frame.set_index("year").loc[2019]
    >>> int(row.roll_calls), round(float(row.agreement), 3)
    (86, 0.791)
    >>> alignment("BLR", "CHN", by="decade").decade.tolist()
    [1990, 2000, 2010, 2020]
    >>> alignment("BLR", "CHN", by="period").period.str.slice(0, 6).tolist()
    ['1992: ', '2013: ', '2016: ']
    >>> issues = alignment("BLR", "USA", by="issue", measure="affinity")
    >>> issues.loc[issues.issue == "hr", "issue_name"].item()
    'Human rights'
    """
    import pandas as pd

    from .contract.categories import UnIssue, category_meanings
    from .loader import load

    if by not in get_args(By):
        raise ValueError(f"unknown by {by!r}; use year, issue, decade or period")
    if measure not in get_args(Measure):
        raise ValueError(f"unknown measure {measure!r}; use agreement or affinity")
    if country == other:
        raise ValueError(f"compare {country} with another country")
    votes = load("un_votes", filters=[("country", "in", [country, other])])
    present = set(votes["country"].unique())
    absent = [code for code in (country, other) if code not in present]
    if absent:
        known = ", ".join(sorted(load("un_votes")["country"].unique()))
        raise ValueError(f"no votes of {', '.join(absent)} in un_votes; the countries are: {known}")
    first = votes.loc[votes["country"] == country, ["rcid", "vote"]]
    second = votes.loc[votes["country"] == other, ["rcid", "vote"]]
    both = first.merge(second, on="rcid", suffixes=("_a", "_b"))
    vote_a, vote_b = both["vote_a"].astype("string"), both["vote_b"].astype("string")
    same = vote_a == vote_b
    score = same.astype("Float64")
    if measure == "affinity":
        half = ~same & ((vote_a == "abstain") | (vote_b == "abstain"))
        score = score + half.astype("Float64") * 0.5
    both["score"] = score
    calls = load("un_roll_calls")[["rcid", "date", "issues"]]
    both = both.merge(calls, on="rcid", how="left")
    if by == "year":
        both["year"] = both["date"].dt.year.astype("Int64")
    elif by == "decade":
        both["decade"] = (both["date"].dt.year // 10 * 10).astype("Int64")
    elif by == "period":
        both["period"] = _periods(both["date"])
    else:
        both["issue"] = both["issues"].str.split("; ")
        both = both.explode("issue").dropna(subset=["issue"])
        both["issue"] = both["issue"].astype("string")
    grouped = both.groupby(by, sort=True).agg(roll_calls=("score", "size"), value=("score", "mean")).reset_index()
    result = pd.DataFrame(
        {
            by: grouped[by],
            "country": pd.array([country] * len(grouped), dtype="string"),
            "other": pd.array([other] * len(grouped), dtype="string"),
            "roll_calls": grouped["roll_calls"].astype("Int64"),
            measure: grouped["value"].astype("Float64"),
        }
    )
    if by == "period":
        result["period"] = result["period"].astype("string")
        result = result.sort_values("period", key=lambda p: p.map(_period_order())).reset_index(drop=True)
    if by == "issue":
        meanings = {code: meaning.rstrip(".") for code, meaning in category_meanings(UnIssue).items()}
        order = {code: index for index, code in enumerate(meanings)}
        result.insert(1, "issue_name", result["issue"].map(meanings).astype("string"))
        result = result.sort_values("issue", key=lambda codes: codes.map(order)).reset_index(drop=True)
    return result


def _upgrades() -> list[tuple[pd.Timestamp, str]]:
    """Effective day (the last possible day of the event's date) and designation of each partnership upgrade."""
    from .loader import load

    events = load("events")
    upgrades = events[events["kind"].astype(str) == "partnership_upgrade"].sort_values("date_latest")
    return list(zip(upgrades["date_latest"], upgrades["designation"].astype(str), strict=True))


def _period_order() -> dict[str, int]:
    labels = ["1992: no partnership designation"] + [f"{day.year}: {name}" for day, name in _upgrades()]
    return {label: index for index, label in enumerate(labels)}


def _periods(dates: pd.Series) -> pd.Series:
    """The label of the partnership period in force on each date: its first year and designation."""
    labels = list(_period_order())
    starts = [day for day, _ in _upgrades()]
    return dates.map(lambda d: labels[sum(1 for start in starts if start <= d)])
