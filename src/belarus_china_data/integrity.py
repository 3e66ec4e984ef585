"""Check that the installed data are exactly what was released.

The shipped descriptor records the sha256 hash, the byte size and the row count of every Parquet file and the
release version. :func:`verify` recomputes them from the files on disk and reports every difference, so a user can
state in a paper that the tables they loaded are those of the cited release.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._version import __version__
from .paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR

__all__ = ["VerifyReport", "lost_records", "verify"]


@dataclass(frozen=True)
class VerifyReport:
    """Result of :func:`verify`: ``ok`` when nothing differs; ``problems`` lists each difference in one line."""

    version: str
    files: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every file matches the descriptor and the descriptor matches the package version."""
        return not self.problems


def verify(shipped_dir: Path = SHIPPED_DIR) -> VerifyReport:
    """Recompute hash, size and row count of every shipped file and compare them with the shipped descriptor.

    Nothing is repaired and nothing touches the network. A missing or unreadable file, a changed byte, a wrong
    row count, and a descriptor of another version than the installed package are all reported.

    >>> report = verify()
    >>> report.ok, report.files
    (True, 14)
    """
    import pyarrow.parquet as pq

    descriptor_path = shipped_dir / SHIPPED_DESCRIPTOR
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return VerifyReport(__version__, 0, [f"{descriptor_path}: unreadable descriptor ({exc})"])
    problems = []
    if descriptor.get("version") != __version__:
        problems.append(
            f"{descriptor_path}: descriptor version {descriptor.get('version')} differs from package {__version__}"
        )
    resources = descriptor.get("resources", [])
    for resource in resources:
        path = shipped_dir / resource["path"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            problems.append(f"{path}: missing or unreadable ({exc.strerror})")
            continue
        if len(content) != resource["bytes"]:
            problems.append(f"{path}: {len(content)} bytes, descriptor says {resource['bytes']}")
        digest = "sha256:" + hashlib.sha256(content).hexdigest()
        if digest != resource["hash"]:
            problems.append(f"{path}: sha256 differs from the descriptor")
        try:
            rows = pq.read_metadata(path).num_rows
        except Exception as exc:  # pyarrow raises several types for corrupt files
            problems.append(f"{path}: not a readable Parquet file ({exc})")
            continue
        if rows != resource["rows"]:
            problems.append(f"{path}: {rows} rows, descriptor says {resource['rows']}")
    return VerifyReport(str(descriptor.get("version")), len(resources), problems)


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
