"""The one write path of every maintainer tool: validate everything first, then replace files all or nothing.

Every tool that changes ``data/`` (derived-column filling, importers, the findings merge) hands this module the
complete new text of each table it changes. :func:`commit_tables` stages the new texts beside the unchanged
files, reads the staged state with the strict reader and every cross-table rule, and only when all of it passes
replaces the changed files. :func:`replace_files` writes every file to a temporary name first, then moves them
into place; if a move fails, the files already moved are put back, so a failure leaves the previous state.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..contract.models import TABLE_MODELS
from .validation import SourceData, read_source

__all__ = ["TableChange", "commit_tables", "replace_files", "stage_and_validate"]


@dataclass(frozen=True)
class TableChange:
    """What a write does to one table: rows before and after, and whether its text changes at all."""

    table: str
    rows_before: int
    rows_after: int
    changed: bool

    def __str__(self) -> str:
        if not self.changed:
            return f"data/{self.table}.csv: unchanged"
        return f"data/{self.table}.csv: {self.rows_before} -> {self.rows_after} rows"


def _rows(text: str) -> int:
    import csv
    import io

    return max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1, 0)


def stage_and_validate(data_dir: Path, texts: Mapping[str, str]) -> SourceData:
    """Validate the data as it would be with ``texts`` (table name to full CSV text) in place of those files.

    Nothing under ``data_dir`` is touched: the staged state is a temporary copy. Raises
    :class:`~belarus_china_data.contract.errors.DataValidationError` naming file, line and field.
    """
    unknown = [name for name in texts if name not in TABLE_MODELS]
    if unknown:
        raise ValueError(f"unknown table(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="bcd-stage-") as staging:
        stage = Path(staging)
        for name in TABLE_MODELS:
            target = stage / f"{name}.csv"
            if name in texts:
                target.write_text(texts[name], encoding="utf-8", newline="")
            elif (data_dir / f"{name}.csv").is_file():
                shutil.copyfile(data_dir / f"{name}.csv", target)
        return read_source(stage, root=data_dir.parent)


def commit_tables(data_dir: Path, texts: Mapping[str, str], *, write: bool = True) -> list[TableChange]:
    """Validate ``data_dir`` with the new table texts in place, then (``write=True``) replace those files.

    Returns what changes per table. On any validation error nothing is written and
    :class:`~belarus_china_data.contract.errors.DataValidationError` is raised.
    """
    stage_and_validate(data_dir, texts)
    changes = []
    files: dict[Path, bytes] = {}
    for name, text in texts.items():
        path = data_dir / f"{name}.csv"
        before = path.read_text(encoding="utf-8") if path.is_file() else ""
        changes.append(TableChange(name, _rows(before), _rows(text), before != text))
        if before != text:
            files[path] = text.encode("utf-8")
    if write:
        replace_files(files)
    return changes


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def replace_files(files: Mapping[Path, bytes]) -> None:
    """Write every file atomically and together: temporary files first, then moves; undo the moves on failure.

    A reader never sees a half-written file, and an error in the middle (a full disk, a permission) leaves every
    file as it was.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> replace_files({folder / "a.txt": b"new"})
    >>> (folder / "a.txt").read_bytes()
    b'new'
    """
    temporaries: dict[Path, Path] = {}
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            # mkstemp creates the file readable by its owner only: keep the mode of the file it replaces, or give
            # a new file the mode the umask allows (as open() would)
            os.chmod(name, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            temporaries[path] = Path(name)
        previous = {path: (path.read_bytes() if path.exists() else None) for path in files}
        moved: list[Path] = []
        try:
            for path, temporary in temporaries.items():
                os.replace(temporary, path)
                moved.append(path)
        except BaseException:
            for path in moved:
                old = previous[path]
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(old)
            raise
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
