"""Read and write the human-edited CSV files under ``data/``.

A curator edits ``data/<table>.csv`` by hand; this module turns each line into a typed record and reports
every problem with the file, the line and the field, so that the curator can go straight to it. Cells are
parsed strictly (``true``/``false`` only for booleans, ISO dates only, no ``nan``), the same way the
Frictionless schemas read them, so that the two validators never disagree about a value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..contract.cells import parse_cell, render_cell
from ..contract.errors import DataError, DataValidationError, FieldValueError
from ..contract.models import TABLE_MODELS, Record
from ..contract.schema import field_specs

__all__ = [
    "DataError",
    "DataValidationError",
    "FieldValueError",
    "TableRead",
    "parse_cell",
    "read_raw_rows",
    "read_table_csv",
    "render_cell",
    "table_csv_text",
]


@dataclass(frozen=True)
class TableRead:
    """What reading one CSV file gave: valid records with their lines, errors, and keys of rejected rows.

    The keys of rejected rows let the cross-table checks treat those ids as existing, so that one bad cell
    gives one error instead of a cascade of "not an id" errors elsewhere.
    """

    records: list[Record]
    lines: list[int]
    errors: list[DataError]
    rejected_keys: set[tuple[str, ...]]


def _pydantic_errors(file: str, line: int, error: ValidationError) -> list[DataError]:
    found = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or None
        cause = item.get("ctx", {}).get("error")
        if field is None and isinstance(cause, FieldValueError):
            field = cause.field
        message = item["msg"].removeprefix("Value error, ")
        found.append(DataError(file, line, field, message))
    return found


def _stray_quote(text: str) -> tuple[int, int] | None:
    r"""``(line, cell number)`` of the first double quote inside a cell that does not start with one, or None.

    Python's CSV reader keeps such a quote as a character, so ``a"b`` would pass silently; the format (RFC 4180)
    allows quotes only in quoted cells.

    >>> _stray_quote('a,b\n1,x"y\n'), _stray_quote('a,b\n1,"x ""y"" z"\n')
    ((2, 2), None)
    """
    if '"' not in text:
        return None
    line, cell, at_start, quoted, index = 1, 1, True, False, 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"':
                if text[index + 1 : index + 2] == '"':
                    index += 1
                else:
                    quoted = False
            elif char == "\n":
                line += 1
        elif char == '"':
            if not at_start:
                return line, cell
            quoted = True
        elif char == ",":
            cell += 1
            at_start = True
            index += 1
            continue
        elif char == "\n":
            line, cell = line + 1, 1
            at_start = True
            index += 1
            continue
        at_start = False
        index += 1
    return None


def _read_cells(path: Path, name: str, file: str) -> tuple[list[tuple[int, list[str]]], list[DataError]]:
    """The strict first pass shared by every reader: UTF-8 without BOM, a header equal to the schema, well-formed
    quoting, and exactly one cell per column on every line. Returns ``(line, cells)`` pairs and the errors."""
    expected = [spec.name for spec in field_specs(TABLE_MODELS[name])]
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [DataError(file, None, None, "file is missing")]
    except UnicodeDecodeError as exc:
        return [], [DataError(file, None, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:  # a folder where the file should be, a permission, a broken link
        what = "is a folder, not a CSV file" if path.is_dir() else f"cannot be read ({exc.strerror})"
        return [], [DataError(file, None, None, what)]
    if text.startswith("\ufeff"):
        return [], [DataError(file, 1, None, "starts with a byte-order mark; save as UTF-8 without BOM")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return [], [DataError(file, line, None, "contains a NUL byte; the file is binary or damaged")]
    stray = _stray_quote(text)
    if stray is not None:
        return [], [
            DataError(
                file,
                stray[0],
                None,
                f"malformed CSV: a quote inside an unquoted cell (cell {stray[1]}); "
                'quote the whole cell and double the quote ("a ""b"" c")',
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [], [DataError(file, 1, None, "file is empty; the first line must be the header")]
    except csv.Error as exc:
        return [], [DataError(file, 1, None, f"malformed CSV: {exc}")]
    if header != expected:
        missing = [n for n in expected if n not in header]
        unknown = [n for n in header if n not in expected]
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else ""))
        if unknown:
            parts.append("unknown " + ", ".join(unknown[:3]) + (", ..." if len(unknown) > 3 else ""))
        if not parts:
            parts.append("columns are out of order or repeated; expected " + ", ".join(expected))
        return [], [DataError(file, 1, None, "header does not match the schema: " + "; ".join(parts))]
    rows: list[tuple[int, list[str]]] = []
    errors: list[DataError] = []
    previous_end = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(DataError(file, reader.line_num, None, f"malformed CSV: {exc}"))
            break
        line = previous_end + 1
        previous_end = reader.line_num
        if len(row) != len(expected):
            errors.append(DataError(file, line, None, f"has {len(row)} cells, the header has {len(expected)}"))
            continue
        rows.append((line, row))
    return rows, errors


def read_table_csv(path: Path, name: str, *, display_name: str | None = None) -> TableRead:
    """Read ``path`` as table ``name``: the valid records, their line numbers, and every error found.

    The header must list exactly the table's fields in the schema's order, so that a renamed or missing
    column is caught at once rather than read as empty values.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "persons.csv").write_text("person_id\\n", encoding="utf-8")
    >>> result = read_table_csv(folder / "persons.csv", "persons", display_name="persons.csv")
    >>> print(result.errors[0])
    persons.csv, line 1: header does not match the schema: missing name_en, name_ru, ...
    """
    file = display_name or str(path)
    try:
        key = (name, file, hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:  # reported by _read_table_csv, one line
        return _read_table_csv(path, name, file)
    with _reads_lock:
        cached = _reads.get(key)
        if cached is not None:
            _reads.move_to_end(key)
    if cached is None:
        cached = _read_table_csv(path, name, file)
        with _reads_lock:
            _reads[key] = cached
            while len(_reads) > _MAX_CACHED_READS:
                _reads.popitem(last=False)
    # the records are frozen models and may be shared; the containers are the caller's to change
    return TableRead(list(cached.records), list(cached.lines), list(cached.errors), set(cached.rejected_keys))


#: Reads kept by content: a tool (or a test) that validates the same files again, or a copy with one file changed,
#: re-reads only what changed. Keyed by table, displayed file name and the file's sha256.
_reads: OrderedDict[tuple[str, str, str], TableRead] = OrderedDict()
_reads_lock = threading.Lock()
_MAX_CACHED_READS = 48


def _read_table_csv(path: Path, name: str, file: str) -> TableRead:
    model = TABLE_MODELS[name]
    specs = field_specs(model)
    rows, errors = _read_cells(path, name, file)
    if errors and not rows:
        return TableRead([], [], errors, set())
    records: list[Record] = []
    lines: list[int] = []
    rejected: set[tuple[str, ...]] = set()
    key_positions = [[spec.name for spec in specs].index(field) for field in model.table.primary_key]
    for line, row in rows:
        values: dict[str, Any] = {}
        row_errors = []
        for spec, cell in zip(specs, row, strict=True):
            try:
                values[spec.name] = parse_cell(spec, cell)
            except ValueError as exc:
                row_errors.append(DataError(file, line, spec.name, str(exc)))
        if row_errors:
            errors.extend(row_errors)
            rejected.add(tuple(row[i] for i in key_positions))
            continue
        values = {key: value for key, value in values.items() if value is not None}
        try:
            records.append(model.model_validate(values))
            lines.append(line)
        except ValidationError as exc:
            errors.extend(_pydantic_errors(file, line, exc))
            rejected.add(tuple(row[i] for i in key_positions))
    return TableRead(records, lines, errors, rejected)


def table_csv_text(name: str, rows: Iterable[Mapping[str, Any]]) -> str:
    """Render rows (records or mappings of field values) as the canonical CSV text of table ``name``.

    >>> print(table_csv_text("agreement_parties", [{"agreement_id": "agr-1992-x", "organization_id": "org-y"}]))
    agreement_id,organization_id
    agr-1992-x,org-y
    <BLANKLINE>
    """
    names = [spec.name for spec in field_specs(TABLE_MODELS[name])]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([render_cell(row.get(n)) for n in names])
    return buffer.getvalue()


def read_raw_rows(path: Path, name: str, *, display_name: str | None = None) -> list[dict[str, str | None]]:
    """The rows of ``data/<name>.csv`` as text cells keyed by column (empty cells as ``None``), read strictly.

    For maintenance tools that rewrite a table (filling derived columns, replacing imported rows). The file must
    pass the same structural checks as :func:`read_table_csv` (no BOM, the schema's header, one cell per column,
    well-formed quoting); otherwise :class:`DataValidationError` is raised and the tool writes nothing. The values
    themselves are validated when the tool commits its change.
    """
    file = display_name or f"data/{name}.csv"
    rows, errors = _read_cells(path, name, file)
    if errors:
        raise DataValidationError(errors)
    names = [spec.name for spec in field_specs(TABLE_MODELS[name])]
    return [{n: (cell if cell != "" else None) for n, cell in zip(names, row, strict=True)} for _, row in rows]
