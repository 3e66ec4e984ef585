"""Standard country keys of the codes used in the tables: COW, Gleditsch-Ward, ISO numeric and UN M49.

The keys were looked up at build time in the dictionary of the ``countrycode`` package (see
``curation/country_keys.py`` for why that package) and ship as the generated module ``_country_keys``; nothing here
needs ``countrycode``. An empty key means the dictionary has none for that code (a territory, a former state, an
aggregate), and ``note`` says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KEY_SCHEMES", "country_keys", "iso3_to"]

#: Key schemes a user can merge on: column of :func:`country_keys` -> what it is.
KEY_SCHEMES = {
    "iso3": "ISO 3166-1 alpha-3 code (the tables' own code)",
    "ccode": "Correlates of War state number",
    "gwcode": "Gleditsch-Ward state number",
    "iso3n": "ISO 3166-1 numeric code",
    "m49": "UN M49 code",
}


def country_keys() -> pd.DataFrame:
    """One row per country code in the tables (UN votes, trade partners, organizations) with its standard keys.

    >>> keys = country_keys().set_index("iso3")
    >>> int(keys.loc["BLR", "ccode"]), int(keys.loc["CHN", "gwcode"]), int(keys.loc["DEU", "ccode"])
    (370, 710, 255)
    """
    import pandas as pd

    from ._country_keys import COLUMNS, ROWS, SOURCE

    frame = pd.DataFrame(list(ROWS), columns=list(COLUMNS))
    for column in ("ccode", "gwcode", "iso3n", "m49"):
        frame[column] = frame[column].astype("Int64")
    for column in ("iso3", "name", "note"):
        frame[column] = frame[column].astype("string")
    frame.attrs["source"] = SOURCE
    return frame


def iso3_to(scheme: str, iso3: str) -> int | None:
    """One country's key in ``scheme`` (``ccode``, ``gwcode``, ``iso3n`` or ``m49``); ``None`` where there is none.

    >>> iso3_to("ccode", "RUS"), iso3_to("gwcode", "BLR")
    (365, 370)
    """
    from ._country_keys import COLUMNS, ROWS

    if scheme not in KEY_SCHEMES or scheme == "iso3":
        raise ValueError(f"scheme must be one of 'ccode', 'gwcode', 'iso3n', 'm49', not {scheme!r}")
    index = COLUMNS.index(scheme)
    for row in ROWS:
        if row[0] == iso3:
            value = row[index]
            return None if value is None else int(value)
    raise ValueError(f"no country code {iso3!r} in the tables; codes are ISO 3166-1 alpha-3, e.g. 'BLR', 'CHN'")
