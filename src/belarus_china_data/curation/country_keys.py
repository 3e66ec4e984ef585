"""Standard country keys (COW, Gleditsch-Ward, ISO numeric, UN M49) for every country code in the data.

The keys are looked up at build time in the dictionary of ``countrycode`` (the Python port of Arel-Bundock's R
package ``countrycode``, the reference dictionary of the field), never typed by hand, and shipped as the generated
module ``belarus_china_data/_country_keys.py``: the read path uses them without the package. Why ``countrycode``
and not ``country_converter``: both work offline, but ``country_converter`` 1.3.2 has Gleditsch-Ward codes and no
Correlates of War codes, while ``countrycode`` has both (``cown``, ``gwn``) and ISO numeric and M49 (``iso3n``,
``un``), and it is the dictionary that peacesciencer and the R packages of the field use.

A code is looked up by its ISO alpha-3 code; one that ``countrycode`` does not know (the ISO 3166-3 codes of former
states, such as CSK, YUG, SCG, ANT, and the DOTS-only BLX) is looked up by the English name the data gives it,
which ``countrycode`` matches with its regular expressions (Czechoslovakia and Yugoslavia have COW and G-W codes).
Whatever no scheme covers stays empty, and ``note`` says so. The aggregates (WLD, EUU) have no country code.

Run by the build (``python -m belarus_china_data.curation.build``); ``build --check`` fails when the generated
module differs from what the dictionary gives for the codes in ``data/``.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from ..contract.countries import AGGREGATE_CODES
from .validation import SourceData

__all__ = ["KEY_COLUMNS", "country_key_rows", "country_keys_module", "cow_code", "used_codes"]

#: Generated columns, after ``iso3``: (column, countrycode destination or None, meaning).
KEY_COLUMNS: tuple[tuple[str, str | None, str], ...] = (
    ("name", "country.name.en", "English name (countrycode's, else the name the data gives)"),
    ("ccode", "cown", "Correlates of War state number"),
    ("gwcode", "gwn", "Gleditsch-Ward state number"),
    ("iso3n", "iso3n", "ISO 3166-1 numeric code"),
    ("m49", "un", "UN M49 code"),
    ("note", None, "why a code is empty"),
)


def used_codes(data: SourceData) -> dict[str, str]:
    """Every country code the tables use (UN votes, trade reporters and partners, organizations), with a name.

    >>> from belarus_china_data.curation.build import repository_root
    >>> from belarus_china_data.curation.validation import read_source
    >>> used_codes(read_source(repository_root() / "data"))["CSK"]
    'Czechoslovakia (former)'
    """
    names: dict[str, str] = {}
    for row in data.records["trade_figures"]:
        names.setdefault(str(row.reporter), "")  # type: ignore[attr-defined]
        names[str(row.partner)] = str(row.partner_name)  # type: ignore[attr-defined]
    for row in data.records["organizations"]:
        country = getattr(row, "country", None)
        if country:
            names.setdefault(str(country), "")
    for name in ("un_votes",):
        for row in data.records.get(name, []):
            names.setdefault(str(row.country), "")  # type: ignore[attr-defined]
    return dict(sorted(names.items()))


def _clean(value: Any) -> int | str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return int(value)
    return value  # type: ignore[no-any-return]


def country_key_rows(codes: dict[str, str]) -> list[dict[str, Any]]:
    """One row per code: the keys ``countrycode`` gives, by ISO alpha-3 code, else by the data's English name.

    >>> [(r["iso3"], r["ccode"], r["gwcode"]) for r in country_key_rows({"BLR": "", "CSK": "Czechoslovakia (former)"})]
    [('BLR', 370, 370), ('CSK', 315, 315)]
    """
    import countrycode as cc

    iso = list(codes)
    looked: dict[str, list[Any]] = {
        destination: list(cc.countrycode(iso, origin="iso3c", destination=destination))
        for _, destination, _ in KEY_COLUMNS
        if destination
    }
    rows = []
    for index, code in enumerate(iso):
        row: dict[str, Any] = {"iso3": code}
        for column, destination, _ in KEY_COLUMNS:
            if destination:
                row[column] = _clean(looked[destination][index])
        notes = []
        if code in AGGREGATE_CODES:
            row["name"] = codes[code] or code
            notes.append("an aggregate, not a state: no country code")
        elif row["name"] is None:
            # A former state or a DOTS-only grouping: countrycode knows it by name, if at all.
            name = re.sub(r"\s*\((former|reported jointly)\)$", "", codes[code])
            row["name"] = codes[code] or code
            for column, destination, _ in KEY_COLUMNS:
                if destination and column != "name":
                    row[column] = _clean(cc.countrycode([name], origin="country.name.en", destination=destination)[0])
            found = [column for column, _, _ in KEY_COLUMNS[1:5] if row[column] is not None]
            notes.append(
                f"a former state or DOTS grouping without a current ISO code; looked up by the name {name!r}: "
                + (f"only {', '.join(found)} found" if found else "no scheme covers it")
            )
        missing = [column for column, _, _ in KEY_COLUMNS[1:5] if row[column] is None]
        if missing and not notes:
            notes.append(f"countrycode gives no {', '.join(missing)}")
        row["note"] = "; ".join(notes) or None
        rows.append(row)
    return rows


@cache
def cow_code(iso3: str) -> int | None:
    """The Correlates of War code of one ISO alpha-3 code (for the ``ccode`` column of ``un_votes``).

    >>> cow_code("BLR"), cow_code("CHN")
    (370, 710)
    """
    row = country_key_rows({iso3: ""})[0]
    return row["ccode"]  # type: ignore[no-any-return]


def country_keys_module(rows: list[dict[str, Any]]) -> bytes:
    """The generated module's text: a tuple of column names and one tuple per code.

    >>> country_keys_module(country_key_rows({"CHN": ""})).decode().splitlines()[-2]
    "    ('CHN', 'China', 710, 710, 156, 156, None),"
    """
    import importlib.metadata

    version = importlib.metadata.version("countrycode")
    columns = ("iso3", *(column for column, _, _ in KEY_COLUMNS))
    lines = [
        '"""Generated by the build (curation/country_keys.py) from the dictionary of countrycode '
        f"{version}; do not edit.\n\nStandard keys of every country code used in the tables: "
        + "; ".join(f"{column}: {meaning}" for column, _, meaning in KEY_COLUMNS)
        + '."""\n',
        f'SOURCE = "countrycode {version} (Python port of the R package countrycode)"',
        f"COLUMNS = {columns!r}",
        "ROWS: tuple[tuple[str | int | None, ...], ...] = (",
    ]
    lines.extend(f"    {tuple(row[column] for column in columns)!r}," for row in rows)
    lines.append(")")
    return ("\n".join(lines) + "\n").encode("utf-8")
