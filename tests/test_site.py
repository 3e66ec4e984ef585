"""The static site (`belarus-china-data site OUTDIR`): every record reachable, every internal link resolving, no
external resource, light, and searchable in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from belarus_china_data.cli import main
from belarus_china_data.loader import shipped_descriptor
from belarus_china_data.site import SiteReport, build_site, generate

BROWSER_HINT = (
    "the browser test needs headless Chromium and its driver: apt-get install chromium chromium-driver "
    "(and selenium, in the dev extra)"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    return build_site(tmp_path_factory.mktemp("site") / "site")


class _Page(HTMLParser):
    """Links, resource addresses, element ids, the title and the meta tags of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, address)
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in ("href", "src"):
            if name in values:
                self.links.append((tag, values[name]))
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "meta" and "name" in values:
            self.meta[values["name"]] = values.get("content", "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(site: SiteReport) -> dict[Path, _Page]:
    return {path: _parse(path) for path in sorted(site.outdir.rglob("*.html"))}


def _id_tables() -> list[dict[str, Any]]:
    """Tables whose rows have ids of their own (a one-field key that is not a reference to another table's row)."""

    def references(schema: dict[str, Any]) -> set[str]:
        fields = [fk["fields"] for fk in schema.get("foreignKeys", [])]
        return {f for group in fields for f in ([group] if isinstance(group, str) else group)}

    return [
        r
        for r in shipped_descriptor()["resources"]
        if len(r["schema"].get("primaryKey", [])) == 1
        and r["schema"]["primaryKey"][0].endswith("_id")
        and r["schema"]["primaryKey"][0] not in references(r["schema"])
    ]


def test_every_record_of_every_id_table_has_a_page(site: SiteReport, pages: dict[Path, _Page]) -> None:
    import belarus_china_data as bcd

    total = 0
    for resource in _id_tables():
        key = resource["schema"]["primaryKey"][0]
        ids = [str(i) for i in bcd.load(resource["name"], backend="pyarrow")[key].to_pylist()]
        total += len(ids)
        for record_id in ids:
            if resource["name"] in generate.GROUPED_TABLES:  # anchored rows of series pages
                page = pages[site.outdir / "series" / f"{generate.group_key(record_id)}.html"]
                assert record_id in page.ids, record_id
            else:
                page = pages[site.outdir / "records" / f"{record_id}.html"]
                assert record_id in page.title or page.title.strip(), record_id
    assert total == site.records > 9000


def test_every_internal_link_resolves(site: SiteReport, pages: dict[Path, _Page]) -> None:
    broken = []
    checked = 0
    for path, page in pages.items():
        for tag, address in page.links:
            parts = urlsplit(address)
            if parts.scheme in ("http", "https", "mailto"):
                assert tag == "a", f"{path.name} loads an external resource: {address}"
                continue
            assert not parts.scheme and not parts.netloc, f"{path.name}: {address}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            checked += 1
            if not target.is_file() or not target.is_relative_to(site.outdir.resolve()):
                broken.append(f"{path.relative_to(site.outdir)} -> {address}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{path.relative_to(site.outdir)} -> {address} (no such anchor)")
    assert not broken, broken[:20]
    assert checked > 20_000


def test_site_is_light_and_made_for_phones(site: SiteReport, pages: dict[Path, _Page]) -> None:
    size = sum(p.stat().st_size for p in site.outdir.rglob("*") if p.is_file())
    assert size == site.bytes < 30_000_000
    assert site.pages == len(pages)
    for path, page in pages.items():
        assert "width=device-width" in page.meta.get("viewport", ""), path
        assert page.title.strip() and "belarus-china-data" in page.title, path
    titles = [page.title for path, page in pages.items() if path.parent.name == "records"]
    assert len(set(titles)) > 0.9 * len(titles)  # meaningful, mostly distinct titles


def test_the_readme_states_the_sites_measured_size(site: SiteReport) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"keeps the whole site at about (\d+) MB", readme)
    assert stated, "the README no longer states the site's size"
    assert abs(site.bytes / 1e6 - int(stated.group(1))) <= 1, f"the site is {site.bytes / 1e6:.1f} MB"


def test_home_page_has_citation_coverage_and_charts(site: SiteReport) -> None:
    import belarus_china_data as bcd

    home = (site.outdir / "index.html").read_text(encoding="utf-8")
    assert bcd.cite() in home
    for row in bcd.load("coverage").itertuples():
        assert f'tables/{row.table_name}.html">{row.table_name}</a>' in home
    assert site.charts
    charts = re.findall(r"<svg .*?</svg>", home, re.S)
    titles = [re.search(r'<title id="[^"]+">([^<]+)</title>', chart)[1] for chart in charts]  # type: ignore[index]
    assert titles == [
        "The Belarus-China year panel",
        "Agreements and visits per year, by kind",
        "Belarus-China trade as each country reports it",
    ]


def test_panel_chart_draws_the_panel_with_gaps_as_gaps(site: SiteReport) -> None:
    import belarus_china_data as bcd

    home = (site.outdir / "index.html").read_text(encoding="utf-8")
    chart = re.search(r"<svg .*?</svg>", home, re.S)[0]  # type: ignore[index]
    bars = re.findall(r"<title>(\d{4}), agreements signed: ([\d,.]+)<", chart)
    drawn = {int(year): float(value.replace(",", "")) for year, value in bars}
    panel = bcd.dyad_years()
    counted = panel[panel["agreements_signed"].notna()]
    assert drawn == dict(zip(counted["year"].astype(int), counted["agreements_signed"].astype(float), strict=True))
    turnover = dict(re.findall(r"<title>(\d{4}), China reports: ([\d,.]+)", chart))
    missing = panel.loc[panel["trade_turnover_chn"].isna(), "year"].astype(int).tolist()
    assert missing and not any(str(year) in turnover for year in missing)  # a year without a figure is a gap
    assert {int(y) for y in turnover} == set(panel.loc[panel["trade_turnover_chn"].notna(), "year"].astype(int))


def test_every_citation_names_the_records_it_is_for(site: SiteReport) -> None:
    """A record page's citation names that record; a series page's citation the records sharing its sources."""
    checked = 0
    for page in (site.outdir / "records").glob("*.html"):
        for named in re.findall(r"Rows cited \((\d+)\): ([a-z0-9, -]+)[.}]", page.read_text(encoding="utf-8")):
            assert named == ("1", page.stem), page.name
            checked += 1
    assert checked > 2000
    for page in list((site.outdir / "series").glob("*.html"))[:40]:
        text = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'<tr id="([a-z0-9-]+)">', text))
        for count, named in re.findall(r"Rows cited \((\d+)\): ([a-z0-9, -]+)[.}]", text):
            assert set(named.split(", ")) <= ids and len(named.split(", ")) == int(count), page.name


def test_record_page_has_fields_links_sources_and_citations(site: SiteReport) -> None:
    import belarus_china_data as bcd

    person = (site.outdir / "records" / "per-alexander-lukashenko.html").read_text(encoding="utf-8")
    for heading in ("Posts", "Visits", "Signatures", "Sources", "Cite"):
        assert f">{heading}</h2>" in person, heading
    assert "Name in Russian." in person  # field descriptions from the schema
    assert "@misc{" in person and bcd.cite() in person
    for source in bcd.sources_for("per-alexander-lukashenko"):
        assert f'href="../records/{source.source_id}.html"' in person
    agreement = next(a for a in bcd.load("agreements").itertuples() if isinstance(a.visit_id, str))
    page = (site.outdir / "records" / f"{agreement.agreement_id}.html").read_text(encoding="utf-8")
    assert f'href="../records/{agreement.visit_id}.html"' in page
    assert "(A " in page or "(An " in page  # category meaning


def test_year_page_has_both_reporters_trade(site: SiteReport) -> None:
    page = (site.outdir / "years" / "2015.html").read_text(encoding="utf-8")
    assert "<h2>Agreements</h2>" in page and "<h2>Visits</h2>" in page
    assert "<td>BLR</td><td>CHN</td>" in page and "<td>CHN</td><td>BLR</td>" in page


def test_search_index_finds_names_in_every_language(site: SiteReport) -> None:
    script = (site.outdir / "assets" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.BCD_SEARCH="
    assert script.startswith(prefix)
    entries = json.loads(script[len(prefix) :].strip().rstrip(";"))

    def search(query: str) -> set[str]:
        words = generate.normalize(query).split()
        return {e[0] for e in entries if all(w in e[4] for w in words)}

    for query in ("Лукашенко", "Лукашэнка", "卢卡申科", "lukashenka", "LUKASHENKO"):
        assert "per-alexander-lukashenko" in search(query), query
    assert "per-xi-jinping" in search("习近平")
    assert any(i.startswith("agr-") for i in search("договор"))


def test_retired_id_page_points_to_its_successor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    shipped = generate._arrow

    def with_retired(name: str) -> Any:
        if name == "retired_ids":
            reason = "merged into the successor"
            return pa.Table.from_pylist([{"retired_id": "per-a-lukashenko", "successor_id": "per-alexander-lukashenko",
                                          "retired_in": "0.1.0", "reason": reason}])  # fmt: skip
        return shipped(name)

    monkeypatch.setattr(generate, "_arrow", with_retired)
    report = build_site(tmp_path / "site", charts=False)
    page = (report.outdir / "records" / "per-a-lukashenko.html").read_text(encoding="utf-8")
    assert 'href="../records/per-alexander-lukashenko.html">Alexander Lukashenko</a>' in page
    assert "merged into the successor" in page


def test_cli_writes_and_replaces_a_site_but_not_other_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert main(["site", str(out), "--no-charts"]) == 0
    assert main(["site", str(out), "--no-charts"]) == 0  # a site written earlier is replaced
    assert "records" in capsys.readouterr().out
    assert (out / "index.html").is_file() and "<svg" not in (out / "index.html").read_text(encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.tex").write_text("keep me", encoding="utf-8")
    assert main(["site", str(other)]) == 1
    assert (other / "thesis.tex").read_text(encoding="utf-8") == "keep me"
    assert "not empty" in capsys.readouterr().err


def test_importing_the_site_module_loads_nothing_heavy() -> None:
    code = (
        "import sys, belarus_china_data, belarus_china_data.site; "
        "print(sorted(m for m in ('jinja2', 'pandas', 'pyarrow', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _browser_paths() -> tuple[str, str]:
    """Chromium and chromedriver (or those named by BCD_CHROME and BCD_CHROMEDRIVER); a skip with install
    instructions without them, and a failure under CI."""
    chromium = os.environ.get("BCD_CHROME") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("BCD_CHROMEDRIVER") or shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        chromium = None
    if chromium and driver:
        return chromium, driver
    if os.environ.get("CI") == "true":
        pytest.fail(f"no browser under CI: {BROWSER_HINT}")
    pytest.skip(BROWSER_HINT)


def test_search_and_browse_in_headless_chromium(
    site: SiteReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium, driver = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium Manager look for drivers online
    monkeypatch.setenv("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=390,844",  # a phone
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    wait = WebDriverWait(browser, 15)
    try:
        for query, record_id, heading in (
            ("Лукашенко", "per-alexander-lukashenko", "Alexander Lukashenko"),
            ("习近平", "per-xi-jinping", "Xi Jinping"),
        ):
            browser.get((site.outdir / "index.html").as_uri())
            assert "Belarus-China" in browser.title
            browser.find_element(By.ID, "q").send_keys(query)
            wanted = f"records/{record_id}.html"

            def result(b: Any, wanted: str = wanted) -> Any:
                links = b.find_elements(By.CSS_SELECTOR, "#results a")
                return next((a for a in links if (a.get_attribute("href") or "").endswith(wanted)), False)

            wait.until(result).click()
            wait.until(lambda b, wanted=wanted: b.current_url.endswith(wanted))
            assert browser.find_element(By.TAG_NAME, "h1").text == heading
            assert heading in browser.title
            sources = browser.find_elements(By.CSS_SELECTOR, "ol.sources > li")
            assert sources, "no sources listed"
            outside = [
                a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, "ol.sources a.ext")
            ]
            assert outside and all(href.startswith(("http://", "https://")) for href in outside)
            inside = browser.find_elements(By.CSS_SELECTOR, "ol.sources > li > a:first-child")
            inside[0].click()  # the source's own page
            wait.until(lambda b: "/records/src-" in b.current_url)
            assert browser.find_element(By.ID, "cite").is_displayed()

        # the table page's filter and sort work
        browser.get((site.outdir / "tables" / "persons.html").as_uri())
        rows = browser.find_elements(By.CSS_SELECTOR, "#rows-table tbody tr")
        browser.find_element(By.ID, "filter").send_keys("Лукашенко")
        wait.until(lambda b: sum(r.is_displayed() for r in rows) == 1)
        assert browser.find_element(By.ID, "count").text == f"1 of {len(rows)} rows"
    finally:
        browser.quit()
