"""UN General Assembly votes: the shipped tables equal the source files (../shared), the alignment measures equal
shares computed by hand from the files, and the importer refuses bad files without writing anything.

The checks against the files skip with a message when ../shared is not beside the checkout; under CI=true a
missing ../shared is a failure, not a skip.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import belarus_china_data as bcd
from belarus_china_data.alignment import alignment
from belarus_china_data.curation.unvotes import COUNTRIES, import_unvotes, main

from .conftest import ROOT

UNGA = ROOT.parent / "shared" / "sources" / "unga-votes"
FILES = ("un_votes", "un_roll_calls", "un_roll_call_issues")
EXPECTED_COUNTRIES = {
    *("BLR", "CHN", "RUS", "USA", "KAZ", "UKR"),
    *("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL"),
    *("ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "GBR"),
}


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    """The three source files as pyreadr reads them."""
    if not UNGA.is_dir():
        message = f"{UNGA} is not beside this checkout, so the UN votes cannot be checked against the source files"
        if os.environ.get("CI") == "true" and not os.environ.get("BCD_WITHOUT_RAW_INPUTS"):
            pytest.fail(message + " (CI=true: a skip here would hide the check)")
        pytest.skip(message)
    import pyreadr

    return {name: pyreadr.read_r(str(UNGA / f"{name}.rda"))[name] for name in FILES}


def _raw_calls(raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    calls = raw["un_roll_calls"].copy()
    calls["date"] = pd.to_datetime(calls["date"].astype(str))
    return calls[calls["date"].dt.year >= 1992]


def _clean(value: Any) -> Any:
    """A text cell as the importer keeps it: blanks collapsed, the mis-encodings it knows repaired."""
    from belarus_china_data.curation.unvotes import MOJIBAKE_REPAIRS

    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    text = " ".join(str(value).split())
    for broken, repaired in MOJIBAKE_REPAIRS.items():
        text = text.replace(broken, repaired)
    return text.strip() or None


def _flag(value: Any) -> bool | None:
    return None if value is None or pd.isna(value) else bool(int(float(value)))


def test_every_roll_call_from_1992_is_shipped_as_in_the_files(raw: dict[str, pd.DataFrame]) -> None:
    calls = _raw_calls(raw)
    shipped = bcd.load("un_roll_calls").set_index("rcid")
    assert set(calls[calls["date"].dt.year <= 2019]["rcid"]) <= set(shipped.index)
    assert sorted(shipped.index) == sorted(calls["rcid"]) and len(shipped) == 2491
    assert str(shipped["date"].max().date()) == "2020-01-14" == str(calls["date"].max().date())
    for row in calls.itertuples():
        ours = shipped.loc[row.rcid]
        assert ours["session"] == int(row.session), row.rcid
        assert ours["date"] == row.date, row.rcid
        assert (None if pd.isna(ours["unres"]) else ours["unres"]) == _clean(row.unres), row.rcid
        assert (None if pd.isna(ours["short_title"]) else ours["short_title"]) == _clean(row.short), row.rcid
        for field, value in (("important_vote", row.importantvote), ("amend", row.amend), ("para", row.para)):
            assert (None if pd.isna(ours[field]) else bool(ours[field])) == _flag(value), (row.rcid, field)
    assert set(shipped["source_id"]) == {"src-voeten-unvotes-2021-03"}


def test_issue_codes_equal_the_files(raw: dict[str, pd.DataFrame]) -> None:
    issues = raw["un_roll_call_issues"]
    kept = set(_raw_calls(raw)["rcid"])
    expected = {(int(r), str(c)) for r, c in zip(issues["rcid"], issues["short_name"], strict=True) if int(r) in kept}
    shipped = bcd.load("un_roll_calls").dropna(subset=["issues"])
    pairs = zip(shipped["rcid"], shipped["issues"], strict=True)
    ours = {(int(r), code) for r, codes in pairs for code in codes.split("; ")}
    assert ours == expected and len(ours) > 2000


def test_votes_of_the_named_countries_equal_the_files(raw: dict[str, pd.DataFrame]) -> None:
    assert set(COUNTRIES.values()) == EXPECTED_COUNTRIES
    votes = raw["un_votes"]
    kept = set(_raw_calls(raw)["rcid"])
    votes = votes[votes["country_code"].isin(list(COUNTRIES)) & votes["rcid"].astype(int).isin(kept)]
    expected = {
        (int(r), COUNTRIES[c], str(v))
        for r, c, v in zip(votes["rcid"], votes["country_code"], votes["vote"], strict=True)
    }
    shipped = bcd.load("un_votes")
    ours = set(zip(shipped["rcid"].astype(int), shipped["country"], shipped["vote"].astype(str), strict=True))
    assert ours == expected
    assert len(shipped) == len(expected) == 83492
    assert set(shipped["country"]) == EXPECTED_COUNTRIES


@pytest.mark.parametrize("year", [1995, 2008, 2019])
def test_alignment_reproduces_shares_computed_from_the_files(raw: dict[str, pd.DataFrame], year: int) -> None:
    calls = _raw_calls(raw)
    in_year = set(calls[calls["date"].dt.year == year]["rcid"])
    votes = raw["un_votes"]
    belarus = {int(r): str(v) for r, c, v in zip(votes.rcid, votes.country_code, votes.vote, strict=True) if c == "BY"}
    china = {int(r): str(v) for r, c, v in zip(votes.rcid, votes.country_code, votes.vote, strict=True) if c == "CN"}
    both = sorted(r for r in in_year if r in belarus and r in china)
    same = sum(belarus[r] == china[r] for r in both)
    half = sum(belarus[r] != china[r] and "abstain" in (belarus[r], china[r]) for r in both)
    agreement = alignment("BLR", "CHN").set_index("year").loc[year]
    assert agreement["roll_calls"] == len(both) > 50
    assert agreement["agreement"] == pytest.approx(same / len(both), abs=1e-12)
    affinity = alignment("BLR", "CHN", measure="affinity").set_index("year").loc[year]
    assert affinity["roll_calls"] == len(both)
    assert affinity["affinity"] == pytest.approx((same + half / 2) / len(both), abs=1e-12)


def test_reimport_changes_nothing(raw: dict[str, pd.DataFrame], scratch_root: Path) -> None:
    data = scratch_root / "data"
    before = {path.name: path.read_bytes() for path in data.iterdir()}
    result = import_unvotes(UNGA, data)
    assert str(result.last_date) == "2020-01-14" and not result.coverage_is_behind
    assert [(c.table, c.rows_after, c.changed) for c in result.changes] == [
        ("un_roll_calls", 2491, False),
        ("un_votes", 83492, False),
    ]
    assert {path.name: path.read_bytes() for path in data.iterdir()} == before


@pytest.mark.dependencies
def test_alignment_by_issue_and_bad_input() -> None:
    issues = alignment("BLR", "RUS", by="issue")
    assert list(issues["issue"]) == ["me", "nu", "di", "hr", "co", "ec"]
    assert ((issues["agreement"] >= 0) & (issues["agreement"] <= 1)).all()
    with pytest.raises(ValueError, match="no votes of XXX"):
        alignment("BLR", "XXX")
    with pytest.raises(ValueError, match="unknown measure"):
        alignment("BLR", "CHN", measure="distance")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown by"):
        alignment("BLR", "CHN", by="session")  # type: ignore[arg-type]


def test_plot_alignment_draws_the_measure() -> None:
    from belarus_china_data.plots import plot_alignment

    lines = plot_alignment().axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["China", "Russia", "United States"]
    frame = alignment("BLR", "RUS")
    frame = frame[frame["roll_calls"] >= 10]
    assert list(lines[1].get_ydata()) == list(frame["agreement"])


def _write_files(folder: Path, *, votes: pd.DataFrame | None = None, drop: str | None = None) -> None:
    import pyreadr

    folder.mkdir()
    frames = {
        "un_roll_calls": pd.DataFrame(
            {
                "rcid": [9001],
                "session": [74.0],
                "importantvote": [0.0],
                "date": ["2019-12-10"],
                "unres": ["A/RES/74/1"],
                "amend": [None],
                "para": [1.0],
                "short": ["A short title"],
                "descr": ["A description"],
            }
        ),
        "un_votes": votes
        if votes is not None
        else pd.DataFrame({"rcid": [9001.0], "country": ["Belarus"], "country_code": ["BY"], "vote": ["yes"]}),
        "un_roll_call_issues": pd.DataFrame({"rcid": [9001], "short_name": ["hr"], "issue": ["Human rights"]}),
    }
    for name, frame in frames.items():
        if name != drop:
            pyreadr.write_rdata(str(folder / f"{name}.rda"), frame, df_name=name)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing file", "un_roll_call_issues.rda: file is missing"),
        ("wrong columns", "lacks column(s) vote"),
        ("unknown vote", "unknown vote 'absent'"),
        ("would drop roll calls", "would drop 2491 roll call(s)"),
    ],
)
def test_bad_files_give_one_line_and_write_nothing(
    scratch_root: Path, capsys: pytest.CaptureFixture[str], case: str, message: str
) -> None:
    folder = scratch_root / "download"
    if case == "missing file":
        _write_files(folder, drop="un_roll_call_issues")
    elif case == "wrong columns":
        _write_files(folder, votes=pd.DataFrame({"rcid": [9001.0], "country_code": ["BY"], "ballot": ["yes"]}))
    elif case == "unknown vote":
        votes = pd.DataFrame({"rcid": [9001.0, 9001.0], "country_code": ["BY", "CN"], "vote": ["yes", "absent"]})
        _write_files(folder, votes=votes)
    else:
        _write_files(folder)
    data = scratch_root / "data"
    before = {path.name: path.read_bytes() for path in data.iterdir()}
    assert main([str(folder), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("unvotes: error: ") and message in err, err
    assert {path.name: path.read_bytes() for path in data.iterdir()} == before


def test_a_dataset_level_source_is_used_through_source_id(scratch_root: Path) -> None:
    """The Voeten source has no record_sources link: the roll calls naming it in source_id are what use it."""
    from belarus_china_data.curation.csvfiles import table_csv_text
    from belarus_china_data.curation.validation import DataValidationError, read_source

    data = scratch_root / "data"
    links = bcd.load("record_sources")
    assert "src-voeten-unvotes-2021-03" not in set(links["source_id"])
    for table in ("un_roll_calls", "un_votes"):
        (data / f"{table}.csv").write_text(table_csv_text(table, []), encoding="utf-8")
    with pytest.raises(DataValidationError, match="src-voeten-unvotes-2021-03 backs no record"):
        read_source(data)


@pytest.mark.dependencies
def test_alignment_needs_no_maintainer_code_and_imports_pandas_lazily() -> None:
    import json
    import subprocess
    import sys

    code = (
        "import sys, json\nimport belarus_china_data.alignment as a\nlazy = 'pandas' not in sys.modules\n"
        "a.alignment('BLR', 'CHN', by='issue')\n"
        "print(json.dumps([lazy, sorted(m for m in sys.modules if m.startswith('belarus_china_data.curation'))]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, []]


def test_readme_figures_are_the_measured_ones() -> None:
    """The README's alignment figures are recomputed here from the shipped data, so they cannot drift."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    def pooled(other: str, first: int = 1992, last: int = 2019, measure: str = "agreement") -> tuple[int, str]:
        frame = alignment("BLR", other, measure=measure)  # type: ignore[arg-type]
        frame = frame[(frame["year"] >= first) & (frame["year"] <= last)]
        calls = int(frame["roll_calls"].sum())
        return calls, f"{float((frame[measure] * frame['roll_calls']).sum()) / calls:.1%}"

    found = [
        f"{pooled('CHN')[1]} (affinity\n{pooled('CHN', measure='affinity')[1]})",
        f"the {pooled('CHN')[0]:,} roll calls of 1992-2019",
        f"Belarus and Russia on {pooled('RUS')[1]} of {pooled('RUS')[0]:,}",
        f"Belarus and the United States on {pooled('USA')[1]} of {pooled('USA')[0]:,}",
        f"was {pooled('CHN', 1992, 1997)[1]} in 1992-1997, {pooled('CHN', 2007, 2009)[1]} in 2007-2009",
        f"and {pooled('CHN', 2015, 2019)[1]} in 2015-2019",
    ]
    by_year = alignment("BLR", "CHN").set_index("year")["agreement"]
    found.append(f"(highest year 2009: {float(by_year.loc[2009]):.1%})")
    assert int(by_year.loc[1992:2019].idxmax()) == 2009
    issues = alignment("BLR", "CHN", by="issue").set_index("issue")["agreement"]
    found.append(f"from {float(issues['nu']):.1%} on nuclear weapons to {float(issues['me']):.1%} on the Palestinian")
    assert issues.idxmin() == "nu" and issues.idxmax() == "me"
    text = " ".join(readme.split())
    for phrase in found:
        assert " ".join(phrase.split()) in text, phrase


def test_cli_filters_roll_calls_by_year() -> None:
    from belarus_china_data.cli import _filtered

    frame = _filtered("un_roll_calls", [], 2019, None)
    assert len(frame) == 91 and set(frame["date"].dt.year) == {2019, 2020}
