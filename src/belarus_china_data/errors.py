"""The mistakes the read path reports, in one leaf module that imports nothing of the package.

A damaged installation (:class:`DataFileError`) is told apart from a user's mistake (:class:`FilterError`,
:class:`UnknownIdError`, :class:`AmbiguousNameError`); the user's mistakes name the closest valid choice,
computed only when the error is raised (:func:`closest`, :func:`unknown_id`), never on a path that succeeds.

>>> print(unknown_id("per-xi-jinpin", ["per-xi-jinping", "vis-2015-xi-jinping-belarus"]))
no record 'per-xi-jinpin' in this release; closest: per-xi-jinping
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["AmbiguousNameError", "DataFileError", "FilterError", "UnknownIdError", "closest", "unknown_id"]


class DataFileError(RuntimeError):
    """A shipped data file is missing, truncated or unreadable: the installation is damaged."""


class FilterError(ValueError):
    """A filter or ``--where`` condition does not fit the table: unknown field, wrong type, unknown category."""


class UnknownIdError(KeyError):
    """An id that no table of this release holds; the message lists the closest ids."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class AmbiguousNameError(ValueError):
    """A name that fits several people equally well; the message lists them with their ids."""


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``word`` (difflib), case-insensitive matches first.

    >>> closest("Kind", ["kind", "level", "Kinds"])
    ['kind', 'Kinds']
    """
    import difflib

    pool = list(dict.fromkeys(candidates))
    folded = [c for c in pool if c.casefold() == word.casefold()]
    near = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    return list(dict.fromkeys([*folded, *near]))[:n]


def unknown_id(record_id: str, candidates: Iterable[str], where: str = "this release") -> UnknownIdError:
    """The error for an id nobody has, listing the closest ids (same prefix first).

    >>> print(unknown_id("per-xi-jinpin", ["per-xi-jinping", "vis-2015-xi-jinping-belarus"]))
    no record 'per-xi-jinpin' in this release; closest: per-xi-jinping
    """
    import difflib

    pool = list(candidates)
    prefix = record_id.split("-", 1)[0] + "-"
    same = [c for c in pool if c.startswith(prefix)] or pool
    found = difflib.get_close_matches(record_id, same, n=3, cutoff=0.5)
    if not found:
        found = [c for c in same if record_id.casefold() in c.casefold()][:3]
    tail = f"; closest: {', '.join(found)}" if found else ""
    return UnknownIdError(f"no record {record_id!r} in {where}{tail}")
