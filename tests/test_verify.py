"""verify(): every tampering with the shipped files is reported, one line each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import belarus_china_data as bcd
from belarus_china_data.contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from belarus_china_data.integrity import verify


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SHIPPED_DIR, tmp_path / "_data"))


def test_installed_data_verify() -> None:
    report = bcd.verify()
    assert report.ok, report.problems
    assert report.version == bcd.__version__


def test_changed_byte_is_reported(shipped_copy: Path) -> None:
    path = shipped_copy / "visits.parquet"
    content = bytearray(path.read_bytes())
    content[100] ^= 0xFF
    path.write_bytes(bytes(content))
    problems = verify(shipped_copy).problems
    assert problems == [f"{path}: sha256 differs from the descriptor"]


def test_truncated_file_is_reported(shipped_copy: Path) -> None:
    path = shipped_copy / "agreements.parquet"
    path.write_bytes(path.read_bytes()[:200])
    problems = verify(shipped_copy).problems
    assert any("bytes, descriptor says" in p for p in problems)
    assert any("not a readable Parquet file" in p for p in problems)


def test_missing_file_is_reported(shipped_copy: Path) -> None:
    (shipped_copy / "persons.parquet").unlink()
    assert any("persons.parquet: missing" in p for p in verify(shipped_copy).problems)


def test_descriptor_of_another_version_is_reported(shipped_copy: Path) -> None:
    path = shipped_copy / SHIPPED_DESCRIPTOR
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = "0.0.1"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert verify(shipped_copy).problems == [f"{path}: descriptor version 0.0.1 differs from package {bcd.__version__}"]
