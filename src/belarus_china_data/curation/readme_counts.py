"""The README's coverage figures, computed from the data and written into README.md by the build.

The README compares official counts (the treaty base Wen Jiabao named in 2007, the embassy's figure of about
2008, the documents signed during visits with an official count, Lukashenko's visits to China) with what the
dataset records, and gives the agreements per decade. Those numbers are copies of counts over the data, so the
build rewrites them (one source of truth) and ``build --check`` fails when a hand-edited README drifts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..contract.models import Agreement, Visit, VisitParticipant
from .sourcedata import SourceData

__all__ = ["readme_counts", "readme_with_counts"]

#: Each figure: a pattern with one group for the number(s) it replaces, and how to compute the replacement.
_TREATY_BASE_2007 = re.compile(r"(?<=\| )\d+(?= agreements signed by then \|)")
_TREATY_BASE_2008 = re.compile(r"(?<=\| )\d+(?= signed by the end of 2008 \|)")
_VISIT_DOCUMENTS = re.compile(
    r"\| documents signed during the \d+ visits or sessions with an official count \| \d+ in all \([\d, ]*\) "
    r"\| \d+ itemized \(\d+%\) \|"
)
_LUKASHENKO = re.compile(r"(?<=\| 16th visit \(CCTV\) \| )\d+(?= \|)")
_DECADES = re.compile(
    r"Agreements recorded by decade of signature: 1990s \d+, 2000s \d+, 2010s \d+, 2020s \d+, and \d+ whose"
    r"(?P<gap>\s+)signature date(?P<gap2>\s+)no source gives \(\d+ in all\)\."
)


def readme_counts(data: SourceData) -> dict[str, Any]:
    """The figures the README states, from the validated records.

    Keys: ``by_2007_11`` and ``by_2008`` (agreements whose latest possible signing date is by 30 November 2007 and
    by the end of 2008), ``official`` (the official document counts of visits, by start date), ``itemized`` (of
    those documents, how many are recorded, at most the official count per visit), ``decades`` (agreements per
    decade of the earliest possible signing date), ``undated``, ``agreements``, and ``lukashenko_in_china`` (visits
    to China in which Alexander Lukashenko was a visitor).
    """
    agreements = [r for r in data.records["agreements"] if isinstance(r, Agreement)]
    visits = [r for r in data.records["visits"] if isinstance(r, Visit)]
    participants = [r for r in data.records["visit_participants"] if isinstance(r, VisitParticipant)]

    def latest(record: Any) -> dt.date | None:
        value = getattr(record, "date_signed_latest", None)
        return value if isinstance(value, dt.date) else None

    def earliest_year(record: Any) -> int | None:
        value = getattr(record, "date_signed_earliest", None)
        return value.year if isinstance(value, dt.date) else None

    counted = sorted(
        (v for v in visits if v.documents_signed is not None),
        key=lambda v: v.start_date_earliest or dt.date.max,
    )
    per_visit: dict[str, int] = {}
    for record in agreements:
        if record.visit_id:
            per_visit[record.visit_id] = per_visit.get(record.visit_id, 0) + 1
    official = [int(v.documents_signed or 0) for v in counted]
    itemized = sum(min(per_visit.get(v.visit_id, 0), n) for v, n in zip(counted, official, strict=True))
    years = [earliest_year(r) for r in agreements]
    decades = {
        "1990s": sum(1 for y in years if y is not None and y < 2000),
        "2000s": sum(1 for y in years if y is not None and 2000 <= y < 2010),
        "2010s": sum(1 for y in years if y is not None and 2010 <= y < 2020),
        "2020s": sum(1 for y in years if y is not None and y >= 2020),
    }
    to_china = {v.visit_id for v in visits if str(getattr(v.host_country, "value", v.host_country)) == "CHN"}
    lukashenko = {
        p.visit_id
        for p in participants
        if p.person_id == "per-alexander-lukashenko"
        and str(getattr(p.role, "value", p.role)) == "visitor"
        and p.visit_id in to_china
    }
    return {
        "by_2007_11": sum(1 for r in agreements if (d := latest(r)) is not None and d <= dt.date(2007, 11, 30)),
        "by_2008": sum(1 for r in agreements if (d := latest(r)) is not None and d <= dt.date(2008, 12, 31)),
        "official": official,
        "itemized": itemized,
        "decades": decades,
        "undated": sum(1 for y in years if y is None),
        "agreements": len(agreements),
        "lukashenko_in_china": len(lukashenko),
    }


def readme_with_counts(text: str, counts: dict[str, Any]) -> str:
    """``text`` (README.md) with its coverage figures set to ``counts``; every figure must be found once.

    >>> counts = {"by_2007_11": 41, "by_2008": 47, "official": [12, 8], "itemized": 5,
    ...           "decades": {"1990s": 1, "2000s": 2, "2010s": 3, "2020s": 4}, "undated": 0, "agreements": 10,
    ...           "lukashenko_in_china": 16}
    >>> readme_with_counts("| 38 agreements signed by then |", counts)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: README.md: the figure '... signed by the end of 2008 ...' is missing; restore its sentence
    """
    total = sum(counts["official"])
    share = round(100 * counts["itemized"] / total) if total else 0
    visit_row = (
        f"| documents signed during the {len(counts['official'])} visits or sessions with an official count "
        f"| {total} in all ({', '.join(map(str, counts['official']))}) | {counts['itemized']} itemized ({share}%) |"
    )
    decades = counts["decades"]

    def decade_sentence(match: re.Match[str]) -> str:
        return (
            f"Agreements recorded by decade of signature: 1990s {decades['1990s']}, 2000s {decades['2000s']}, "
            f"2010s {decades['2010s']}, 2020s {decades['2020s']}, and {counts['undated']} whose{match['gap']}"
            f"signature date{match['gap2']}no source gives ({counts['agreements']} in all)."
        )

    replacements: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]]] = [
        ("... agreements signed by then ...", _TREATY_BASE_2007, lambda m: str(counts["by_2007_11"])),
        ("... signed by the end of 2008 ...", _TREATY_BASE_2008, lambda m: str(counts["by_2008"])),
        ("... visits or sessions with an official count ...", _VISIT_DOCUMENTS, lambda m: visit_row),
        ("... 16th visit (CCTV) ...", _LUKASHENKO, lambda m: str(counts["lukashenko_in_china"])),
        ("Agreements recorded by decade of signature ...", _DECADES, decade_sentence),
    ]
    for name, pattern, new in replacements:
        text, found = pattern.subn(new, text)
        if found != 1:
            raise ValueError(
                f"README.md: the figure {name!r} is {'missing' if not found else 'repeated'}; restore its sentence"
            )
    return text
