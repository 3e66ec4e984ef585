"""Release versions (``X.Y.Z``): their order, shared by the build's release checks and the shipped history."""

from __future__ import annotations

__all__ = ["version_key"]


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a version ``X.Y.Z``.

    >>> sorted(["0.10.0", "0.9.1"], key=version_key)
    ['0.9.1', '0.10.0']
    """
    return tuple(int(part) for part in version.split("."))
