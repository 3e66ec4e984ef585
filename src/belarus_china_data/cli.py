"""Command line: ``belarus-china-data info | tables | show TABLE | validate | verify | cite``.

Errors are one line on standard error and a non-zero exit code, so the commands compose in scripts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._version import __version__

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
    show = commands.add_parser("show", help="print a table")
    show.add_argument("table", help="table name, see `tables`")
    show.add_argument("--limit", type=int, default=20, help="rows to print (default 20; 0 for all)")
    commands.add_parser("validate", help="validate the shipped tables with Frictionless")
    commands.add_parser("verify", help="check hashes, sizes and row counts of the shipped files")
    commands.add_parser("cite", help="print the citation of this release")
    return parser


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

            frame = loader.load(args.table)
            shown = frame if args.limit == 0 else frame.head(args.limit)
            with pd.option_context("display.max_columns", 8, "display.width", 160, "display.max_colwidth", 40):
                print(shown.to_string(index=False, max_colwidth=40))
            print(f"({len(shown)} of {len(frame)} rows, {len(frame.columns)} columns; --limit 0 shows all)")
        elif args.command == "validate":
            from .validation import validate

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

            print(cite())
    except (ValueError, KeyError, loader.DataFileError) as exc:
        print(f"belarus-china-data: error: {exc}", file=sys.stderr)
        return 1
    return 0
