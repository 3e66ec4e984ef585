"""Command line: ``belarus-china-data info | tables | describe | show | search | person | export | cite | site | ...``.

Errors are one line on standard error and a non-zero exit code (1 for a failure, 2 for a usage error), so the
commands compose in scripts; output cut short by a closed pipe (``| head``) ends quietly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import textwrap
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .exports import EXPORT_FORMATS, export_frame, neutralize_formulas

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "EXPORT_FORMATS",
    "display_width",
    "escape_controls",
    "main",
    "neutralize_formulas",
    "render",
    "render_arrow",
]

#: Widest a cell may be on screen before it is cut with an ellipsis.
MAX_CELL_WIDTH = 32
#: Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value} (use --all to show every row)")
    return value


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
    describe = commands.add_parser("describe", help="what a table or field means: fields, types, categories")
    describe.add_argument("table", nargs="?", help="table name (all tables if left out)")
    describe.add_argument("field", nargs="?", help="one field of the table")
    codebook = commands.add_parser("codebook", help="print the codebook (every table, field and category)")
    codebook.add_argument("--path", action="store_true", help="print where the codebook file is instead")
    show = commands.add_parser("show", help="print a table, optionally filtered, fitted to the terminal")
    show.add_argument("table", help="table name, see `tables`")
    rows = show.add_mutually_exclusive_group()
    rows.add_argument("--limit", type=_positive, default=20, help="rows to print (default 20)")
    rows.add_argument("--all", action="store_true", help="print every row")
    show.add_argument("--columns", help="comma-separated fields to print, in this order")
    _add_filters(show)
    search = commands.add_parser("search", help="find records by words in titles, names and notes (any language)")
    search.add_argument("text", help="words to find, all of them")
    search.add_argument("--table", action="append", help="search only this table (repeatable)")
    search.add_argument("--limit", type=_positive, default=20, help="results to print (default 20)")
    person = commands.add_parser("person", help="a person's posts, visits and signatures, by any name variant")
    person.add_argument("name", help="name in any language or spelling, or the person id")
    export = commands.add_parser("export", help="write a table to a file (" + ", ".join(EXPORT_FORMATS) + ")")
    export.add_argument("table", help="table name, see `tables`, or dyad_years (the panel)")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument(
        "--output", "-o", help="file to write (default: TABLE.FORMAT in the current folder; - for standard output)"
    )
    export.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    export.add_argument("--columns", help="comma-separated fields to write, in this order")
    _add_filters(export)
    commands.add_parser("validate", help="validate the shipped tables with Frictionless")
    commands.add_parser("verify", help="check hashes, sizes and row counts of the shipped files")
    cite = commands.add_parser("cite", help="print the citation of this release (and of the rows given)")
    cite.add_argument("--style", choices=["text", "apa", "bibtex", "biblatex", "csl-json"], default="text")
    cite.add_argument("ids", nargs="*", help="record ids cited: named in the citation, with their primary sources")
    changes = commands.add_parser("changes", help="records added, changed or retired since a release you cited")
    changes.add_argument("--since", required=True, help="the release cited, e.g. 0.3.0")
    changes.add_argument("--table", help="one table only")
    check = commands.add_parser(
        "check-citation", help="are the rows of a citation (made by `cite`) unchanged in this release?"
    )
    check.add_argument("file", help="file holding the citation text (- for standard input)")
    bundle = commands.add_parser(
        "bundle", help="write every table as CSV, Parquet and Stata with descriptor, codebook, citation, checksums"
    )
    bundle.add_argument("outdir", help="folder to write (new or empty)")
    site = commands.add_parser("site", help="write a static website of this release into a folder")
    site.add_argument("outdir", help="folder to write (new, empty, or a site written earlier, which is replaced)")
    site.add_argument("--no-charts", action="store_true", help="leave out the charts (drawn only with matplotlib)")
    site.add_argument("--base-url", help="address the site will be published at (adds sitemap.xml)")
    return parser


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="keep rows whose FIELD equals VALUE (repeatable; all must hold; values checked against the schema)",
    )
    parser.add_argument("--from-year", type=int, help="keep rows whose main date or year is in or after this year")
    parser.add_argument("--to-year", type=int, help="keep rows whose main date or year is in or before this year")


def _year_terms(table: str, from_year: int | None, to_year: int | None) -> list[tuple[str, str, Any]]:
    """Filter terms for --from-year/--to-year: on ``year``, or on the main date's derived earliest/latest days."""
    from .query import FilterError, field_info

    if from_year is None and to_year is None:
        return []
    fields = field_info(table)
    if "year" in fields and fields["year"]["type"] == "integer":
        start = end = "year"
        low: Any = from_year
        high: Any = to_year
    else:
        main = next(
            (n.removesuffix("_earliest") for n in fields if n.endswith("_earliest") and fields[n]["type"] == "date"),
            None,
        )
        if main is None and "date" in fields and fields["date"]["type"] == "date":  # a plain date (un_roll_calls)
            start = end = "date"
            low = dt.date(from_year, 1, 1) if from_year is not None else None
            high = dt.date(to_year, 12, 31) if to_year is not None else None
            return [t for t in ((end, ">=", low), (start, "<=", high)) if t[2] is not None]
        if main is None or f"{main}_latest" not in fields:
            from .loader import tables

            dated = [t for t in tables() if _has_year(t)]
            raise FilterError(
                f"table {table!r} has no year or dated main field, so --from-year/--to-year cannot apply; "
                f"use --where on its fields, or one of the dated tables: {', '.join(dated)}"
            )
        start, end = f"{main}_earliest", f"{main}_latest"
        low = dt.date(from_year, 1, 1) if from_year is not None else None
        high = dt.date(to_year, 12, 31) if to_year is not None else None
    terms: list[tuple[str, str, Any]] = []
    if low is not None:
        terms.append((end, ">=", low))
    if high is not None:
        terms.append((start, "<=", high))
    return terms


def _has_year(table: str) -> bool:
    from .query import field_info

    fields = field_info(table)
    return "year" in fields or any(n.endswith("_earliest") for n in fields)


def _filtered(
    table: str,
    where: list[str],
    from_year: int | None,
    to_year: int | None,
    columns: str | None = None,
    backend: str = "pandas",
) -> Any:
    """The rows the filters keep (a pandas frame, or a pyarrow Table with ``backend="pyarrow"``)."""
    from . import loader
    from .query import parse_where
    from .shipped import check_name

    check_name(table)
    terms = [parse_where(table, condition) for condition in where]
    terms += _year_terms(table, from_year, to_year)
    frame: Any = loader.load(table, backend, filters=terms or None)  # type: ignore[call-overload]
    if columns:
        chosen = _columns(table, columns, list(frame.column_names if backend == "pyarrow" else frame.columns))
        frame = frame.select(chosen) if backend == "pyarrow" else frame[chosen]
    return frame


def _columns(table: str, text: str, available: list[str]) -> list[str]:
    from .query import FilterError, closest

    chosen = [c.strip() for c in text.split(",") if c.strip()]
    for name in chosen:
        if name not in available:
            near = closest(name, available, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else "."
            raise FilterError(f"--columns: no field {name!r} in {table}{hint} The fields are: {', '.join(available)}")
    return chosen


def escape_controls(text: str) -> str:
    """Show control and format characters (terminal escapes, newlines, bidi marks) as visible escapes.

    >>> escape_controls("red\\x1b[31m text\\nnext")
    'red\\\\x1b[31m text\\\\nnext'
    """
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: wide (CJK) characters take two, combining marks none.

    >>> display_width("abc"), display_width("习近平")
    (3, 6)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        step = display_width(char)
        if used + step > width - 1:
            break
        out.append(char)
        used += step
    return "".join(out) + "…"


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def _missing(value: Any) -> bool:
    """None, NaN, and pandas's NA and NaT (asked only when pandas is already loaded: Arrow rows never hold them)."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    pd = sys.modules.get("pandas")
    if pd is None or isinstance(value, list | tuple):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell(value: Any) -> str:
    if _missing(value):
        return ""
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return str(value.date()) if (value.hour, value.minute, value.second) == (0, 0, 0) else str(value)
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else str(value)
    return escape_controls(str(value))


def render(frame: pd.DataFrame, width: int, max_cell: int = MAX_CELL_WIDTH) -> tuple[str, list[str]]:
    """The frame as aligned text no wider than ``width``; returns the text and the columns left out.

    Columns are taken in order while they fit (the first always; the next one cut to the room left when that
    is 8 or more); cells are cut with an ellipsis at ``max_cell`` screen columns; control characters in the
    data are shown escaped, never sent to the terminal.

    >>> import pandas as pd
    >>> text, left_out = render(pd.DataFrame({"a": ["x\\x1b[2J"], "b": ["y" * 50]}), width=15)
    >>> print(text)
    a
    x\\x1b[2J
    >>> left_out
    ['b']
    """
    import pandas as pd

    def numeric(column: Any) -> bool:
        dtype = frame[column].dtype
        return bool(pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype))

    columns = [(column, frame[column].tolist(), numeric(column)) for column in frame.columns]
    return _render_columns(columns, len(frame), width, max_cell)


def render_arrow(table: pa.Table, width: int, max_cell: int = MAX_CELL_WIDTH) -> tuple[str, list[str]]:
    """:func:`render` of a pyarrow Table (the same text as of the frame ``load`` gives), without pandas.

    >>> import pyarrow as pa
    >>> print(render_arrow(pa.table({"year": [1992, None], "kind": ["treaty", "memo"]}), width=40)[0])
    year  kind
    1992  treaty
          memo
    """
    import pyarrow as pa

    def numeric(kind: pa.DataType) -> bool:
        return bool(pa.types.is_integer(kind) or pa.types.is_floating(kind))

    columns = [(f.name, table[f.name].to_pylist(), numeric(f.type)) for f in table.schema]
    return _render_columns(columns, table.num_rows, width, max_cell)


def _render_columns(
    columns: list[tuple[Any, list[Any], bool]], rows: int, width: int, max_cell: int
) -> tuple[str, list[str]]:
    shown: list[tuple[str, list[str], bool]] = []
    used = 0
    left_out: list[str] = []
    for column, values, numeric in columns:
        cells = [_cut(_cell(v), max_cell) for v in values]
        header = _cut(escape_controls(str(column)), max_cell)
        column_width = max([display_width(header), *(display_width(c) for c in cells)])
        needed = column_width + (2 if shown else 0)
        if shown and (left_out or used + needed > width):
            room = width - used - 2
            if left_out or room < 8:
                left_out.append(str(column))
                continue
            cells = [_cut(c, room) for c in cells]  # the last column that fits in part: cut it to the room left
            header = _cut(header, room)
            needed = room + 2
        shown.append((header, cells, numeric))
        used += needed
    widths = [max([display_width(h), *(display_width(c) for c in cells)]) for h, cells, _ in shown]
    lines = ["  ".join(_pad(h, w, r) for (h, _, r), w in zip(shown, widths, strict=True)).rstrip()]
    for index in range(rows):
        cells_of_row = [_pad(cells[index], w, r) for (_, cells, r), w in zip(shown, widths, strict=True)]
        lines.append("  ".join(cells_of_row).rstrip())
    return "\n".join(lines), left_out


def _filters_text(args: argparse.Namespace) -> str:
    parts = [f"--where {w}" for w in args.where]
    if args.from_year is not None:
        parts.append(f"--from-year {args.from_year}")
    if args.to_year is not None:
        parts.append(f"--to-year {args.to_year}")
    return " ".join(parts)


def _show(args: argparse.Namespace) -> None:
    """Print the rows from the Arrow table: pandas is never imported for a look at the data."""
    from .loader import arrow_table

    table = _filtered(args.table, args.where, args.from_year, args.to_year, args.columns, backend="pyarrow")
    if table.num_rows == 0:
        total = arrow_table(args.table).num_rows
        used = _filters_text(args)
        if total == 0:
            print(f"no rows: table {args.table} is empty in this release")
        else:
            print(f"no rows match {used} in {args.table} ({total} rows)" if used else f"no rows in {args.table}")
        return
    shown = table if args.all else table.slice(0, args.limit)
    width = shutil.get_terminal_size(fallback=(100, 24)).columns
    text, left_out = render_arrow(shown, width)
    print(text)
    note = f"({shown.num_rows} of {table.num_rows} rows"
    if left_out:
        note += f"; {len(left_out)} more columns: {', '.join(left_out[:6])}{', ...' if len(left_out) > 6 else ''}"
        note += "; --columns to choose"
    note += ")" if args.all or shown.num_rows == table.num_rows else "; --all shows every row)"
    print(textwrap.fill(note, width=max(width, 20), break_on_hyphens=False))


def _print_person(name: str) -> None:
    from .views import person

    found = person(name)
    record = found.record
    names = " / ".join(
        escape_controls(str(record[k])) for k in record if k.startswith("name_") and k != "name_variants" and record[k]
    )
    print(f"{found.person_id}: {names}")
    if record.get("summary"):
        print(escape_controls(str(record["summary"])))
    width = shutil.get_terminal_size(fallback=(100, 24)).columns
    views = {
        "posts": (found.posts, ["kind", "post", "start", "end", "organization_name"]),
        "visits": (found.visits, ["visit_id", "role", "kind", "start_date", "title_en"]),
        "signatures": (found.signatures, ["agreement_id", "role", "date_signed", "post"]),
    }
    for title, (frame, columns) in views.items():
        print(f"\n{title} ({len(frame)})")
        if len(frame):
            print(render(frame[[c for c in columns if c in frame.columns]], width)[0])


def _run(args: argparse.Namespace) -> int:
    from . import loader

    if args.command == "tables":
        print("\n".join(loader.tables()))
    elif args.command == "info":
        descriptor = loader.shipped_descriptor()
        print(f"{descriptor['title']} {descriptor['version']}")
        print("licences: " + ", ".join(item["title"] for item in descriptor["licenses"]))
        for resource in descriptor["resources"]:
            print(f"  {resource['name']:<24}{resource['rows']:>6} rows")
    elif args.command == "describe":
        from .meanings import describe

        print(describe(args.table, args.field))
    elif args.command == "codebook":
        from .meanings import codebook, codebook_path

        print(codebook_path() if args.path else codebook(), end="\n" if args.path else "")
    elif args.command == "show":
        _show(args)
    elif args.command == "search":
        from .views import search_hits

        hits = search_hits(args.text, args.table)
        if not hits:
            print(f"nothing found for {args.text!r}")
        else:
            width = shutil.get_terminal_size(fallback=(100, 24)).columns
            top = hits[: args.limit]
            columns = [("table", 0, False), ("id", 1, False), ("score", 3, True), ("label", 2, False)]
            listed = [(name, [hit[i] for hit in top], numeric) for name, i, numeric in columns]
            print(_render_columns(listed, len(top), width, max_cell=60)[0])
            print(f"({min(args.limit, len(hits))} of {len(hits)} results)")
    elif args.command == "person":
        _print_person(args.name)
    elif args.command == "export":
        if args.output == "-":  # standard output, as most command-line tools read "-"
            frame = _filtered(args.table, args.where, args.from_year, args.to_year, args.columns)
            with tempfile.TemporaryDirectory() as folder:
                staged = Path(folder) / f"{args.table}.{args.format}"
                notes = export_frame(frame, args.table, staged, args.format)
                sys.stdout.flush()
                sys.stdout.buffer.write(staged.read_bytes())
            for note in [*notes, f"wrote {len(frame)} rows to standard output"]:
                print(note, file=sys.stderr)
            return 0
        output = Path(args.output or f"{args.table}.{args.format}")
        if output.is_symlink():
            raise FileExistsError(f"{output} is a symbolic link; give the path of a regular file to write")
        if output.exists() and not args.force:
            raise FileExistsError(f"{output} exists; use --force to overwrite it")
        if args.table == "dyad_years":  # the derived panel (bcd.dyad_years), with its labels
            from .panel import export_panel

            frame = export_panel(output, args.format, args.from_year, args.to_year, args.where, args.columns)
            print(f"wrote {len(frame)} rows to {output}")
            return 0
        frame = _filtered(args.table, args.where, args.from_year, args.to_year, args.columns)
        for note in export_frame(frame, args.table, output, args.format):
            print(note, file=sys.stderr)
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
    elif args.command == "changes":
        from .history import changes

        found = changes(since=args.since, table=args.table)
        if found.empty:
            print(f"nothing changed since {args.since}" + (f" in {args.table}" if args.table else ""))
        else:
            for (table, change), group in found.groupby(["table", "change"], sort=True):
                print(f"{table}: {len(group)} {change}")
            width = shutil.get_terminal_size(fallback=(100, 24)).columns
            print(render(found[["table", "id", "change", "versions", "successor"]], width, max_cell=60)[0])
    elif args.command == "check-citation":
        from .history import check_citation

        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        citation = check_citation(text)
        print(citation)
        return 0 if citation.unchanged else 1
    elif args.command == "bundle":
        from .bundle import write_bundle

        bundled = write_bundle(args.outdir)
        print(f"wrote {len(bundled.files)} files ({bundled.bytes / 1e6:.1f} MB) to {bundled.outdir}")
    elif args.command == "site":
        from .site.generate import build_site

        try:
            written = build_site(args.outdir, charts=not args.no_charts, base_url=args.base_url)
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ValueError(str(exc)) from exc
        print(
            f"wrote {written.pages} pages ({written.records} records, {written.bytes / 1e6:.1f} MB"
            f"{', with charts' if written.charts else ''}) to {written.outdir}; open index.html there"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 success, 1 failure, 2 usage error).

    >>> main(["tables"])  # doctest: +ELLIPSIS
    sources
    agreements
    ...
    0
    """
    args = _parser().parse_args(argv)
    if "numpy" not in sys.modules:
        # No command does linear algebra, and OpenBLAS's pool of waiting threads costs more CPU than a quick
        # command's answer; a value the user set is kept.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from . import loader

    try:
        code = _run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (head, less) has gone: stop quietly; point stdout at devnull so the exit flush cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (ValueError, KeyError, OSError, loader.DataFileError) as exc:
        message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"belarus-china-data: error: {escape_controls(message)}", file=sys.stderr)
        return 1
    return code
