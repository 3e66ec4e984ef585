"""Release snapshots: the ids and row counts of each release, and the check that no record is lost silently."""

from __future__ import annotations

from typing import Any

__all__ = ["lost_records"]


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
