"""Record-level differences between two releases: records added, removed and changed, with the fields changed.

A release's data is a folder holding its shipped descriptor and Parquet files (the ``_data`` folder of an
installed or unpacked wheel). The diff is what a maintainer pastes into the data section of ``CHANGELOG.md``,
and what a user reads to learn whether a re-run of their analysis can change.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR

__all__ = ["ReleaseDiff", "TableDiff", "diff_releases"]


@dataclass
class TableDiff:
    """Differences in one table; keys are record ids (composite keys joined with ``/``)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the table did not change."""
        return not (self.added or self.removed or self.changed)


@dataclass
class ReleaseDiff:
    """Differences between two releases, per table, with both versions."""

    old_version: str
    new_version: str
    tables: dict[str, TableDiff]

    def markdown(self) -> str:
        """The diff as the data section of a CHANGELOG entry.

        >>> print(diff_releases(SHIPPED_DIR, SHIPPED_DIR).markdown())
        ### Data
        No record added, removed or changed.
        """
        lines = ["### Data"]
        for name, table in self.tables.items():
            if table.empty:
                continue
            parts = []
            if table.added:
                parts.append(f"{len(table.added)} added")
            if table.removed:
                parts.append(f"{len(table.removed)} removed ({', '.join(table.removed[:10])})")
            if table.changed:
                fields = sorted({f for changed in table.changed.values() for f in changed})
                parts.append(f"{len(table.changed)} changed (fields: {', '.join(fields)})")
            lines.append(f"- `{name}`: " + "; ".join(parts) + ".")
        if len(lines) == 1:
            lines.append("No record added, removed or changed.")
        return "\n".join(lines)


def _release(folder: Path) -> tuple[str, dict[str, dict[str, dict[str, Any]]]]:
    import pyarrow.parquet as pq

    descriptor = json.loads((folder / SHIPPED_DESCRIPTOR).read_text(encoding="utf-8"))
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for resource in descriptor["resources"]:
        key = resource["schema"]["primaryKey"]
        rows = pq.read_table(folder / resource["path"]).to_pylist()
        tables[resource["name"]] = {"/".join(str(row[k]) for k in key): row for row in rows}
    return str(descriptor["version"]), tables


def diff_releases(old: Path, new: Path = SHIPPED_DIR) -> ReleaseDiff:
    """Compare two releases' data folders record by record (``new`` defaults to the installed release).

    A table present in only one release counts all its records as added or removed. A field present in only
    one release counts as changed for every record that has a value in it.

    >>> diff = diff_releases(SHIPPED_DIR)
    >>> diff.old_version == diff.new_version, all(t.empty for t in diff.tables.values())
    (True, True)
    """
    old_version, old_tables = _release(old)
    new_version, new_tables = _release(new)
    result: dict[str, TableDiff] = {}
    for name in dict.fromkeys([*old_tables, *new_tables]):
        before, after = old_tables.get(name, {}), new_tables.get(name, {})
        table = TableDiff(
            added=[k for k in after if k not in before],
            removed=[k for k in before if k not in after],
        )
        for key in before.keys() & after.keys():
            old_row, new_row = before[key], after[key]
            fields = [f for f in dict.fromkeys([*old_row, *new_row]) if old_row.get(f) != new_row.get(f)]
            if fields:
                table.changed[key] = fields
        table.changed = dict(sorted(table.changed.items()))
        result[name] = table
    return ReleaseDiff(old_version, new_version, result)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m belarus_china_data.curation.diff OLD [NEW]``: print the CHANGELOG data section."""
    parser = argparse.ArgumentParser(
        prog="python -m belarus_china_data.curation.diff", description=__doc__.split("\n")[0]
    )
    parser.add_argument("old", type=Path, help="data folder of the older release (its _data folder)")
    parser.add_argument("new", type=Path, nargs="?", default=SHIPPED_DIR, help="newer release (default: this one)")
    args = parser.parse_args(argv)
    print(diff_releases(args.old, args.new).markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
