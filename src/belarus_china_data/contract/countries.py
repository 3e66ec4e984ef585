"""Country codes with a special meaning in the data (aggregates that are not countries)."""

from __future__ import annotations

__all__ = ["AGGREGATE_CODES"]

#: Partner codes of aggregates, not countries: the world (WLD) and the European Union (EUU).
AGGREGATE_CODES = frozenset({"WLD", "EUU"})
