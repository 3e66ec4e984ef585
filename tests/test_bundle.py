"""The release bundle: files any tool reads, a descriptor Frictionless accepts, checksums that verify, and CSV
files that read back into the frames bcd.load gives."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import belarus_china_data as bcd
from belarus_china_data.cli import main
from belarus_china_data.contract.cells import render_cell

from .conftest import ROOT


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("release") / "bundle"
    assert main(["bundle", str(outdir)]) == 0
    return outdir


def test_bundle_has_every_table_in_three_formats(bundle: Path) -> None:
    for name in bcd.tables():
        for relative in (f"csv/{name}.csv", f"parquet/{name}.parquet", f"stata/{name}.dta"):
            assert (bundle / relative).is_file(), relative
    for name in ("datapackage.json", "CODEBOOK.md", "CITATION.cff", "README.md", "SHA256SUMS"):
        assert (bundle / name).is_file(), name


def test_checksums_verify(bundle: Path) -> None:
    lines = (bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    on_disk = {str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == on_disk
    for relative, digest in listed.items():
        assert hashlib.sha256((bundle / relative).read_bytes()).hexdigest() == digest, relative


def test_descriptor_has_the_dataset_metadata(bundle: Path) -> None:
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("id", "name", "title", "version", "created", "keywords", "contributors", "sources", "licenses"):
        assert descriptor.get(key), key
    assert descriptor["version"] == bcd.__version__
    assert "doi.org" not in json.dumps(descriptor) or bcd.__version__ in (ROOT / "releases" / "DOIS").read_text()
    assert [r["name"] for r in descriptor["resources"]] == bcd.tables()


def test_frictionless_validates_the_bundle(bundle: Path) -> None:
    from frictionless import Package

    report = Package(str(bundle / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]


@pytest.mark.parametrize("name", ["agreements", "visits", "trade_figures", "un_roll_calls", "loans"])
def test_csv_reads_back_into_the_loaded_frame(bundle: Path, name: str) -> None:
    read = pd.read_csv(bundle / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
    loaded = bcd.load(name)
    assert list(read.columns) == list(loaded.columns)
    assert len(read) == len(loaded)
    for column in loaded.columns:
        expected = [render_cell(None if pd.isna(v) else _python(v)) for v in loaded[column].astype(object)]
        assert read[column].tolist() == expected, (name, column)


def _python(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()  # type: ignore[attr-defined]
    return value


@pytest.mark.newest
def test_csv_is_the_source_data_byte_for_byte(bundle: Path) -> None:
    for name in bcd.tables():
        assert (bundle / "csv" / f"{name}.csv").read_bytes() == (ROOT / "data" / f"{name}.csv").read_bytes(), name


def test_stata_files_read_back(bundle: Path) -> None:
    read = pd.read_stata(bundle / "stata" / "visits.dta")
    assert len(read) == len(bcd.visits())
    assert set(read["visit_id"]) == set(bcd.visits()["visit_id"])


def test_bundle_refuses_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    assert main(["bundle", str(tmp_path)]) == 1
    assert "is a folder with files in it" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed here (the recipe needs base R only)")
def test_readme_recipe_for_r_reads_the_bundle(bundle: Path) -> None:
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("```r\n")[1].split("```")[0]
    script = recipe + 'cat(nrow(visits), length(unique(visits$visit_id)), "\\n")\n'
    result = subprocess.run(
        ["Rscript", "-e", script], cwd=bundle, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split()[-2:] == [str(len(bcd.visits())), str(len(bcd.visits()))]


def test_no_doi_is_printed_before_one_is_recorded() -> None:
    from belarus_china_data._release import DOI
    from belarus_china_data.curation.build import release_doi

    assert release_doi(ROOT) == DOI
    shipped = json.loads((Path(bcd.__file__).parent / "_data" / "datapackage.json").read_text(encoding="utf-8"))
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    if DOI is None:
        assert "doi" not in bcd.cite().lower() and "doi:" not in cff and "doi" not in zenodo and "id" not in shipped
    else:
        assert f"https://doi.org/{DOI}" in bcd.cite() and f"doi: {DOI}" in cff and shipped["id"].endswith(DOI)


def test_a_recorded_doi_reaches_the_citation_file_and_zenodo(tmp_path: Path) -> None:
    from belarus_china_data.curation.build import citation_file, release_doi, zenodo_metadata

    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "DOIS").write_text(f"# minted\n{bcd.__version__} 10.5281/zenodo.99\n", encoding="utf-8")
    assert release_doi(tmp_path) == "10.5281/zenodo.99"
    assert "doi: 10.5281/zenodo.99" in citation_file("10.5281/zenodo.99")
    assert zenodo_metadata("10.5281/zenodo.99")["doi"] == "10.5281/zenodo.99"
    (tmp_path / "releases" / "DOIS").write_text("0.5 zenodo\n", encoding="utf-8")
    with pytest.raises(Exception, match="releases/DOIS, line 1"):
        release_doi(tmp_path)
