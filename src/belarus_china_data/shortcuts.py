"""One-line access to the events, indicators and loans tables, with the names a reader needs at hand.

Like ``bcd.agreements()`` and ``bcd.visits()``: each returns the table as a pandas frame; ``loans()`` adds the
lender's and the borrower's English names (from ``organizations``) so no join is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["events", "indicators", "loans"]


def events() -> pd.DataFrame:
    """Milestones that are not bilateral documents; shortcut for ``load("events")``.

    >>> events().columns[0]
    'event_id'
    """
    from .loader import load

    return load("events")


def indicators(series: str | None = None) -> pd.DataFrame:
    """Values of sourced series that are not trade flows; ``series`` keeps one (e.g. ``"great-stone-residents"``).

    An unknown series raises ``ValueError`` naming the closest.

    >>> indicators("great-stone-residents").series.unique().tolist()
    ['great-stone-residents']
    """
    from .loader import load

    frame = load("indicators")
    if series is None:
        return frame
    known = sorted(set(frame["series"].astype(str)))
    if series not in known:
        import difflib

        close = difflib.get_close_matches(series, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"series: no indicator series {series!r}{hint} The series are: {', '.join(known)}")
    return frame[frame["series"].astype(str) == series].reset_index(drop=True)


def loans() -> pd.DataFrame:
    """Credit commitments of Chinese lenders, with ``lender_name_en`` and ``borrower_name_en`` beside their ids.

    >>> frame = loans()
    >>> frame.loc[frame.loan_id == "loan-2007-exim-cement-credit-line", "lender_name_en"].item()
    'Export-Import Bank of China'
    """
    from .loader import load

    frame = load("loans")
    names = load("organizations").set_index("organization_id")["name_en"].astype("string")
    for role in ("lender", "borrower"):
        position = list(frame.columns).index(f"{role}_id") + 1
        frame.insert(position, f"{role}_name_en", frame[f"{role}_id"].astype("string").map(names))
    frame.attrs["fields"] = {
        **frame.attrs.get("fields", {}),
        "lender_name_en": "English name of the lender (organizations.name_en).",
        "borrower_name_en": "English name of the borrower (organizations.name_en).",
    }
    return frame
