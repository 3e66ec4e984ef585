"""Import UN General Assembly roll calls and votes from Erik Voeten's data as packaged by the R package ``unvotes``.

The source folder holds the three R data files of ``unvotes`` (``un_votes.rda``, ``un_roll_calls.rda``,
``un_roll_call_issues.rda``; public domain, CC0). Maintainers (re)build the tables ``un_roll_calls`` and
``un_votes`` from them with::

    python -m belarus_china_data.curation.unvotes ../shared/sources/unga-votes [--dry-run]

(the folder may also be the ``shared`` folder itself). The import keeps every roll call dated from 1 January 1992
on, up to the last one in the files (there is no end date: a newer download of the same files simply brings more
roll calls), and the votes on them of the countries in :data:`COUNTRIES`: Belarus, China, Russia, the United
States, Kazakhstan, Ukraine and the 28 states that were members of the European Union on 2020-01-14, the date of
the last roll call of the 2021 files (so the United Kingdom is one; the list is fixed, and each country's own
vote is stored, also before it joined the EU).

Provenance, the design: the two tables rest on one dataset as a whole, not on a source per row. They have no
prefixed ids and no ``record_sources`` links; every roll call names its download in ``source_id`` (a foreign key
to ``sources``), votes are backed by their roll call, and the validator counts a source named in such a column as
used. The table descriptions and the ``coverage`` rows say what the tables hold and up to when.

What changes on the way: R's 0/1 flags become ``false``/``true`` (missing stays empty); ISO alpha-2 country codes
become alpha-3; the issue rows become one ``; ``-separated field per roll call; blanks around short titles and
resolution codes are removed, and an empty text becomes empty (unknown). Nothing else: votes, dates, sessions and
flags are the files' values. The column ``ccode`` is added: the COW code of the country, from ``countrycode``.

A newer download: if it is a corrected re-release of the same vintage, run the importer again (roll calls may only
be added). A later vintage belongs under its own ``sources`` row (``--source-id``); the import then replaces every
row, and the 2021 source would back no record any more, which the validator refuses (sources are never removed).
Until the project has a rule for superseded sources, such an import needs that decision from the maintainer.

Refused, with one line on standard error and nothing written: a missing or unreadable file, a file whose columns
are not those of ``unvotes``, a vote other than yes/no/abstain, a roll call, issue or vote that is repeated or
does not parse, files that do not match the ``SHA256SUMS`` beside them, an import that drops roll calls already
in the data (unless ``--allow-shrink``), and any result the build's validation rejects. pyreadr is needed only
here (the ``dev`` extra has it); users of the package never need it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..contract.categories import UnIssue, UnVoteChoice
from ..contract.errors import DataValidationError
from ..contract.models import UN_VOTE_EU_MEMBERS, UN_VOTE_REFERENCE_COUNTRIES
from .country_keys import cow_code
from .csvfiles import read_raw_rows, table_csv_text
from .transaction import TableChange, commit_tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COUNTRIES",
    "FILES",
    "UnvotesFormatError",
    "UnvotesImport",
    "UnvotesTables",
    "import_unvotes",
    "main",
    "read_unvotes",
]

#: Default source id: Voeten's data in the ``unvotes`` files of March 2021 (Dataverse release of 2021-02-21).
SOURCE_ID = "src-voeten-unvotes-2021-03"
#: First year of roll calls imported.
FIRST_YEAR = 1992
#: Each file, the R object inside it, and the columns it must have (more columns are allowed).
FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "un_roll_calls.rda": (
        "un_roll_calls",
        ("rcid", "session", "importantvote", "date", "unres", "amend", "para", "short"),
    ),
    "un_votes.rda": ("un_votes", ("rcid", "country_code", "vote")),
    "un_roll_call_issues.rda": ("un_roll_call_issues", ("rcid", "short_name")),
}
_ALPHA3 = {
    "BY": "BLR", "CN": "CHN", "RU": "RUS", "US": "USA", "KZ": "KAZ", "UA": "UKR",
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "HR": "HRV", "CY": "CYP", "CZ": "CZE", "DK": "DNK", "EE": "EST",
    "FI": "FIN", "FR": "FRA", "DE": "DEU", "GR": "GRC", "HU": "HUN", "IE": "IRL", "IT": "ITA", "LV": "LVA",
    "LT": "LTU", "LU": "LUX", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SK": "SVK",
    "SI": "SVN", "ES": "ESP", "SE": "SWE", "GB": "GBR",
}  # fmt: skip
#: ISO alpha-2 code in the files -> alpha-3 code in the data, for every country whose votes are imported.
COUNTRIES: dict[str, str] = {a2: a3 for a2, a3 in _ALPHA3.items() if a3 in UN_VOTE_REFERENCE_COUNTRIES} | {
    a2: a3 for a2, a3 in _ALPHA3.items() if a3 in UN_VOTE_EU_MEMBERS
}


class UnvotesFormatError(ValueError):
    """The files are not what ``unvotes`` ships; the message names the file, the row and what was expected."""


@dataclass(frozen=True)
class UnvotesImport:
    """What an import does: the change per table, the date of the last roll call, and the coverage rows' end."""

    changes: list[TableChange]
    last_date: dt.date
    coverage_last_year: int | None

    @property
    def coverage_is_behind(self) -> bool:
        """True when the roll calls run past the last year the ``coverage`` rows of the UN tables state."""
        return self.coverage_last_year is None or self.last_date.year > self.coverage_last_year


@dataclass(frozen=True)
class UnvotesTables:
    """Rows of ``un_roll_calls`` and ``un_votes`` made from the files, as mappings of field values."""

    roll_calls: list[dict[str, Any]]
    votes: list[dict[str, Any]]


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _read_frame(folder: Path, file: str) -> pd.DataFrame:
    import pandas as pd
    import pyreadr

    obj, columns = FILES[file]
    path = folder / file
    if not path.is_file():
        raise UnvotesFormatError(f"{path}: file is missing")
    try:
        result = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own types and OSError for damaged files
        raise UnvotesFormatError(f"{path}: not a readable R data file ({type(exc).__name__}: {exc})") from None
    if obj not in result:
        raise UnvotesFormatError(f"{path}: no R object {obj!r} (objects: {', '.join(result) or 'none'})")
    frame = result[obj]
    assert isinstance(frame, pd.DataFrame)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UnvotesFormatError(
            f"{path}: object {obj!r} lacks column(s) {', '.join(missing)} (has {', '.join(map(str, frame.columns))})"
        )
    return frame


def _check_sums(folder: Path) -> None:
    """When the folder has a ``SHA256SUMS`` file, each of the three files must match it."""
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        return
    expected = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.strip().partition("  ")
        if name:
            expected[str(PurePosixPath(name.lstrip("*")))] = digest  # "./a.rda" and "a.rda" name the same file
    for file in FILES:
        path = folder / file
        if file not in expected:
            raise UnvotesFormatError(f"{sums}: lists no checksum for {file}, so the file cannot be checked")
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != expected[file]:
            raise UnvotesFormatError(f"{path}: sha256 differs from {sums.name}; the file changed or is damaged")


def _whole(value: Any, where: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if _missing(value) or isinstance(value, bool) or not math.isfinite(number) or number != int(number):
        raise UnvotesFormatError(f"{where}: expected a whole number, got {value!r}")
    return int(number)


def _flag(value: Any, where: str) -> bool | None:
    if _missing(value):
        return None
    text = str(value).strip()
    if text in ("1", "1.0", "True", "TRUE"):
        return True
    if text in ("0", "0.0", "False", "FALSE"):
        return False
    raise UnvotesFormatError(f"{where}: expected a 0/1 flag or NA, got {value!r}")


#: Mis-encoded sequences found in the Voeten files (UTF-8 read as Windows-1252 twice, a character lost as "?"),
#: and what they stood for: an apostrophe, and a stray mark before a title.
MOJIBAKE_REPAIRS = {"?\u00c3\u0192\u00e2\u20ac ": "'", "?\u00c3\u0192\u00c2\u00a1": ""}
_MOJIBAKE = re.compile("[\u00c3\u00c2][\u0080-\u00bf\u0192\u201a-\u203a\u20ac]|\u00e2\u20ac")


def _text(value: Any) -> str | None:
    """A text cell: blanks collapsed, the known mis-encodings repaired (others are refused for kept roll calls)."""
    if _missing(value):
        return None
    text = " ".join(str(value).split())
    for broken, repaired in MOJIBAKE_REPAIRS.items():
        text = text.replace(broken, repaired)
    return text.strip() or None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise UnvotesFormatError(f"{where}: expected a date, got {value!r}") from None


def read_unvotes(folder: Path, *, source_id: str = SOURCE_ID, first_year: int = FIRST_YEAR) -> UnvotesTables:
    """Read the three files in ``folder`` into the rows of ``un_roll_calls`` and ``un_votes``.

    Roll calls dated in ``first_year`` or later are kept, in rcid order; votes of :data:`COUNTRIES` on them, in
    rcid and country order. Raises :class:`UnvotesFormatError` on anything unexpected.

    >>> from belarus_china_data.curation.build import repository_root
    >>> tables = read_unvotes(repository_root().parent / "shared" / "sources" / "unga-votes")  # doctest: +SKIP
    >>> tables.roll_calls[0]["rcid"], tables.votes[0]["country"]  # doctest: +SKIP
    (3662, 'AUT')
    """
    folder = _files_folder(folder)
    _check_sums(folder)
    calls = _read_frame(folder, "un_roll_calls.rda")
    votes = _read_frame(folder, "un_votes.rda")
    issues = _read_frame(folder, "un_roll_call_issues.rda")

    roll_calls: dict[int, dict[str, Any]] = {}
    for number, row in enumerate(calls.to_dict("records"), start=1):
        where = f"{folder / 'un_roll_calls.rda'}, row {number}"
        rcid = _whole(row["rcid"], where + ", rcid")
        if rcid in roll_calls:
            raise UnvotesFormatError(f"{where}: rcid {rcid} repeated")
        date = _date(row["date"], where + ", date")
        if date > dt.date.today():
            raise UnvotesFormatError(f"{where}, date: {date} is in the future; the file is damaged")
        record = {
            "rcid": rcid,
            "session": _whole(row["session"], where + ", session"),
            "date": date,
            "unres": _text(row["unres"]),
            "short_title": _text(row["short"]),
            "important_vote": _flag(row["importantvote"], where + ", importantvote"),
            "amend": _flag(row["amend"], where + ", amend"),
            "para": _flag(row["para"], where + ", para"),
            "issues": None,
            "source_id": source_id,
        }
        roll_calls[rcid] = record
    kept = {rcid: row for rcid, row in sorted(roll_calls.items()) if row["date"].year >= first_year}
    for rcid, call in kept.items():
        if call["short_title"] and _MOJIBAKE.search(call["short_title"]):
            raise UnvotesFormatError(
                f"{folder / 'un_roll_calls.rda'}, rcid {rcid}, short: mis-encoded text {call['short_title']!r} (UTF-8 "
                "read as Windows-1252); add its repair to MOJIBAKE_REPAIRS"
            )
    if not kept:
        raise UnvotesFormatError(f"{folder}: no roll call dated {first_year} or later; nothing to import")

    codes: dict[int, set[str]] = {}
    known_issues = {code.value for code in UnIssue}
    for number, row in enumerate(issues.to_dict("records"), start=1):
        where = f"{folder / 'un_roll_call_issues.rda'}, row {number}"
        rcid = _whole(row["rcid"], where + ", rcid")
        code = _text(row["short_name"])
        if code not in known_issues:
            raise UnvotesFormatError(f"{where}: unknown issue code {code!r} (known: {', '.join(UnIssue)})")
        if rcid not in roll_calls:
            raise UnvotesFormatError(f"{where}: rcid {rcid} is not a roll call of un_roll_calls.rda")
        if code in codes.setdefault(rcid, set()):
            raise UnvotesFormatError(f"{where}: issue {code} repeated for rcid {rcid}")
        codes[rcid].add(code)
    for rcid, found in codes.items():
        if rcid in kept:
            kept[rcid]["issues"] = "; ".join(code.value for code in UnIssue if code.value in found)

    choices = {choice.value for choice in UnVoteChoice}
    texts = votes["vote"].astype("string")
    bad = texts.isna() | ~texts.str.strip().isin(list(choices))
    if bad.any():
        number = int(bad.to_numpy().argmax()) + 1
        raise UnvotesFormatError(
            f"{folder / 'un_votes.rda'}, row {number}: unknown vote {votes['vote'].iloc[number - 1]!r} "
            "(expected yes, no or abstain)"
        )
    wanted = votes["country_code"].astype("string").isin(list(COUNTRIES)).fillna(False).to_numpy()
    found_votes: dict[tuple[int, str], dict[str, Any]] = {}
    # the columns as arrays once (a pandas lookup per cell costs more than the whole check)
    rcids, country_codes, choices_given = (c.to_numpy() for c in (votes["rcid"], votes["country_code"], texts))
    for index in wanted.nonzero()[0]:
        where = f"{folder / 'un_votes.rda'}, row {index + 1}"
        rcid = _whole(rcids[index], where + ", rcid")
        if rcid not in roll_calls:
            raise UnvotesFormatError(f"{where}: rcid {rcid} is not a roll call of un_roll_calls.rda")
        if rcid not in kept:
            continue
        code = str(country_codes[index])
        key = (rcid, COUNTRIES[code])
        if key in found_votes:
            raise UnvotesFormatError(f"{where}: a second vote of {code} on rcid {rcid}")
        found_votes[key] = {
            "rcid": rcid,
            "country": key[1],
            "vote": str(choices_given[index]).strip(),
            "ccode": cow_code(key[1]),
        }
    return UnvotesTables(list(kept.values()), [found_votes[key] for key in sorted(found_votes)])


def _files_folder(folder: Path) -> Path:
    """The folder with the files: ``folder`` itself, or ``folder/sources/unga-votes`` when given ``shared``."""
    nested = folder / "sources" / "unga-votes"
    if not (folder / "un_votes.rda").exists() and nested.is_dir():
        return nested
    return folder


def import_unvotes(
    folder: Path,
    data_dir: Path,
    *,
    source_id: str = SOURCE_ID,
    allow_shrink: bool = False,
    write: bool = True,
) -> UnvotesImport:
    """Replace ``un_roll_calls`` and ``un_votes`` in ``data_dir`` by what the files in ``folder`` hold.

    ``source_id`` must be a row of ``sources.csv``. Refuses (:class:`UnvotesFormatError`) to drop a roll call that
    is in the data now unless ``allow_shrink``; the result is validated with the whole dataset and written all or
    nothing (:func:`~.transaction.commit_tables`). Returns the change per table and whether the ``coverage`` rows
    of the two tables still reach the last roll call (the curator updates them by hand for a newer download).

    >>> import tempfile
    >>> from belarus_china_data.curation.build import repository_root
    >>> import_unvotes(Path(tempfile.mkdtemp()), repository_root() / "data", write=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    belarus_china_data.curation.unvotes.UnvotesFormatError: .../un_roll_calls.rda: file is missing
    """
    sources = read_raw_rows(data_dir / "sources.csv", "sources")
    if source_id not in {row["source_id"] for row in sources}:
        raise UnvotesFormatError(f"--source-id {source_id} is not in data/sources.csv; add the download's row first")
    tables = read_unvotes(folder, source_id=source_id)
    existing = data_dir / "un_roll_calls.csv"
    rows = read_raw_rows(existing, "un_roll_calls") if existing.is_file() else []
    current = {int(str(row["rcid"])) for row in rows}
    dropped = sorted(current - {row["rcid"] for row in tables.roll_calls})
    if dropped and not allow_shrink:
        shown = ", ".join(map(str, dropped[:8])) + (", ..." if len(dropped) > 8 else "")
        raise UnvotesFormatError(
            f"the import would drop {len(dropped)} roll call(s) now in the data ({shown}); "
            "pass --allow-shrink if that is intended"
        )
    changes = commit_tables(
        data_dir,
        {
            "un_roll_calls": table_csv_text("un_roll_calls", tables.roll_calls),
            "un_votes": table_csv_text("un_votes", tables.votes),
        },
        write=write,
    )
    coverage = read_raw_rows(data_dir / "coverage.csv", "coverage")
    years = [int(str(row["last_year"])) for row in coverage if row["table_name"] in ("un_roll_calls", "un_votes")]
    last_date = max(row["date"] for row in tables.roll_calls)
    return UnvotesImport(changes, last_date, min(years) if years else None)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the importer; returns the exit code (errors are one line on standard error)."""
    parser = argparse.ArgumentParser(
        prog="python -m belarus_china_data.curation.unvotes", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder", type=Path, help="folder with the three .rda files (or the shared/ folder)")
    parser.add_argument("--source-id", default=SOURCE_ID, help=f"id of the download in data/sources.csv ({SOURCE_ID})")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the checkout's data/)")
    parser.add_argument("--allow-shrink", action="store_true", help="allow dropping roll calls now in the data")
    parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    args = parser.parse_args(argv)
    from .build import repository_root

    data_dir = args.data or repository_root() / "data"
    try:
        result = import_unvotes(
            args.folder, data_dir, source_id=args.source_id, allow_shrink=args.allow_shrink, write=not args.dry_run
        )
    except DataValidationError as exc:
        first = exc.errors[0] if exc.errors else exc
        more = f" (and {len(exc.errors) - 1} more)" if len(exc.errors) > 1 else ""
        print(f"unvotes: error: {first}{more}", file=sys.stderr)
        return 1
    except (UnvotesFormatError, OSError) as exc:
        print(f"unvotes: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    for change in result.changes:
        print(("would change " if args.dry_run and change.changed else "") + str(change))
    print(f"last roll call: {result.last_date.isoformat()}")
    if result.coverage_is_behind:
        print(
            f"the coverage rows of un_roll_calls and un_votes end in {result.coverage_last_year}: "
            f"update them in data/coverage.csv to {result.last_date.year}"
        )
    if not args.dry_run and any(change.changed for change in result.changes):
        print("now run python -m belarus_china_data.curation.build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
