"""Import trade figures from IMF Direction of Trade Statistics (DOTS) country workbooks.

A DOTS country workbook has two sheets, "Exports, FOB" and "Imports, CIF". Each holds one row per partner
(countries first, aggregates such as "World" and "European Union" further down) and one column per year, in
millions of US dollars, as the reporting country's own customs statistics give them. An empty cell means
"no figure reported" and produces no row: absence is never turned into zero.

Maintainers refresh the trade table from a newer download with::

    python -m belarus_china_data.curation.imf_dots WORKBOOK --reporter BLR --source-id src-imf-dots-belarus-2022-01 \\
        --vintage "IMF DOTS, vintage about January 2022"

which replaces, in ``data/trade_figures.csv`` and ``data/record_sources.csv``, every figure previously taken
from that source, and leaves all other rows untouched. openpyxl is needed only here (the ``dev`` extra has it).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..contract.categories import Reporter, TradeFlow
from ..contract.errors import DataValidationError
from .csvfiles import read_raw_rows, table_csv_text
from .dots_partners import DOTS_PARTNERS
from .transaction import commit_tables

__all__ = ["DOTS_PARTNERS", "DotsFormatError", "DotsSheet", "dots_trade_rows", "read_dots_workbook"]

SHEETS: dict[str, tuple[TradeFlow, str]] = {
    "Exports, FOB": (TradeFlow.EXPORT, "fob"),
    "Imports, CIF": (TradeFlow.IMPORT, "cif"),
}
UNIT = "US Dollars, Millions"
_YEAR_RE = re.compile(r"^(19|20)[0-9]{2}$")


class DotsFormatError(ValueError):
    """The workbook is not laid out as a DOTS country table; the message says where and what was expected."""


@dataclass(frozen=True)
class DotsSheet:
    """One sheet of a DOTS workbook: its flow, valuation, reporter, and values by partner and year."""

    flow: TradeFlow
    valuation: str
    reporter_name: str
    values: dict[str, dict[int, float]]


def _cells(row: Sequence[Any]) -> list[Any]:
    return list(row)


def read_dots_workbook(path: Path) -> dict[TradeFlow, DotsSheet]:
    """Read both sheets of a DOTS country workbook.

    The header row is the first row whose cells after the name column are all years; the reporter's name is
    the text two rows below the sheet title, and the unit must be millions of US dollars. A partner listed
    twice (DOTS repeats some under several groupings) must carry the same figures both times.

    >>> from belarus_china_data.curation.build import repository_root
    >>> workbook = repository_root().parent / "shared" / "sources" / "imf-dots" / "DOTS_Belarus.xlsx"
    >>> sheets = read_dots_workbook(workbook)  # doctest: +SKIP
    >>> sheets[TradeFlow.EXPORT].values["China, P.R.: Mainland"][1992]  # doctest: +SKIP
    27.731
    """
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if path.suffix.lower() != ".xlsx":
        raise DotsFormatError(f"{path}: not an .xlsx workbook (DOTS country tables are downloaded as .xlsx)")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DotsFormatError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        sheets: dict[TradeFlow, DotsSheet] = {}
        for title, (flow, valuation) in SHEETS.items():
            if title not in workbook.sheetnames:
                raise DotsFormatError(f"{path}: no sheet {title!r} (sheets: {', '.join(workbook.sheetnames)})")
            rows = [_cells(row) for row in workbook[title].iter_rows(values_only=True)]
            for number, row in enumerate(rows, start=1):
                formula = next((c for c in row if isinstance(c, str) and c.startswith("=")), None)
                if formula is not None:
                    raise DotsFormatError(
                        f"{path} [{title}] row {number}: formula cell {formula[:40]!r}; DOTS tables hold values only"
                    )
            sheets[flow] = _read_sheet(path, title, rows, flow, valuation)
    finally:
        workbook.close()
    return sheets


def _read_sheet(path: Path, title: str, rows: list[list[Any]], flow: TradeFlow, valuation: str) -> DotsSheet:
    texts = [next((str(c).strip() for c in row if c not in (None, "")), "") for row in rows]
    if UNIT not in texts:
        raise DotsFormatError(f"{path} [{title}]: unit {UNIT!r} not found")
    header_index = next(
        (
            i
            for i, row in enumerate(rows)
            if len(row) > 2 and row[2] is not None and all(_YEAR_RE.match(str(c).strip()) for c in row[2:] if c)
        ),
        None,
    )
    if header_index is None:
        raise DotsFormatError(f"{path} [{title}]: no header row of years")
    unit_index = texts.index(UNIT)
    reporter_name = texts[unit_index - 1]
    years = [int(str(c).strip()) if c not in (None, "") else None for c in rows[header_index][2:]]
    repeated = sorted({year for year in years if year is not None and years.count(year) > 1})
    if repeated:
        raise DotsFormatError(
            f"{path} [{title}] row {header_index + 1}: year column(s) {', '.join(map(str, repeated))} repeated"
        )
    values: dict[str, dict[int, float]] = {}
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        name = str(row[1]).strip() if len(row) > 1 and row[1] is not None else ""
        if not name:
            continue
        series: dict[int, float] = {}
        for year, cell in zip(years, row[2:], strict=False):
            if cell in (None, ""):
                continue
            if year is None or not isinstance(cell, int | float) or isinstance(cell, bool):
                raise DotsFormatError(f"{path} [{title}] row {number}, partner {name!r}: not a number: {cell!r}")
            if cell < 0:
                raise DotsFormatError(f"{path} [{title}] row {number}, partner {name!r}, {year}: negative {cell}")
            series[year] = float(cell)
        if name in values and values[name] != series:
            raise DotsFormatError(f"{path} [{title}] row {number}: partner {name!r} repeated with other figures")
        values[name] = series
    return DotsSheet(flow, valuation, reporter_name, values)


def dots_trade_rows(
    sheets: Mapping[TradeFlow, DotsSheet],
    *,
    reporter: Reporter,
    source_id: str,
    vintage: str,
    partners: Mapping[str, tuple[str, str]] = DOTS_PARTNERS,
    first_year: int = 1992,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Turn DOTS sheets into ``trade_figures`` rows and their ``record_sources`` links.

    Only partners named in ``partners`` are imported (the reporter itself is skipped), from ``first_year`` on.
    Ids are ``trd-<reporter>-<partner>-<year>-<flow>-imf-dots`` so that a refresh from a newer download replaces
    the same figures rather than adding twins.

    >>> sheet = DotsSheet(TradeFlow.EXPORT, "fob", "Belarus, Rep. of", {"World": {1992: 3445.534}})
    >>> rows, links = dots_trade_rows({TradeFlow.EXPORT: sheet}, reporter=Reporter.BELARUS,
    ...                               source_id="src-imf-dots-belarus-2022-01", vintage="about January 2022")
    >>> rows[0]["figure_id"], rows[0]["value_usd_millions"], links[0]["source_id"]
    ('trd-blr-wld-1992-export-imf-dots', 3445.534, 'src-imf-dots-belarus-2022-01')
    """
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for flow in (TradeFlow.EXPORT, TradeFlow.IMPORT):
        if flow not in sheets:
            continue
        sheet = sheets[flow]
        for dots_name, (code, english) in partners.items():
            if code == reporter.value or dots_name not in sheet.values:
                continue
            for year, value in sorted(sheet.values[dots_name].items()):
                if year < first_year:
                    continue
                figure_id = f"trd-{reporter.value.lower()}-{code.lower()}-{year}-{flow.value}-imf-dots"
                rows.append(
                    {
                        "figure_id": figure_id,
                        "reporter": reporter.value,
                        "partner": code,
                        "partner_name": english,
                        "year": year,
                        "period": str(year),
                        "flow": flow.value,
                        "value_usd_millions": value,
                        "valuation": sheet.valuation,
                        "scope": "goods",
                        "status": "final",
                        "is_derived": False,
                        "vintage": vintage,
                        "note": None,
                    }
                )
                links.append(
                    {
                        "record_id": figure_id,
                        "source_id": source_id,
                        "supports": f"value ({'Exports, FOB' if flow is TradeFlow.EXPORT else 'Imports, CIF'})",
                        "quote": None,
                        "note": None,
                    }
                )
    return rows, links


#: How each reporter is named on DOTS country tables (the line above the unit).
REPORTER_NAMES: dict[Reporter, str] = {
    Reporter.BELARUS: "Belarus, Rep. of",
    Reporter.CHINA: "China, P.R.: Mainland",
}
#: Share of a source's current figures an import may drop before it needs ``allow_shrink``.
MAX_SHRINK = 0.05


def import_workbook(
    workbook: Path,
    data_dir: Path,
    *,
    reporter: Reporter,
    source_id: str,
    vintage: str,
    partner_codes: Iterable[str] | None = None,
    allow_shrink: bool = False,
    write: bool = True,
) -> tuple[int, int]:
    """Replace the figures taken from ``source_id`` in ``data_dir`` by those in ``workbook``.

    ``partner_codes`` limits the import to some of :data:`DOTS_PARTNERS` (all of them by default). Returns
    (rows removed, rows written). Rows from other sources are kept in place, new rows go at the end.

    Refused, with nothing written (:class:`DotsFormatError` or
    :class:`~belarus_china_data.contract.errors.DataValidationError`): a workbook of another reporter than
    ``reporter``; a ``source_id`` that is not in ``sources.csv`` or that backs figures of another reporter; a
    workbook with no figures; an import that would drop more than :data:`MAX_SHRINK` of the source's figures
    or any of its partners, unless ``allow_shrink``; and any result the build's validation rejects.
    """
    wanted = set(partner_codes) if partner_codes is not None else None
    unknown = (wanted or set()) - {code for code, _ in DOTS_PARTNERS.values()}
    if unknown:
        raise DotsFormatError(f"no DOTS partner with code {', '.join(sorted(unknown))} in DOTS_PARTNERS")
    partners = {name: value for name, value in DOTS_PARTNERS.items() if wanted is None or value[0] in wanted}
    sheets = read_dots_workbook(workbook)
    for sheet in sheets.values():
        if sheet.reporter_name != REPORTER_NAMES[reporter]:
            raise DotsFormatError(
                f"{workbook}: the workbook reports for {sheet.reporter_name!r}, not for --reporter "
                f"{reporter.value} ({REPORTER_NAMES[reporter]!r})"
            )
    sources = read_raw_rows(data_dir / "sources.csv", "sources")
    if source_id not in {row["source_id"] for row in sources}:
        known = sorted(str(row["source_id"]) for row in sources if "imf-dots" in str(row["source_id"]))
        raise DotsFormatError(f"--source-id {source_id} is not in data/sources.csv (DOTS sources: {', '.join(known)})")
    new_rows, new_links = dots_trade_rows(
        sheets, reporter=reporter, source_id=source_id, vintage=vintage, partners=partners
    )
    if not new_rows:
        raise DotsFormatError(f"{workbook}: no figures for the chosen partners; nothing to import")
    links: list[dict[str, Any]] = read_raw_rows(data_dir / "record_sources.csv", "record_sources")
    figures: list[dict[str, Any]] = read_raw_rows(data_dir / "trade_figures.csv", "trade_figures")
    by_id = {row["figure_id"]: row for row in figures}
    previous = {link["record_id"] for link in links if link["source_id"] == source_id}
    other_reporters = sorted({str(by_id[i]["reporter"]) for i in previous if i in by_id} - {reporter.value})
    if other_reporters:
        raise DotsFormatError(
            f"--source-id {source_id} backs figures reported by {', '.join(other_reporters)}, not {reporter.value}"
        )
    new_ids = {row["figure_id"] for row in new_rows}
    dropped = previous - new_ids
    lost_partners = sorted(
        {str(by_id[i]["partner"]) for i in previous if i in by_id} - {r["partner"] for r in new_rows}
    )
    if previous and not allow_shrink and (len(dropped) > MAX_SHRINK * len(previous) or lost_partners):
        raise DotsFormatError(
            f"the import would drop {len(dropped)} of {len(previous)} figures of {source_id}"
            + (
                f" and every figure of {len(lost_partners)} partner(s) ({', '.join(lost_partners[:8])})"
                if lost_partners
                else ""
            )
            + "; pass --allow-shrink if that is intended"
        )
    replaced = previous | new_ids
    kept_figures = [row for row in figures if row["figure_id"] not in replaced]
    kept_links = [link for link in links if link["record_id"] not in replaced]
    commit_tables(
        data_dir,
        {
            "trade_figures": table_csv_text("trade_figures", [*kept_figures, *new_rows]),
            "record_sources": table_csv_text("record_sources", [*kept_links, *new_links]),
        },
        write=write,
    )
    return len(figures) - len(kept_figures), len(new_rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the importer; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m belarus_china_data.curation.imf_dots", description=__doc__.split("\n")[0]
    )
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--reporter", required=True, choices=[r.value for r in Reporter])
    parser.add_argument("--source-id", required=True, help="id of the DOTS source in data/sources.csv")
    parser.add_argument("--vintage", required=True, help="release or download the figures come from")
    parser.add_argument("--partners", default=None, help="comma-separated partner codes (default: all known)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the checkout's data/)")
    parser.add_argument(
        "--allow-shrink", action="store_true", help=f"allow dropping over {MAX_SHRINK:.0%} of the source's figures"
    )
    parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    args = parser.parse_args(argv)
    from .build import repository_root

    data_dir = args.data or repository_root() / "data"
    try:
        removed, written = import_workbook(
            args.workbook,
            data_dir,
            reporter=Reporter(args.reporter),
            source_id=args.source_id,
            vintage=args.vintage,
            partner_codes=args.partners.split(",") if args.partners else None,
            allow_shrink=args.allow_shrink,
            write=not args.dry_run,
        )
    except (DotsFormatError, DataValidationError, OSError) as exc:
        print(f"imf_dots: error: {exc}", file=sys.stderr)
        return 1
    verb = "would be written" if args.dry_run else "written"
    print(f"{written} figures {verb}, {removed} replaced; now run python -m belarus_china_data.curation.build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
