"""One-line access to the events, indicators, loans and twinning tables, with the names a reader needs at hand.

Like ``bcd.agreements()`` and ``bcd.visits()``: each returns the table as a pandas frame; ``loans()`` adds the
lender's and the borrower's English names (from ``organizations``) so no join is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COMMITTED_STATUSES", "events", "indicators", "loans", "loans_committed", "twinning"]


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


#: Statuses under which a loan counts as committed by default (not announced, cancelled or unknown).
COMMITTED_STATUSES = ("signed", "disbursed", "repaid")


def loans_committed(
    statuses: tuple[str, ...] = COMMITTED_STATUSES, *, swaps: bool = False, missing: str = "raise"
) -> pd.DataFrame:
    """The loans that count as money committed, each commitment once, with the US dollars each adds.

    The rule: single commitments count with their ``amount_usd``; a package counts only with what its itemized
    parts (rows whose ``part_of`` names it) leave over, so a package and its parts are never added twice;
    frameworks and pledges are ceilings and promises, not commitments, and count nothing (their parts count as
    single commitments). Only rows whose ``status`` is in ``statuses`` count, and central-bank currency swaps only
    with ``swaps=True``. ``year`` is the year of the loan's date (missing where the date spans years). A counted
    row in a currency without a recorded exchange rate raises ``ValueError`` naming it (``missing="keep"`` leaves
    its ``counted_usd`` empty instead).

    >>> counted = loans_committed()
    >>> float(counted.loc[counted.loan_id == "loan-2008-exim-credit-package-390m", "counted_usd"].item()) / 1e6
    215.75
    >>> bool(counted.loan_id.is_unique), "loan-2009-china-5-7bn-loan-offer" in set(counted.loan_id)
    (True, False)
    """
    import pandas as pd

    from .contract.categories import LoanStatus

    known = [status.value for status in LoanStatus]
    unknown = [s for s in statuses if s not in known]
    if unknown:
        raise ValueError(f"statuses: no loan status {unknown[0]!r}; the statuses are: {', '.join(known)}")
    if missing not in ("raise", "keep"):
        raise ValueError(f"missing must be 'raise' or 'keep', not {missing!r}")
    frame = loans()
    frame.attrs = {}
    in_scope = frame["status"].astype(str).isin(list(statuses))
    if not swaps:
        in_scope &= frame["kind"].astype(str) != "currency_swap"
    kept = frame[in_scope & frame["commitment"].astype(str).isin(["single", "package"])].copy()
    parts = kept[kept["part_of"].notna()].groupby(kept["part_of"].astype(str))["amount_usd"].sum()
    counted = kept["amount_usd"].astype("Float64")
    is_package = kept["commitment"].astype(str) == "package"
    itemized = kept["loan_id"].astype(str).map(parts).fillna(0).astype("Float64")
    counted = counted.where(~is_package, (counted - itemized).clip(lower=0))
    lacking = kept[counted.isna()]
    if len(lacking) and missing == "raise":
        first = lacking.iloc[0]
        raise ValueError(
            f"loan {first['loan_id']} ({first['amount']:,.0f} {first['currency']}) has no recorded exchange rate, "
            "so its USD value is unknown; pass missing='keep' to leave it empty"
        )
    earliest, latest = kept["date_earliest"].dt.year, kept["date_latest"].dt.year
    result = pd.DataFrame(
        {
            "loan_id": kept["loan_id"].astype("string"),
            "year": earliest.where(earliest == latest).astype("Int64"),
            "commitment": kept["commitment"].astype("string"),
            "part_of": kept["part_of"].astype("string"),
            "status": kept["status"].astype("string"),
            "counted_usd": counted,
        }
    ).reset_index(drop=True)
    result.attrs["unit"] = "USD"
    return result


def twinning(level: str | None = None) -> pd.DataFrame:
    """Twinning partnerships of Belarusian and Chinese regions and cities: one row per pair of partners, since when.

    From ``twinning_agreements`` and the agreements' parties: ``belarus_partner`` and ``china_partner`` (ids and
    English names), ``level``, ``since`` (the first agreement's date as recorded, e.g. ``2015-05-10`` or
    ``2019``), ``first_agreement``, ``latest_agreement`` and ``agreements`` (how many). ``level`` keeps one of
    ``region_province``, ``city_city`` or ``region_city``.

    >>> regions = twinning("region_province")
    >>> "Minsk Regional Executive Committee" in set(regions.belarus_partner_name)
    True
    """
    import pandas as pd

    from .contract.categories import TwinningLevel
    from .loader import load

    levels = [value.value for value in TwinningLevel]
    if level is not None and level not in levels:
        raise ValueError(f"level must be one of {', '.join(map(repr, levels))}, not {level!r}")
    links = load("twinning_agreements")
    links.attrs = {}
    agreements = load("agreements")[["agreement_id", "date_signed", "date_signed_earliest"]]
    parties = load("agreement_parties")
    organizations = load("organizations").set_index("organization_id")
    country = organizations["country"].astype("string")
    names = organizations["name_en"].astype("string")
    rows = []
    for agreement_id, kind in zip(links["agreement_id"].astype(str), links["level"].astype(str), strict=True):
        own = parties.loc[parties["agreement_id"].astype(str) == agreement_id, "organization_id"].astype(str)
        belarus = [o for o in own if country.get(o) == "BLR"]
        china = [o for o in own if country.get(o) == "CHN"]
        for b in belarus:
            for c in china:
                rows.append({"agreement_id": agreement_id, "level": kind, "belarus_partner": b, "china_partner": c})
    pairs = pd.DataFrame(rows, columns=["agreement_id", "level", "belarus_partner", "china_partner"])
    pairs = pairs.merge(agreements, on="agreement_id", how="left").sort_values(
        ["date_signed_earliest", "agreement_id"], kind="stable", na_position="last"
    )
    grouped = pairs.groupby(["belarus_partner", "china_partner"], sort=False)
    result = grouped.agg(
        level=("level", "first"),
        since=("date_signed", "first"),
        first_agreement=("agreement_id", "first"),
        latest_agreement=("agreement_id", "last"),
        agreements=("agreement_id", "size"),
    ).reset_index()
    result.insert(1, "belarus_partner_name", result["belarus_partner"].map(names))
    result.insert(3, "china_partner_name", result["china_partner"].map(names))
    if level is not None:
        result = result[result["level"] == level]
    result = result.sort_values(["since", "belarus_partner"], kind="stable", na_position="last").reset_index(drop=True)
    for column in result.columns:
        if column != "agreements":
            result[column] = result[column].astype("string")
    return result
