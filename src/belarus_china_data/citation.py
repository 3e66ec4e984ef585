"""Cite the installed release, and the primary sources behind the rows you used.

The citation names the release (title, version, year), because the data change between releases and a reader
must be able to get exactly the rows the author used. Given rows, :func:`cite` adds the primary sources behind
exactly those rows, deduplicated, so that a paper can credit BelTA, Xinhua or the IMF as well as this dataset.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, get_args

from ._version import __release_date__, __version__

if TYPE_CHECKING:
    import pandas as pd

    from .contract.models import Record, Source

__all__ = ["AUTHOR", "TITLE", "Style", "cite", "format_citation", "primary_sources", "release_url", "rows_note"]

TITLE = "belarus-china-data: Belarus-China relations since 1992"
AUTHOR = "The belarus-china-data contributors"
#: Public address of the release, if the maintainers set one here; otherwise the repository address from the
#: package metadata (``[project.urls]`` of pyproject.toml) is used, and without either no URL is printed.
RELEASE_URL: str | None = None

Style = Literal["text", "apa", "bibtex", "biblatex", "csl-json"]
STYLES: tuple[str, ...] = get_args(Style)
#: Above this many rows a citation names the count per table and a digest of the ids instead of every id.
MAX_LISTED_IDS = 30
_URL_KEYS = ("repository", "source", "source code", "homepage", "home", "release", "download")
_PLACEHOLDER = re.compile(r"example\.|\.example\b|placeholder|todo|xxx|[<>{}]|/owner/|/user(name)?/|your[-_]", re.I)


def release_url() -> str | None:
    """The public address of this release: its DOI (``releases/DOIS``, once minted), else :data:`RELEASE_URL`, else
    the repository URL in the package metadata.

    Placeholder addresses (``example.org``, ``.example``, ``TODO``) are never returned.

    >>> url = release_url()
    >>> url is None or url.startswith("https://")
    True
    """
    from importlib.metadata import metadata

    try:
        from ._release import DOI
    except ImportError:  # a damaged install: verify() says so
        DOI = None  # noqa: N806
    candidates = [f"https://doi.org/{DOI}"] if DOI else []
    candidates += [RELEASE_URL] if RELEASE_URL else []
    urls = _project_urls(metadata)
    candidates += [urls[key] for key in _URL_KEYS if key in urls]
    return next((url for url in candidates if url.startswith("https://") and not _PLACEHOLDER.search(url)), None)


@cache
def _project_urls(reader: Callable[[str], Any]) -> dict[str, str]:
    """The package metadata's project URLs by lower-case label, read once per metadata reader."""
    from importlib.metadata import PackageNotFoundError

    try:
        entries = reader("belarus-china-data").get_all("Project-URL") or []
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        entries = []
    urls = {}
    for entry in entries:
        label, _, url = str(entry).partition(",")
        urls[label.strip().lower()] = url.strip()
    return urls


def _record_ids(rows: pd.DataFrame | Iterable[Record] | Iterable[str] | str) -> list[str]:
    """Ids of sourced records in ``rows``: one id, ids, records, or a DataFrame of a table or a view."""
    from .query import id_index, main_tables, unknown_id

    if isinstance(rows, str):
        rows = [rows]
    if hasattr(rows, "columns"):
        frame: Any = rows
        if len(frame) == 0:
            raise ValueError("the DataFrame given has no rows: nothing to cite")
        id_fields = [f for t, f in main_tables().items() if t not in ("sources", "claims", "retired_ids")]
        table = frame.attrs.get("table")
        column = main_tables().get(table) if table else None
        if column not in frame.columns:
            column = "id" if "id" in frame.columns else next((c for c in frame.columns if c in id_fields), None)
        if column is None:
            raise ValueError(f"the DataFrame has no record id column ({', '.join(id_fields)})")
        if column == "id" and "table" in frame.columns:  # a search result: rows of tables with sources only
            frame = frame[frame["table"].isin(set(id_index().values()))]
        values = [str(v) for v in frame[column].dropna().tolist()]
    else:
        values = []
        for row in rows:
            if isinstance(row, str):
                values.append(row)
            else:
                key = row.table.primary_key[0]
                values.append(str(getattr(row, key)))
    known = id_index()
    ids = []
    for value in dict.fromkeys(values):
        if value in known:
            ids.append(value)
        elif value.startswith("src-"):
            raise ValueError(f"{value!r} is a source, not the id of a sourced record; cite the records it backs")
        else:
            from .loader import resolve

            current = resolve(value)
            if current not in known:
                raise unknown_id(value, known)
            ids.append(current)
    return list(dict.fromkeys(ids))


def rows_note(ids: list[str]) -> str:
    """What a citation says about the rows used: every id, or above :data:`MAX_LISTED_IDS` the count per table
    and a digest (first 16 hex digits of the SHA-256 of the sorted ids, one per line) that identifies the set.

    >>> rows_note(["vis-2015-xi-jinping-belarus"])
    'Rows cited (1): vis-2015-xi-jinping-belarus'
    """
    if len(ids) <= MAX_LISTED_IDS:
        return f"Rows cited ({len(ids)}): {', '.join(ids)}"
    from .query import id_index

    counts: dict[str, int] = {}
    for record_id in ids:
        table = id_index().get(record_id, "?")
        counts[table] = counts.get(table, 0) + 1
    per_table = ", ".join(f"{n} {table}" for table, n in counts.items())
    digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
    return f"Rows cited: {len(ids)} ({per_table}); sha256 of the sorted ids {digest}"


def _source_text(source: Source) -> str:
    date = source.published or "n.d."
    where = f" {source.url}" if source.url else ""
    return f"{source.publisher} ({date}). {source.title}.{where} (accessed {source.accessed.isoformat()})."


def _bibtex_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_TEX_TABLE = str.maketrans(_TEX_SPECIAL)


def _tex(text: str) -> str:
    """Escape the characters (La)TeX treats as commands."""
    return text.translate(_TEX_TABLE)


def _tex_url(url: str) -> str:
    return url.replace("%", r"\%").replace("#", r"\#")


def _bibtex(release: dict[str, str], sources: list[Source], ids: list[str], *, biblatex: bool) -> str:
    """Classic BibTeX (``@misc`` with ``howpublished`` and ``note``) or biblatex (``@dataset``, ``@online``)."""
    url = release_url()
    key = f"belarus_china_data_{_bibtex_key(__version__)}"
    notes = ["CC BY 4.0", *([rows_note(ids)] if ids else [])]
    if biblatex:
        fields = {
            "author": "{" + _tex(AUTHOR) + "}",
            "title": _tex(TITLE),
            "version": __version__,
            "date": release["date"],
            **({"url": url} if url else {}),
            "note": _tex(". ".join(notes)),
        }
        entries = [_bibtex_entry("dataset", key, fields)]
    else:
        published = f"Data set, version {__version__}, released {release['date']}"
        fields = {
            "author": "{" + _tex(AUTHOR) + "}",
            "title": "{" + _tex(TITLE) + "}",
            "year": release["year"],
            "howpublished": published + (f", \\url{{{_tex_url(url)}}}" if url else ""),
            "note": _tex(". ".join(notes)),
        }
        entries = [_bibtex_entry("misc", key, fields)]
    for source in sources:
        source_fields = {
            "author": "{" + _tex(source.author or source.publisher) + "}",
            "title": "{" + _tex(source.title) + "}",
        }
        if biblatex:
            if source.published:
                source_fields["date"] = source.published
            if source.url:
                source_fields["url"] = source.url
            source_fields["urldate"] = source.accessed.isoformat()
            kind = "online" if source.url else "misc"
        else:
            if source.published:
                source_fields["year"] = source.published[:4]
            if source.url:
                source_fields["howpublished"] = f"\\url{{{_tex_url(source.url)}}}"
            source_fields["note"] = f"Accessed {source.accessed.isoformat()}"
            kind = "misc"
        entries.append(_bibtex_entry(kind, _bibtex_key(source.source_id), source_fields))
    return "\n\n".join(entries)


def _bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def _csl(release: dict[str, str], sources: list[Source], ids: list[str]) -> str:
    url = release_url()
    items: list[dict[str, Any]] = [
        {
            "id": f"belarus-china-data-{__version__}",
            "type": "dataset",
            "title": TITLE,
            "author": [{"literal": AUTHOR}],
            "version": __version__,
            "issued": {"date-parts": [[int(part) for part in release["date"].split("-")]]},
            **({"URL": url} if url else {}),
            **({"note": rows_note(ids)} if ids else {}),
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


def cite(rows: pd.DataFrame | Iterable[Record] | Iterable[str] | str | None = None, *, style: Style = "text") -> str:
    """Citation of the installed release, plus the rows used and the primary sources behind them if given.

    ``rows`` may be a DataFrame of a table or view (as returned by :func:`belarus_china_data.load`, filtered as
    you like, or a :func:`~belarus_china_data.search` result), a list of records, a list of ids, or one id. The
    release entry then names the rows cited (every id, or for many rows their count and a digest), and each
    primary source behind them follows with its own access date. An id that no table holds raises ``KeyError``
    listing the closest ids.

    ``style`` is ``"text"`` (plain), ``"apa"`` (APA-like reference), ``"bibtex"`` (classic BibTeX: ``@misc``
    with ``howpublished`` and ``note``, for any bibliography style), ``"biblatex"`` (``@dataset`` and
    ``@online`` with ``urldate``) or ``"csl-json"`` (a JSON list of CSL items, for Zotero and pandoc).
    Secondary sources are left out; ``sources_for`` lists them.

    >>> import belarus_china_data as bcd
    >>> bcd.cite().startswith("The belarus-china-data contributors (")
    True
    >>> print(bcd.cite(["agr-1992-diplomatic-relations"], style="apa").splitlines()[2])  # doctest: +ELLIPSIS
    Embassy of the Republic of Belarus in the People's Republic of China (n.d.). ...
    >>> print(bcd.cite("vis-2015-xi-jinping-belarus", style="bibtex").splitlines()[0])  # doctest: +ELLIPSIS
    @misc{belarus_china_data_...,
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use {', '.join(STYLES)}")
    ids = _record_ids(rows) if rows is not None else []
    return format_citation(ids, primary_sources(ids) if ids else [], style)


def primary_sources(ids: list[str]) -> list[Source]:
    """The primary sources behind the sourced records ``ids``, deduplicated and ordered by publisher and date:
    the sources :func:`cite` lists. Ids are taken as they are (resolve retired ids first); an id without sources
    adds none.

    >>> [s.source_id for s in primary_sources(["agr-1992-diplomatic-relations"])][:1]  # doctest: +ELLIPSIS
    ['src-...']
    """
    from .contract.models import Source
    from .loader import arrow_table, get
    from .shipped import row_index

    index = row_index("record_sources", "record_id")
    numbers = sorted({number for record_id in ids for number in index.get(record_id, [])})  # in table order
    linked = arrow_table("record_sources")["source_id"]
    source_ids = list(dict.fromkeys(linked[number].as_py() for number in numbers))
    found = [get("sources", source_id) for source_id in source_ids]
    return sorted(
        (s for s in found if isinstance(s, Source) and s.is_primary), key=lambda s: (s.publisher, s.published or "")
    )


def format_citation(ids: list[str], sources: list[Source], style: Style = "text") -> str:
    """The citation :func:`cite` prints for the records ``ids`` backed by ``sources``, in ``style``.

    For a caller that cites many records sharing their sources (the site): look the sources up once with
    :func:`primary_sources`, then format each record's citation, which always names its own ids.

    >>> print(format_citation(["vis-2015-xi-jinping-belarus"], []).splitlines()[-1])
    Rows cited (1): vis-2015-xi-jinping-belarus.
    """
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r}; use {', '.join(STYLES)}")
    release = {"version": __version__, "date": __release_date__, "year": __release_date__[:4]}
    if style in ("bibtex", "biblatex"):
        return _bibtex(release, sources, ids, biblatex=style == "biblatex")
    if style == "csl-json":
        return _csl(release, sources, ids)
    url = release_url()
    where = f" {url}" if url else ""
    if style == "apa":
        head = f"{AUTHOR}. ({release['year']}). {TITLE} (Version {__version__}) [Data set].{where}"
    else:
        head = (
            f"{AUTHOR} ({release['year']}). {TITLE} (Version {__version__}) [Data set]. "
            f"Released {release['date']}.{where}"
        )
    lines = [head]
    if sources:
        lines += ["Primary sources of the rows cited:", *(_source_text(s) for s in sources)]
    if ids:
        lines.append(rows_note(ids) + ".")
    return "\n".join(lines)
