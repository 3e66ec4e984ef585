"""The state of the relationship on a given day, from the milestones (``events``) table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Partnership", "partnership_on"]

#: Diplomatic relations were established on this day (agreement ``agr-1992-diplomatic-relations``).
DIPLOMATIC_RELATIONS = dt.date(1992, 1, 20)


@dataclass(frozen=True)
class Partnership:
    """The designation of the relationship in force on a day, the day it took effect and the records behind it.

    ``designation`` is ``None`` between the establishment of diplomatic relations and the first partnership
    upgrade the data records (2013): no designation of that period is recorded.
    """

    designation: str | None
    since: dt.date
    event_id: str | None
    agreement_id: str | None


def partnership_on(day: dt.date | str) -> Partnership:
    """The partnership designation in force on ``day`` (a date or ``YYYY-MM-DD``), from 1992 to today.

    The latest ``partnership_upgrade`` event dated on or before ``day`` decides; an upgrade known only to the month
    or year counts from its last possible day, so the answer is never earlier than the sources allow. Days before
    20 January 1992 are refused: there were no diplomatic relations.

    >>> partnership_on("2023-03-01").designation
    'all-weather comprehensive strategic partnership'
    >>> partnership_on("2014-01-01").since.isoformat(), partnership_on("2000-06-01").designation
    ('2013-07-16', None)
    """
    from .loader import load

    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"{day!r} is not a date of the form YYYY-MM-DD") from None
    if day < DIPLOMATIC_RELATIONS:
        raise ValueError(f"{day} is before diplomatic relations were established on {DIPLOMATIC_RELATIONS}")
    events = load("events")
    upgrades = events[events["kind"] == "partnership_upgrade"].copy()
    upgrades["effective"] = upgrades["date_latest"].dt.date
    upgrades = upgrades[upgrades["effective"] <= day].sort_values("effective")
    if upgrades.empty:
        return Partnership(None, DIPLOMATIC_RELATIONS, None, "agr-1992-diplomatic-relations")
    last = upgrades.iloc[-1]
    agreement = last["agreement_id"]
    return Partnership(
        str(last["designation"]),
        last["effective"],
        str(last["event_id"]),
        None if agreement is None or agreement != agreement else str(agreement),
    )
