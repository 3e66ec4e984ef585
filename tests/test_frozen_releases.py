"""A version is a promise: a published release's content cannot change under a citation.

These tests replay the two ways 0.4.0 could be changed without a new version (a cell edit that the build accepted,
and a retirement stamped with the published version) on a scratch copy of the repository, and check that the
recorded digests of every published release are those of its data."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

import belarus_china_data as bcd
from belarus_china_data.contract.errors import DataValidationError
from belarus_china_data.curation.build import build, published_versions, release_content
from belarus_china_data.curation.findings import merge_findings
from belarus_china_data.curation.release import content_differences, retired_in_problems
from belarus_china_data.curation.validation import read_source

from .conftest import ROOT, rewrite_cell


def _publish_current_version(root: Path) -> None:
    with (root / "releases" / "PUBLISHED").open("a", encoding="utf-8") as handle:
        handle.write(f"{bcd.__version__}\n")


def _fingerprint(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_every_published_release_has_content_digests() -> None:
    for version in published_versions(ROOT):
        digests = json.loads((ROOT / "releases" / "digests" / f"{version}.json").read_text(encoding="utf-8"))
        snapshot = json.loads((ROOT / "releases" / f"{version}.json").read_text(encoding="utf-8"))
        assert digests["version"] == version
        for name, entry in snapshot["tables"].items():
            assert digests["tables"][name]["rows"] == entry["rows"], (version, name)
            if "ids" in entry:
                assert sorted(digests["tables"][name]["records"]) == entry["ids"], (version, name)


def test_current_digests_are_those_of_the_data() -> None:
    recorded = json.loads((ROOT / "releases" / "digests" / f"{bcd.__version__}.json").read_text(encoding="utf-8"))
    assert content_differences(recorded, release_content(read_source(ROOT / "data"))) == []


def test_a_changed_cell_at_a_published_version_is_refused(scratch_root: Path) -> None:
    _publish_current_version(scratch_root)
    build(scratch_root, shipped_dir=scratch_root / "shipped")  # unchanged data builds
    rewrite_cell(scratch_root / "data" / "agreements.csv", "agr-1992-diplomatic-relations", "place", "Minsk")
    before = _fingerprint(scratch_root)
    with pytest.raises(DataValidationError) as caught:
        build(scratch_root, shipped_dir=scratch_root / "shipped")
    message = str(caught.value)
    assert f"release {bcd.__version__} is published" in message
    assert "agreements: 1 changed (agr-1992-diplomatic-relations)" in message
    assert "open the next version" in message
    assert _fingerprint(scratch_root) == before


def _findings(tmp_path: Path, items: list[dict[str, object]]) -> Path:
    path = tmp_path / "findings.json"
    document = {"format": "belarus-china-data/findings/1", "pass": "test", "sources": [], "items": items}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "item",
    [
        {
            "table": "agreements",
            "action": "update",
            "record": {"agreement_id": "agr-1992-diplomatic-relations", "place": "Minsk"},
            "reason": "a test",
        },
        {
            "table": "agreements",
            "action": "retire",
            "record": {"agreement_id": "agr-1992-diplomatic-relations"},
            "reason": "a test",
        },
    ],
    ids=["update", "retirement"],
)
def test_findings_cannot_write_at_a_published_version(scratch_root: Path, item: dict[str, object]) -> None:
    _publish_current_version(scratch_root)
    path = _findings(scratch_root, [item])
    before = _fingerprint(scratch_root)
    with pytest.raises(DataValidationError) as caught:
        merge_findings([path], scratch_root / "data", write=True)
    assert len(str(caught.value).splitlines()) == 2  # the count line and one error line
    assert "is published" in str(caught.value) and "open the next version first" in str(caught.value)
    assert _fingerprint(scratch_root) == before


def _drop_record(data_dir: Path, record_id: str) -> None:
    """Remove every row of every table that names ``record_id`` (the record and its links)."""
    for path in data_dir.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if record_id not in text:
            continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        kept = [rows[0]] + [row for row in rows[1:] if record_id not in row]
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\n").writerows(kept)
        path.write_text(buffer.getvalue(), encoding="utf-8")


def test_retired_in_names_the_first_release_without_the_id(scratch_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second serious case of 0.4.0: a retirement stamped with the published version, shipped after a bump."""
    import belarus_china_data._version as version

    published = sorted(published_versions(ROOT), key=lambda v: tuple(map(int, v.split("."))))[-1]
    current = version.__version__
    if current == published:  # the release is out: the next change to the data comes with the next version
        major, minor, patch = map(int, current.split("."))
        current = f"{major}.{minor}.{patch + 1}"
        monkeypatch.setattr(version, "__version__", current)
    record_id = "agr-1992-diplomatic-relations"
    assert record_id in (ROOT / "releases" / f"{published}.json").read_text(encoding="utf-8")
    _drop_record(scratch_root / "data", record_id)
    with (scratch_root / "data" / "retired_ids.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{record_id},,{published},a test\n")
    with pytest.raises(DataValidationError) as caught:
        read_source(scratch_root / "data", scratch_root)
    assert f"retired_in is {published}, but release {current} is the first whose snapshot lacks it" in str(caught.value)


def test_shipped_retired_in_values_agree_with_the_snapshots() -> None:
    snapshots = {
        json.loads(p.read_text(encoding="utf-8"))["version"]: json.loads(p.read_text(encoding="utf-8"))
        for p in (ROOT / "releases").glob("*.json")
    }
    retired = bcd.load("retired_ids")
    stated = dict(zip(retired["retired_id"], retired["retired_in"].astype(str), strict=True))
    assert retired_in_problems(stated, snapshots, bcd.__version__) == []
