"""Build the shipped package data from ``data/``: validate first, then write everything or nothing.

Run from a source checkout::

    python -m belarus_china_data.curation.build                 # validate, then write all generated files
    python -m belarus_china_data.curation.build --check         # exit 1 if any generated file is out of date
    python -m belarus_china_data.curation.build --fill-derived  # recompute derived date columns in data/*.csv

Generated files (never edit them by hand):

* ``schemas/<table>.json``: Frictionless Table Schemas, from the models;
* ``datapackage.json``: the Data Package (v2) descriptor over ``data/`` and ``schemas/``;
* ``CODEBOOK.md``: every table, field, constraint and category with its meaning;
* ``releases/<version>.json``: ids and row counts of this release (older files stay as they were released);
* ``src/belarus_china_data/_data/<table>.parquet`` and ``_data/datapackage.json``: what the wheel ships,
  with the sha256, byte size and row count of every file and the package version.

The same ``data/`` always gives byte-identical files with the same pyarrow version (rows keep their CSV
order, no timestamps are written), so a diff of the shipped files means the data changed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from .._version import __version__
from ..contract.errors import DataError
from ..contract.models import TABLE_MODELS, Coverage, RetiredId
from ..contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from ..contract.schema import (
    arrow_schema,
    complete_dictionaries,
    field_specs,
    parquet_table_schema,
    table_schema,
)
from .codebook import codebook_markdown
from .csvfiles import DataValidationError, read_raw_rows, table_csv_text
from .release import lost_records
from .transaction import commit_tables, replace_files
from .validation import SourceData, read_source

__all__ = ["build", "descriptor", "fill_derived", "generated_files", "release_snapshot", "repository_root"]


PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TITLE = "Belarus-China relations since 1992"
DESCRIPTION = (
    "Agreements, visits, organizations, people and trade figures of the relations between the Republic of "
    "Belarus and the People's Republic of China since 1992, every record linked to the public sources it "
    "rests on. Data: CC BY 4.0. Code of the belarus-china-data Python package: MIT."
)
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International (data)",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    {"name": "MIT", "title": "MIT License (code)", "path": "https://opensource.org/license/mit"},
]


def repository_root() -> Path:
    """The source checkout this module runs from; the build and its tests need ``data/`` beside ``src/``.

    >>> (repository_root() / "data").is_dir()
    True
    """
    root = Path(__file__).resolve().parents[3]
    if not (root / "data").is_dir() or not (root / "pyproject.toml").is_file():
        raise RuntimeError(
            f"no source checkout at {root}: the build reads data/ and writes schemas/ beside src/, "
            "so run it from a clone of the repository (pip install -e .)"
        )
    return root


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def descriptor(*, shipped: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The Data Package descriptor: over ``data/*.csv`` or, given ``shipped`` file facts, over the Parquet files.

    ``shipped`` maps each table to ``{"bytes": ..., "hash": ..., "rows": ...}`` of its Parquet file; the shipped
    descriptor embeds the schemas so that the installed package needs no other file.

    >>> descriptor()["resources"][0]["path"]
    'data/sources.csv'
    """
    resources = []
    for name, model in TABLE_MODELS.items():
        meta = model.table
        resource: dict[str, Any] = {"name": name, "type": "table", "title": meta.title, "description": meta.description}
        if shipped is None:
            resource |= {
                "path": f"data/{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": f"schemas/{name}.json",
            }
        else:
            facts = shipped[name]
            resource |= {
                "path": f"{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "hash": facts["hash"],
                "rows": facts["rows"],
                # frictionless-py cannot count a Parquet file's bytes (it reads it through pyarrow), so a standard
                # "bytes" would make `frictionless validate` fail on a true count; verify() checks this one
                "belarus_china_data": {"bytes": facts["bytes"]},
                "schema": parquet_table_schema(name),
            }
        resources.append(resource)
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "belarus-china-data",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        "licenses": LICENSES,
        "resources": resources,
    }


def release_snapshot(data: SourceData) -> dict[str, Any]:
    """Ids and row counts of this release, kept in ``releases/<version>.json`` so later releases can be checked
    against it: an id may leave the data only through ``retired_ids`` and a CHANGELOG entry."""
    tables: dict[str, Any] = {}
    for name, model in TABLE_MODELS.items():
        key = model.table.primary_key
        entry: dict[str, Any] = {"rows": len(data.records[name])}
        if len(key) == 1:
            entry["ids"] = sorted(str(getattr(record, key[0])) for record in data.records[name])
        tables[name] = entry
    return {"version": __version__, "tables": tables}


def _parquet_bytes(name: str, data: SourceData) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = [spec.name for spec in field_specs(TABLE_MODELS[name])]
    rows = [{n: _plain(getattr(record, n)) for n in names} for record in data.records[name]]
    table = complete_dictionaries(pa.Table.from_pylist(rows, schema=arrow_schema(name)), name)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", write_statistics=True, store_schema=True)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """Enum members become their string values; everything else is already an Arrow-friendly Python value."""
    return value.value if isinstance(value, Enum) else value


def generated_files(root: Path, data: SourceData, shipped_dir: Path = SHIPPED_DIR) -> dict[Path, bytes]:
    """Every generated file's path and content, computed in memory from validated ``data``.

    ``shipped_dir`` is where the Parquet files and the shipped descriptor go (the package's ``_data`` folder
    unless a test builds elsewhere).
    """
    files: dict[Path, bytes] = {}
    for name in TABLE_MODELS:
        files[root / "schemas" / f"{name}.json"] = _json_bytes(table_schema(name))
    files[root / "datapackage.json"] = _json_bytes(descriptor())
    coverage = [row for row in data.records["coverage"] if isinstance(row, Coverage)]
    files[root / "CODEBOOK.md"] = codebook_markdown(coverage).encode("utf-8")
    files[root / "releases" / f"{__version__}.json"] = _json_bytes(release_snapshot(data))
    shipped: dict[str, dict[str, Any]] = {}
    for name in TABLE_MODELS:
        content = _parquet_bytes(name, data)
        files[shipped_dir / f"{name}.parquet"] = content
        shipped[name] = {
            "bytes": len(content),
            "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
            "rows": len(data.records[name]),
        }
    shipped_descriptor = _json_bytes(descriptor(shipped=shipped))
    files[shipped_dir / SHIPPED_DESCRIPTOR] = shipped_descriptor
    files[shipped_dir.parent / "_release.py"] = _release_module(shipped_descriptor)
    return files


def _release_module(shipped_descriptor: bytes) -> bytes:
    """The package module that records the shipped descriptor's hash, so :func:`verify` notices a hand edit."""
    digest = "sha256:" + hashlib.sha256(shipped_descriptor).hexdigest()
    return (
        '"""Generated by the build (curation/build.py); do not edit. The shipped descriptor\'s hash, which verify()\n'
        'checks, so that a hand-edited descriptor cannot pass as the release."""\n\n'
        f'DESCRIPTOR_SHA256 = "{digest}"\n'
    ).encode()


def build(root: Path | None = None, *, check: bool = False, shipped_dir: Path = SHIPPED_DIR) -> list[Path]:
    """Validate ``data/`` and write the generated files; return the files that changed (or would change).

    Validation runs before anything is written: on invalid data, or when a record of an earlier release is gone
    without a ``retired_ids`` row and a CHANGELOG entry, :class:`DataValidationError` is raised and no file is
    touched. The snapshot of an earlier release under ``releases/`` is never written; the current release's
    snapshot may only gain ids. All files are written together (:func:`~.transaction.replace_files`): a failure
    in the middle leaves the previous release in place. With ``check=True`` nothing is written at all; the return
    value says which files are out of date.

    >>> build(check=True)
    []
    """
    root = root or repository_root()
    data = read_source(root / "data")
    files = generated_files(root, data, shipped_dir)
    check_release_history(root, data, files)
    stale = [path for path, content in files.items() if not path.is_file() or path.read_bytes() != content]
    if not check:
        replace_files({path: files[path] for path in stale})
    return stale


def check_release_history(root: Path, data: SourceData, files: dict[Path, bytes]) -> None:
    """Refuse a build that would lose records silently or rewrite an earlier release's snapshot.

    Every id of every snapshot in ``releases/`` must still be in the data, or be retired in ``retired_ids`` and
    named in ``CHANGELOG.md``; the snapshot of a version listed in ``releases/PUBLISHED`` may not change (a data
    change needs a new version). Raises :class:`DataValidationError` naming the id or file.
    """
    retired = {row.retired_id for row in data.records["retired_ids"] if isinstance(row, RetiredId)}
    changelog_path = root / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.is_file() else ""
    current_path = root / "releases" / f"{__version__}.json"
    current = json.loads(files[current_path])
    errors: list[DataError] = []
    changes = current_path.is_file() and current_path.read_bytes() != files[current_path]
    if __version__ in published_versions(root) and changes:
        errors.append(
            DataError(
                str(current_path.relative_to(root)),
                None,
                None,
                f"release {__version__} is published (releases/PUBLISHED) and its snapshot would change; "
                "set a new version in _version.py first",
            )
        )
    for snapshot_path in sorted((root / "releases").glob("*.json")):
        snapshot = json.loads(snapshot_path.read_text(encoding="utf-8"))
        relative = str(snapshot_path.relative_to(root))
        errors.extend(
            DataError(relative, None, None, problem) for problem in lost_records(snapshot, current, retired, changelog)
        )
        if snapshot_path != current_path and _version_key(snapshot["version"]) > _version_key(__version__):
            errors.append(
                DataError(
                    relative, None, None, f"release {snapshot['version']} is newer than the package {__version__}"
                )
            )
    if errors:
        raise DataValidationError(errors)


def published_versions(root: Path) -> set[str]:
    """Versions listed in ``releases/PUBLISHED``: released, so their snapshots never change."""
    path = root / "releases" / "PUBLISHED"
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def fill_derived(root: Path | None = None, *, write: bool = True) -> list[Path]:
    """Recompute the derived date columns (``*_precision``, ``*_earliest``, ``*_latest``) in ``data/*.csv``.

    Curators type only the dates; this fills in what follows from them. Every file is read strictly first, the
    result is validated as a whole, and only then are the changed files replaced; on any problem (an impossible
    date, a short row, a renamed column) :class:`DataValidationError` names file, line and field and nothing is
    written.
    """
    from ..contract.dates import parse_partial_date

    root = root or repository_root()
    data_dir = root / "data"
    texts: dict[str, str] = {}
    errors: list[DataError] = []
    for name, model in TABLE_MODELS.items():
        if not model.table.dated_fields:
            continue
        path = data_dir / f"{name}.csv"
        try:
            rows: list[dict[str, Any]] = list(read_raw_rows(path, name))
        except DataValidationError as exc:
            errors.extend(exc.errors)
            continue
        for line, row in enumerate(rows, start=2):
            for field in model.table.dated_fields:
                text = row.get(field) or None
                try:
                    parsed = parse_partial_date(text) if text else None
                except ValueError as exc:
                    errors.append(DataError(f"data/{name}.csv", line, field, str(exc)))
                    continue
                row[f"{field}_precision"] = parsed.precision.value if parsed else None
                row[f"{field}_earliest"] = parsed.earliest if parsed else None
                row[f"{field}_latest"] = parsed.latest if parsed else None
        texts[name] = table_csv_text(name, rows)
    if errors:
        raise DataValidationError(errors)
    changes = commit_tables(data_dir, texts, write=write)
    return [data_dir / f"{change.table}.csv" for change in changes if change.changed]


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry of the build; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m belarus_china_data.curation.build", description=__doc__.split("\n")[0]
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a generated file is out of date")
    group.add_argument("--fill-derived", action="store_true", help="recompute derived date columns in data/")
    args = parser.parse_args(argv)
    try:
        if args.fill_derived:
            changed = fill_derived()
            print(f"derived columns rewritten in {len(changed)} file(s)")
            return 0
        changed = build(check=args.check)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    root = repository_root()
    for path in changed:
        print(("out of date: " if args.check else "wrote ") + str(path.relative_to(root)))
    if args.check and changed:
        return 1
    if not changed:
        print("all generated files are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
