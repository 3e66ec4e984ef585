"""One-step answers: the joins that common questions need, done once and generically.

* :func:`visits_with_people` (``bcd.visits(with_people=True)``): each visit with who travelled and who hosted,
  names in every language the persons table has, and their ids;
* :func:`agreements_signed_during`: ``bcd.agreements(visit=...)``;
* :func:`person`: one person's posts, visits, signatures (every table that links to persons), found by any name
  variant in any language;
* :func:`search`: text search across titles, names, summaries and notes of every table with ids, ranked.

The joins follow the foreign keys of the shipped descriptor, so tables the maintainers add later take part without
a change here. None of this changes the shipped tables; these are views computed from them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from .contract.paths import SEARCH_INDEX
from .errors import AmbiguousNameError, UnknownIdError, closest, unknown_id
from .loader import get, load, resolve
from .shipped import TableName, arrow_table, check_name, descriptor, field_info, foreign_keys, shipped_file

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AmbiguousNameError",
    "Person",
    "agreements",
    "agreements_signed_during",
    "person",
    "search",
    "search_hits",
    "visits",
    "visits_with_people",
]


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a text (Russian yo counts as ye)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("\u0451", "\u0435"))
    marks = {c for c in set(decomposed) if unicodedata.combining(c)}  # each distinct character asked once
    return decomposed.translate(dict.fromkeys(map(ord, marks))) if marks else decomposed


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", _fold(text)) if w]


def _ids(value: str | Iterable[str] | pd.DataFrame, id_field: str) -> list[str]:
    """One id, several ids, or the id column of a frame, as a list."""
    if isinstance(value, str):
        return [value]
    if hasattr(value, "columns"):
        frame: Any = value
        return [str(v) for v in frame[id_field].dropna().tolist()]
    return [str(v) for v in value]


def _name_fields(table: str) -> list[str]:
    """The name or title fields of a table, one per language (``name_en``, ``name_ru``, ...)."""
    return _names_among(field_info(table))


def _names_among(fields: Iterable[str]) -> list[str]:
    return [n for n in fields if re.fullmatch(r"(name|title)_[a-z]{2}", n)]


def _label_among(fields: Iterable[str]) -> str | None:
    """The field that labels a record: the English name or title, else the first in any language."""
    names = _names_among(fields)
    return next((n for n in names if n.endswith("_en")), names[0] if names else None)


def _label_field(table: str) -> str | None:
    return _label_among(field_info(table))


def visits_with_people() -> pd.DataFrame:
    """Visits with who travelled (``visitor_*``) and who hosted (``host_*``) as columns.

    For each role, ``<role>_ids`` holds the person ids and ``<role>_names_<lang>`` the names in each language
    (several people separated by ``; ``, in the order of ``visit_participants``). The shipped visits columns
    come first, unchanged.

    >>> v = visits_with_people()
    >>> v.loc[v.visit_id == "vis-2015-xi-jinping-belarus", ["visitor_names_en", "host_names_en"]].iloc[0].tolist()
    ['Xi Jinping', 'Alexander Lukashenko']
    """
    import pandas as pd

    visits = load("visits")
    participants = load("visit_participants")
    people = load("persons")
    languages = [n.removeprefix("name_") for n in _name_fields("persons")]
    joined = participants.merge(people, on="person_id", how="left")
    result = visits
    descriptions = {}
    for role in ("visitor", "host"):
        rows = joined[joined["role"] == role]
        columns: dict[str, Any] = {f"{role}_ids": rows.groupby("visit_id", sort=False)["person_id"].agg("; ".join)}
        descriptions[f"{role}_ids"] = f"Ids of the persons with role {role} in visit_participants, `; `-separated."
        for language in languages:
            names = rows[f"name_{language}"].fillna("?")
            column = f"{role}_names_{language}"
            columns[column] = names.groupby(rows["visit_id"], sort=False).agg("; ".join)
            descriptions[column] = f"Names ({language}) of the {role}s, in the order of {role}_ids."
        added = pd.DataFrame(columns).astype("string").reset_index()
        result = result.merge(added, on="visit_id", how="left")
    result.attrs = {**visits.attrs, "fields": {**visits.attrs.get("fields", {}), **descriptions}}
    result.attrs["view"] = "visits_with_people"
    return result


def agreements_signed_during(visit: str | Iterable[str] | pd.DataFrame) -> pd.DataFrame:
    """The agreements signed during a visit (one id, several ids, or a frame of visits).

    An id that no visit has raises ``KeyError`` listing the closest visit ids; a retired id is followed.

    >>> signed = agreements_signed_during("vis-2015-xi-jinping-belarus")
    >>> "agr-2015-treaty-friendship-cooperation" in signed.agreement_id.tolist()
    True
    """
    known = set(arrow_table("visits")["visit_id"].to_pylist())
    ids = []
    for visit_id in _ids(visit, "visit_id"):
        current = visit_id if visit_id in known else resolve(visit_id)
        if current not in known:
            raise unknown_id(visit_id, known, where="table 'visits'")
        ids.append(current)
    return load("agreements", filters={"visit_id": ids})


@cache
def _person_names() -> list[tuple[str, str, list[str]]]:
    """(person id, English name, every name and variant) for each person."""

    table = arrow_table("persons").to_pylist()
    fields = _name_fields("persons")
    found = []
    for row in table:
        names = [row[f] for f in fields if row.get(f)]
        names += [v.strip() for v in (row.get("name_variants") or "").split(";") if v.strip()]
        found.append((row["person_id"], row.get("name_en") or row["person_id"], names))
    return found


def _match_score(query: str, person_id: str, names: list[str]) -> int:
    folded = _fold(query.strip())
    if folded == person_id or any(_fold(n) == folded for n in names):
        return 3
    words = _words(query)
    if words and any(set(words) <= set(_words(n)) for n in names):
        return 2
    if len(folded) >= 2 and any(folded in _fold(n) for n in names):
        return 1
    return 0


def find_person(name: str) -> str:
    """The id of the person a name, variant or id denotes, in any language of the persons table.

    >>> find_person("Лукашенко"), find_person("卢卡申科"), find_person("Lukashenka")
    ('per-alexander-lukashenko', 'per-alexander-lukashenko', 'per-alexander-lukashenko')
    """
    scored = [(_match_score(name, pid, names), pid, label) for pid, label, names in _person_names()]
    best = max((s for s, *_ in scored), default=0)
    if best == 0:
        pool = [n for _, _, names in _person_names() for n in names]
        near = closest(name, pool, n=3)
        raise UnknownIdError(f"no person named {name!r}" + (f"; closest: {', '.join(near)}" if near else ""))
    found = [(pid, label) for s, pid, label in scored if s == best]
    if len(found) > 1:
        listed = ", ".join(f"{label} ({pid})" for pid, label in found[:10])
        raise AmbiguousNameError(f"{name!r} fits {len(found)} people: {listed}; give a fuller name or the id")
    return found[0][0]


@dataclass(frozen=True)
class Person:
    """Everything the release says about one person: the ``record`` and each table that links to persons.

    ``related`` maps each linking table (``positions``, ``visit_participants``, ``agreement_signatories``, and
    any added later) to this person's rows, joined with the records they link to. ``posts``, ``visits`` and
    ``signatures`` are shortcuts into it.

    >>> xi = person("Xi Jinping")
    >>> xi.record["name_zh"], sorted(set(xi.visits.role))
    ('习近平', ['host', 'visitor'])
    """

    person_id: str
    record: dict[str, Any]
    related: dict[str, pd.DataFrame] = field(repr=False)

    def _get(self, table: str) -> pd.DataFrame:
        import pandas as pd

        return self.related.get(table, pd.DataFrame())

    @property
    def posts(self) -> pd.DataFrame:
        """Posts held (``positions``), with the organization's English name."""
        return self._get("positions")

    @property
    def visits(self) -> pd.DataFrame:
        """Visits taken part in, with ``side``, ``role`` (visitor, host, delegation member) and ``post``."""
        return self._get("visit_participants")

    @property
    def signatures(self) -> pd.DataFrame:
        """Agreements signed or witnessed, with ``role``, ``post`` and on whose behalf."""
        return self._get("agreement_signatories")

    def __str__(self) -> str:
        lines = [f"{self.record.get('name_en')} ({self.person_id})"]
        lines += [f"  {table}: {len(frame)} rows" for table, frame in self.related.items()]
        return "\n".join(lines)


def person(name: str) -> Person:
    """One person by any name, variant or id (Лукашенко, 卢卡申科, Lukashenka, per-alexander-lukashenko):
    the record, posts, visits and signatures in one call.

    A name that fits nobody raises ``KeyError`` with the closest names; one that fits several people equally
    raises :class:`AmbiguousNameError` (a ``ValueError``) listing them.

    >>> luka = person("Lukashenko")
    >>> luka.person_id, bool((luka.visits.role == "visitor").any()), "President" in " ".join(luka.posts.post)
    ('per-alexander-lukashenko', True, True)
    """
    person_id = find_person(name)
    record = get("persons", person_id).model_dump(mode="json")
    related: dict[str, pd.DataFrame] = {}
    for resource in descriptor()["resources"]:
        table = resource["name"]
        keys = foreign_keys(table)
        own = [f for f, target, _ in keys if target == "persons"]
        if not own or table == "persons":
            continue
        rows = load(cast("TableName", table), filters=[(own[0], "==", person_id)])
        primary = resource["schema"].get("primaryKey", [])
        for column, target, target_key in keys:
            if target == "persons":
                continue
            other = load(cast("TableName", target))
            if column in primary:  # the link's other end: bring its whole record
                rows = rows.merge(other, left_on=column, right_on=target_key, how="left", suffixes=("", f"_{target}"))
            elif (label := _label_field(target)) is not None:  # a reference on the side: its name
                named = f"{column.removesuffix('_id')}_name"
                names = other[[target_key, label]].rename(columns={target_key: column, label: named})
                rows = rows.merge(names, on=column, how="left")
        dates = [c for c in rows.columns if str(c).endswith("_earliest")]
        order = dates[:1] or [c for c in ("start",) if c in rows.columns]
        related[table] = rows.sort_values(order, ignore_index=True) if order else rows
    return Person(person_id, record, related)


_WEIGHTS = (("title_", 3), ("name_", 3), ("name_variants", 3), ("summary", 2), ("claim", 2))


def _weight(column: str) -> int:
    return next((w for prefix, w in _WEIGHTS if column.startswith(prefix)), 1)


CorpusRow = tuple[str, str, str, str, dict[str, str]]


def search_corpus(schemas: dict[str, dict[str, Any]], read: Any) -> list[CorpusRow]:
    """(table, id field, id, label, {field: folded text}) for every row of every table with ids.

    ``schemas`` maps each table to its Table Schema and ``read(table)`` returns it as a pyarrow Table: the
    installed package's for a search, the build's own for the shipped index (one definition of what is searched).
    Searched are the free-text fields: strings without a category list or a pattern, other than ids and addresses.

    >>> from belarus_china_data.shipped import arrow_table, descriptor
    >>> schemas = {r["name"]: r["schema"] for r in descriptor()["resources"]}
    >>> rows = search_corpus(schemas, arrow_table)
    >>> next(r for r in rows if r[2] == "per-xi-jinping")[4]["name_zh"]
    '习近平'
    """
    rows: list[CorpusRow] = []
    for table, schema in schemas.items():
        key = schema.get("primaryKey", [])
        if len(key) != 1 or not key[0].endswith("_id") or table == "retired_ids":
            continue
        fields = {f["name"]: f for f in schema["fields"]}
        searchable = [
            name
            for name, spec in fields.items()
            if spec["type"] == "string"
            and not spec.get("constraints", {}).get("enum")
            and not spec.get("constraints", {}).get("pattern")
            and not name.endswith("_id")
            and name != "url"
        ]
        label = _label_among(fields) or next(iter(searchable), key[0])
        source = read(table)
        columns = {name: source[name].to_pylist() for name in dict.fromkeys([key[0], label, *searchable])}
        for number, record_id in enumerate(columns[key[0]]):
            texts = {name: _fold(columns[name][number]) for name in searchable if columns[name][number]}
            rows.append((table, key[0], record_id, columns[label][number] or "", texts))
    return rows


@cache
def _search_corpus() -> Sequence[CorpusRow]:
    """The shipped search index, if it was built from exactly the installed tables (their hashes match the
    descriptor's); otherwise the corpus computed from the tables (slower: pyarrow reads every table)."""
    import gc
    import json

    resources = descriptor()["resources"]
    collecting = gc.isenabled()
    gc.disable()  # the index is tens of thousands of small containers, none of them cyclic: no collector passes
    try:
        index = json.loads(shipped_file(SEARCH_INDEX).read_text(encoding="utf-8"))
        current = index["tables"] == {r["name"]: r["hash"] for r in resources}
    except (OSError, ValueError, KeyError, TypeError):
        current = False
    finally:
        if collecting:
            gc.enable()
    if current:
        return cast("list[CorpusRow]", index["rows"])  # JSON arrays: rows of (table, key, id, label, texts)
    schemas = {r["name"]: r["schema"] for r in resources}
    return search_corpus(schemas, lambda table: arrow_table(cast("TableName", table)))


def search_index_json(schemas: dict[str, dict[str, Any]], hashes: dict[str, str], read: Any) -> bytes:
    """The shipped search index: the tables' hashes it was built from, and :func:`search_corpus`'s rows."""
    import json

    body = {"tables": hashes, "rows": search_corpus(schemas, read)}
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def search(text: str, tables: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Find records whose titles, names, summaries or notes contain every word of ``text``, in any language.

    Case and accents do not matter. Returns ``table``, ``id``, ``label`` (English title or name), ``score``
    and the ``fields`` that matched, best first: a word in a title or name counts 3, in a summary 2, elsewhere 1,
    and the whole phrase in a title or name adds 3. ``tables`` limits the search to some tables.

    >>> hits = search("visa")
    >>> hits.iloc[0].table, "visa" in hits.iloc[0].label.lower()
    ('agreements', True)
    >>> bool(search("безвизов").id.str.startswith("agr-").any())  # Russian: visa-free
    True
    """
    import pandas as pd

    found = search_hits(text, tables)
    frame = pd.DataFrame(found, columns=["table", "id", "label", "score", "fields"])
    return frame.astype({"table": "string", "id": "string", "label": "string", "score": "Int64", "fields": "string"})


def search_hits(text: str, tables: str | Iterable[str] | None = None) -> list[tuple[str, str, str, int, str]]:
    """:func:`search` as plain tuples (table, id, label, score, fields), best first, without pandas.

    >>> search_hits("visa")[0][0]
    'agreements'
    """
    words = _words(text)
    if not words:
        raise ValueError("search needs at least one word")
    wanted = None
    if tables is not None:
        wanted = {tables} if isinstance(tables, str) else set(tables)
        for table in wanted:
            check_name(table)
    phrase = _fold(text.strip())
    found = []
    for table, _key, record_id, label, texts in _search_corpus():
        if wanted is not None and table not in wanted:
            continue
        score = 0
        matched: set[str] = set()
        for word in words:
            hits = [name for name, value in texts.items() if word in value]
            if not hits:
                break
            matched.update(hits)
            score += max(_weight(name) for name in hits)
        else:
            if any(_weight(n) == 3 and phrase in texts[n] for n in matched):
                score += 3
            found.append((table, record_id, label, score, ", ".join(sorted(matched))))
    found.sort(key=lambda hit: (-hit[3], hit[0], hit[1]))
    return found


def agreements(visit: str | Iterable[str] | pd.DataFrame | None = None) -> pd.DataFrame:
    """Agreements; shortcut for ``load("agreements")``. ``visit`` keeps those signed during a visit (an id,
    several ids, or a frame of visits; an unknown id raises ``KeyError`` naming the closest).

    >>> agreements().columns[0]
    'agreement_id'
    >>> len(agreements(visit="vis-2015-xi-jinping-belarus")) > 0
    True
    """
    return load("agreements") if visit is None else agreements_signed_during(visit)


def visits(*, with_people: bool = False) -> pd.DataFrame:
    """Visits; shortcut for ``load("visits")``. ``with_people=True`` adds who travelled and who hosted
    (``visitor_ids``, ``visitor_names_en``, ..., ``host_names_zh``); see :func:`visits_with_people`.

    >>> visits().columns[0]
    'visit_id'
    >>> v = visits(with_people=True)
    >>> v.loc[v.visit_id == "vis-2016-lukashenko-china", "visitor_names_ru"].item()
    'Александр Григорьевич Лукашенко'
    """
    return visits_with_people() if with_people else load("visits")
