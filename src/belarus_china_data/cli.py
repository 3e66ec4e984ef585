"""Command line: ``belarus-china-data info | tables | show | export | validate | verify | cite | site``.

Errors are one line on standard error and a non-zero exit code, so the commands compose in scripts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="belarus-china-data",
        description="Belarus-China relations since 1992: sourced tables of agreements, visits, organizations, "
        "people and trade figures.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("info", help="release, licence and row count of every table")
    commands.add_parser("tables", help="list the table names")
    show = commands.add_parser("show", help="print a table, optionally filtered")
    show.add_argument("table", help="table name, see `tables`")
    show.add_argument("--limit", type=int, default=20, help="rows to print (default 20; 0 for all)")
    _add_filters(show)
    export = commands.add_parser("export", help="write a table to a file (csv, parquet, json or xlsx)")
    export.add_argument("table", help="table name, see `tables`")
    export.add_argument("--format", choices=["csv", "parquet", "json", "xlsx"], required=True)
    export.add_argument("--output", "-o", help="file to write (default: TABLE.FORMAT in the current folder)")
    _add_filters(export)
    commands.add_parser("validate", help="validate the shipped tables with Frictionless")
    commands.add_parser("verify", help="check hashes, sizes and row counts of the shipped files")
    cite = commands.add_parser("cite", help="print the citation of this release")
    cite.add_argument("--style", choices=["text", "apa", "bibtex", "csl-json"], default="text")
    cite.add_argument("ids", nargs="*", help="record ids whose primary sources to add")
    site = commands.add_parser("site", help="write a static website of this release into a folder")
    site.add_argument("outdir", help="folder to write (new, empty, or a site written earlier, which is replaced)")
    site.add_argument("--no-charts", action="store_true", help="leave out the charts (drawn only with matplotlib)")
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="keep rows whose FIELD equals VALUE (repeatable; all must hold)",
    )
    parser.add_argument("--from-year", type=int, help="keep rows whose main date or year is in or after this year")
    parser.add_argument("--to-year", type=int, help="keep rows whose main date or year is in or before this year")


def _filtered(table: str, where: list[str], from_year: int | None, to_year: int | None) -> pd.DataFrame:
    from . import loader

    frame: pd.DataFrame = loader.load(table)  # type: ignore[call-overload]
    for condition in where:
        field, separator, value = condition.partition("=")
        if not separator or field not in frame.columns:
            raise ValueError(f"--where {condition!r}: expected FIELD=VALUE with a field of {table}")
        frame = frame[frame[field].astype("string") == value]
    if from_year is not None or to_year is not None:
        earliest = next((c for c in frame.columns if c.endswith("_earliest")), None)
        latest = next((c for c in frame.columns if c.endswith("_latest")), None)
        if "year" in frame.columns:
            start = end = frame["year"]
        elif earliest and latest:
            start, end = frame[earliest].dt.year, frame[latest].dt.year
        elif "date" in frame.columns and frame["date"].dtype.kind == "M":  # a plain date (un_roll_calls)
            start = end = frame["date"].dt.year
        else:
            raise ValueError(f"table {table} has no date or year to filter on")
        if from_year is not None:
            frame = frame[end >= from_year]
        if to_year is not None:
            frame = frame[start <= to_year]
    return frame


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 1 failure, 2 usage error).

    >>> main(["tables"])  # doctest: +ELLIPSIS
    sources
    agreements
    ...
    0
    """
    args = _parser().parse_args(argv)
    from . import loader

    try:
        if args.command == "tables":
            print("\n".join(loader.tables()))
        elif args.command == "info":
            descriptor = loader.shipped_descriptor()
            print(f"{descriptor['title']} {descriptor['version']}")
            print("licences: " + ", ".join(item["title"] for item in descriptor["licenses"]))
            for resource in descriptor["resources"]:
                print(f"  {resource['name']:<24}{resource['rows']:>6} rows")
        elif args.command == "show":
            import pandas as pd

            frame = _filtered(args.table, args.where, args.from_year, args.to_year)
            shown = frame if args.limit == 0 else frame.head(args.limit)
            with pd.option_context("display.max_columns", 8, "display.width", 160, "display.max_colwidth", 40):
                print(shown.to_string(index=False, max_colwidth=40))
            print(f"({len(shown)} of {len(frame)} rows, {len(frame.columns)} columns; --limit 0 shows all)")
        elif args.command == "export":
            frame = _filtered(args.table, args.where, args.from_year, args.to_year)
            output = Path(args.output or f"{args.table}.{args.format}")
            if args.format == "csv":
                frame.to_csv(output, index=False)
            elif args.format == "parquet":
                frame.to_parquet(output, index=False)
            elif args.format == "json":
                frame.to_json(output, orient="records", force_ascii=False, indent=1, date_format="iso")
            else:
                try:
                    frame.to_excel(output, index=False)
                except ImportError as exc:
                    raise ValueError('xlsx export needs openpyxl: pip install "belarus-china-data[excel]"') from exc
            print(f"wrote {len(frame)} rows to {output}")
        elif args.command == "validate":
            from .integrity import validate

            report = validate()
            if not report.valid:
                for error in report.flatten(["type", "message"])[:20]:
                    print(f"{error[0]}: {error[1]}", file=sys.stderr)
                return 1
            print("valid")
        elif args.command == "verify":
            from .integrity import verify

            checked = verify()
            for problem in checked.problems:
                print(problem, file=sys.stderr)
            if not checked.ok:
                return 1
            print(f"{checked.files} files match the descriptor of release {checked.version}")
        elif args.command == "cite":
            from .citation import cite

            print(cite(args.ids or None, style=args.style))
        elif args.command == "site":
            from .site.generate import build_site

            try:
                written = build_site(args.outdir, charts=not args.no_charts)
            except ImportError as exc:  # pragma: no cover - depends on the environment
                raise ValueError(str(exc)) from exc
            print(
                f"wrote {written.pages} pages ({written.records} records, {written.bytes / 1e6:.1f} MB"
                f"{', with charts' if written.charts else ''}) to {written.outdir}; open index.html there"
            )
    except (ValueError, KeyError, OSError, loader.DataFileError) as exc:
        print(f"belarus-china-data: error: {exc}", file=sys.stderr)
        return 1
    return 0
