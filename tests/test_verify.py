"""verify(): every tampering with the shipped files is reported, one line each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import belarus_china_data as bcd
from belarus_china_data.contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from belarus_china_data.integrity import verify

pytestmark = pytest.mark.dependencies


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the installed package's data folder, with the codebook beside it as in an installed wheel."""
    shutil.copy2(bcd.codebook_path(), tmp_path / "CODEBOOK.md")
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


def test_hand_edited_descriptor_is_reported(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A category value removed by hand keeps every file hash right, but not the descriptor's own hash."""
    from belarus_china_data import integrity

    path = shipped_copy / SHIPPED_DESCRIPTOR
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    visits = next(r for r in descriptor["resources"] if r["name"] == "visits")
    kind = next(f for f in visits["schema"]["fields"] if f["name"] == "kind")
    kind["constraints"]["enum"].remove("state")
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    monkeypatch.setattr(integrity, "SHIPPED_DIR", shipped_copy)
    assert any("sha256 differs from the one recorded at build time" in p for p in verify(shipped_copy).problems)


@pytest.fixture
def damaged_install(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The loader pointed at a copy of the shipped files, with its caches emptied before and after."""
    from belarus_china_data import loader, shipped

    def clear() -> None:
        shipped.clear_caches()
        loader._pandas_dtypes.cache_clear()
        loader._frame_cache.clear()

    clear()
    monkeypatch.setattr(shipped, "SHIPPED_DIR", shipped_copy)
    yield shipped_copy
    monkeypatch.undo()
    clear()


def test_value_outside_its_categories_is_refused_not_turned_into_nan(damaged_install: Path) -> None:
    path = damaged_install / SHIPPED_DESCRIPTOR
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    visits = next(r for r in descriptor["resources"] if r["name"] == "visits")
    next(f for f in visits["schema"]["fields"] if f["name"] == "kind")["constraints"]["enum"].remove("state")
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(bcd.DataFileError, match="'state', which is not one of its categories"):
        bcd.load("visits")


def test_swapped_parquet_files_are_a_damaged_installation(damaged_install: Path) -> None:
    visits, persons = damaged_install / "visits.parquet", damaged_install / "persons.parquet"
    content = visits.read_bytes()
    visits.write_bytes(persons.read_bytes())
    persons.write_bytes(content)
    with pytest.raises(bcd.DataFileError, match=r"does not hold table 'visits'.*reinstall"):
        bcd.load("visits")


def test_shipped_descriptor_hands_out_copies() -> None:
    from belarus_china_data.loader import shipped_descriptor

    first = shipped_descriptor()
    first["resources"].clear()
    assert shipped_descriptor()["resources"], "a caller's change leaked into the cached descriptor"
    assert len(bcd.load("visits")) > 0
