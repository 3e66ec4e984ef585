"""Exports of a table's frame to files: CSV, Parquet, JSON, XLSX, Stata and Feather.

Used by the command line (``export``) and by the release bundle. Text that a spreadsheet would run as a formula
is quoted in CSV and XLSX; Stata files are version 118 with each field's description as its variable label.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXPORT_FORMATS", "FORMULA_STARTS", "export_frame", "neutralize_formulas", "to_stata"]

#: The formats of ``belarus-china-data export``.
EXPORT_FORMATS = ("csv", "parquet", "json", "xlsx", "dta", "feather")
#: Starts of a text cell that a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return)
    get a leading single quote, so they open as text. Numbers are untouched.

    >>> import pandas as pd
    >>> neutralize_formulas(pd.DataFrame({"a": ["=1+1", "ok", "-x"], "b": [-1, 2, 3]})).to_dict("list")
    {'a': ["'=1+1", 'ok', "'-x"], 'b': [-1, 2, 3]}
    """
    import pandas as pd

    result = frame.copy()
    for column in result.columns:
        series = result[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            categories = [str(c) for c in series.cat.categories]
            if any(c.startswith(FORMULA_STARTS) for c in categories):
                renamed = ["'" + c if c.startswith(FORMULA_STARTS) else c for c in categories]
                result[column] = series.cat.rename_categories(renamed)
        elif pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            result[column] = series.map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v, na_action="ignore"
            )
    return result


def export_frame(frame: pd.DataFrame, table: str, output: Path, fmt: str) -> list[str]:
    """Write ``frame`` of ``table`` to ``output`` in format ``fmt`` (one of :data:`EXPORT_FORMATS`); return notes
    for the user (Stata variables renamed because Stata reserves their names).

    CSV and XLSX text cells that a spreadsheet would run as formulas are quoted (:func:`neutralize_formulas`).

    >>> import tempfile, pathlib, belarus_china_data as bcd
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "visits.dta"
    >>> export_frame(bcd.visits().head(2), "visits", out, "dta"), out.is_file()
    ([], True)
    """
    notes: list[str] = []
    if fmt == "csv":
        neutralize_formulas(frame).to_csv(output, index=False)
    elif fmt == "parquet":
        frame.to_parquet(output, index=False)
    elif fmt == "feather":
        frame.reset_index(drop=True).to_feather(output)
    elif fmt == "json":
        frame.to_json(output, orient="records", force_ascii=False, indent=1, date_format="iso")
    elif fmt == "dta":
        notes = to_stata(frame, table, output)
    else:
        try:
            import openpyxl  # noqa: F401
        except ImportError as exc:
            raise ValueError('xlsx export needs openpyxl: pip install "belarus-china-data[excel]"') from exc
        neutralize_formulas(frame).to_excel(output, index=False)
    return notes


def to_stata(frame: pd.DataFrame, table: str, output: Path) -> list[str]:
    """Stata 118 (Stata 14 or newer): UTF-8, long strings kept as strL, fields described in variable labels."""
    import pandas as pd

    from .loader import metadata

    info = metadata(table)
    data = frame.copy()
    for column in data.columns:
        if isinstance(data[column].dtype, pd.CategoricalDtype) and data.empty:
            data[column] = data[column].astype(object)  # pandas cannot label an empty categorical
        elif pd.api.types.is_string_dtype(data[column].dtype):
            data[column] = data[column].astype(object).where(data[column].notna(), "")
    try:
        from pandas.io.stata import StataParser

        reserved = set(getattr(StataParser(), "RESERVED_WORDS", ()))
    except (ImportError, AttributeError):  # pragma: no cover - pandas internals moved
        reserved = set()
    renamed = {c: f"_{c}" for c in data.columns if c in reserved}
    data = data.rename(columns=renamed)
    long_strings = [
        c for c in data.columns if data[c].dtype == object and data[c].map(lambda v: len(str(v).encode())).max() > 2045
    ]
    labels = {
        renamed.get(c, c): (d if len(d) <= 80 else d[:79] + "…")
        for c, d in info["fields"].items()
        if c in frame.columns and d
    }
    data.to_stata(
        output,
        version=118,
        write_index=False,
        convert_strl=long_strings,
        variable_labels=labels,
        data_label=f"{info['title']} ({info['dataset']} {info['version']})"[:80],
    )
    return [f"Stata reserves the name {old!r}: the variable is {new!r}" for old, new in renamed.items()]
