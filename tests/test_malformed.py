"""Malformed input never damages the data: every writer refuses it with one line per problem and writes nothing.

Each case below breaks a copy of the repository in one way (a byte-order mark, a shifted row, an impossible date,
a rule across tables, a hostile findings file, a wrong workbook) and runs the maintainer tool that would meet it:
the build, the derived-column filling, the findings merge or the DOTS importer. Every case must

* raise :class:`DataValidationError` (or the importer's :class:`DotsFormatError`) whose lines name the file, and the
  line and field where the problem has them;
* leave every file under ``data/``, ``schemas/``, ``releases/`` and the package data folder byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from belarus_china_data.contract.errors import DataValidationError
from belarus_china_data.curation.build import build, fill_derived
from belarus_china_data.curation.findings import FINDINGS_FORMAT, merge_findings
from belarus_china_data.curation.imf_dots import DotsFormatError, import_workbook

from .conftest import copy_built


@pytest.fixture(scope="module")
def tree(built_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the tools read and write: data, schemas, releases, descriptors, CHANGELOG, package data
    (built once per session, see ``conftest.built_template``), checked to be a valid, up-to-date release."""
    root = copy_built(built_template, tmp_path_factory.mktemp("repo") / "repo")
    assert build(root, shipped_dir=root / "pkg" / "_data") == []  # the copy is a valid, up-to-date release
    return root


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "findings" not in path.parts and "inputs" not in path.parts
    }


@pytest.fixture
def guarded(tree: Path) -> Iterator[Path]:
    """The tree, checked byte for byte after the test; the one input file a case breaks is restored afterwards."""
    before = _snapshot(tree)
    originals = {path: path.read_bytes() for path in (tree / "data").glob("*.csv")}
    yield tree
    changed = {name for name, digest in _snapshot(tree).items() if before.get(name) != digest}
    for path, content in originals.items():
        path.write_bytes(content)
    assert changed <= {f"data/{case_file}" for case_file in _BROKEN_INPUT}, f"files written: {sorted(changed)}"
    _BROKEN_INPUT.clear()


#: The data file a case broke on purpose (restored by ``guarded``, and the only file allowed to differ).
_BROKEN_INPUT: set[str] = set()


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    _BROKEN_INPUT.add(path.name)


def set_cell(table: str, record_id: str | None, field: str, value: str) -> Callable[[Path], None]:
    """A case that sets one cell (of the row whose first cell is ``record_id``, or the first data row)."""

    def apply(root: Path) -> None:
        path = root / "data" / f"{table}.csv"
        rows = _rows(path)
        index = next(i for i, row in enumerate(rows[1:], 1) if record_id is None or row[0] == record_id)
        rows[index][rows[0].index(field)] = value
        _write_rows(path, rows)

    return apply


def edit_text(table: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    """A case that rewrites the raw text of one file."""

    def apply(root: Path) -> None:
        path = root / "data" / f"{table}.csv"
        path.write_bytes(change(path.read_text(encoding="utf-8")).encode("utf-8"))
        _BROKEN_INPUT.add(path.name)

    return apply


def edit_rows(table: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    """A case that changes the parsed rows of one file."""

    def apply(root: Path) -> None:
        path = root / "data" / f"{table}.csv"
        _write_rows(path, change(_rows(path)))

    return apply


def _second_line(text: str, change: Callable[[str], str]) -> str:
    lines = text.split("\n")
    lines[1] = change(lines[1])
    return "\n".join(lines)


def _duplicate_first(rows: list[list[str]]) -> list[list[str]]:
    return [*rows, list(rows[1])]


def _delete(record_id: str) -> Callable[[list[list[str]]], list[list[str]]]:
    return lambda rows: [row for row in rows if row[0] != record_id]


def _trade_twin(rows: list[list[str]]) -> list[list[str]]:
    twin = list(next(row for row in rows if row[0] == "trd-blr-chn-2020-import-imf-dots"))
    twin[0] = "trd-blr-chn-2020-import-imf-dots-again"
    return [*rows, twin]


SPEC_YEAR = "1992"
CSV_CASES: dict[str, tuple[Callable[[Path], None], str, str | None]] = {
    # structure of a file
    "bom": (edit_text("agreements", lambda t: "\ufeff" + t), "data/agreements.csv, line 1", None),
    "renamed header": (
        edit_text("visits", lambda t: t.replace("title_en", "title", 1)),
        "data/visits.csv, line 1",
        None,
    ),
    "extra column": (edit_text("persons", lambda t: t.replace("\n", ",extra\n", 1)), "data/persons.csv, line 1", None),
    "header repeated column": (
        edit_text("positions", lambda t: t.replace("post,", "kind,", 1)),
        "data/positions.csv, line 1",
        None,
    ),
    "stray comma": (
        edit_text("agreements", lambda t: _second_line(t, lambda line: line.replace(",", ",,", 1))),
        "data/agreements.csv, line 2",
        None,
    ),
    "row one cell short": (
        edit_rows("organizations", lambda rows: [rows[0], rows[1][:-1], *rows[2:]]),
        "data/organizations.csv, line 2",
        None,
    ),
    "empty file": (edit_text("claims", lambda t: ""), "data/claims.csv, line 1", None),
    "header only file loses rows": (
        edit_text("claims", lambda t: t.split("\n")[0] + "\n"),
        "releases/",
        None,
    ),
    "nul byte": (edit_text("sources", lambda t: t.replace("\n", "\n\x00", 1)), "data/sources.csv, line 2", None),
    "unclosed quote": (
        edit_text("coverage", lambda t: _second_line(t, lambda line: line + ',"open')),
        "data/coverage.csv, line",
        None,
    ),
    "missing file": (lambda root: (root / "data" / "positions.csv").unlink(), "data/positions.csv", None),
    # one cell
    "impossible date": (
        set_cell("agreements", "agr-1992-diplomatic-relations", "date_signed", "2019-02-30"),
        "data/agreements.csv, line 2",
        "date_signed",
    ),
    "date with slashes": (
        set_cell("visits", "vis-1992-kebich-beijing", "start_date", "1992/01"),
        "data/visits.csv, line 2",
        "start_date",
    ),
    "padded date": (
        set_cell("events", None, "date", " 2015"),
        "data/events.csv, line 2",
        "date",
    ),
    "derived column wrong": (
        set_cell("agreements", "agr-1992-diplomatic-relations", "date_signed_precision", "month"),
        "data/agreements.csv, line 2",
        "date_signed_precision",
    ),
    "boolean yes": (set_cell("sources", None, "is_primary", "yes"), "data/sources.csv, line 2", "is_primary"),
    "boolean capitalised": (
        set_cell("trade_figures", None, "is_derived", "False"),
        "data/trade_figures.csv, line 2",
        "is_derived",
    ),
    "integer with letters": (set_cell("trade_figures", None, "year", "20a0"), "data/trade_figures.csv", "year"),
    "year out of range": (set_cell("trade_figures", None, "year", "1850"), "data/trade_figures.csv", "year"),
    "negative value": (
        set_cell("trade_figures", None, "value_usd_millions", "-5"),
        "data/trade_figures.csv, line 2",
        "value_usd_millions",
    ),
    "value 1e300": (
        set_cell("trade_figures", None, "value_usd_millions", "1e300"),
        "data/trade_figures.csv, line 2",
        "value_usd_millions",
    ),
    "value nan": (
        set_cell("trade_figures", None, "value_usd_millions", "nan"),
        "data/trade_figures.csv, line 2",
        "value_usd_millions",
    ),
    "period outside year": (
        set_cell("trade_figures", None, "period", "1999"),
        "data/trade_figures.csv, line 2",
        "period",
    ),
    "documents count negative": (
        set_cell("visits", "vis-2016-lukashenko-china", "documents_signed", "-1"),
        "data/visits.csv",
        "documents_signed",
    ),
    "category wrong case": (set_cell("visits", None, "kind", "State"), "data/visits.csv, line 2", "kind"),
    "category unknown": (set_cell("agreements", None, "status", "ratified"), "data/agreements.csv, line 2", "status"),
    "id pattern": (set_cell("persons", None, "person_id", "Per-Someone"), "data/persons.csv, line 2", "person_id"),
    "country XXX": (set_cell("visits", None, "host_country", "XXX"), "data/visits.csv, line 2", "host_country"),
    "country lowercase": (set_cell("persons", None, "country", "blr"), "data/persons.csv, line 2", "country"),
    "language qq": (set_cell("sources", None, "language", "qq"), "data/sources.csv, line 2", "language"),
    "currency XYZ": (set_cell("loans", None, "currency", "XYZ"), "data/loans.csv, line 2", "currency"),
    "loan amount zero": (set_cell("loans", None, "amount", "0"), "data/loans.csv, line 2", "amount"),
    "indicator value huge": (set_cell("indicators", None, "value", "1e300"), "data/indicators.csv, line 2", "value"),
    "product without figure": (
        edit_rows(
            "trade_products",
            lambda rows: [
                rows[0],
                [
                    "" if name in ("value_usd_millions", "share_percent") else cell
                    for name, cell in zip(rows[0], rows[1], strict=True)
                ],
                *rows[2:],
            ],
        ),
        "data/trade_products.csv, line 2",
        "value_usd_millions",
    ),
    "share over 100": (
        edit_rows(
            "trade_products",
            lambda rows: [
                rows[0],
                ["150" if name == "share_percent" else cell for name, cell in zip(rows[0], rows[1], strict=True)],
                *rows[2:],
            ],
        ),
        "data/trade_products.csv, line 2",
        "share_percent",
    ),
    "hs code letters": (set_cell("trade_products", None, "hs_code", "31AB"), "data/trade_products.csv", "hs_code"),
    "designation on a decree": (
        edit_rows(
            "events",
            lambda rows: [
                rows[0],
                *[
                    [
                        "a partnership"
                        if name == "designation" and row[rows[0].index("kind")] != "partnership_upgrade"
                        else cell
                        for name, cell in zip(rows[0], row, strict=True)
                    ]
                    if i == 1
                    else row
                    for i, row in enumerate(rows[1:], 1)
                ],
            ],
        ),
        "data/events.csv, line 2",
        "designation",
    ),
    "end before start": (
        set_cell("positions", "per-stanislav-shushkevich", "end", "1990"),
        "data/positions.csv, line 2",
        "end",
    ),
    "whitespace-only title": (
        set_cell("agreements", None, "title_en", "   "),
        "data/agreements.csv, line 2",
        "title_en",
    ),
    "padded text": (
        set_cell("organizations", None, "name_en", "Belarus "),
        "data/organizations.csv, line 2",
        "name_en",
    ),
    "terminal escape": (set_cell("visits", None, "summary", "ok\x1b[31m red"), "data/visits.csv, line 2", "summary"),
    "zero-width in url": (
        set_cell("sources", None, "url", "https://example.org/a\u200bb"),
        "data/sources.csv, line 2",
        "url",
    ),
    "zero-width in id": (
        set_cell("persons", None, "person_id", "per-a\u200bb"),
        "data/persons.csv, line 2",
        "person_id",
    ),
    "formula title": (
        set_cell("agreements", None, "title_en", '=HYPERLINK("http://x","y")'),
        "data/agreements.csv, line 2",
        "title_en",
    ),
    "formula with plus": (set_cell("persons", None, "summary", "+1 more"), "data/persons.csv, line 2", "summary"),
    "url without scheme": (
        set_cell("sources", None, "url", "belta.by/x"),
        "data/sources.csv, line 2",
        "url",
    ),
    "quote too long": (
        set_cell("record_sources", None, "quote", " ".join(["word"] * 40)),
        "data/record_sources.csv, line 2",
        "quote",
    ),
    # across rows and tables
    "duplicate id": (edit_rows("visits", _duplicate_first), "data/visits.csv", "visit_id"),
    "unknown party": (
        set_cell("agreement_parties", None, "organization_id", "org-nobody"),
        "data/agreement_parties.csv, line 2",
        "organization_id",
    ),
    "unknown visit": (
        set_cell("agreements", "agr-1992-diplomatic-relations", "visit_id", "vis-1999-nothing"),
        "data/agreements.csv, line 2",
        "visit_id",
    ),
    "record without source": (
        edit_rows("record_sources", lambda rows: [r for r in rows if r[0] != "per-xi-jinping"]),
        "data/persons.csv",
        "person_id",
    ),
    "source that backs nothing": (
        edit_rows(
            "sources",
            lambda rows: [
                *rows,
                ["src-unused", "X", "Y", "", "", "https://example.org", "en", "reference", "false", "2026-11-30", ""],
            ],
        ),
        "data/sources.csv",
        "source_id",
    ),
    "published after accessed": (
        set_cell("sources", None, "published", "2026-12"),
        "data/sources.csv, line 2",
        "published",
    ),
    "accessed in the future": (
        set_cell("sources", None, "accessed", "2999-01-01"),
        "data/sources.csv, line 2",
        "accessed",
    ),
    "coverage overlap": (
        edit_rows("coverage", lambda rows: [*rows, [*rows[1][:1], "1995", "1996", *rows[1][3:]]]),
        "data/coverage.csv",
        "first_year",
    ),
    "parent cycle": (
        edit_rows(
            "organizations",
            lambda rows: [
                [*row[:9], "org-peoples-republic-of-china", *row[10:]]
                if row[0] == "org-republic-of-belarus"
                else [*row[:9], "org-republic-of-belarus", *row[10:]]
                if row[0] == "org-peoples-republic-of-china"
                else row
                for row in rows
            ],
        ),
        "data/organizations.csv",
        "parent_id",
    ),
    "post before birth": (
        edit_rows(
            "persons",
            lambda rows: [
                [*row[:7], "2000", *row[8:]] if row[0] == "per-alexander-lukashenko" else row for row in rows
            ],
        ),
        "data/positions.csv",
        "start",
    ),
    "agreement far from its visit": (
        set_cell("agreements", "agr-1992-diplomatic-relations", "visit_id", "vis-2016-lukashenko-china"),
        "data/agreements.csv, line 2",
        "visit_id",
    ),
    "agreement with one party": (
        edit_rows(
            "agreement_parties",
            lambda rows: [
                r for r in rows if not (r[0] == "agr-1993-joint-statement" and r[1] == "org-republic-of-belarus")
            ],
        ),
        "data/agreements.csv",
        "agreement_id",
    ),
    "signatory for a non-party": (
        edit_rows(
            "agreement_signatories",
            lambda rows: [
                [*row[:3], "org-russian-federation", *row[4:]] if i == 1 else row for i, row in enumerate(rows)
            ],
        ),
        "data/agreement_signatories.csv, line 2",
        "on_behalf_of_id",
    ),
    "visit without visitor": (
        edit_rows(
            "visit_participants",
            lambda rows: [r for r in rows if not (r[0] == "vis-2016-lukashenko-china" and r[3] == "visitor")],
        ),
        "data/visits.csv",
        "visit_id",
    ),
    "duplicate trade key": (edit_rows("trade_figures", _trade_twin), "data/trade_figures.csv", "figure_id"),
    "partner above world": (
        set_cell("trade_figures", "trd-blr-chn-2020-import-imf-dots", "value_usd_millions", "999999"),
        "data/trade_figures.csv",
        "value_usd_millions",
    ),
    "partner name contradicts code": (
        set_cell("trade_figures", "trd-blr-chn-2020-import-imf-dots", "partner_name", "Japan"),
        "data/trade_figures.csv",
        "partner_name",
    ),
    "retired id still in use": (
        edit_rows(
            "retired_ids",
            lambda rows: [*rows, ["per-xi-jinping", "", "0.3.0", "test"]],
        ),
        "data/retired_ids.csv",
        "retired_id",
    ),
    "retired successor in another table": (
        edit_rows("retired_ids", lambda rows: [*rows, ["per-gone", "org-republic-of-belarus", "0.3.0", "test"]]),
        "data/retired_ids.csv",
        "successor_id",
    ),
    "retired cycle": (
        edit_rows(
            "retired_ids",
            lambda rows: [
                *rows,
                ["per-gone-a", "per-gone-b", "0.3.0", "test"],
                ["per-gone-b", "per-gone-a", "0.3.0", "t"],
            ],
        ),
        "data/retired_ids.csv",
        "successor_id",
    ),
    "retired in no release": (
        edit_rows("retired_ids", lambda rows: [*rows, ["per-gone", "", "9.9.9", "test"]]),
        "data/retired_ids.csv",
        "retired_in",
    ),
    "record deleted without retirement": (
        edit_rows("claims", _delete("clm-1992-trade-34-million")),
        "releases/",
        None,
    ),
    "traditional characters": (
        set_cell("persons", "per-xi-jinping", "name_zh", "習近平"),
        "data/persons.csv",
        "name_zh",
    ),
    "process words in a note": (
        set_cell("visits", None, "note", "Taken from the seed article."),
        "data/visits.csv, line 2",
        "note",
    ),
    "claim evidence missing": (
        set_cell("claims", None, "evidence_ids", "trd-not-a-figure"),
        "data/claims.csv, line 2",
        "evidence_ids",
    ),
}


@pytest.mark.parametrize("case", list(CSV_CASES))
def test_build_refuses_malformed_data(guarded: Path, case: str) -> None:
    breaker, where, field = CSV_CASES[case]
    breaker(guarded)
    with pytest.raises(DataValidationError) as caught:
        build(guarded, shipped_dir=guarded / "pkg" / "_data")
    _assert_located(caught.value, where, field)


FILL_CASES = [
    "bom",
    "renamed header",
    "extra column",
    "stray comma",
    "row one cell short",
    "empty file",
    "nul byte",
    "impossible date",
    "date with slashes",
    "padded date",
    "whitespace-only title",
    "formula title",
    "unknown visit",
]


@pytest.mark.parametrize("case", FILL_CASES)
def test_fill_derived_refuses_malformed_data(guarded: Path, case: str) -> None:
    breaker, where, field = CSV_CASES[case]
    breaker(guarded)
    with pytest.raises(DataValidationError) as caught:
        fill_derived(guarded)
    _assert_located(caught.value, where, field)


def _assert_located(error: DataValidationError, where: str, field: str | None) -> None:
    lines = [str(item) for item in error.errors]
    assert lines, "no problem reported"
    assert all("\n" not in line for line in lines)
    matching = [line for line in lines if where in line and (field is None or f"field '{field}'" in line)]
    assert matching, f"expected {where!r} / {field!r} in: {lines[:3]}"


# ---- findings files ------------------------------------------------------------------------------------------------

GOOD_SOURCE = {
    "source_id": "src-test-findings-source",
    "publisher": "BelTA",
    "title": "A report",
    "author": None,
    "published": "2020-05",
    "url": "https://example.org/report",
    "language": "en",
    "kind": "news_agency",
    "is_primary": True,
    "accessed": "2026-11-30",
    "note": None,
}
GOOD_ORG = {
    "table": "organizations",
    "action": "add",
    "record": {
        "organization_id": "org-test-findings-body",
        "name_en": "Test Findings Body",
        "kind": "state_body",
        "country": "BLR",
        "founded": "2020-05",
        "summary": "A body used by the tests.",
    },
    "evidence": [{"source_id": "src-test-findings-source", "supports": "name_en", "quote": "Test Findings Body"}],
}


def findings(*items: dict[str, object], sources: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {
        "format": FINDINGS_FORMAT,
        "pass": "test",
        "researcher": "tests",
        "searched": "nothing",
        "not_found": "",
        "sources": [GOOD_SOURCE] if sources is None else sources,
        "items": list(items),
    }


def _with(item: dict[str, object], **record: object) -> dict[str, object]:
    changed = json.loads(json.dumps(item))
    changed["record"].update(record)
    return changed


FINDINGS_CASES: dict[str, tuple[object, str]] = {
    "not json": ("{not json", "file"),
    "wrong format": ({"format": "other", "items": []}, "format"),
    "missing researcher": ({**findings(GOOD_ORG), "researcher": " "}, "researcher"),
    "unknown table": (findings({**GOOD_ORG, "table": "organisations"}), "did you mean organizations"),
    "managed table": (findings({**GOOD_ORG, "table": "retired_ids"}), "table"),
    "link added directly": (findings({**GOOD_ORG, "table": "record_sources"}), "action"),
    "unknown action": (findings({**GOOD_ORG, "action": "insert"}), "action"),
    "missing key": (findings(_with(GOOD_ORG, organization_id=None)), "organization_id"),
    "model failure": (findings(_with(GOOD_ORG, kind="ministry")), "kind"),
    "impossible date": (findings(_with(GOOD_ORG, founded="2020-13")), "founded"),
    "missing quote": (
        findings({**GOOD_ORG, "evidence": [{"source_id": "src-test-findings-source", "quote": ""}]}),
        "quote",
    ),
    "no evidence": (findings({**GOOD_ORG, "evidence": []}), "evidence"),
    "unknown source": (
        findings({**GOOD_ORG, "evidence": [{"source_id": "src-test-findings-sourc", "quote": "x"}]}),
        "closest: src-test-findings-source",
    ),
    "source id reused": (
        findings(GOOD_ORG, sources=[{**GOOD_SOURCE, "source_id": "src-turarbekava-2023-second-pillar"}]),
        "source_id",
    ),
    "source url registered": (
        findings(GOOD_ORG, sources=[GOOD_SOURCE, {**GOOD_SOURCE, "source_id": "src-test-two"}]),
        "url",
    ),
    "duplicate of an existing person": (
        findings(
            {
                "table": "persons",
                "action": "add",
                "record": {
                    "person_id": "per-xi-jinping-again",
                    "name_en": "Xi Jinping",
                    "country": "CHN",
                    "summary": "x",
                },
                "evidence": [{"source_id": "src-test-findings-source", "quote": "Xi Jinping"}],
            }
        ),
        "duplicate of per-xi-jinping",
    ),
    "add an existing id": (findings(_with(GOOD_ORG, organization_id="org-republic-of-belarus")), "use action update"),
    "update of nothing": (findings({**GOOD_ORG, "action": "update", "reason": "x"}), "use action add"),
    "update without reason": (
        findings({"table": "persons", "action": "update", "record": {"person_id": "per-xi-jinping", "born": "1953"}}),
        "reason",
    ),
    "retire without reason": (
        findings({"table": "persons", "action": "retire", "record": {"person_id": "per-jiang-zemin"}}),
        "reason",
    ),
    "reuse a retired id": (
        findings(
            {
                "table": "agreements",
                "action": "add",
                "record": {
                    "agreement_id": "agr-2009-sco-decision-dialogue-partner-belarus",
                    "title_en": "x",
                    "kind": "other",
                    "status": "unknown",
                    "summary": "x",
                },
                "evidence": [{"source_id": "src-test-findings-source", "quote": "x"}],
            }
        ),
        "retired id",
    ),
    "breaks a rule across tables": (
        findings(
            {
                "table": "agreement_parties",
                "action": "add",
                "record": {"agreement_id": "agr-1992-nothing", "organization_id": "org-republic-of-belarus"},
            }
        ),
        "agreement_id",
    ),
    "formula in text": (findings(_with(GOOD_ORG, summary="=cmd()")), "summary"),
    "remove a record with an id": (
        findings({"table": "persons", "action": "remove", "record": {"person_id": "per-jiang-zemin"}, "reason": "x"}),
        "retire per-jiang-zemin instead",
    ),
    "remove a link row that is not there": (
        findings(
            {
                "table": "agreement_parties",
                "action": "remove",
                "record": {"agreement_id": "agr-2015-treaty-friendship-cooperation", "organization_id": "org-belta"},
                "reason": "x",
            }
        ),
        "is not in data/agreement_parties.csv",
    ),
    "remove without reason": (
        findings(
            {
                "table": "agreement_parties",
                "action": "remove",
                "record": {
                    "agreement_id": "agr-2015-treaty-friendship-cooperation",
                    "organization_id": "org-republic-of-belarus",
                },
            }
        ),
        "reason",
    ),
    "remove leaves one party": (
        findings(
            {
                "table": "agreement_parties",
                "action": "remove",
                "record": {
                    "agreement_id": "agr-2018-visa-exemption-ordinary-passports",
                    "organization_id": "org-republic-of-belarus",
                },
                "reason": "a test",
            },
            sources=[],
        ),
        "agr-2018-visa-exemption-ordinary-passports has fewer than two parties",
    ),
}


@pytest.mark.parametrize("case", list(FINDINGS_CASES))
def test_findings_merge_refuses(guarded: Path, tmp_path: Path, case: str) -> None:
    content, expected = FINDINGS_CASES[case]
    path = tmp_path / "findings.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        merge_findings([path], guarded / "data", write=True)
    lines = [str(item) for item in caught.value.errors]
    assert any(expected in line for line in lines), lines[:3]
    assert all("\n" not in line for line in lines)


def test_findings_round_trip(tree: Path, tmp_path: Path) -> None:
    """A valid file is merged (and a second merge of it is refused as already present)."""
    path = tmp_path / "good.json"
    path.write_text(json.dumps(findings(GOOD_ORG)), encoding="utf-8")
    originals = {p: p.read_bytes() for p in (tree / "data").glob("*.csv")}
    try:
        merge = merge_findings([path], tree / "data", write=True)
        assert "+ organizations org-test-findings-body  Test Findings Body" in merge.report()
        organizations = (tree / "data" / "organizations.csv").read_text(encoding="utf-8")
        assert "org-test-findings-body,Test Findings Body" in organizations
        assert "2020-05,month,2020-05-01,2020-05-31" in organizations  # derived columns filled
        links = (tree / "data" / "record_sources.csv").read_text(encoding="utf-8")
        assert "org-test-findings-body,src-test-findings-source,name_en,Test Findings Body," in links
        with pytest.raises(DataValidationError, match="already in"):
            merge_findings([path], tree / "data", write=True)
    finally:
        for p, content in originals.items():
            p.write_bytes(content)


# ---- the DOTS importer --------------------------------------------------------------------------------------------


def _workbook(
    path: Path,
    reporter: str = "Belarus, Rep. of",
    years: tuple[str, ...] = ("2019", "2020"),
    rows: dict[str, list[object]] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title in ("Exports, FOB", "Imports, CIF"):
        sheet = book.create_sheet(title)
        for row in ([], [None, title], [], [None, reporter], [None, "US Dollars, Millions"], [], [None, None, *years]):
            sheet.append(row)
        default = {"China, P.R.: Mainland": [1.0, 2.0], "World": [10.0, 20.0]}
        for name, values in (default if rows is None else rows).items():
            sheet.append([None, name, *values])
    book.save(path)
    return path


IMPORTER_CASES: dict[str, tuple[Callable[[Path], Path], dict[str, object], str]] = {
    "another reporter's workbook": (
        lambda d: _workbook(d / "c.xlsx", reporter="China, P.R.: Mainland"),
        {},
        "not for --reporter BLR",
    ),
    "unknown source id": (
        lambda d: _workbook(d / "a.xlsx"),
        {"source_id": "src-imf-dots-nothing"},
        "not in data/sources",
    ),
    "another reporter's source": (
        lambda d: _workbook(d / "a.xlsx"),
        {"source_id": "src-imf-dots-china-2022-01"},
        "backs figures reported by CHN",
    ),
    "shrinking import": (lambda d: _workbook(d / "a.xlsx"), {}, "would drop"),
    "few partners": (lambda d: _workbook(d / "a.xlsx"), {"partner_codes": ["CHN", "WLD"]}, "would drop"),
    "empty workbook": (lambda d: _workbook(d / "a.xlsx", rows={}), {}, "no figures"),
    "repeated year": (lambda d: _workbook(d / "a.xlsx", years=("2019", "2019")), {}, "repeated"),
    "formula cell": (
        lambda d: _workbook(d / "a.xlsx", rows={"World": ["=1+1", 2.0]}),
        {},
        "formula cell",
    ),
    "text in a value cell": (lambda d: _workbook(d / "a.xlsx", rows={"World": ["n/a", 2.0]}), {}, "not a number"),
    "negative value": (lambda d: _workbook(d / "a.xlsx", rows={"World": [-1.0, 2.0]}), {}, "negative"),
    "not xlsx": (lambda d: (d / "a.csv").write_text("a,b\n") and d / "a.csv", {}, "not an .xlsx"),
    "zip that is no workbook": (
        lambda d: (d / "z.xlsx").write_bytes(b"PK\x03\x04 not really") and d / "z.xlsx",
        {},
        "not a readable .xlsx",
    ),
    "unknown partner code": (lambda d: _workbook(d / "a.xlsx"), {"partner_codes": ["XXX"]}, "no DOTS partner"),
}


@pytest.mark.parametrize("case", list(IMPORTER_CASES))
def test_importer_refuses(guarded: Path, tmp_path: Path, case: str) -> None:
    make, options, expected = IMPORTER_CASES[case]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    workbook = make(inputs)
    arguments: dict[str, object] = {
        "reporter": __import__("belarus_china_data.contract.categories", fromlist=["Reporter"]).Reporter.BELARUS,
        "source_id": "src-imf-dots-belarus-2022-01",
        "vintage": "test",
    } | options
    with pytest.raises((DotsFormatError, DataValidationError), match=expected):
        import_workbook(workbook, guarded / "data", **arguments)  # type: ignore[arg-type]


def test_at_least_a_hundred_malformed_inputs() -> None:
    assert len(CSV_CASES) + len(FILL_CASES) + len(FINDINGS_CASES) + len(IMPORTER_CASES) >= 100


def test_a_write_failure_mid_build_leaves_the_release_intact(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third file move fails (a full disk, say): the files already moved are put back."""
    import os

    from belarus_china_data.curation import transaction

    (tree / "data" / "coverage.csv").write_bytes((tree / "data" / "coverage.csv").read_bytes())
    before = _snapshot(tree)
    moves = {"count": 0}
    real_replace = os.replace

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        moves["count"] += 1
        if moves["count"] == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    schema = tree / "schemas" / "visits.json"
    original = schema.read_bytes()
    descriptor = tree / "pkg" / "_data" / "datapackage.json"
    # make several generated files stale so the build has more than three files to move
    schema.write_bytes(b"{}")
    descriptor.write_bytes(descriptor.read_bytes() + b" ")
    (tree / "CODEBOOK.md").write_text("stale", encoding="utf-8")
    stale_state = _snapshot(tree)
    monkeypatch.setattr(transaction.os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        build(tree, shipped_dir=tree / "pkg" / "_data")
    assert _snapshot(tree) == stale_state  # nothing half-written: every moved file was put back
    monkeypatch.undo()
    assert build(tree, shipped_dir=tree / "pkg" / "_data")  # the same build then succeeds
    schema.write_bytes(original)
    assert _snapshot(tree).keys() == before.keys()


def test_a_published_snapshot_is_never_rewritten(guarded: Path) -> None:
    """Once a version is listed in releases/PUBLISHED, a data change without a new version is refused."""
    import belarus_china_data as bcd

    published = guarded / "releases" / "PUBLISHED"
    original = published.read_bytes()
    try:
        published.write_text(original.decode() + bcd.__version__ + "\n", encoding="utf-8")
        coverage = _rows(guarded / "data" / "coverage.csv")  # one more row changes the snapshot's row count
        _write_rows(guarded / "data" / "coverage.csv", [*coverage, ["visits", "2090", "2091", "partial", "x", ""]])
        with pytest.raises(DataValidationError, match="is published"):
            build(guarded, shipped_dir=guarded / "pkg" / "_data")
    finally:
        published.write_bytes(original)


def test_findings_remove_replaces_a_party(tree: Path, tmp_path: Path) -> None:
    """A state party is replaced by the signing body: the removal and the addition land together."""
    parties = tree / "data" / "agreement_parties.csv"
    originals = {p: p.read_bytes() for p in (tree / "data").glob("*.csv")}
    before = originals[parties].decode("utf-8")
    assert "agr-2018-visa-exemption-ordinary-passports,org-republic-of-belarus\n" in before
    path = tmp_path / "swap.json"
    record = {
        "agreement_id": "agr-2018-visa-exemption-ordinary-passports",
        "organization_id": "org-republic-of-belarus",
    }
    swap = [
        {"table": "agreement_parties", "action": "remove", "record": record, "reason": "a test"},
        {"table": "agreement_parties", "action": "add", "record": {**record, "organization_id": "org-mfa-belarus"}},
    ]
    path.write_text(json.dumps(findings(*swap, sources=[])), encoding="utf-8")
    try:
        merge = merge_findings([path], tree / "data", write=True)
        assert "- agreement_parties agr-2018-visa-exemption-ordinary-passports/org-republic-of-belarus: a test" in (
            merge.report()
        )
        after = parties.read_text(encoding="utf-8")
        assert "agr-2018-visa-exemption-ordinary-passports,org-republic-of-belarus\n" not in after
        assert "agr-2018-visa-exemption-ordinary-passports,org-mfa-belarus\n" in after
        assert len(after.splitlines()) == len(before.splitlines())
    finally:
        for p, content in originals.items():
            p.write_bytes(content)
