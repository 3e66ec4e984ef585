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
* ``releases/digests/<version>.json``: the content digests of this release (per table and record, and of the
  descriptor); once the version is listed in ``releases/PUBLISHED`` the data must keep giving these digests;
* ``src/belarus_china_data/_data/<table>.parquet`` and ``_data/datapackage.json``: what the wheel ships,
  with the sha256, byte size and row count of every file and the package version.

The same ``data/`` always gives byte-identical files with the same pyarrow version (rows keep their CSV
order, no timestamps are written), so a diff of the shipped files means the data changed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import re
import sys
import textwrap
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from .._version import __version__
from ..contract.cells import render_cell
from ..contract.errors import DataError
from ..contract.models import TABLE_MODELS, Coverage, RetiredId
from ..contract.paths import HISTORY_FILE, SEARCH_INDEX, SHIPPED_DESCRIPTOR, SHIPPED_DIR
from ..contract.schema import (
    arrow_schema,
    complete_dictionaries,
    field_specs,
    parquet_table_schema,
    table_schema,
)
from .codebook import codebook_markdown
from .country_keys import country_key_rows, country_keys_module, used_codes
from .csvfiles import DataValidationError, read_raw_rows, table_csv_text
from .readme_counts import readme_counts, readme_with_counts
from .release import content_differences, content_snapshot, lost_records, version_key
from .transaction import commit_tables, replace_files
from .validation import SourceData, read_source

__all__ = ["build", "descriptor", "fill_derived", "generated_files", "release_snapshot", "repository_root"]


#: The dataset's keywords: in the descriptors (whence the bundle and the site take them), CITATION.cff and Zenodo.
KEYWORDS = ["Belarus", "China", "international relations", "bilateral agreements", "visits", "trade statistics"]
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TITLE = "Belarus-China relations since 1992"
TITLE_FOR_CITATION = "belarus-china-data: Belarus-China relations since 1992"
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


def descriptor(
    *, shipped: dict[str, dict[str, Any]] | None = None, other_files: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The Data Package descriptor: over ``data/*.csv`` or, given ``shipped`` file facts, over the Parquet files.

    ``shipped`` maps each table to ``{"bytes": ..., "hash": ..., "rows": ...}`` of its Parquet file; the shipped
    descriptor embeds the schemas so that the installed package needs no other file. ``other_files`` lists the
    other shipped files that :func:`~belarus_china_data.integrity.verify` checks (the release history and the
    codebook), each with its path relative to the data folder, bytes and hash.

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
        "keywords": KEYWORDS,
        "licenses": LICENSES,
        "resources": resources,
    } | ({"otherFiles": other_files} if other_files else {})


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


def release_content(data: SourceData) -> dict[str, Any]:
    """Content digests of this release (:func:`~.release.content_snapshot`), computed from the canonical CSV
    text of every cell, so they do not depend on the pyarrow version; the descriptor's digest covers the data
    package descriptor with every Table Schema it names."""
    tables: dict[str, list[dict[str, str | None]]] = {}
    keys: dict[str, list[str]] = {}
    for name, model in TABLE_MODELS.items():
        names = [spec.name for spec in field_specs(model)]
        tables[name] = [{n: render_cell(_plain(getattr(record, n))) for n in names} for record in data.records[name]]
        keys[name] = list(model.table.primary_key)
    contract = {"descriptor": descriptor(), "schemas": {name: table_schema(name) for name in TABLE_MODELS}}
    return content_snapshot(__version__, tables, keys, contract)


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
    files[root / "releases" / "digests" / f"{__version__}.json"] = _json_bytes(release_content(data))
    shipped: dict[str, dict[str, Any]] = {}
    for name in TABLE_MODELS:
        content = _parquet_bytes(name, data)
        files[shipped_dir / f"{name}.parquet"] = content
        shipped[name] = {
            "bytes": len(content),
            "hash": _hash(content),
            "rows": len(data.records[name]),
        }
    history = _json_bytes(
        release_history(root, json.loads(files[root / "releases" / "digests" / f"{__version__}.json"]))
    )
    files[shipped_dir / HISTORY_FILE] = history
    codebook = files[root / "CODEBOOK.md"]
    index = _search_index(files, shipped, shipped_dir)
    files[shipped_dir / SEARCH_INDEX] = index
    other_files = [
        {"name": "release_history", "path": HISTORY_FILE, "bytes": len(history), "hash": _hash(history)},
        {"name": "codebook", "path": "../CODEBOOK.md", "bytes": len(codebook), "hash": _hash(codebook)},
        {"name": "search_index", "path": SEARCH_INDEX, "bytes": len(index), "hash": _hash(index)},
    ]
    doi = release_doi(root)
    shipped_descriptor = _json_bytes(
        descriptor(shipped=shipped, other_files=other_files) | ({"id": f"https://doi.org/{doi}"} if doi else {})
    )
    files[shipped_dir / SHIPPED_DESCRIPTOR] = shipped_descriptor
    files[shipped_dir.parent / "_release.py"] = _release_module(shipped_descriptor, doi)
    files[shipped_dir.parent / "_country_keys.py"] = country_keys_module(country_key_rows(used_codes(data)))
    files[root / "CITATION.cff"] = citation_file(doi).encode("utf-8")
    readme = root / "README.md"
    if readme.is_file():  # the README's coverage figures are counts over the data (curation/readme_counts.py)
        files[readme] = readme_with_counts(readme.read_text(encoding="utf-8"), readme_counts(data)).encode("utf-8")
    files[root / ".zenodo.json"] = _json_bytes(zenodo_metadata(doi))
    return files


def _search_index(files: dict[Path, bytes], shipped: dict[str, dict[str, Any]], shipped_dir: Path) -> bytes:
    """The search index of :func:`belarus_china_data.search`, computed by the read path's own
    :func:`~belarus_china_data.views.search_corpus` from the Parquet files this build writes."""
    import pyarrow.parquet as pq

    from ..views import search_index_json

    schemas = {name: table_schema(name) for name in TABLE_MODELS}
    hashes = {name: str(shipped[name]["hash"]) for name in TABLE_MODELS}
    return search_index_json(
        schemas, hashes, lambda name: pq.read_table(io.BytesIO(files[shipped_dir / f"{name}.parquet"]))
    )


def _hash(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def release_history(root: Path, current: dict[str, Any]) -> dict[str, Any]:
    """What changed from release to release, as the package ships it (``_data/release_history.json``).

    From the content digests of every release up to this one (``releases/digests/``, ``current`` for this
    version): per version, the row count and digest of every table and the descriptor's digest; and per version
    and table with ids, the ids added, changed and removed since the previous release. With this file
    :func:`belarus_china_data.changes` and :func:`belarus_china_data.check_citation` answer without the network.
    """
    snapshots = {current["version"]: current}
    for path in (root / "releases" / "digests").glob("*.json"):
        snapshot = json.loads(path.read_text(encoding="utf-8"))
        if version_key(snapshot["version"]) < version_key(current["version"]):
            snapshots[snapshot["version"]] = snapshot
    versions = sorted(snapshots, key=version_key)
    releases = [
        {
            "version": v,
            "descriptor": snapshots[v]["descriptor"],
            "tables": {t: {"rows": e["rows"], "digest": e["digest"]} for t, e in snapshots[v]["tables"].items()},
        }
        for v in versions
    ]
    steps = []
    for before, after in itertools.pairwise(versions):
        for table, entry in snapshots[after]["tables"].items():
            if "records" not in entry:
                continue
            old, new = snapshots[before]["tables"].get(table, {}).get("records", {}), entry["records"]
            step = {
                "added": sorted(set(new) - set(old)),
                "changed": sorted(k for k in set(old) & set(new) if old[k] != new[k]),
                "removed": sorted(set(old) - set(new)),
            }
            if any(step.values()):
                steps.append({"version": after, "since": before, "table": table} | step)
    return {"releases": releases, "changes": steps}


def _release_module(shipped_descriptor: bytes, doi: str | None) -> bytes:
    """The package module that records the shipped descriptor's hash, so :func:`verify` notices a hand edit, and
    the release's DOI (None until one is minted)."""
    digest = "sha256:" + hashlib.sha256(shipped_descriptor).hexdigest()
    return (
        '"""Generated by the build (curation/build.py); do not edit. The shipped descriptor\'s hash, which verify()\n'
        "checks, so that a hand-edited descriptor cannot pass as the release, and the DOI of the release (None until\n"
        'one is minted: releases/DOIS)."""\n\n'
        f'DESCRIPTOR_SHA256 = "{digest}"\n'
        f"DOI: str | None = {doi!r}\n"
    ).encode()


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def release_doi(root: Path) -> str | None:
    """The DOI recorded for this version in ``releases/DOIS`` (``VERSION DOI`` per line), or None.

    A malformed line raises :class:`DataValidationError` naming the file and line.
    """
    path = root / "releases" / "DOIS"
    if not path.is_file():
        return None
    found = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or not _DOI.match(parts[1]) or not re.fullmatch(r"\d+\.\d+\.\d+", parts[0]):
            raise DataValidationError(
                [
                    DataError(
                        "releases/DOIS",
                        number,
                        None,
                        f"expected 'VERSION DOI' (e.g. 0.6.0 10.5281/zenodo.1), got {line!r}",
                    )
                ]
            )
        if parts[0] == __version__:
            found = parts[1]
    return found


ABSTRACT = (
    "Agreements, visits, organizations, people and trade figures of the relations between the Republic of Belarus "
    "and the People's Republic of China since 1992, as typed tables, each record linked to the public sources it "
    "rests on. Data under CC BY 4.0; the code of the Python package under MIT."
)


def citation_file(doi: str | None) -> str:
    """``CITATION.cff`` of this release (Citation File Format 1.2.0), generated from the version, date and DOI."""
    from .._version import __release_date__

    lines = [
        "cff-version: 1.2.0",
        'message: "If you use these data, please cite the release you used (belarus_china_data.cite() prints it)."',
        "type: dataset",
        f'title: "{TITLE_FOR_CITATION}"',
        f"version: {__version__}",
        f"date-released: {__release_date__}",
        *([f"doi: {doi}"] if doi else []),
        "authors:",
        '  - name: "The belarus-china-data contributors"',
        "license: CC-BY-4.0",
        "abstract: >-",
        *textwrap.wrap(ABSTRACT, 112, initial_indent="  ", subsequent_indent="  "),
        "keywords:",
        *(f"  - {keyword}" for keyword in KEYWORDS),
    ]
    return "\n".join(lines) + "\n"


def zenodo_metadata(doi: str | None) -> dict[str, Any]:
    """``.zenodo.json``: what Zenodo records when it archives the GitHub release of a tag (and mints its DOI)."""
    from .._version import __release_date__

    return {
        "upload_type": "dataset",
        "title": TITLE_FOR_CITATION,
        "version": __version__,
        "publication_date": __release_date__,
        "description": ABSTRACT,
        "creators": [{"name": "The belarus-china-data contributors"}],
        "license": "cc-by-4.0",
        "keywords": KEYWORDS,
        "access_right": "open",
        **({"doi": doi} if doi else {}),
    }


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
    if __version__ in published_versions(root):
        errors.extend(_published_changes(root, files))
    for snapshot_path in sorted((root / "releases").glob("*.json")):
        snapshot = json.loads(snapshot_path.read_text(encoding="utf-8"))
        relative = str(snapshot_path.relative_to(root))
        errors.extend(
            DataError(relative, None, None, problem) for problem in lost_records(snapshot, current, retired, changelog)
        )
        if snapshot_path != current_path and version_key(snapshot["version"]) > version_key(__version__):
            errors.append(
                DataError(
                    relative, None, None, f"release {snapshot['version']} is newer than the package {__version__}"
                )
            )
    if errors:
        raise DataValidationError(errors)


def _published_changes(root: Path, files: dict[Path, bytes]) -> list[DataError]:
    """Errors when the data would change the content of the published current version (one line each)."""
    digests_path = root / "releases" / "digests" / f"{__version__}.json"
    relative = str(digests_path.relative_to(root))
    advice = f"release {__version__} is published (releases/PUBLISHED): open the next version in _version.py first"
    if not digests_path.is_file():
        return [DataError(relative, None, None, f"{advice}; its content digests are missing, so it cannot be checked")]
    published = json.loads(digests_path.read_text(encoding="utf-8"))
    current = json.loads(files[digests_path])
    differences = content_differences(published, current)
    snapshot_path = root / "releases" / f"{__version__}.json"
    if not differences and snapshot_path.is_file() and snapshot_path.read_bytes() != files[snapshot_path]:
        differences = ["the ids or row counts changed"]
    return [DataError(relative, None, None, f"{advice}; its content would change: {d}") for d in differences]


def published_versions(root: Path) -> set[str]:
    """Versions listed in ``releases/PUBLISHED``: released, so their snapshots never change."""
    path = root / "releases" / "PUBLISHED"
    if not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


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
    texts.update(_fill_cow_codes(data_dir, errors))
    if errors:
        raise DataValidationError(errors)
    changes = commit_tables(data_dir, texts, write=write)
    return [data_dir / f"{change.table}.csv" for change in changes if change.changed]


def _fill_cow_codes(data_dir: Path, errors: list[DataError]) -> dict[str, str]:
    """``un_votes.ccode``: the COW code of each vote's country, from countrycode (:mod:`.country_keys`)."""
    from .country_keys import cow_code

    try:
        rows: list[dict[str, Any]] = list(read_raw_rows(data_dir / "un_votes.csv", "un_votes"))
    except DataValidationError as exc:
        errors.extend(exc.errors)
        return {}
    for row in rows:
        row["ccode"] = cow_code(str(row["country"]))
    return {"un_votes": table_csv_text("un_votes", rows)}


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry of the build; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m belarus_china_data.curation.build", description=__doc__.split("\n")[0]
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a generated file is out of date")
    group.add_argument(
        "--fill-derived", action="store_true", help="recompute derived columns (dates, COW codes) in data/"
    )
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
