"""Release snapshots: the ids, row counts and content digests of each release, and the checks built on them.

A release is what a citation names, so its content may never change once it is published: the build compares
the content digests of a published version (``releases/digests/<version>.json``) with the data and refuses any
difference; no record of an earlier release may disappear silently; and ``retired_in`` must name the first
release whose snapshot lacks the id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..contract.versions import version_key

__all__ = [
    "content_differences",
    "content_snapshot",
    "descriptor_digest",
    "lost_records",
    "record_digest",
    "retired_in_problems",
    "version_key",
]


def lost_records(previous: dict[str, Any], current: dict[str, Any], retired: set[str], changelog: str) -> list[str]:
    """Ids of an earlier release that are gone now without being retired and named in the CHANGELOG.

    ``previous`` and ``current`` are release snapshots (``releases/<version>.json``); ``retired`` the retired ids;
    ``changelog`` the text of CHANGELOG.md. Each problem is one line saying which id and what is missing.

    >>> snap = {"version": "0.1.0", "tables": {"persons": {"rows": 1, "ids": ["per-x"]}}}
    >>> lost_records(snap, {"version": "0.2.0", "tables": {"persons": {"rows": 0, "ids": []}}}, set(), "")
    ['per-x (persons, in 0.1.0) is gone: not in retired_ids; not named in CHANGELOG.md']
    """
    problems = []
    for name, table in previous["tables"].items():
        now = set(current["tables"].get(name, {}).get("ids", []))
        for record_id in table.get("ids", []):
            if record_id in now:
                continue
            missing = []
            if record_id not in retired:
                missing.append("not in retired_ids")
            if record_id not in changelog:
                missing.append("not named in CHANGELOG.md")
            if missing:
                problems.append(f"{record_id} ({name}, in {previous['version']}) is gone: {'; '.join(missing)}")
    return problems


# --- content digests: what makes a published release immutable -------------------------------------------------

#: Suffixes of the derived date columns, which follow from the date and are left out of a record's content.
DERIVED_SUFFIXES = ("_precision", "_earliest", "_latest")
#: Hex digits kept of a record's digest (64 bits: a collision between two versions of a record is negligible).
RECORD_DIGEST_LENGTH = 16


def content_cells(row: Mapping[str, str | None]) -> dict[str, str]:
    """The cells that make a record's content: non-empty CSV text, without the derived date columns.

    Leaving out empty cells means that a new optional field, still empty, does not change any record's digest.

    >>> content_cells({"date": "2019-04", "date_precision": "month", "note": None, "title_en": "A"})
    {'date': '2019-04', 'title_en': 'A'}
    """
    return {
        name: value
        for name, value in row.items()
        if value not in (None, "") and not any(name.endswith(s) and name[: -len(s)] in row for s in DERIVED_SUFFIXES)
    }


def record_digest(row: Mapping[str, str | None]) -> str:
    """Digest of a record's content (:func:`content_cells` as sorted JSON), independent of file formats.

    >>> record_digest({"person_id": "per-x", "name_en": "X"}) == record_digest({"name_en": "X", "person_id": "per-x"})
    True
    """
    text = json.dumps(content_cells(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:RECORD_DIGEST_LENGTH]


def descriptor_digest(descriptor: Mapping[str, Any]) -> str:
    """Digest of a data package descriptor as canonical JSON (key order and whitespace do not matter).

    >>> descriptor_digest({"b": 1, "a": 2}) == descriptor_digest({"a": 2, "b": 1})
    True
    """
    text = json.dumps(descriptor, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_snapshot(
    version: str,
    tables: Mapping[str, Sequence[Mapping[str, str | None]]],
    keys: Mapping[str, Sequence[str]],
    descriptor: Mapping[str, Any],
) -> dict[str, Any]:
    """The content digests of a release: per table its rows, a digest of all its rows, and per record (tables
    with a one-field key) the record's digest; and the digest of the descriptor.

    ``tables`` holds each table's rows as CSV text cells; ``keys`` each table's primary key. The table digest is
    the SHA-256 of the sorted lines ``key<TAB>record digest``, so it does not depend on row order, on the Parquet
    writer or on the pyarrow version: the same rows give the same digest on every machine.

    >>> snap = content_snapshot("1.0.0", {"persons": [{"person_id": "per-x", "name_en": "X"}]},
    ...                         {"persons": ["person_id"]}, {"name": "d"})
    >>> sorted(snap["tables"]["persons"])
    ['digest', 'records', 'rows']
    """
    result: dict[str, Any] = {}
    for name, rows in tables.items():
        key = list(keys[name])
        digests = {"\x1f".join(str(row.get(k) or "") for k in key): record_digest(row) for row in rows}
        lines = "".join(f"{k}\t{d}\n" for k, d in sorted(digests.items()))
        entry: dict[str, Any] = {
            "rows": len(rows),
            "digest": "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest(),
        }
        if len(key) == 1:
            entry["records"] = dict(sorted(digests.items()))
        result[name] = entry
    return {"version": version, "descriptor": descriptor_digest(descriptor), "tables": result}


def content_differences(published: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """One line per table (and for the descriptor) whose content differs between two content snapshots.

    >>> old = {"descriptor": "d", "tables": {"persons": {"rows": 1, "digest": "a", "records": {"per-x": "1"}}}}
    >>> new = {"descriptor": "d", "tables": {"persons": {"rows": 1, "digest": "b", "records": {"per-x": "2"}}}}
    >>> content_differences(old, new)
    ['persons: 1 changed (per-x)']
    """
    lines = []
    if published.get("descriptor") != current.get("descriptor"):
        lines.append("the descriptor (a field, type, constraint or description) changed")
    names = list(published["tables"]) + [n for n in current["tables"] if n not in published["tables"]]
    for name in names:
        old, new = published["tables"].get(name), current["tables"].get(name)
        if old is None or new is None:
            lines.append(f"{name}: table {'added' if old is None else 'removed'}")
            continue
        if old["digest"] == new["digest"]:
            continue
        if "records" in old and "records" in new:
            before, after = old["records"], new["records"]
            added = sorted(set(after) - set(before))
            gone = sorted(set(before) - set(after))
            changed = sorted(k for k in set(before) & set(after) if before[k] != after[k])
            parts = [
                f"{len(ids)} {what} ({', '.join(ids[:3])}{', ...' if len(ids) > 3 else ''})"
                for what, ids in (("added", added), ("removed", gone), ("changed", changed))
                if ids
            ]
            lines.append(f"{name}: {'; '.join(parts)}")
        else:
            lines.append(f"{name}: rows changed ({old['rows']} rows before, {new['rows']} now)")
    return lines


def retired_in_problems(
    retired: Mapping[str, str], snapshots: Mapping[str, Any], current_version: str
) -> list[tuple[str, str]]:
    """``(retired id, problem)`` for each retirement whose ``retired_in`` is not the first version whose snapshot
    lacks the id (after the last snapshot that held it).

    ``retired`` maps retired ids to their ``retired_in``; ``snapshots`` maps versions to release snapshots (ids
    per table, where the ``retired_ids`` table itself does not count); the current version, whose data no longer
    holds any retired id, counts as a snapshot without them. An id that no snapshot ever held is retired in the
    current version.

    >>> snaps = {"0.1.0": {"tables": {"persons": {"ids": ["per-x"]}}}, "0.2.0": {"tables": {"persons": {"ids": []}}}}
    >>> retired_in_problems({"per-x": "0.3.0"}, snaps, "0.3.0")
    [('per-x', 'retired_in is 0.3.0, but release 0.2.0 is the first whose snapshot lacks it')]
    """
    versions = sorted(set(snapshots) | {current_version}, key=version_key)
    held: dict[str, set[str]] = {
        v: {i for name, t in snapshots[v]["tables"].items() if name != "retired_ids" for i in t.get("ids", [])}
        for v in versions
        if v in snapshots
    }
    problems = []
    for record_id, stated in retired.items():
        expected = current_version
        last_holding = [i for i, v in enumerate(versions) if record_id in held.get(v, set())]
        if last_holding and last_holding[-1] + 1 < len(versions):
            expected = versions[last_holding[-1] + 1]
        if stated != expected:
            problems.append(
                (record_id, f"retired_in is {stated}, but release {expected} is the first whose snapshot lacks it")
            )
    return problems
