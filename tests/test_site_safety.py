"""The site writes only its own files: a rerun keeps what a user added, a planted marker cannot make it delete
someone else's files, it never writes into the installed package, and record ids become file names only when they
are safe. And the site for the wider web: schema.org Dataset markup, a downloads page of files that exist, a
sitemap, data text isolated for right-to-left scripts. (Defects of 0.4.0; each test failed there.)"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import belarus_china_data as bcd
from belarus_china_data.site.generate import MARKER, build_site

pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out, charts=False, base_url="https://example.org/bcd")
    return out


def test_a_rerun_keeps_files_the_user_added(site: Path) -> None:
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "records" / "my-page.html").write_text("mine too", encoding="utf-8")
    build_site(site, charts=False, base_url="https://example.org/bcd")
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (site / "records" / "my-page.html").read_text(encoding="utf-8") == "mine too"
    assert (site / "index.html").is_file()


def test_a_planted_marker_cannot_empty_a_folder(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work", encoding="utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "x.html").write_text("someone else's", encoding="utf-8")
    planted = {"files": {"thesis.tex": "0" * 64, "records/x.html": "0" * 64, "../outside.txt": "0" * 64}}
    (tmp_path / MARKER).write_text(json.dumps(planted), encoding="utf-8")
    build_site(tmp_path, charts=False)
    assert (tmp_path / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    assert (tmp_path / "records" / "x.html").read_text(encoding="utf-8") == "someone else's"


def test_an_old_style_marker_or_none_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("years of work", encoding="utf-8")
    (tmp_path / MARKER).write_text("belarus-china-data 0.4.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="was not written by `belarus-china-data site`"):
        build_site(tmp_path, charts=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [MARKER, "thesis.tex"]


def test_the_site_never_writes_into_the_installed_package() -> None:
    package = Path(bcd.__file__).parent
    with pytest.raises(ValueError, match="inside the installed package"):
        build_site(package / "_data" / "site", charts=False)
    assert not (package / "_data" / "site").exists()


def test_an_unsafe_record_id_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pyarrow as pa

    from belarus_china_data.site import generate

    shipped = generate._arrow

    def hostile(name: str) -> pa.Table:
        found = shipped(name).to_pylist()
        if name == "persons":
            found = [dict(found[0]) | {"person_id": "per-../../escape"}, *found[1:]]
        return pa.Table.from_pylist(found)

    monkeypatch.setattr(generate, "_arrow", hostile)
    with pytest.raises(ValueError, match="is not a safe file name"):
        build_site(tmp_path / "site", charts=False)
    assert not (tmp_path / "escape.html").exists()


def test_home_page_carries_dataset_json_ld(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">\s*(.+?)\s*</script>', html, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["version"] == bcd.__version__ and data["license"].startswith("https://creativecommons.org/")
    for key in ("name", "description", "datePublished", "creator", "keywords", "temporalCoverage"):
        assert data[key], key
    assert data["distribution"][0]["contentUrl"].endswith(f"/downloads/belarus-china-data-{bcd.__version__}-csv.zip")


def test_downloads_page_lists_files_that_exist(site: Path) -> None:
    html = (site / "downloads.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(downloads/[^"]+)"', html)
    assert links
    for link in links:
        content = (site / link).read_bytes()
        assert hashlib.sha256(content).hexdigest() in html
        with zipfile.ZipFile(site / link) as archive:
            names = archive.namelist()
            assert "datapackage.json" in names and "csv/visits.csv" in names
            for name in names:
                assert hashlib.sha256(archive.read(name)).hexdigest() in html, name


def test_sitemap_lists_the_pages(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/bcd/index.html" in sitemap
    assert "https://example.org/bcd/records/per-alexander-lukashenko.html" in sitemap


def test_record_pages_isolate_data_text_and_give_the_permanent_address(site: Path) -> None:
    html = (site / "records" / "per-xi-jinping.html").read_text(encoding="utf-8")
    assert "<bdi>习近平</bdi>" in html
    assert '<h1 dir="auto">' in html
    assert "records/per-xi-jinping.html</code> in every release" in html
    assert f"release {bcd.__version__}" in html


@given(st.text())
def test_the_sites_escape_is_the_templates_escape(text: str) -> None:
    """Cells built as text are escaped exactly as the templates (markupsafe) escape what they print."""
    from markupsafe import escape

    from belarus_china_data.site.generate import html_escape

    assert html_escape(text) == str(escape(text))
