"""Cite the installed release, and the primary sources behind the rows you used.

The citation names the release (title, version, year), because the data change between releases and a reader
must be able to get exactly the rows the author used. Given rows, :func:`cite` adds the primary sources behind
exactly those rows, deduplicated, so that a paper can credit BelTA, Xinhua or the IMF as well as this dataset.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from ._version import __release_date__, __version__

if TYPE_CHECKING:
    import pandas as pd

    from .contract.models import Record, Source

__all__ = ["AUTHOR", "TITLE", "Style", "cite"]

TITLE = "belarus-china-data: Belarus-China relations since 1992"
AUTHOR = "The belarus-china-data contributors"
#: Public address of the release; empty until the maintainers publish one, and then set here only.
RELEASE_URL: str | None = None

Style = Literal["text", "apa", "bibtex", "csl-json"]
_ID_PREFIXES = ("agr-", "vis-", "org-", "per-", "trd-")


def _record_ids(rows: pd.DataFrame | Iterable[Record] | Iterable[str]) -> list[str]:
    """Ids of sourced records in ``rows``: a DataFrame of a main table, records, or ids."""
    if hasattr(rows, "columns"):
        frame: Any = rows
        column = next((c for c in frame.columns if str(c).endswith("_id") and str(c) != "source_id"), None)
        if column is None:
            raise ValueError("the DataFrame has no record id column (agreement_id, visit_id, ...)")
        values = [str(v) for v in frame[column].dropna().tolist()]
    else:
        values = []
        for row in rows:
            if isinstance(row, str):
                values.append(row)
            else:
                key = row.table.primary_key[0]
                values.append(str(getattr(row, key)))
    ids = list(dict.fromkeys(v for v in values if v.startswith(_ID_PREFIXES)))
    if not ids and values:
        raise ValueError("no agreement, visit, organization, person or trade-figure ids in the rows given")
    return ids


def _sources_behind(ids: list[str]) -> list[Source]:
    import pyarrow as pa
    import pyarrow.compute as pc

    from .contract.models import Source
    from .loader import arrow_table, get

    links = arrow_table("record_sources")
    wanted = links.filter(pc.is_in(links["record_id"], value_set=pa.array(ids, type=pa.string())))
    source_ids = list(dict.fromkeys(wanted["source_id"].to_pylist()))
    found = [get("sources", source_id) for source_id in source_ids]
    return sorted(
        (s for s in found if isinstance(s, Source) and s.is_primary), key=lambda s: (s.publisher, s.published or "")
    )


def _source_text(source: Source) -> str:
    date = source.published or "n.d."
    where = f" {source.url}" if source.url else ""
    return f"{source.publisher} ({date}). {source.title}.{where} (accessed {source.accessed.isoformat()})."


def _bibtex_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def _bibtex(release: dict[str, str], sources: list[Source]) -> str:
    fields = {
        "author": "{" + AUTHOR + "}",
        "title": "{" + TITLE + "}",
        "year": release["year"],
        "version": release["version"],
        "date": release["date"],
        "note": "Data set, CC BY 4.0",
    }
    if RELEASE_URL:
        fields["url"] = RELEASE_URL
    entries = [_bibtex_entry("dataset", f"belarus_china_data_{_bibtex_key(__version__)}", fields)]
    for source in sources:
        source_fields = {"author": "{" + (source.author or source.publisher) + "}", "title": "{" + source.title + "}"}
        if source.published:
            source_fields["year"] = source.published[:4]
        if source.url:
            source_fields["url"] = source.url
        source_fields["urldate"] = source.accessed.isoformat()
        entries.append(_bibtex_entry("misc", _bibtex_key(source.source_id), source_fields))
    return "\n\n".join(entries)


def _bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def _csl(release: dict[str, str], sources: list[Source]) -> str:
    items: list[dict[str, Any]] = [
        {
            "id": f"belarus-china-data-{__version__}",
            "type": "dataset",
            "title": TITLE,
            "author": [{"literal": AUTHOR}],
            "version": __version__,
            "issued": {"date-parts": [[int(part) for part in release["date"].split("-")]]},
            **({"URL": RELEASE_URL} if RELEASE_URL else {}),
        }
    ]
    for source in sources:
        item: dict[str, Any] = {
            "id": source.source_id,
            "type": "webpage" if source.kind != "statistical_database" else "dataset",
            "title": source.title,
            "publisher": source.publisher,
            "author": [{"literal": source.author or source.publisher}],
            "accessed": {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]},
            "language": source.language,
        }
        if source.published:
            item["issued"] = {"date-parts": [[int(part) for part in source.published.split("-")]]}
        if source.url:
            item["URL"] = source.url
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def cite(rows: pd.DataFrame | Iterable[Record] | Iterable[str] | None = None, *, style: Style = "text") -> str:
    """Citation of the installed release, plus the primary sources behind ``rows`` if given.

    ``rows`` may be a DataFrame of a main table (as returned by :func:`belarus_china_data.load`, filtered as you
    like), a list of records, or a list of ids. ``style`` is ``"text"`` (plain), ``"apa"`` (APA-like reference),
    ``"bibtex"`` or ``"csl-json"`` (a JSON list of CSL items, for Zotero and pandoc). Sources are
    deduplicated and only primary sources are listed; secondary ones remain in ``sources_for``.

    >>> import belarus_china_data as bcd
    >>> bcd.cite().startswith("The belarus-china-data contributors (")
    True
    >>> print(bcd.cite(["agr-1992-diplomatic-relations"], style="apa").splitlines()[2])  # doctest: +ELLIPSIS
    Embassy of the Republic of Belarus in the People's Republic of China (n.d.). ...
    """
    release = {"version": __version__, "date": __release_date__, "year": __release_date__[:4]}
    sources = _sources_behind(_record_ids(rows)) if rows is not None else []
    if style == "bibtex":
        return _bibtex(release, sources)
    if style == "csl-json":
        return _csl(release, sources)
    where = f" {RELEASE_URL}" if RELEASE_URL else ""
    if style == "apa":
        head = f"{AUTHOR}. ({release['year']}). {TITLE} (Version {__version__}) [Data set].{where}"
    elif style == "text":
        head = f"{AUTHOR} ({release['year']}). {TITLE} (Version {__version__}) [Data set]. Released {release['date']}."
    else:
        raise ValueError(f"unknown citation style {style!r}; use text, apa, bibtex or csl-json")
    if not sources:
        return head
    return "\n".join([head, "Primary sources of the rows cited:", *(_source_text(s) for s in sources)])
