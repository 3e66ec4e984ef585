"""What changed since the release you cited: the release history shipped with the package.

Every release's content digests are recorded when it is published (``releases/digests/`` in the repository), and
the wheel carries what they imply: per release, the ids added, changed and removed in each table since the
release before (``_data/release_history.json``). :func:`changes` lists them since any release, and
:func:`check_citation` reads a citation this package produced and says whether the rows it names are unchanged in
the installed release. Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .contract.paths import HISTORY_FILE, SHIPPED_DIR
from .contract.versions import version_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CitationCheck", "changes", "check_citation", "releases"]

_VERSION = re.compile(r"[Vv]ersion\W{0,5}(\d+\.\d+\.\d+)")
_LISTED = re.compile(r"Rows cited \((\d+)\): ([^\n}\"]+)")
_DIGESTED = re.compile(r"Rows cited: (\d+) \(([^)]*)\); sha256 of the sorted ids ([0-9a-f]{16})")


@cache
def _history() -> dict[str, Any]:
    try:
        history: dict[str, Any] = json.loads((SHIPPED_DIR / HISTORY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(
            f"{SHIPPED_DIR / HISTORY_FILE}: missing or unreadable ({exc}); the installation is damaged: reinstall "
            "belarus-china-data"
        ) from None
    return history


def releases() -> list[str]:
    """The releases the installed package knows, oldest first; the last is the installed one.

    >>> releases()[0], releases()[-1] == __version__
    ('0.1.0', True)
    """
    return [str(entry["version"]) for entry in _history()["releases"]]


def _known(version: str, argument: str) -> str:
    known = releases()
    if version not in known:
        newer = bool(re.fullmatch(r"\d+\.\d+\.\d+", version)) and version_key(version) > version_key(known[-1])
        advice = f"upgrade belarus-china-data to read {version}" if newer else f"releases: {', '.join(known)}"
        raise ValueError(f"{argument}={version!r} is not a release this package knows ({advice})")
    return version


def changes(since: str, *, table: str | None = None) -> pd.DataFrame:
    """Records added, changed or retired after release ``since``, up to the installed release.

    One row per record: ``table``, ``id``, ``change`` (``added``, ``changed``, ``retired``), ``version`` (the
    first release after ``since`` in which it happened), ``versions`` (every release that touched it, comma
    separated) and ``successor`` (for a retired id, the record that took its place, if any). A record added and
    then changed counts as added; a retired record as retired, whatever happened before; one added and retired
    again after ``since`` is not listed (neither release holds it). Tables without a
    one-field id (the link tables, ``un_votes``) are compared as a whole by :func:`check_citation`; their rows
    are not listed here. ``since`` must be a release the package knows (:func:`releases`); ``table`` keeps one
    table.

    >>> recent = changes(since="0.3.0")
    >>> sorted(set(recent["change"])) <= ["added", "changed", "retired"]
    True
    >>> changes(since="0.3.0", table="agreements").query("id == 'agr-2017-npc-national-assembly-joint-statement'")[
    ...     ["change", "version"]].values.tolist()
    [['added', '0.4.0']]
    """
    import pandas as pd

    _known(since, "since")
    history = _history()
    if table is not None:
        tables = {entry_table for entry in history["releases"] for entry_table in entry["tables"]}
        if table not in tables:
            import difflib

            close = difflib.get_close_matches(table, sorted(tables), n=1)
            raise ValueError(f"table={table!r} is not a table{f'; did you mean {close[0]!r}?' if close else ''}")
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for step in history["changes"]:
        if version_key(step["version"]) <= version_key(since) or (table is not None and step["table"] != table):
            continue
        for change in ("added", "changed", "removed"):
            for record_id in step[change]:
                key = (step["table"], record_id)
                row = rows.setdefault(
                    key, {"table": step["table"], "id": record_id, "change": change, "version": step["version"]}
                )
                row.setdefault("touched", []).append(step["version"])
                if change == "removed":
                    row["change"] = "removed"
    successors = _successors() if any(r["change"] == "removed" for r in rows.values()) else {}
    records = []
    for row in rows.values():
        if row["change"] == "removed" and _added_first(row, history, since):
            continue  # added and removed again after ``since``: neither release holds it
        retired = row["change"] == "removed"
        records.append(
            {
                "table": row["table"],
                "id": row["id"],
                "change": "retired" if retired else row["change"],
                "version": row["version"],
                "versions": ", ".join(dict.fromkeys(row["touched"])),
                "successor": successors.get(row["id"]) if retired else None,
            }
        )
    frame = pd.DataFrame.from_records(
        records, columns=["table", "id", "change", "version", "versions", "successor"]
    ).astype({"successor": "object"})
    return frame.sort_values(["table", "id"], ignore_index=True)


def _added_first(row: dict[str, Any], history: dict[str, Any], since: str) -> bool:
    """Whether the record was added after ``since`` (so a later removal leaves nothing to report)."""
    for step in history["changes"]:
        if step["table"] == row["table"] and version_key(step["version"]) > version_key(since):
            if row["id"] in step["added"]:
                return True
            if row["id"] in step["changed"] or row["id"] in step["removed"]:
                return False
    return False


def _successors() -> dict[str, str | None]:
    from .shipped import arrow_table

    retired = arrow_table("retired_ids").to_pydict()
    return dict(zip(retired["retired_id"], retired["successor_id"], strict=True))


@dataclass(frozen=True)
class CitationCheck:
    """What :func:`check_citation` found; ``str()`` of it is a short report for a person.

    ``unchanged`` is True when every row the citation names is as it was in the cited release, False when some
    changed (``changes`` lists them, as :func:`changes` does), and None when the citation names its rows only by a
    digest that this package cannot resolve (``changes`` then lists what changed in the tables it names).
    """

    cited_version: str
    installed_version: str
    rows: int | None
    ids: list[str] | None
    unchanged: bool | None
    changes: pd.DataFrame | None = field(default=None, repr=False)
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines)


def check_citation(text: str) -> CitationCheck:
    """Read a citation this package produced (any style of :func:`~belarus_china_data.cite`) and say whether the
    rows it names are unchanged in the installed release, which changed and how.

    The citation's version must be a release the package knows. Rows listed by id are checked one by one; rows
    named by count and digest are resolved when they are whole tables of the cited release (the digest of every
    id those tables held then); otherwise the answer lists what changed in the tables the citation names.

    >>> check = check_citation("belarus-china-data (Version 0.4.0). Rows cited (1): agr-1992-diplomatic-relations.")
    >>> check.unchanged, check.cited_version
    (True, '0.4.0')
    """
    version_match = _VERSION.search(text)
    if version_match is None:
        raise ValueError("the citation text names no version ('Version X.Y.Z'); pass the text cite() produced")
    cited = _known(version_match.group(1), "version")
    lines = [f"Citation of belarus-china-data {cited}; installed release {__version__}."]
    all_changes = changes(since=cited)
    listed, digested = _LISTED.search(text), _DIGESTED.search(text)
    ids: list[str] | None = None
    count: int | None = None
    if listed is not None:
        ids = [part.strip().rstrip(".") for part in listed.group(2).split(",") if part.strip().rstrip(".")]
        count = int(listed.group(1))
    elif digested is not None:
        count = int(digested.group(1))
        named_tables = re.findall(r"(\d+) ([a-z_]+)", digested.group(2))
        ids = _whole_tables(cited, [t for _, t in named_tables], digested.group(3))
        if ids is None:
            in_tables = all_changes[all_changes["table"].isin([t for _, t in named_tables])]
            lines.append(
                f"The citation names {count} rows by a digest of their ids, which are not whole tables of {cited}: "
                f"in the tables it names, {len(in_tables)} records changed since (listed in .changes)."
            )
            return CitationCheck(cited, __version__, count, None, None if len(in_tables) else True, in_tables, lines)
    else:
        lines.append("The citation names the release only (no rows): see changes(since=...) for what changed.")
        return CitationCheck(cited, __version__, None, None, None, all_changes, lines)
    affected = all_changes[all_changes["id"].isin(ids)].reset_index(drop=True)
    if affected.empty:
        lines.append(f"All {len(ids)} rows cited are unchanged in {__version__}.")
    else:
        lines.append(f"{len(affected)} of the {len(ids)} rows cited changed after {cited}:")
        for row in affected.itertuples():
            successor = f" (successor {row.successor!s})" if row.successor else ""
            lines.append(f"  {row.id} ({row.table}): {row.change} in {row.versions}{successor}")
    return CitationCheck(cited, __version__, count, ids, affected.empty, affected, lines)


def _whole_tables(version: str, tables: list[str], digest: str) -> list[str] | None:
    """The ids of ``tables`` as release ``version`` held them, if their digest is ``digest``; else None.

    The ids a release held are the installed ids, plus those removed since, minus those added since.
    """
    from .shipped import arrow_table
    from .shipped import tables as table_names

    held: list[str] = []
    for table in tables:
        if table not in table_names():
            return None
        ids = {str(v) for v in arrow_table(table).column(0).to_pylist()}  # type: ignore[arg-type]
        for step in _history()["changes"]:
            if step["table"] == table and version_key(step["version"]) > version_key(version):
                ids = (ids | set(step["removed"])) - set(step["added"])
        held.extend(ids)
    if hashlib.sha256("\n".join(sorted(held)).encode()).hexdigest()[:16] != digest:
        return None
    return sorted(held)
