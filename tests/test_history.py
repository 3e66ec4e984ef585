"""What changed since the version a user cited: the shipped release history, changes() and check_citation().

The citations under tests/fixtures/ were made with release 0.4.0 (its code and data, from the git history), so
these tests read real citations of the previous release, not ones made up to fit the parser."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import belarus_china_data as bcd
from belarus_china_data.cli import main
from belarus_china_data.contract.paths import SHIPPED_DIR

from .conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def _digests(version: str) -> dict[str, dict[str, str]]:
    recorded = json.loads((ROOT / "releases" / "digests" / f"{version}.json").read_text(encoding="utf-8"))
    return {name: entry.get("records", {}) for name, entry in recorded["tables"].items()}


def _changed_since(version: str) -> dict[str, set[str]]:
    """Ids changed, added or removed since ``version``, straight from the recorded digests."""
    old, new = _digests(version), _digests(bcd.__version__)
    return {
        name: {i for i in set(old.get(name, {})) | set(records) if old.get(name, {}).get(i) != records.get(i)}
        for name, records in new.items()
    }


def test_changes_since_0_3_0_match_the_changelog_of_0_4_0() -> None:
    found = bcd.changes(since="0.3.0")
    in_040 = found[found["version"] == "0.4.0"]
    counts = in_040.groupby(["table", "change"]).size().to_dict()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").split("## [0.4.0]")[1].split("## [0.3.0]")[0]
    assert "`agreements`: 1 added; 14 changed" in changelog
    assert counts[("agreements", "added")] == 1 and counts[("agreements", "changed")] == 14
    assert "`visits`: 4 added; 112 changed" in changelog
    assert counts[("visits", "added")] == 4 and counts[("visits", "changed")] == 112
    assert counts[("sources", "added")] == 64


def test_changes_agree_with_the_recorded_digests() -> None:
    for since in ("0.1.0", "0.3.0", "0.4.0"):
        found = bcd.changes(since=since)
        expected = _changed_since(since)
        for name in expected:
            assert set(found.loc[found["table"] == name, "id"]) == expected[name], (since, name)


def test_retired_ids_appear_with_their_successors() -> None:
    found = bcd.changes(since="0.2.0").query("change == 'retired'")
    retired = bcd.load("retired_ids")
    held = (ROOT / "releases" / "0.2.0.json").read_text(encoding="utf-8")
    retired = retired[[f'"{i}"' in held for i in retired["retired_id"]]]  # ids 0.2.0 held (others never cited)
    expected = dict(zip(retired["retired_id"], retired["successor_id"], strict=True))
    assert dict(zip(found["id"], found["successor"], strict=True)) == expected


@pytest.mark.parametrize("name", ["citation-0.4.0-state-visits.txt", "citation-0.4.0-state-visits.bib"])
def test_a_citation_of_the_previous_release_is_checked_row_by_row(name: str) -> None:
    check = bcd.check_citation((FIXTURES / name).read_text(encoding="utf-8"))
    assert check.cited_version == "0.4.0"
    assert check.ids is not None and len(check.ids) == 7
    changed = _changed_since("0.4.0")["visits"] & set(check.ids)
    assert check.unchanged is (not changed)
    assert check.changes is not None and set(check.changes["id"]) == changed


def test_a_digest_citation_of_a_whole_table_is_resolved() -> None:
    check = bcd.check_citation((FIXTURES / "citation-0.4.0-all-visits.txt").read_text(encoding="utf-8"))
    snapshot = json.loads((ROOT / "releases" / "0.4.0.json").read_text(encoding="utf-8"))
    assert check.ids == snapshot["tables"]["visits"]["ids"]
    assert check.unchanged is (not _changed_since("0.4.0")["visits"])


def test_a_citation_of_an_older_release_names_what_changed() -> None:
    text = (FIXTURES / "citation-0.4.0-state-visits.txt").read_text(encoding="utf-8").replace("0.4.0", "0.3.0")
    check = bcd.check_citation(text)
    assert check.unchanged is False
    assert "vis-2015-xi-jinping-belarus (visits): changed in 0.4.0" in str(check)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("belarus-china-data, rows cited (2): a, b", "names no version"),
        ("belarus-china-data (Version 0.0.9)", "'0.0.9' is not a release this package knows (releases: 0.1.0"),
        ("belarus-china-data (Version 9.0.0)", "upgrade belarus-china-data to read 9.0.0"),
    ],
)
def test_a_citation_that_cannot_be_checked_says_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        bcd.check_citation(text)


def test_changes_refuses_an_unknown_release_or_table() -> None:
    with pytest.raises(ValueError, match=r"since='0\.3' is not a release"):
        bcd.changes(since="0.3")
    with pytest.raises(ValueError, match="did you mean 'agreements'"):
        bcd.changes(since="0.3.0", table="agreement")


def test_cli_changes_and_check_citation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--since", "0.3.0", "--table", "agreements"]) == 0
    out = capsys.readouterr().out
    added = (bcd.changes(since="0.3.0", table="agreements")["change"] == "added").sum()
    assert f"agreements: {added} added" in out and "agr-2017-npc-national-assembly-joint-statement" in out
    code = main(["check-citation", str(FIXTURES / "citation-0.4.0-state-visits.txt")])
    assert "Citation of belarus-china-data 0.4.0" in capsys.readouterr().out
    assert code == (
        1
        if _changed_since("0.4.0")["visits"]
        & set(bcd.check_citation((FIXTURES / "citation-0.4.0-state-visits.txt").read_text(encoding="utf-8")).ids or [])
        else 0
    )


def test_verify_covers_the_history_and_the_codebook(tmp_path: Path) -> None:
    package = tmp_path / "belarus_china_data"
    shutil.copytree(SHIPPED_DIR, package / "_data")
    shutil.copy2(bcd.codebook_path(), package / "CODEBOOK.md")
    assert bcd.verify(package / "_data").ok
    with (package / "CODEBOOK.md").open("a", encoding="utf-8") as handle:
        handle.write("\nedited\n")
    history = package / "_data" / "release_history.json"
    history.write_text(history.read_text(encoding="utf-8").replace("0.3.0", "0.3.1"), encoding="utf-8")
    problems = bcd.verify(package / "_data").problems
    assert any("CODEBOOK.md: differs from the release" in p for p in problems)
    assert any("release_history.json: differs from the release" in p for p in problems)


def test_verify_without_the_release_module_says_the_install_is_damaged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "belarus_china_data._release", None)
    report = bcd.verify()
    assert not report.ok
    assert report.problems == [report.problems[0]] and "installation is damaged: reinstall" in report.problems[0]
