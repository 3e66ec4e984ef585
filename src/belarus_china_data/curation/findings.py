"""Merge research findings into ``data/``: validate, flag duplicates, show the change, write all or nothing.

A findings file (format in ``docs/FINDINGS.md``) holds new sources and items: records to add, fields to update,
records to retire, each with its evidence (source and verbatim quote). Usage, from a clone of the repository::

    python -m belarus_china_data.curation.findings findings/PASS/*.json           # check and show the change
    python -m belarus_china_data.curation.findings findings/PASS/*.json --write   # then write it

Several files are merged as one change. Nothing is written unless every item of every file is valid, no item
looks like a duplicate of an existing record (or says which records it was checked against in
``distinct_from``), and the data as a whole passes every rule of the build.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._version import __version__
from ..contract.cells import render_cell
from ..contract.dates import parse_partial_date
from ..contract.errors import DataError, DataValidationError
from ..contract.models import TABLE_MODELS, Record, Source
from ..contract.schema import field_specs
from .csvfiles import read_raw_rows, table_csv_text
from .rules import QUOTE_CHARACTERS, QUOTE_WORDS, same_address
from .transaction import TableChange, commit_tables

__all__ = ["FINDINGS_FORMAT", "FindingsMerge", "merge_findings"]

FINDINGS_FORMAT = "belarus-china-data/findings/1"
#: Tables a findings item may not write directly (they are written from the items' evidence and retirements).
MANAGED_TABLES = frozenset({"retired_ids"})
#: Links of records to sources are written from the items' evidence; an item may only correct what one says.
LINK_ACTIONS = frozenset({"update"})
#: Bounds of one findings file: its size, its items, and the problems reported before the merge stops listing.
MAX_FILE_BYTES = 20_000_000
MAX_ITEMS = 5_000
MAX_ERRORS = 200
#: Id prefixes whose year part must be the year of the record's main date (for records a findings file adds).
YEAR_IDS = {"agreements": "date_signed", "visits": "start_date", "events": "date", "loans": "date"}
#: Sources are added in a file's ``sources`` list; items may only correct (update) or merge (retire) them.
SOURCE_ACTIONS = frozenset({"update", "retire"})
#: For link tables, the field naming the record that their evidence backs.
LINK_PARENTS = {
    "agreement_parties": "agreement_id",
    "agreement_signatories": "agreement_id",
    "visit_participants": "visit_id",
    "positions": "person_id",
}
#: Tables whose records reference the retired record and go with it.
_DEPENDENT_LINKS = {
    "agreements": ("agreement_parties", "agreement_signatories"),
    "visits": ("visit_participants",),
}
DUPLICATE_DAYS = 7
QUOTE_LIMIT = 220
TITLE_SIMILARITY = 0.72


@dataclass
class FindingsMerge:
    """What merging some findings files would do: rows per table after the merge, and a readable change list."""

    tables: dict[str, list[dict[str, Any]]]
    lines: list[str] = field(default_factory=list)
    changes: list[TableChange] = field(default_factory=list)

    def report(self) -> str:
        """The change, one line per record, then one line per table."""
        return "\n".join([*self.lines, *(str(change) for change in self.changes if change.changed)])


def _key(table: str) -> tuple[str, ...]:
    return TABLE_MODELS[table].table.primary_key


def _fill_derived(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """Add the derived date columns the model expects, computed from the dates given."""
    result = {k: v for k, v in record.items() if not any(k == f"{d}_{s}" for d in _dated(table) for s in _SUFFIXES)}
    for name in _dated(table):
        text = result.get(name)
        if text:
            parsed = parse_partial_date(str(text))
            result |= {
                f"{name}_precision": parsed.precision.value,
                f"{name}_earliest": parsed.earliest,
                f"{name}_latest": parsed.latest,
            }
    return result


_SUFFIXES = ("precision", "earliest", "latest")


def _dated(table: str) -> tuple[str, ...]:
    return TABLE_MODELS[table].table.dated_fields


def _as_cells(table: str, record: Record) -> dict[str, Any]:
    return {spec.name: _cell(getattr(record, spec.name)) for spec in field_specs(TABLE_MODELS[table])}


def _cell(value: Any) -> str | None:
    return render_cell(value) or None


#: Cyrillic letters that look like Latin ones: a name typed with them must still match its Latin twin.
_HOMOGLYPHS = str.maketrans("асеорхуікјмтнвѕԁԛԝ", "aceopxyikjmthbsdqw")


def _normalized(text: str) -> str:
    """Text for comparing titles and names: compatibility forms, case, punctuation and look-alike letters aside.

    >>> _normalized("Xi Jinping") == _normalized("X\u0456 J\u0456n\u0440\u0456ng")  # Cyrillic i and p
    True
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if re.search("[a-z]", text):  # Latin text: read Cyrillic look-alikes as the Latin letters they imitate
        text = text.translate(_HOMOGLYPHS)
    return re.sub(r"[\W_]+", " ", text).strip()


def _titles(table: str, row: dict[str, Any]) -> list[str]:
    names = ("title_en", "title_ru", "title_be", "title_zh", "name_en", "name_ru", "name_be", "name_zh")
    found = [_normalized(str(row[n])) for n in names if row.get(n)]
    if row.get("name_variants"):
        found += [_normalized(v) for v in str(row["name_variants"]).split("; ")]
    return [t for t in found if t]


def _span(table: str, row: dict[str, Any]) -> tuple[Any, Any] | None:
    for name in _dated(table)[:1]:
        text = row.get(name)
        if text:
            parsed = parse_partial_date(str(text))
            return parsed.earliest, parsed.latest
    return None


def probable_duplicates(table: str, row: dict[str, Any], existing: Iterable[dict[str, Any]]) -> list[str]:
    """Ids of existing records that ``row`` probably repeats: for people and organizations, a shared name in any
    language; for dated records, dates within a few days and a similar title in any language.

    >>> old = [{"visit_id": "vis-2015-a", "title_en": "State visit of Xi Jinping", "start_date": "2015-05-10"}]
    >>> new = {"visit_id": "vis-2015-b", "title_en": "Xi Jinping state visit", "start_date": "2015-05"}
    >>> probable_duplicates("visits", new, old)
    ['vis-2015-a']
    """
    key = _key(table)[0]
    titles = _titles(table, row)
    if not titles:
        return []
    span = _span(table, row)
    found = []
    for other in existing:
        if other.get(key) == row.get(key):
            continue
        other_titles = _titles(table, other)
        if table in ("persons", "organizations"):
            if set(titles) & set(other_titles):
                found.append(str(other[key]))
            continue
        other_span = _span(table, other)
        if span is None or other_span is None:
            continue
        near = (other_span[0] - span[1]).days <= DUPLICATE_DAYS and (span[0] - other_span[1]).days <= DUPLICATE_DAYS
        if not near:
            continue
        similar = any(
            difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY or _same_words(a, b)
            for a in titles
            for b in other_titles
        )
        if similar:
            found.append(str(other[key]))
    return found


def _same_words(a: str, b: str) -> bool:
    """True when two titles share the same set of words (word order and function words aside)."""
    stop = {"of", "the", "to", "in", "and", "a", "s", "on", "visit", "at"}
    wa, wb = set(a.split()) - stop, set(b.split()) - stop
    return bool(wa) and wa == wb


class _Merger:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.tables = {name: read_raw_rows(data_dir / f"{name}.csv", name) for name in TABLE_MODELS}
        self.errors: list[DataError] = []
        self.lines: list[str] = []
        self.retired = {str(r["retired_id"]) for r in self.tables["retired_ids"]}
        #: successor id -> ids that a retirement in the files being merged replaces by it
        self.replaced: dict[str, set[str]] = {}
        #: ids that a retirement in the files being merged retires (records and sources)
        self.retiring: set[str] = set()
        #: agreements the files add: where, and the ids the researcher checked as distinct
        self.added_agreements: dict[str, tuple[str, str, set[str]]] = {}

    def index(self, table: str) -> dict[tuple[Any, ...], dict[str, Any]]:
        key = _key(table)
        return {tuple(row[k] for k in key): row for row in self.tables[table]}

    def error(self, file: str, where: str, field_name: str | None, message: str) -> None:
        self.errors.append(DataError(f"{file}, {where}", None, field_name, message))

    def validate(self, file: str, where: str, table: str, cells: dict[str, Any]) -> Record | None:
        values = {k: v for k, v in cells.items() if v is not None}
        try:
            return TABLE_MODELS[table].model_validate(values)
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                for item in exc.errors():
                    loc = ".".join(str(p) for p in item["loc"]) or getattr(
                        item.get("ctx", {}).get("error"), "field", None
                    )
                    self.error(file, where, loc, item["msg"].removeprefix("Value error, "))
            else:
                self.error(file, where, None, str(exc))
            return None

    def plain_values(self, file: str, where: str, table: str, raw: dict[str, Any]) -> bool:
        """Every value of a record is a JSON string, number, true/false or null, and a text field's is a string."""
        specs = {spec.name: spec for spec in field_specs(TABLE_MODELS[table])}
        ok = True
        for name, value in raw.items():
            spec = specs.get(name)
            if isinstance(value, list | dict):
                self.error(file, where, name, f"expected a single value, got a JSON {type(value).__name__}")
                ok = False
            elif spec is not None and spec.base_type is str and value is not None and not isinstance(value, str):
                self.error(file, where, name, f"expected text in quotes, got {json.dumps(value)}")
                ok = False
        return ok

    def merge_file(self, path: Path) -> None:
        file = str(path)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.error(file, "file", None, f"{size:,} bytes; a findings file holds at most {MAX_FILE_BYTES:,}")
                return
            document = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_unique_keys)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.error(file, "file", None, f"not readable as UTF-8 JSON ({exc})")
            return
        except _DuplicateKeyError as exc:
            self.error(file, "file", str(exc), "the key appears twice in one JSON object; keep one")
            return
        except RecursionError:
            self.error(file, "file", None, "JSON nested too deeply to be a findings file")
            return
        if not isinstance(document, dict) or document.get("format") != FINDINGS_FORMAT:
            self.error(file, "file", "format", f"expected a JSON object with format {FINDINGS_FORMAT!r}")
            return
        for required in ("pass", "researcher", "searched"):
            if not isinstance(document.get(required), str) or not document[required].strip():
                self.error(file, "file", required, "required text is missing")
        sources = document.get("sources", [])
        items = document.get("items", [])
        if not isinstance(sources, list) or not isinstance(items, list):
            self.error(file, "file", "items", "sources and items must be lists")
            return
        if len(items) + len(sources) > MAX_ITEMS:
            self.error(
                file,
                "file",
                "items",
                f"{len(items) + len(sources):,} sources and items; a findings file holds at most "
                f"{MAX_ITEMS:,} (split the pass into several files)",
            )
            return
        self.lines.append(f"{file}: {len(sources)} new source(s), {len(items)} item(s)")
        for item in items:  # a record that replaces one retired in the same file is not that record's duplicate
            if isinstance(item, dict) and item.get("action") == "retire" and isinstance(item.get("record"), dict):
                retired_key = next((str(v) for v in item["record"].values() if isinstance(v, str)), None)
                if isinstance(item.get("successor_id"), str) and retired_key:
                    self.replaced.setdefault(item["successor_id"], set()).add(retired_key)
                if retired_key:
                    self.retiring.add(retired_key)
        for number, source in enumerate(sources, start=1):
            self.add_source(file, f"source {number}", source)
        for number, item in enumerate(items, start=1):
            if len(self.errors) >= MAX_ERRORS:
                self.error(file, f"item {number}", None, f"stopped after {MAX_ERRORS} problems; fix these first")
                return
            if not isinstance(item, dict):
                self.error(file, f"item {number}", None, "an item must be a JSON object")
                continue
            self.merge_item(file, number, item)

    def add_source(self, file: str, where: str, source: Any) -> None:
        if not isinstance(source, dict):
            self.error(file, where, None, "a source must be a JSON object")
            return
        record = self.validate(file, where, "sources", source)
        if record is None:
            return
        assert isinstance(record, Source)
        existing = self.index("sources")
        if (record.source_id,) in existing:
            if _as_cells("sources", record) != existing[(record.source_id,)]:
                self.error(file, where, "source_id", f"{record.source_id} exists with other fields; reuse or rename it")
            return
        same_url = [
            row["source_id"]
            for row in self.tables["sources"]
            if record.url and row["url"] and same_address(row["url"], record.url)
        ]
        if same_url:
            self.error(file, where, "url", f"{record.url} is already source {same_url[0]}; reuse that id")
            return
        cells = _as_cells("sources", record)
        same_work = [
            row["source_id"]
            for row in self.tables["sources"]
            if (row["publisher"], row["title"], row["published"])
            == (cells["publisher"], cells["title"], cells["published"])
            and row["source_id"] not in self.replaced.get(record.source_id, set())
        ]
        if same_work:
            self.error(
                file,
                where,
                "source_id",
                f"{record.source_id} has the publisher, title and date of {same_work[0]}; reuse that id",
            )
            return
        self.tables["sources"].append(_as_cells("sources", record))
        self.lines.append(f"+ sources {record.source_id}")

    def merge_item(self, file: str, number: int, item: dict[str, Any]) -> None:
        table, action, raw = item.get("table"), item.get("action"), item.get("record")
        where = f"item {number} ({table})"
        if table not in TABLE_MODELS or table in MANAGED_TABLES:
            allowed = [t for t in TABLE_MODELS if t not in MANAGED_TABLES]
            close = difflib.get_close_matches(str(table), allowed, n=1)
            hint = f"; did you mean {close[0]}?" if close else f"; tables: {', '.join(allowed)}"
            self.error(file, where, "table", f"{table!r} is not a table findings can write{hint}")
            return
        if action not in ("add", "update", "retire", "remove"):
            self.error(file, where, "action", f"{action!r}: expected add, update, retire or remove")
            return
        if table == "record_sources" and action not in LINK_ACTIONS:
            self.error(
                file,
                where,
                "action",
                f"{action!r} on record_sources: links are written from an item's evidence; an "
                "item may only update what a link says (supports, quote, note)",
            )
            return
        if table == "sources" and action not in SOURCE_ACTIONS:
            self.error(
                file,
                where,
                "action",
                f"{action!r} on sources: new sources go in the file's sources list; items "
                "may update a source (a corrected title, date or publisher) or retire it into a duplicate",
            )
            return
        if not isinstance(raw, dict):
            self.error(file, where, "record", "record must be a JSON object")
            return
        if not self.plain_values(file, where, table, raw):
            return
        key_fields = _key(table)
        missing_key = [k for k in key_fields if not raw.get(k)]
        if missing_key:
            self.error(file, where, missing_key[0], "the record's key is missing")
            return
        key = tuple(str(raw[k]) for k in key_fields)
        label = "/".join(key)
        existing = self.index(table)
        if action == "retire":
            self.retire(file, where, table, key, item)
            return
        if action == "remove":
            self.remove(file, where, table, key, item)
            return
        if action == "update":
            if key not in existing:
                self.error(file, where, key_fields[0], f"{label} is not in data/{table}.csv (use action add)")
                return
            if not isinstance(item.get("reason"), str) or not item["reason"].strip():
                self.error(file, where, "reason", "an update needs a reason")
                return
            before = existing[key]
            cells = dict(before) | {k: (None if v is None else _plain(v)) for k, v in raw.items()}
        else:
            if key in existing:
                self.error(file, where, key_fields[0], f"{label} is already in data/{table}.csv (use action update)")
                return
            if len(key) == 1 and key[0] in self.retired:
                self.error(file, where, key_fields[0], f"{label} is a retired id; ids are never reused")
                return
            before = None
            cells = {k: (None if v is None else _plain(v)) for k, v in raw.items()}
        try:
            filled = _fill_derived(table, cells)
        except ValueError as exc:  # a date that is no date: name the field
            field_name = next((d for d in _dated(table) if cells.get(d) and str(cells[d]) in str(exc)), None)
            self.error(file, where, field_name, str(exc))
            return
        record = self.validate(file, where, table, filled)
        if record is None:
            return
        if before is None and table in YEAR_IDS and filled.get(YEAR_IDS[table]):
            id_year, date_year = key[0].split("-")[1], str(filled[YEAR_IDS[table]])[:4]
            if id_year != date_year:
                self.error(
                    file,
                    where,
                    key_fields[0],
                    f"{key[0]} says {id_year} but {YEAR_IDS[table]} is in {date_year}; "
                    f"name it {key[0].split('-')[0]}-{date_year}-{'-'.join(key[0].split('-')[2:])}",
                )
                return
        row = _as_cells(table, record)
        if not self.evidence(file, where, table, row, item, required=action == "add"):
            return
        if before is None:
            if table not in LINK_PARENTS and table != "coverage":
                distinct = item.get("distinct_from") or []
                if not isinstance(distinct, list) or not all(isinstance(d, str) for d in distinct):
                    self.error(file, where, "distinct_from", 'expected a list of ids, e.g. ["agr-2019-x"]')
                    return
                checked = set(distinct) | self.replaced.get(key[0], set())
                duplicates = [d for d in probable_duplicates(table, row, self.tables[table]) if d not in checked]
                if duplicates:
                    self.error(
                        file,
                        where,
                        key_fields[0],
                        f"{label} looks like a duplicate of {', '.join(duplicates)}; merge it as an update, or list "
                        "the ids in distinct_from after checking",
                    )
                    return
            self.tables[table].append(row)
            if table == "agreements":
                self.added_agreements[key[0]] = (file, where, set(item.get("distinct_from") or []))
            title = row.get("title_en") or row.get("name_en") or ""
            self.lines.append(f"+ {table} {label}" + (f"  {title}" if title else ""))
        else:
            changed = [f for f in row if row[f] != before.get(f) and not f.endswith(_SUFFIXES)]
            if not changed:
                self.lines.append(f"= {table} {label} (no change)")
                return
            before.clear()
            before.update(row)
            self.lines.append(f"~ {table} {label}: {', '.join(changed)}")

    def evidence(
        self, file: str, where: str, table: str, row: dict[str, Any], item: dict[str, Any], *, required: bool
    ) -> bool:
        entries = item.get("evidence") or []
        meta = TABLE_MODELS[table].table
        if table in LINK_PARENTS:
            record_id = str(row[LINK_PARENTS[table]])
        elif meta.id_prefix:
            record_id = str(row[meta.primary_key[0]])
        else:
            return True
        if required and meta.id_prefix and not entries:
            self.error(file, where, "evidence", "a new record needs at least one source with a quote")
            return False
        if not isinstance(entries, list):
            self.error(file, where, "evidence", "evidence must be a list")
            return False
        sources = self.index("sources")
        links = self.index("record_sources")
        ok = True
        new_links: dict[str, dict[str, Any]] = {}
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                self.error(file, where, f"evidence {number}", "must be a JSON object")
                ok = False
                continue
            source_id = entry.get("source_id")
            if (source_id,) not in sources:
                close = difflib.get_close_matches(str(source_id), [k[0] for k in sources], n=1)
                hint = f" (closest: {close[0]})" if close else ""
                self.error(file, where, f"evidence {number}", f"source {source_id} is not in sources{hint}")
                ok = False
                continue
            quote = entry.get("quote")
            if not isinstance(quote, str) or not quote.strip():
                self.error(file, where, f"evidence {number}", "a quote from the source is required")
                ok = False
                continue
            link = {
                "record_id": record_id,
                "source_id": source_id,
                "supports": entry.get("supports") or None,
                "quote": quote,
                "note": entry.get("note") or None,
            }
            if source_id in new_links:  # two quotes from one source: one link holding both, where they fit
                first = new_links.pop(source_id)
                both = f"{first['quote']} … {quote}"
                short = len(both) <= QUOTE_LIMIT and (len(both.split()) <= QUOTE_WORDS or len(both) <= QUOTE_CHARACTERS)
                link["quote"] = both if short else first["quote"]
                link["supports"] = "; ".join(s for s in (first["supports"], link["supports"]) if s) or None
            checked = self.validate(file, f"{where}, evidence {number}", "record_sources", link)
            if checked is None:
                ok = False
                continue
            if (record_id, source_id) not in links:
                new_links[str(source_id)] = _as_cells("record_sources", checked)
        if ok:
            self.tables["record_sources"].extend(new_links.values())
        return ok

    def remove(self, file: str, where: str, table: str, key: tuple[str, ...], item: dict[str, Any]) -> None:
        """Drop one row of a link table (a party, signatory, participant or post that a source contradicts).

        Records with ids are never removed, only retired, so that every published id stays traceable; a link row
        has no id of its own, and the reason goes into the merge report and the reviewed findings file.
        """
        key_fields = _key(table)
        label = "/".join(key)
        if table not in LINK_PARENTS:
            self.error(file, where, "action", f"only link rows can be removed; retire {label} instead")
            return
        if key not in self.index(table):
            self.error(file, where, key_fields[-1], f"{label} is not in data/{table}.csv")
            return
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            self.error(file, where, "reason", "a removal needs a reason")
            return
        self.tables[table] = [row for row in self.tables[table] if tuple(row[k] for k in key_fields) != key]
        self.lines.append(f"- {table} {label}: {reason.strip()}")

    def same_day_and_parties(self) -> None:
        """An added agreement signed on the same day by the same parties as another is probably that agreement
        under a reworded title: flagged unless the researcher listed it in ``distinct_from``."""
        parties: dict[str, frozenset[str]] = {}
        for link in self.tables["agreement_parties"]:
            parties[str(link["agreement_id"])] = parties.get(str(link["agreement_id"]), frozenset()) | {
                str(link["organization_id"])
            }
        by_day: dict[tuple[str, frozenset[str]], list[str]] = {}
        for row in self.tables["agreements"]:
            day = str(row.get("date_signed") or "")
            if len(day) == 10 and row["agreement_id"] in parties:
                by_day.setdefault((day, parties[row["agreement_id"]]), []).append(str(row["agreement_id"]))
        for agreement_id, (file, where, distinct) in self.added_agreements.items():
            for ids in by_day.values():
                twins = [i for i in ids if i != agreement_id and i not in distinct] if agreement_id in ids else []
                if twins:
                    self.error(
                        file,
                        where,
                        "agreement_id",
                        f"{agreement_id} has the signing day and parties of "
                        f"{', '.join(twins)}: the same document under another title? Merge it as an update, or list "
                        "the ids in distinct_from after checking",
                    )

    def sources_left_without_record(self, record_id: str) -> list[str]:
        """Sources whose every link is to ``record_id`` or to records retired in this merge, unless retired too."""
        backing: dict[str, set[str]] = {}
        for link in self.tables["record_sources"]:
            backing.setdefault(str(link["source_id"]), set()).add(str(link["record_id"]))
        return sorted(
            source
            for source, records in backing.items()
            if record_id in records and records <= self.retiring | {record_id} and source not in self.retiring
        )

    def retire(self, file: str, where: str, table: str, key: tuple[str, ...], item: dict[str, Any]) -> None:
        if len(key) != 1:
            self.error(file, where, "action", "only records with an id can be retired")
            return
        record_id = key[0]
        if (record_id,) not in self.index(table):
            self.error(file, where, _key(table)[0], f"{record_id} is not in data/{table}.csv")
            return
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            self.error(file, where, "reason", "a retirement needs a reason")
            return
        id_field = _key(table)[0]
        successor = item.get("successor_id")
        if table == "sources" and not successor:
            # a source that backs nothing but records retired in the same merge leaves with them
            live = sorted(
                {
                    str(link["record_id"])
                    for link in self.tables["record_sources"]
                    if link["source_id"] == record_id and link["record_id"] not in self.retiring
                }
            )
            if live:
                self.error(
                    file,
                    where,
                    "successor_id",
                    f"{record_id} still backs {', '.join(live[:3])}: retire it into the "
                    "source it duplicates (successor_id), or keep it",
                )
                return
            self.tables["record_sources"] = [r for r in self.tables["record_sources"] if r["source_id"] != record_id]
        elif table == "sources":
            # a duplicate source: its links now name the source it duplicates (one link per record and source)
            if (str(successor),) not in self.index("sources"):
                self.error(
                    file,
                    where,
                    "successor_id",
                    f"{successor} is not a source; a source is retired into the source it duplicates",
                )
                return
            backed = {r["record_id"] for r in self.tables["record_sources"] if r["source_id"] == successor}
            moved = []
            for link in self.tables["record_sources"]:
                if link["source_id"] != record_id:
                    moved.append(link)
                elif link["record_id"] not in backed:
                    moved.append(link | {"source_id": successor})
            self.tables["record_sources"] = moved
        if table != "sources" and not successor:
            orphans = self.sources_left_without_record(record_id)
            if orphans:
                self.error(
                    file,
                    where,
                    "successor_id",
                    f"retiring {record_id} without successor leaves {', '.join(orphans)} "
                    "backing no record: retire them in the same file too (items with table sources, action retire, "
                    "a reason and no successor_id), or name a successor",
                )
                return
        self.tables[table] = [row for row in self.tables[table] if row[id_field] != record_id]
        for link_table in _DEPENDENT_LINKS.get(table, ()):
            self.tables[link_table] = [row for row in self.tables[link_table] if row[id_field] != record_id]
        if table != "sources":  # a source's links were moved above
            # the evidence of a record with a successor now backs the successor (its sources stay in use)
            kept: list[dict[str, Any]] = []
            successor_sources = {r["source_id"] for r in self.tables["record_sources"] if r["record_id"] == successor}
            for link in self.tables["record_sources"]:
                if link["record_id"] != record_id:
                    kept.append(link)
                elif successor and link["source_id"] not in successor_sources:
                    kept.append(link | {"record_id": successor})
            self.tables["record_sources"] = kept
        retired = {
            "retired_id": record_id,
            "successor_id": item.get("successor_id"),
            "retired_in": __version__,
            "reason": reason,
        }
        if self.validate(file, where, "retired_ids", retired) is not None:
            self.tables["retired_ids"].append(retired)
            self.retired.add(record_id)
            self.lines.append(f"- {table} {record_id} -> {item.get('successor_id') or 'no successor'}")


class _DuplicateKeyError(ValueError):
    """A JSON object with the same key twice (json.loads would keep the last silently)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise _DuplicateKeyError(name)
        result[name] = value
    return result


def _plain(value: Any) -> Any:
    """JSON values as the cell text the CSV would hold (numbers and booleans as the build writes them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return render_cell(float(value)) if isinstance(value, float) else str(value)
    return value


def refuse_published_version(root: Path) -> None:
    """Raise :class:`DataValidationError` when the current version is published: its data may not change.

    Every change (an added record, an update, a retirement stamped ``retired_in``) needs the next version opened
    first, so that no two datasets carry the same version.
    """
    from .build import published_versions

    if __version__ in published_versions(root):
        major, minor, _patch = (int(p) for p in __version__.split("."))
        raise DataValidationError(
            [
                DataError(
                    "src/belarus_china_data/_version.py",
                    None,
                    "__version__",
                    f"release {__version__} is published (releases/PUBLISHED), so its data cannot change; open the "
                    f"next version first (e.g. {major}.{minor + 1}.0 for new records) and merge again",
                )
            ]
        )


def merge_findings(paths: Sequence[Path], data_dir: Path, *, write: bool = False) -> FindingsMerge:
    """Merge findings files into ``data_dir`` as one change; write only with ``write=True`` and only if all is valid.

    Raises :class:`~belarus_china_data.contract.errors.DataValidationError` naming file, item and field for every
    problem (and then nothing is written).
    """
    if write:
        refuse_published_version(data_dir.parent)
    merger = _Merger(data_dir)
    for path in paths:
        merger.merge_file(path)
    merger.same_day_and_parties()
    if merger.errors:
        raise DataValidationError(merger.errors)
    texts = {name: table_csv_text(name, rows) for name, rows in merger.tables.items()}
    changes = commit_tables(data_dir, texts, write=write)
    return FindingsMerge(merger.tables, merger.lines, changes)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the findings merge; returns the exit code (0 merged or valid, 1 refused)."""
    parser = argparse.ArgumentParser(
        prog="python -m belarus_china_data.curation.findings", description=__doc__.split("\n")[0]
    )
    parser.add_argument("files", type=Path, nargs="+", help="findings files (JSON, see docs/FINDINGS.md)")
    parser.add_argument("--write", action="store_true", help="write the change (default: check and show it)")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the checkout's data/)")
    args = parser.parse_args(argv)
    from .build import repository_root

    data_dir = args.data or repository_root() / "data"
    try:
        merge = merge_findings(args.files, data_dir, write=args.write)
    except DataValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(merge.report())
    print("written; now run python -m belarus_china_data.curation.build" if args.write else "checked; nothing written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
