"""The build: deterministic, and what the package ships is exactly what it makes from data/.

frictionless-py does not check byte counts of Parquet files or our sha256 hashes, so these tests do."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import belarus_china_data as bcd
from belarus_china_data.contract.models import TABLE_MODELS
from belarus_china_data.contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from belarus_china_data.contract.schema import parquet_table_schema, table_schema
from belarus_china_data.curation.build import build, descriptor
from belarus_china_data.curation.codebook import codebook_markdown

from .conftest import ROOT, copy_built

pytestmark = pytest.mark.dependencies


def test_two_builds_are_byte_identical(built_template: Path, tmp_path: Path) -> None:
    """The session's built copy (see ``conftest.built_template``) and a second build of the same data agree."""
    first, second = built_template / "pkg" / "_data", tmp_path / "second"
    build(copy_built(built_template, tmp_path / "tree"), shipped_dir=second)
    names = sorted(p.name for p in second.iterdir())
    assert len(names) == len(TABLE_MODELS) + 3  # the Parquet files, the descriptor, release history and search index
    assert names == sorted(p.name for p in first.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_shipped_tables_equal_a_fresh_build(built_template: Path) -> None:
    fresh = built_template / "pkg" / "_data"
    for name in TABLE_MODELS:
        assert pq.read_table(fresh / f"{name}.parquet").equals(pq.read_table(SHIPPED_DIR / f"{name}.parquet")), name


def test_shipped_descriptor_matches_shipped_files() -> None:
    shipped = json.loads((SHIPPED_DIR / SHIPPED_DESCRIPTOR).read_text(encoding="utf-8"))
    assert [r["name"] for r in shipped["resources"]] == list(TABLE_MODELS)
    for resource in shipped["resources"]:
        content = (SHIPPED_DIR / resource["path"]).read_bytes()
        assert resource["belarus_china_data"]["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["rows"] == pq.read_metadata(SHIPPED_DIR / resource["path"]).num_rows
        assert resource["schema"] == parquet_table_schema(resource["name"])


def test_generated_schemas_and_descriptor_are_up_to_date() -> None:
    for name in TABLE_MODELS:
        committed = json.loads((ROOT / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
        assert committed == table_schema(name), (
            f"schemas/{name}.json drifted: run python -m belarus_china_data.curation.build"
        )
    assert json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8")) == descriptor()
    coverage = bcd.records("coverage")
    assert (ROOT / "CODEBOOK.md").read_text(encoding="utf-8") == codebook_markdown(coverage), "CODEBOOK.md drifted"


@pytest.mark.newest
def test_build_check_reports_nothing_stale() -> None:
    stale = [p for p in build(check=True) if p.suffix != ".parquet" and p.name != SHIPPED_DESCRIPTOR]
    assert stale == []


def test_parquet_schema_follows_the_models() -> None:
    for name, model in TABLE_MODELS.items():
        names = pq.read_schema(SHIPPED_DIR / f"{name}.parquet").names
        assert names == list(model.model_fields), name
