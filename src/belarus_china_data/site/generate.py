"""Generate the static site from the installed release (read path only: the public loader and :func:`cite`).

Tables, their fields, keys and category meanings are discovered from the shipped descriptor, so a table added
in a later release gets its pages without a change here: a table whose primary key is one field ending in
``_id`` gets a page per record, and any value anywhere that is the id of a record becomes a link to it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .._version import __version__

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

__all__ = ["SiteReport", "build_site"]

#: File that marks a folder as written by :func:`build_site`, so that a rebuild may replace it.
MARKER = ".belarus-china-data-site"
#: What a record id must look like to become a file name (the id patterns of every table, and UN roll-call numbers).
_SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = {"en": "English", "ru": "Russian", "be": "Belarusian", "zh": "Chinese"}
#: Fields whose values the search looks through: titles and names in each language, and name variants.
_SEARCHED = re.compile(r"^(?:title|name)(?:_(?:en|ru|be|zh|variants))?$")
_LABEL_FIELDS = ("title_en", "name_en", "title", "claim")
#: A table with more rows than this lists on its page only the rows not shown on a series page.
LARGE_TABLE = 1000
#: Tables whose records get a page per group of records (ids sharing their first three hyphen-separated parts,
#: e.g. ``trd-blr-afg``) instead of a page per record, to keep the site light. Named, not chosen by row count, so
#: that a record's address never changes when its table grows.
GROUPED_TABLES = frozenset({"trade_figures"})
#: A table without record pages lists at most this many rows; the rest are a download away (``load``).
LISTED_ROWS = 2000
#: At most this many linked rows are listed per section of a record page; the table page lists them all.
MAX_LINKED = 100
_FIELD_LABELS = {
    "value_usd_millions": "Value (million US dollars)",
    "is_primary": "Primary source",
    "is_derived": "Computed by the curators",
    "url": "Address",
    "first_year": "From",
    "last_year": "To",
    "table_name": "Table",
}
#: Headings of the linked-record sections, by (table of the linking rows, field that holds this record's id).
_HEADINGS = {
    ("positions", "person_id"): "Posts",
    ("visit_participants", "person_id"): "Visits",
    ("agreement_signatories", "person_id"): "Signatures",
    ("visit_participants", "visit_id"): "Participants",
    ("agreements", "visit_id"): "Documents signed during this visit",
    ("agreement_parties", "agreement_id"): "Parties",
    ("agreement_signatories", "agreement_id"): "Signatories",
    ("agreement_parties", "organization_id"): "Agreements it is a party to",
    ("agreement_signatories", "on_behalf_of_id"): "Signatures on its behalf",
    ("positions", "organization_id"): "Posts in it",
    ("organizations", "parent_id"): "Subordinate organizations",
    ("record_sources", "source_id"): "Records it supports",
    ("claims", "evidence_ids"): "Claims this record decides",
    ("claims", "source_id"): "Claims checked from it",
}


@dataclass(frozen=True)
class SiteReport:
    """What :func:`build_site` wrote: the folder, the number of HTML pages, of records shown (each on its own page
    or, for large tables, as an anchored row of a series page), total bytes, and whether charts were drawn."""

    outdir: Path
    pages: int
    records: int
    bytes: int
    charts: bool


@dataclass
class _Table:
    name: str
    title: str
    description: str
    fields: list[dict[str, Any]]
    key: list[str]
    arrow: Any  # the shipped pyarrow.Table

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """Rows as plain Python values (``None`` for empty cells), converted on first use."""
        rows: list[dict[str, Any]] = self.arrow.to_pylist()
        return rows

    def head(self, count: int) -> list[dict[str, Any]]:
        """The first ``count`` rows, without converting the others."""
        rows: list[dict[str, Any]] = (
            self.rows[:count] if "rows" in self.__dict__ else self.arrow.slice(0, count).to_pylist()
        )
        return rows

    @property
    def size(self) -> int:
        return int(self.arrow.num_rows)

    def columns_holding(self, ids: Container[str] | Mapping[str, Any]) -> list[str]:
        """The text fields in which some value, or some part of a ``"; "``-separated value, is one of ``ids``:
        decided on each column's distinct values, so that a large table without links is never walked row by row.
        """
        import pyarrow.compute as pc

        names = []
        for item in self.fields:
            if item["type"] != "string":
                continue
            distinct = pc.unique(self.arrow.column(item["name"]).combine_chunks()).to_pylist()
            if any(part in ids for value in distinct if value for part in _Site.parts(str(value))):
                names.append(item["name"])
        return names

    @cached_property
    def id_field(self) -> str | None:
        """The id field if the primary key is one field ending in ``_id`` (then each row gets a page)."""
        return self.key[0] if len(self.key) == 1 and self.key[0].endswith("_id") else None

    @cached_property
    def main_date(self) -> str | None:
        """The first date field with a derived ``_earliest`` column: the date that places a row in a year."""
        names = {f["name"] for f in self.fields}
        return next((f["name"] for f in self.fields if f"{f['name']}_earliest" in names), None)

    def meanings(self, name: str) -> dict[str, str]:
        """Category value -> label of a field (empty for a field without categories)."""
        return self._meanings.get(name, {})

    @cached_property
    def _meanings(self) -> dict[str, dict[str, str]]:
        return {f["name"]: {c["value"]: c["label"] for c in f.get("categories", [])} for f in self.fields}


@dataclass
class _Linked:
    heading: str
    items: list[dict[str, Any]] = field(default_factory=list)
    more: int = 0
    table: str = ""


def _descriptor() -> dict[str, Any]:
    from ..loader import shipped_descriptor

    return shipped_descriptor()


def _arrow(name: str) -> Any:
    """A shipped table as a pyarrow Table."""
    from ..loader import load

    return load(cast(Any, name), backend="pyarrow")


def _cite(ids: list[str] | None, style: str) -> str:
    from ..citation import cite

    return cite(ids, style=cast(Any, style))


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def html_escape(text: str) -> str:
    """Text escaped for HTML exactly as the templates (markupsafe) escape it, without a Markup object per call.

    >>> html_escape("<a href='x'>&</a>")
    '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;'
    """
    return text.translate(_ESCAPES)


def normalize(text: str) -> str:
    """Text as the search compares it: accents and case dropped, as the page's script does.

    >>> normalize("Лукашэнка Zürich") == "лукашэнка zurich"
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@cache
def field_label(name: str) -> str:
    """A field name in plain words.

    >>> field_label("title_ru"), field_label("on_behalf_of_id"), field_label("date_signed")
    ('Title (Russian)', 'On behalf of', 'Date signed')
    """
    if name in _FIELD_LABELS:
        return _FIELD_LABELS[name]
    language = re.fullmatch(r"(.+)_(en|ru|be|zh)", name)
    if language:
        return f"{field_label(language[1])} ({LANGUAGES[language[2]]})"
    base = re.sub(r"_ids?$", "", name) if name.endswith(("_id", "_ids")) else name
    words = base.replace("_", " ")
    return words[:1].upper() + words[1:]


def group_key(record_id: str) -> str:
    """The group of a record of a large table: the first three hyphen-separated parts of its id.

    >>> group_key("trd-blr-afg-1992-export-imf-dots")
    'trd-blr-afg'
    """
    return "-".join(record_id.split("-")[:3])


def _number(value: float) -> str:
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text or "0"


class _Site:
    """The release in memory, with the indexes the pages need."""

    def __init__(self) -> None:
        from markupsafe import Markup

        self._markup = Markup
        descriptor = _descriptor()
        self.version = str(descriptor["version"])
        self.title = str(descriptor.get("title", "belarus-china-data"))
        self.description = str(descriptor.get("description", ""))
        self.licenses = descriptor.get("licenses", [])
        self.keywords = list(descriptor.get("keywords", []))
        self.tables: dict[str, _Table] = {}
        for resource in descriptor["resources"]:
            schema = resource["schema"]
            key = schema.get("primaryKey", [])
            self.tables[resource["name"]] = _Table(
                name=resource["name"],
                title=str(resource.get("title", resource["name"])),
                description=str(resource.get("description", "")),
                fields=list(schema["fields"]),
                key=[key] if isinstance(key, str) else list(key),
                arrow=_arrow(resource["name"]),
            )
        self.records: dict[str, tuple[_Table, dict[str, Any]]] = {}
        #: id -> its group, for records of large tables (shown on ``series/<group>.html#<id>``)
        self.group_of: dict[str, str] = {}
        for table in self.tables.values():
            if table.id_field:
                for row in table.rows:
                    record_id = str(row[table.id_field])
                    if not _SAFE_ID.match(record_id):
                        raise ValueError(f"{table.name}: id {record_id!r} is not a safe file name; the data is damaged")
                    self.records[record_id] = (table, row)
                    if table.name in GROUPED_TABLES:
                        self.group_of[record_id] = group_key(record_id)
        self.sources_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.tables["record_sources"].rows if "record_sources" in self.tables else []:
            self.sources_of[str(row["record_id"])].append(row)
        # id -> (table, field) -> rows holding that id in that field (record_sources' record_id excepted)
        self.linked: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for table in self.tables.values():
            names = table.columns_holding(self.records)
            if table.name == "record_sources":
                names = [name for name in names if name != "record_id"]
            if not names:
                continue  # no value links a record: its rows are never walked
            for row in table.rows:
                own = row.get(table.id_field) if table.id_field else None
                for name in names:
                    value = row.get(name)
                    if not value:
                        continue
                    for part in self.parts(str(value)):
                        if part != own and part in self.records:
                            self.linked[part][(table.name, name)].append(row)
        self.years = self._years()
        self._sources: dict[tuple[str, ...], list[Any]] = {}

    @staticmethod
    def parts(value: str) -> list[str]:
        return value.split("; ") if "; " in value else [value]

    def label(self, record_id: str) -> str:
        row = self.records[record_id][1]
        for name in _LABEL_FIELDS:
            if row.get(name):
                return str(row[name])
        return record_id

    def href(self, record_id: str) -> str:
        """Address of a record's page relative to the site root: ``records/<id>.html``, or for a record of a
        large table the anchor ``series/<group>.html#<id>``; both follow from the id alone."""
        group = self.group_of.get(record_id)
        return f"series/{group}.html#{record_id}" if group else f"records/{record_id}.html"

    def link_html(self, record_id: str, root: str, text: str | None = None) -> str:
        """A link to a record's page, as HTML text (escaped parts in an f-string: no Markup per cell)."""
        shown = html_escape(text if text is not None else record_id)
        return f'<a href="{root}{html_escape(self.href(record_id))}"><bdi>{shown}</bdi></a>'

    def link(self, record_id: str, root: str, text: str | None = None) -> Markup:
        return self._markup(self.link_html(record_id, root, text))

    def value_html(self, value: Any, name: str, root: str, *, labels: bool = False, limit: int = 0) -> str:
        """One cell as HTML text: empty as "not known", ids as links to their pages, addresses as external
        links, other text isolated in ``<bdi>`` (right-to-left text cannot reorder the page)."""
        if value is None or value == "":
            return "" if limit else '<span class="na">not known</span>'
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            return _number(value)
        if isinstance(value, date):
            return value.isoformat()
        text = str(value)
        if name == "url" or (text.startswith(("https://", "http://")) and " " not in text):
            shown = text if not limit or len(text) <= limit else text[: limit - 1] + "…"
            return f'<a href="{html_escape(text)}" rel="noopener">{html_escape(shown)}</a>'
        parts = self.parts(text)
        records = self.records
        if any(part in records for part in parts):
            return "; ".join(
                self.link_html(p, root, self.label(p) if labels else p) if p in records else html_escape(p)
                for p in parts
            )
        if limit and len(text) > limit:
            text = text[: limit - 1] + "…"
        return f"<bdi>{html_escape(text)}</bdi>"

    def value(self, value: Any, name: str, root: str, *, labels: bool = False, limit: int = 0) -> Markup:
        """:meth:`value_html` as markup for a template."""
        return self._markup(self.value_html(value, name, root, labels=labels, limit=limit))

    def date_of(self, record_id: str) -> str | None:
        """The main date of a record (date signed, start date, ...) as written, if its table has one."""
        table, row = self.records[record_id]
        value = row.get(table.main_date) if table.main_date else None
        return str(value) if value else None

    def year_of(self, table: _Table, row: dict[str, Any]) -> int | None:
        if table.main_date is None:
            return None
        earliest = row.get(f"{table.main_date}_earliest")
        return earliest.year if isinstance(earliest, date) else None

    def bilateral_trade(self) -> Iterator[dict[str, Any]]:
        """Trade figures each country reports for its trade with the other."""
        pair = {"BLR": "CHN", "CHN": "BLR"}
        for row in self.tables["trade_figures"].rows if "trade_figures" in self.tables else []:
            if pair.get(str(row.get("reporter"))) == row.get("partner") and row.get("year") is not None:
                yield row

    def _years(self) -> dict[int, dict[str, list[dict[str, Any]]]]:
        years: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for table in self.tables.values():
            if not table.id_field or table.name == "retired_ids":
                continue
            for row in table.rows:
                year = self.year_of(table, row)
                if year is not None:
                    years[year][table.name].append(row)
        for row in self.bilateral_trade():
            years[int(row["year"])]["trade_figures"].append(row)
        return dict(sorted(years.items()))

    def citations(self, record_ids: list[str]) -> tuple[str, str] | None:
        """Text and BibTeX citation of records (the release, the records' ids and their primary sources), or None
        when :func:`cite` does not take ids of this kind. The sources are looked up once per set of sources; each
        citation names its own ids."""
        from ..citation import format_citation, primary_sources
        from ..query import id_index

        known = id_index()  # asked before citing: an unknown id's error would search for the closest id
        if not record_ids or not all(record_id in known for record_id in record_ids):
            return None
        key = tuple(sorted({str(r["source_id"]) for i in record_ids for r in self.sources_of.get(i, [])}))
        sources = self._sources.get(key)
        if sources is None:
            sources = self._sources[key] = primary_sources(record_ids)
        return format_citation(record_ids, sources, "text"), format_citation(record_ids, sources, "bibtex")


@cache
def code_spans(text: str) -> Markup:
    """Escape a schema description and show its `backticked` names as code.

    >>> str(code_spans("Derived: precision of `date_signed` & more."))
    'Derived: precision of <code>date_signed</code> &amp; more.'
    """
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("belarus_china_data.site", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["code"] = code_spans
    return env


def build_site(outdir: str | Path, *, charts: bool = True, base_url: str | None = None) -> SiteReport:
    """Write the static site of the installed release into ``outdir`` and return what was written.

    ``outdir`` must be empty, new, or a site written earlier by this function: then the files that run wrote
    (listed with their checksums in its marker file) are replaced, files a user added stay, and the pages of
    records this release no longer has are removed only if unchanged since. A folder inside the installed
    package is refused. With ``charts`` (the default) the home page shows the year panel, the timeline and the
    trade by reporter as inline SVG (no matplotlib needed). ``base_url``, the address the site will be published at,
    adds ``sitemap.xml`` and absolute addresses to the home page's schema.org markup. Open
    ``outdir/index.html`` in a browser: nothing is fetched from anywhere.

    >>> import tempfile
    >>> report = build_site(tempfile.mkdtemp(), charts=False)
    >>> (report.outdir / "records" / "per-alexander-lukashenko.html").is_file(), report.bytes < 30_000_000
    (True, True)
    """
    try:
        import jinja2  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError('the site needs jinja2: pip install "belarus-china-data[site]"') from exc
    out = Path(outdir)
    package = Path(__file__).resolve().parents[1]
    if out.resolve() == package or package in out.resolve().parents:
        raise ValueError(f"{out} is inside the installed package {package}; write the site to a folder of your own")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ValueError(f"{out} is not a folder; choose a new or empty folder")
    previous = _previous_site_files(out)
    site = _Site()
    drawn = _charts() if charts else {}  # everything that can fail is computed before the first file is written
    for folder in ("assets", "downloads", "records", "series", "tables", "years"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    env = _environment()
    common = {
        "version": site.version,
        "release_date": _release_date(),
        "site_title": site.title,
        "release_citation": _cite(None, "text"),
    }
    pages = 0

    written: dict[str, bytes] = {}

    def put(path: str, content: bytes) -> None:
        (out / path).write_bytes(content)
        written[path] = content

    def write(path: str, template: str, root: str, **context: Any) -> None:
        nonlocal pages
        html = env.get_template(template).render(root=root, **common, **context)
        put(path, html.encode("utf-8"))
        pages += 1

    for name in ("style.css", "site.js"):
        put(f"assets/{name}", resources.files(__package__).joinpath("static", name).read_bytes())
    put("assets/search-index.js", _search_index(site).encode("utf-8"))
    downloads = _downloads(out / "downloads")
    written.update({f"downloads/{d['name']}": (out / "downloads" / d["name"]).read_bytes() for d in downloads})

    write("index.html", "index.html", "", **_home(site, drawn), json_ld=_json_ld(site, base_url))
    write("downloads.html", "downloads.html", "", files=downloads)
    for table in site.tables.values():
        write(f"tables/{table.name}.html", "table.html", "../", **_table_page(site, table))
    records = 0
    groups: dict[str, tuple[_Table, list[dict[str, Any]]]] = {}
    for record_id, (table, row) in site.records.items():
        if record_id in site.group_of:
            groups.setdefault(site.group_of[record_id], (table, []))[1].append(row)
        elif table.name == "retired_ids":
            write(f"records/{record_id}.html", "retired.html", "../", **_retired_page(site, row))
        else:
            write(f"records/{record_id}.html", "record.html", "../", **_record_page(site, table, row))
        records += 1
    for group, (table, rows) in groups.items():
        write(f"series/{group}.html", "series.html", "../", **_series_page(site, table, group, rows))
    for year in site.years:
        write(f"years/{year}.html", "year.html", "../", **_year_page(site, year))
    if base_url:
        put("sitemap.xml", _sitemap(base_url, [p for p in written if p.endswith(".html")]).encode("utf-8"))
    for stale in set(previous) - set(written):  # pages of records an earlier release had and this one has not
        path = out / stale
        if path.is_file() and _digest(path.read_bytes()) == previous[stale]:
            path.unlink()
    manifest = {"site": f"belarus-china-data {site.version}", "files": {p: _digest(c) for p, c in written.items()}}
    (out / MARKER).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    size = sum((out / p).stat().st_size for p in [*written, MARKER])
    return SiteReport(outdir=out, pages=pages, records=records, bytes=size, charts=bool(drawn))


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


#: The paths a site may hold: what :func:`build_site` writes, and nothing else is ever deleted by it.
_SITE_PATH = re.compile(
    r"^(?:index\.html|downloads\.html|sitemap\.xml|(?:assets|downloads|records|series|tables|years)/"
    r"[A-Za-z0-9][A-Za-z0-9._-]*)$"
)


def _previous_site_files(out: Path) -> dict[str, str]:
    """The files an earlier run wrote into ``out`` (path -> sha256), from its marker; refuse a folder with other
    files that no earlier run wrote, unless it is empty.

    Only files listed in the marker with the site's own path shapes, and unchanged since (same sha256), are ever
    replaced or deleted, so a planted marker cannot make the site delete someone else's files, and files a user
    added beside the site stay.
    """
    if not out.exists() or not any(out.iterdir()):
        return {}
    marker = out / MARKER
    try:
        listed = json.loads(marker.read_text(encoding="utf-8"))["files"]
        assert isinstance(listed, dict)
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        raise ValueError(
            f"{out} is not empty and was not written by `belarus-china-data site`; choose a new or empty folder"
        ) from None
    return {str(p): str(d) for p, d in listed.items() if _SITE_PATH.match(str(p)) and ".." not in str(p)}


def _downloads(folder: Path) -> list[dict[str, Any]]:
    """The release bundle's CSV files, descriptor, codebook and citation as one zip in ``folder``, with the
    checksums of the zip and of every file in it (the full bundle, with Parquet and Stata files, is attached to
    the release: ``belarus-china-data bundle``)."""
    import tempfile
    import zipfile

    from ..bundle import write_bundle

    with tempfile.TemporaryDirectory() as scratch:
        bundle = write_bundle(Path(scratch) / "bundle", formats=("csv",))
        name = f"belarus-china-data-{__version__}-csv.zip"
        members = [f for f in bundle.files if not f.startswith(("parquet/", "stata/")) and f != "SHA256SUMS"]
        with zipfile.ZipFile(folder / name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(members):
                info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, (bundle.outdir / member).read_bytes())
        inside = [
            {
                "name": m,
                "bytes": (bundle.outdir / m).stat().st_size,
                "sha256": _digest((bundle.outdir / m).read_bytes()),
            }
            for m in sorted(members)
        ]
    content = (folder / name).read_bytes()
    return [{"name": name, "bytes": len(content), "sha256": _digest(content), "members": inside}]


def _json_ld(site: _Site, base_url: str | None) -> str:
    """schema.org ``Dataset`` markup of the release for the home page (search engines and dataset catalogues)."""
    from .._release import DOI

    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": site.title,
        "description": site.description,
        "version": __version__,
        "datePublished": _release_date(),
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "creator": {"@type": "Organization", "name": "The belarus-china-data contributors"},
        "keywords": site.keywords,
        "temporalCoverage": f"1992/{max(site.years) if site.years else 1992}",
        "spatialCoverage": [{"@type": "Country", "name": "Belarus"}, {"@type": "Country", "name": "China"}],
        "isAccessibleForFree": True,
        "variableMeasured": [table.title for table in site.tables.values()],
    }
    if DOI:
        dataset["identifier"] = f"https://doi.org/{DOI}"
    if base_url:
        dataset["url"] = base_url.rstrip("/") + "/index.html"
        dataset["distribution"] = [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/zip",
                "contentUrl": f"{base_url.rstrip('/')}/downloads/belarus-china-data-{__version__}-csv.zip",
            }
        ]
    return json.dumps(dataset, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _sitemap(base_url: str, pages: list[str]) -> str:
    """``sitemap.xml`` (sitemaps.org 0.9) of the site's pages under ``base_url``."""
    from xml.sax.saxutils import escape

    base = base_url.rstrip("/")
    urls = "".join(f"<url><loc>{escape(f'{base}/{page}')}</loc></url>\n" for page in sorted(pages))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n"
    )


def _release_date() -> str:
    from .._version import __release_date__

    return __release_date__


def _search_index(site: _Site) -> str:
    """The search index as a script assigning a global, so that it loads from ``file://`` without fetch."""
    entries = []
    # people and organizations (names in every language and variants) first, sources' titles last
    ranked = sorted(
        site.records.items(),
        key=lambda item: (
            item[1][0].name == "sources",
            -sum(1 for f in item[1][0].fields if _SEARCHED.match(f["name"])),
        ),
    )
    for record_id, (table, row) in ranked:
        names = [str(row[f["name"]]) for f in table.fields if _SEARCHED.match(f["name"]) and row.get(f["name"])]
        if not names:
            continue
        label = site.label(record_id)
        others = " · ".join(n for n in dict.fromkeys(names) if n != label)
        entries.append([record_id, label, table.title, others, normalize(" ".join([record_id, *names]))])
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.BCD_SEARCH={body};\n"


def _charts() -> dict[str, Markup]:
    """The home page's charts (:mod:`belarus_china_data.site.charts`) as inline SVG markup, by name."""
    from markupsafe import Markup

    from .charts import site_charts

    return {name: Markup(svg) for name, svg in site_charts().items()}  # built from escaped parts


def _home(site: _Site, charts: dict[str, Markup]) -> dict[str, Any]:
    coverage = site.tables.get("coverage")
    tables = [
        {"name": t.name, "title": t.title, "description": t.description, "rows": t.size} for t in site.tables.values()
    ]
    return {
        "title": site.title,
        "description": site.description,
        "licenses": site.licenses,
        "bibtex": _cite(None, "bibtex"),
        "tables": tables,
        "coverage": coverage.rows if coverage else [],
        "coverage_meanings": coverage.meanings("status") if coverage else {},
        "years": list(site.years),
        "charts": charts,
    }


def _table_page(site: _Site, table: _Table) -> dict[str, Any]:
    fields = []
    for item in table.fields:
        constraints = item.get("constraints", {})
        fields.append(
            {
                "name": item["name"],
                "label": field_label(item["name"]),
                "type": item["type"],
                "required": bool(constraints.get("required")),
                "description": item.get("description", ""),
                "categories": item.get("categories", []),
            }
        )
    shown = [
        f["name"]
        for f in table.fields
        if not str(f.get("description", "")).startswith("Derived:") and f["name"] not in ("summary", "note")
    ]
    root = "../"
    first = table.head(1)
    if first and table.id_field and str(first[0][table.id_field]) in site.group_of:
        return _grouped_table_page(site, table, fields)
    # rows of a large table that link a record of a series page are listed there, not here
    grouped = [n for n in table.columns_holding(site.group_of) if n in shown] if table.size > LARGE_TABLE else []
    walked = table.rows if table.id_field or grouped else table.head(LISTED_ROWS)  # only the rows shown
    rows = []
    left_out = 0
    listed = 0
    for row in walked:
        if not table.id_field and any(isinstance(row.get(n), str) and row[n] in site.group_of for n in grouped):
            left_out += 1  # listed on the series page of the record it links
            continue
        listed += 1
        if not table.id_field and listed > LISTED_ROWS:
            continue  # counted, not shown (no cells rendered for rows the page leaves out)
        cells = "".join(
            f"<td>{site.link_html(str(row.get(name)), root)}</td>"
            if name == table.id_field
            else f"<td>{site.value_html(row.get(name), name, root, limit=120)}</td>"
            for name in shown
        )
        rows.append(f"<tr>{cells}</tr>\n")
    if walked is not table.rows:
        listed = table.size  # every row counts: none is left out
    truncated = listed - LISTED_ROWS if not table.id_field and listed > LISTED_ROWS else 0
    return {
        "table": table,
        "fields": fields,
        "columns": [field_label(n) for n in shown],
        "rows_html": site._markup("".join(rows)),  # one string: the rows' cells are escaped as they are built
        "row_count": len(rows),
        "has_pages": table.id_field is not None,
        "left_out": left_out,
        "truncated": truncated,
    }


def _grouped_table_page(site: _Site, table: _Table, fields: list[dict[str, Any]]) -> dict[str, Any]:
    """Table page of a large table: its fields, and a row per series page instead of a row per record."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in table.rows:
        groups.setdefault(site.group_of[str(row[table.id_field or ""])], []).append(row)
    rows = []
    for group, members in sorted(groups.items()):
        title = _series_title(site, table, group, members)
        series = html_escape(group)
        rows.append(
            f'<tr><td><a href="../series/{series}.html">{series}</a></td><td>{len(members)}</td>'
            f"<td>{html_escape(title)}</td></tr>\n"
        )
    return {
        "table": table,
        "fields": fields,
        "columns": ["Series", "Records", "Common to its records"],
        "rows_html": site._markup("".join(rows)),
        "row_count": len(rows),
        "has_pages": False,
        "grouped": True,
    }


def _record_page(site: _Site, table: _Table, row: dict[str, Any]) -> dict[str, Any]:
    root = "../"
    assert table.id_field is not None
    record_id = str(row[table.id_field])
    fields = []
    for item in table.fields:
        name = item["name"]
        value = row.get(name)
        meaning = table.meanings(name).get(str(value), "") if value is not None else ""
        year = site.year_of(table, row) if name == table.main_date else None
        fields.append(
            {
                "label": "Id" if name == table.id_field else field_label(name),
                "lang": _language_of(name),
                "value": site._markup("<code>{}</code>").format(value)
                if name == table.id_field
                else site.value(value, name, root, labels=True),
                "meaning": meaning,
                "description": item.get("description", ""),
                "year": year if year in site.years else None,
            }
        )
    sections = _linked_sections(site, table, row, record_id, root)
    sources = [_source_view(site, str(link["source_id"]), link) for link in site.sources_of.get(record_id, [])]
    citation = site.citations([record_id])
    return {
        "table": table,
        "record_id": record_id,
        "label": site.label(record_id),
        "fields": fields,
        "sections": sections,
        "sources": sources,
        "sourced": table.name not in ("sources", "retired_ids", "claims"),
        "citation": citation,
        "source_reference": _source_reference(row) if table.name == "sources" else None,
    }


@cache
def _language_of(name: str) -> str | None:
    """The language code of a field of text in one language (``title_ru`` -> ``ru``), else None (English)."""
    return name.rsplit("_", 1)[1] if re.fullmatch(r".+_(ru|be|zh)", name) else None


def _source_reference(source: dict[str, Any]) -> str:
    """A plain reference to a source itself, for its own page."""
    author = source.get("author") or source.get("publisher")
    where = f" {source['url']}" if source.get("url") else ""
    accessed = source.get("accessed")
    read = f" (accessed {accessed.isoformat()})" if isinstance(accessed, date) else ""
    return f"{author} ({source.get('published') or 'n.d.'}). {source.get('title')}.{where}{read}."


def _linked_sections(site: _Site, table: _Table, row: dict[str, Any], record_id: str, root: str) -> list[_Linked]:
    sections: list[_Linked] = []
    # records of the same visit, parent, ... : other rows of this table holding the same id in the same field
    for item in table.fields:
        name = item["name"]
        value = row.get(name)
        if name == table.id_field or not isinstance(value, str) or value not in site.records:
            continue
        siblings = [r for r in site.linked[value].get((table.name, name), []) if r is not row]
        if siblings:
            heading = f"Other {table.title.lower()} of the same {field_label(name).lower()}"
            sections.append(_section(site, heading, table, name, siblings, root))
    for (name, through), rows in site.linked.get(record_id, {}).items():
        linking = site.tables[name]
        heading = _HEADINGS.get((name, through), f"{linking.title} ({field_label(through).lower()})")
        sections.append(_section(site, heading, linking, through, rows, root))
    return sections


def _section(site: _Site, heading: str, table: _Table, through: str, rows: list[dict[str, Any]], root: str) -> _Linked:
    """Rows that link to a record: each row's own page (or, for link tables, the other record it links).

    Records of large tables are counted per series page when there are many of them."""
    section = _Linked(heading=heading, table=table.name)
    series: dict[str, int] = {}
    for row in rows:
        if table.id_field:
            main = str(row[table.id_field])
        else:
            main = next(
                (
                    str(row[f["name"]])
                    for f in table.fields
                    if f["name"] != through and isinstance(row.get(f["name"]), str) and row[f["name"]] in site.records
                ),
                "",
            )
        if len(rows) > MAX_LINKED and main in site.group_of:
            series[site.group_of[main]] = series.get(site.group_of[main], 0) + 1
            continue
        if len(section.items) == MAX_LINKED:
            section.more += 1
            continue
        extras = []
        for item in table.fields:
            name = item["name"]
            value = row.get(name)
            if name in (through, table.id_field) or value is None or value == "" or str(value) == main:
                continue
            if table.id_field and name not in ("kind", "role", "reporter", "flow", "verdict"):
                continue  # a record's own page has the rest
            extras.append((field_label(name), site.value(value, name, root, labels=True)))
        section.items.append(
            {
                "link": site.link(main, root, site.label(main)) if main else None,
                "date": site.date_of(main) if main else None,
                "order": str(row.get("start") or (site.date_of(main) if main else "") or ""),
                "extras": extras,
            }
        )
    section.items.sort(key=lambda item: str(item["order"]))
    for group, count in sorted(series.items()):
        link = site._markup('<a href="{}series/{}.html">{}</a>').format(site._markup(root), group, group)
        section.items.append({"link": link, "date": None, "extras": [("records", site._markup(count))]})
    return section


def _retired_page(site: _Site, row: dict[str, Any]) -> dict[str, Any]:
    successor = row.get("successor_id")
    final = successor
    seen = {row.get("retired_id")}
    while final and final not in seen and final in site.records:
        table, current = site.records[final]
        if table.name != "retired_ids":
            break
        seen.add(final)
        final = current.get("successor_id")
    return {
        "retired_id": row.get("retired_id"),
        "row": row,
        "successor": successor,
        "final": final if final in site.records else None,
        "final_label": site.label(final) if final in site.records else "",
        "final_href": site.href(final) if final in site.records else "",
    }


def _year_page(site: _Site, year: int) -> dict[str, Any]:
    root = "../"
    groups = site.years[year]
    sections = []
    for name, rows in groups.items():
        if name == "trade_figures":
            continue
        table = site.tables[name]
        id_field, main_date = table.id_field or "", table.main_date or ""
        items = sorted(rows, key=lambda r: (str(r.get(f"{main_date}_earliest")), str(r[id_field])))
        sections.append(
            {
                "title": table.title,
                "date_label": field_label(main_date),
                "records": [
                    {
                        "date": r.get(main_date),
                        "link": site.link(str(r[id_field]), root, site.label(str(r[id_field]))),
                        "kind": r.get("kind"),
                    }
                    for r in items
                ],
            }
        )
    trade = sorted(
        groups.get("trade_figures", []),
        key=lambda r: (str(r["reporter"]), str(r["flow"]), str(r["period"]), str(r["figure_id"])),
    )
    years = list(site.years)
    index = years.index(year)
    return {
        "year": year,
        "sections": sections,
        "trade": [
            {
                "link": site.link(str(r["figure_id"]), root, _number(float(r["value_usd_millions"]))),
                "reporter": r["reporter"],
                "partner": r["partner"],
                "flow": r["flow"],
                "period": r["period"],
                "status": r.get("status"),
                "vintage": r.get("vintage"),
            }
            for r in trade
            if r.get("value_usd_millions") is not None
        ],
        "previous": years[index - 1] if index > 0 else None,
        "next": years[index + 1] if index + 1 < len(years) else None,
    }


def _source_view(site: _Site, source_id: str, link: dict[str, Any] | None = None) -> dict[str, Any]:
    _, source = site.records.get(source_id, (None, {}))
    link = link or {}
    return {
        "id": source_id,
        "href": site.href(source_id),
        "publisher": source.get("publisher"),
        "title": source.get("title") or source_id,
        "published": source.get("published"),
        "language": LANGUAGES.get(str(source.get("language")), source.get("language")),
        "url": source.get("url"),
        "primary": source.get("is_primary"),
        "supports": link.get("supports"),
        "quote": link.get("quote"),
        "note": link.get("note"),
    }


def _series_page(site: _Site, table: _Table, group: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One page for the records of a large table whose ids share ``group``: what they have in common once,
    then a row per record (anchored by its id), the sources once and the citations once per set of sources."""
    root = "../"
    assert table.id_field is not None
    id_field = table.id_field
    constant, variable = [], []
    for item in table.fields:
        name = item["name"]
        values = {repr(r.get(name)) for r in rows}
        if name != id_field and len(values) == 1:
            value = rows[0].get(name)
            constant.append(
                {
                    "label": field_label(name),
                    "value": site.value(value, name, root, labels=True),
                    "meaning": table.meanings(name).get(str(value), "") if value is not None else "",
                    "description": item.get("description", ""),
                }
            )
        elif name != id_field:
            variable.append(item)
    source_ids: dict[str, None] = {}
    sets: dict[tuple[str, ...], list[str]] = {}
    lines = []
    for row in sorted(rows, key=lambda r: str(r[id_field])):
        record_id = str(row[id_field])
        links = site.sources_of.get(record_id, [])
        for link in links:
            source_ids[str(link["source_id"])] = None
        sets.setdefault(tuple(sorted(str(link["source_id"]) for link in links)), []).append(record_id)
        shown = html_escape(record_id)
        cells = "".join(
            f"<td>{site.value_html(row.get(f['name']), f['name'], root, labels=True, limit=400)}</td>" for f in variable
        )
        cited = "; ".join(_source_cell(root, _source_view(site, str(link["source_id"]), link)) for link in links)
        lines.append(f'<tr id="{shown}"><td><a href="#{shown}">{shown}</a></td>{cells}<td>{cited}</td></tr>\n')
    citations = []
    for ids in sets.values():
        citation = site.citations(ids)
        if citation:
            citations.append({"count": len(ids), "first": ids[0], "text": citation[0], "bibtex": citation[1]})
    return {
        "table": table,
        "group": group,
        "title": _series_title(site, table, group, rows),
        "constant": constant,
        "columns": [{"name": f["name"], "label": field_label(f["name"]), **f} for f in variable],
        "lines_html": site._markup("".join(lines)),  # one string: every part escaped as it is built
        "line_count": len(lines),
        "sources": [_source_view(site, source_id) for source_id in source_ids],
        "citations": citations,
    }


def _source_cell(root: str, source: dict[str, Any]) -> str:
    """A source in a series page's row: its page, what it supports and its quote."""
    cell = f'<a href="{root}{html_escape(source["href"])}">{html_escape(str(source["publisher"]))}</a>'
    if source["supports"]:
        cell += f": {html_escape(str(source['supports']))}"
    if source["quote"]:
        cell += f" “{html_escape(str(source['quote']))}”"
    return cell


def _series_title(site: _Site, table: _Table, group: str, rows: list[dict[str, Any]]) -> str:
    """Title of a series page: the table and the first few values its records share (e.g. reporter, partner)."""
    shared = []
    for item in table.fields:
        name = item["name"]
        if name == table.id_field or item["type"] != "string":
            continue
        values = {r.get(name) for r in rows}
        if len(values) == 1 and rows[0].get(name) is not None:
            shared.append(f"{field_label(name).lower()} {rows[0][name]}")
        if len(shared) == 3:
            break
    return f"{table.title} {group}: " + ", ".join(shared) if shared else f"{table.title} {group}"
