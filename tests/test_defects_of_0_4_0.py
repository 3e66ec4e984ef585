"""The defects found in release 0.4.0 by hostile inputs (December 2026): each is refused with one line naming the
file, row and field, and nothing is written. Every test here failed on 0.4.0 (a traceback, a silent acceptance or a
wrong result) and passes now.

The site's defects are tested in tests/test_site.py, the installed wheel's in tests/test_history.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from belarus_china_data.cli import main
from belarus_china_data.contract.errors import DataValidationError
from belarus_china_data.contract.models import text_problem
from belarus_china_data.curation.findings import merge_findings
from belarus_china_data.curation.validation import read_source

from .conftest import SHARED_SOURCES, needs_shared

# --- build: the data files ----------------------------------------------------------------------------------------


def _rewrite(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _set(table: str, field: str, value: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        def change(rows: list[list[str]]) -> None:
            rows[1][rows[0].index(field)] = value

        _rewrite(root / "data" / f"{table}.csv", change)

    return apply


def _self_trade(root: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("partner")] = rows[1][rows[0].index("reporter")]

    _rewrite(root / "data" / "trade_figures.csv", change)


def _stray_quote(root: Path) -> None:
    path = root / "data" / "persons.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    cells[1] = cells[1] + ' "the" elder'
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def _folder_for_file(root: Path) -> None:
    (root / "data" / "claims.csv").unlink()
    (root / "data" / "claims.csv").mkdir()


BUILD_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "reporter trading with itself": (_self_trade, "is the reporter itself"),
    "stray quote in an unquoted cell": (_stray_quote, "a quote inside an unquoted cell"),
    "integer beyond int64": (_set("trade_figures", "year", "99999999999999999999"), "is out of range"),
    "folder where a CSV should be": (_folder_for_file, "is a folder, not a CSV file"),
}


@pytest.mark.parametrize("case", BUILD_CASES)
def test_build_refuses(scratch_root: Path, case: str) -> None:
    damage, message = BUILD_CASES[case]
    damage(scratch_root)
    with pytest.raises(DataValidationError) as caught:
        read_source(scratch_root / "data", scratch_root)
    problems = [line for line in str(caught.value).splitlines()[1:] if message in line]
    assert problems, str(caught.value)
    assert "data/" in problems[0]


# --- the findings merge -----------------------------------------------------------------------------------------

AGREEMENT = {
    "agreement_id": "agr-2019-test-memorandum",
    "title_en": "Memorandum used by a test",
    "kind": "memorandum",
    "date_signed": "2019-04-25",
    "status": "signed",
    "summary": "A record made up by a test; never merged.",
}
EVIDENCE = [{"source_id": "src-turarbekava-2023-second-pillar", "supports": "date_signed", "quote": "a quote"}]


def _document(items: list[Any], sources: list[Any] | None = None) -> dict[str, Any]:
    return {
        "format": "belarus-china-data/findings/1",
        "pass": "test",
        "researcher": "a test",
        "searched": "nothing",
        "sources": sources or [],
        "items": items,
    }


def _merge_text(scratch_root: Path, text: str) -> str:
    """Merge findings text (write=True) into the scratch copy; return the refusal, checking nothing changed."""
    path = scratch_root / "findings.json"
    path.write_text(text, encoding="utf-8")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (scratch_root / "data").glob("*.csv")}
    with pytest.raises(DataValidationError) as caught:
        merge_findings([path], scratch_root / "data", write=True)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (scratch_root / "data").glob("*.csv")}
    assert after == before
    return str(caught.value)


def _add(record: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"table": "agreements", "action": "add", "record": record, "evidence": EVIDENCE, **extra}


FINDINGS_CASES: dict[str, tuple[Callable[[], str], str]] = {
    "a list where a text is expected": (
        lambda: json.dumps(_document([_add(AGREEMENT | {"title_en": ["a", "b"]})])),
        "'title_en': expected a single value, got a JSON list",
    ),
    "a list where an id is expected": (
        lambda: json.dumps(_document([_add(AGREEMENT | {"agreement_id": ["agr-2019-x"]})])),
        "'agreement_id': expected a single value",
    ),
    "JSON nested 100,000 deep": (lambda: "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "duplicate JSON keys": (
        lambda: '{"format": "belarus-china-data/findings/1", "pass": "a", "pass": "b", "items": []}',
        "'pass': the key appears twice",
    ),
    "true stored as a title": (
        lambda: json.dumps(_document([_add(AGREEMENT | {"title_en": True})])),
        "'title_en': expected text in quotes, got true",
    ),
    "distinct_from as a string": (
        lambda: json.dumps(_document([_add(AGREEMENT, distinct_from="agr-2019-x")])),
        "'distinct_from': expected a list of ids",
    ),
    "id year contradicting the main date": (
        lambda: json.dumps(_document([_add(AGREEMENT | {"date_signed": "2020-01-01"})])),
        "agr-2019-test-memorandum says 2019 but date_signed is in 2020; name it agr-2020-test-memorandum",
    ),
    "40,000 items": (
        lambda: json.dumps(_document([_add(AGREEMENT | {"agreement_id": f"agr-2019-x{i}"}) for i in range(40_000)])),
        "a findings file holds at most 5,000",
    ),
    "a retirement that leaves its sources backing nothing": (
        lambda: json.dumps(
            _document(
                [
                    {"table": "agreements", "action": "retire", "record": {"agreement_id": "agr-2019-orphan-x"}},
                ]
            )
        ),
        "",  # replaced in the test, which needs a record whose source backs nothing else
    ),
}


@pytest.mark.parametrize("case", [c for c in FINDINGS_CASES if not c.startswith("a retirement")])
def test_findings_merge_refuses(scratch_root: Path, case: str) -> None:
    make, message = FINDINGS_CASES[case]
    refusal = _merge_text(scratch_root, make())
    assert message in refusal
    assert "Traceback" not in refusal
    assert len(refusal.splitlines()) <= 3, refusal  # bounded: a count line and the problems, not 40,000 lines


def _record_with_a_source_of_its_own() -> tuple[str, str, str]:
    """(table, id, source) of a record whose only-own source backs no other record."""
    from belarus_china_data import load

    links = load("record_sources")
    counts = links.groupby("source_id", observed=True)["record_id"].nunique()
    single = links[links["source_id"].isin(counts[counts == 1].index) & links["record_id"].str.startswith("agr-")]
    agreement_links = links[links["record_id"].isin(single["record_id"])]
    for record_id, group in agreement_links.groupby("record_id", observed=True):
        return "agreements", str(record_id), str(group["source_id"].iloc[0])
    raise AssertionError("no agreement has a source of its own")


def test_retirement_without_successor_offers_to_retire_its_sources(scratch_root: Path) -> None:
    table, record_id, _ = _record_with_a_source_of_its_own()
    retire = {"table": table, "action": "retire", "record": {"agreement_id": record_id}, "reason": "a test"}
    refusal = _merge_text(scratch_root, json.dumps(_document([retire])))
    assert f"retiring {record_id} without successor leaves" in refusal
    assert "retire them in the same file too" in refusal
    orphans = refusal.split("leaves ")[1].split(" backing")[0].split(", ")
    sources = [
        {"table": "sources", "action": "retire", "record": {"source_id": s}, "reason": "backs only the record"}
        for s in orphans
    ]
    path = scratch_root / "findings.json"
    path.write_text(json.dumps(_document([retire, *sources])), encoding="utf-8")
    merge = merge_findings([path], scratch_root / "data", write=False)
    assert any(line.startswith(f"- agreements {record_id}") for line in merge.lines)


# --- text in every cell -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Minsk\u202e kcab", "U+202E"),  # right-to-left override
        ("Minsk \u2067isolate\u2069", "U+2067"),  # right-to-left isolate
        ("Min\u00adsk", "U+00AD"),  # soft hyphen
        ("Caf\u0065\u0301", "normalization form NFC"),  # e + combining acute
    ],
    ids=["RLO", "isolate", "soft hyphen", "not NFC"],
)
def test_text_cells_refuse_invisible_reordering_and_unnormalized_text(text: str, message: str) -> None:
    problem = text_problem(text)
    assert problem is not None and message in problem


def test_a_bidi_override_in_a_data_file_is_refused(scratch_root: Path) -> None:
    _set("visits", "summary", "A visit \u202e.tisiv A")(scratch_root)
    with pytest.raises(DataValidationError, match="U\\+202E"):
        read_source(scratch_root / "data", scratch_root)


def _first(table: str) -> dict[str, Any]:
    from belarus_china_data import load

    return {k: (None if pd.isna(v) else v) for k, v in load(table).iloc[0].to_dict().items()}


def test_probable_duplicates_are_flagged_at_merge(scratch_root: Path) -> None:
    from belarus_china_data import load

    persons = load("persons")
    person = persons[persons["name_en"].str.contains("i", regex=False)].iloc[0]
    homoglyph = str(person["name_en"]).replace("i", "\u0456")  # Cyrillic i
    new_person = {
        "table": "persons",
        "action": "add",
        "record": {"person_id": "per-test-twin", "name_en": homoglyph, "country": str(person["country"])}
        | {"summary": "A twin made by a test."},
        "evidence": EVIDENCE,
    }
    refusal = _merge_text(scratch_root, json.dumps(_document([new_person])))
    assert f"looks like a duplicate of {person['person_id']}" in refusal


def test_an_agreement_of_the_same_day_and_parties_is_flagged(scratch_root: Path) -> None:
    from belarus_china_data import load

    agreements = load("agreements")
    parties = load("agreement_parties")
    dated = agreements[agreements["date_signed_precision"] == "day"]
    target = dated.iloc[0]
    its_parties = parties.loc[parties["agreement_id"] == target["agreement_id"], "organization_id"].astype(str)
    year = str(target["date_signed"])[:4]
    record = AGREEMENT | {"agreement_id": f"agr-{year}-reworded-twin", "date_signed": str(target["date_signed"])}
    record |= {"title_en": "Entirely different wording of a title"}
    items = [_add(record)] + [
        {
            "table": "agreement_parties",
            "action": "add",
            "record": {"agreement_id": record["agreement_id"]} | {"organization_id": org},
        }
        for org in its_parties
    ]
    refusal = _merge_text(scratch_root, json.dumps(_document(items)))
    assert f"has the signing day and parties of {target['agreement_id']}" in refusal


@pytest.mark.parametrize("change", ["scheme", "same work"])
def test_duplicate_sources_are_flagged_at_merge(scratch_root: Path, change: str) -> None:
    source = _first("sources")
    new = {k: v for k, v in source.items() if v is not None} | {"source_id": "src-test-twin"}
    new["accessed"] = str(new["accessed"])[:10]
    new["is_primary"] = bool(new["is_primary"])
    if change == "scheme":
        new["url"] = str(new["url"]).replace("https://", "http://", 1).replace("http://", "https://", 1)
        new["url"] = new["url"] + "/" if not new["url"].endswith("/") else new["url"][:-1]
        new["title"] = "Another title"
        expected = f"is already source {source['source_id']}"
    else:
        new["url"] = "https://example.org/another-copy"
        expected = f"has the publisher, title and date of {source['source_id']}"
    refusal = _merge_text(scratch_root, json.dumps(_document([], sources=[new])))
    assert expected in refusal


# --- the UN votes importer ----------------------------------------------------------------------------------------


@needs_shared("unga-votes")
def test_checksums_with_dot_slash_paths_are_checked(tmp_path: Path) -> None:
    from belarus_china_data.curation.unvotes import UnvotesFormatError, read_unvotes

    folder = Path(shutil.copytree(SHARED_SOURCES / "unga-votes", tmp_path / "votes"))
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    damaged = [("0" * 64 + line[64:]) if line.endswith("un_votes.rda") else line for line in sums]
    (folder / "SHA256SUMS").write_text("\n".join(line.replace("  ", "  ./") for line in damaged) + "\n")
    with pytest.raises(UnvotesFormatError, match="sha256 differs"):
        read_unvotes(folder)
    (folder / "SHA256SUMS").write_text("\n".join(s for s in sums if "un_votes.rda" not in s) + "\n")
    with pytest.raises(UnvotesFormatError, match=r"lists no checksum for un_votes\.rda"):
        read_unvotes(folder)


@pytest.mark.parametrize("value", ["abc", float("inf"), "1e400"])
def test_roll_call_ids_that_are_no_whole_numbers_are_refused(value: object) -> None:
    from belarus_china_data.curation.unvotes import UnvotesFormatError, _whole

    with pytest.raises(UnvotesFormatError, match="expected a whole number"):
        _whole(value, "un_roll_calls.rda, row 1, rcid")


@needs_shared("unga-votes")
def test_a_roll_call_dated_in_the_future_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_china_data.curation import unvotes

    read = unvotes._read_frame

    def future(folder: Path, file: str) -> pd.DataFrame:
        frame = read(folder, file)
        if file == "un_roll_calls.rda":
            frame = frame.copy()
            frame.loc[frame.index[-1], "date"] = "2999-01-01"
        return frame

    monkeypatch.setattr(unvotes, "_read_frame", future)
    with pytest.raises(unvotes.UnvotesFormatError, match="2999-01-01 is in the future"):
        unvotes.read_unvotes(SHARED_SOURCES / "unga-votes")


def test_shipped_roll_call_titles_hold_no_mis_encoding() -> None:
    from belarus_china_data import load
    from belarus_china_data.curation.unvotes import _MOJIBAKE

    titles = load("un_roll_calls")["short_title"].dropna().astype(str)
    assert not [t for t in titles if _MOJIBAKE.search(t)]
    assert "Situation of human rights in the Democratic People's Republi" in set(titles)


# --- the command line -----------------------------------------------------------------------------------------


def test_export_refuses_a_dangling_symbolic_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "claims.csv"
    link.symlink_to(tmp_path / "elsewhere" / "target.csv")
    assert main(["export", "claims", "--format", "csv", "-o", str(link)]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere").exists()


def test_export_to_dash_writes_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "claims", "--format", "csv", "-o", "-", "--columns", "claim_id,verdict"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.splitlines()[0] == "claim_id,verdict"
    assert list(tmp_path.iterdir()) == []


def test_an_impossible_date_in_where_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "visits", "--where", "start_date=2019-02-30"]) == 1
    assert "'2019-02-30' is not one" in capsys.readouterr().err


def test_a_damaged_release_snapshot_is_named_not_a_traceback(scratch_root: Path) -> None:
    (scratch_root / "releases" / "0.1.0.json").write_text("<<<<<<< HEAD\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"releases/0\.1\.0\.json: not a readable release snapshot"):
        read_source(scratch_root / "data", scratch_root)
