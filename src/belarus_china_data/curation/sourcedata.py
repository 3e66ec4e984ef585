"""The source data as read from ``data/``: what validation produces and the rules and the build consume.

Its own module so that the validation (which runs the rules) and the rules (which read this) import it from one
floor down instead of from each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..contract.models import Record

__all__ = ["SourceData"]


@dataclass(frozen=True)
class SourceData:
    """All tables read from ``data/``: records per table, the CSV line each came from, and the keys of rows
    that were rejected (already reported), which the link checks treat as existing."""

    records: dict[str, list[Record]]
    lines: dict[str, list[int]]
    rejected_keys: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def locate(self, table: str, index: int) -> int:
        """Line number in ``data/<table>.csv`` of the record at ``index``."""
        return self.lines[table][index]
