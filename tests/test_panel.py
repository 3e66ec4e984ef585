"""The dyad-year panel, its country keys and ``add_to``.

Tiers, and why each exists:

1. Hand counts: every panel variable is recomputed here for three years straight from the CSV files in ``data/``
   (plain ``csv`` module, no package code), so a wrong formula or a join that drops rows fails. The years (2005,
   2013, 2016) are ones later research is unlikely to change; the expected values are computed, not typed, except
   the partnership levels, which are facts of the record (no designation in 2005, the first in 2013, the second in
   2016).
2. Coverage: a count is missing, never 0, where the coverage table says the table was not searched; the UN columns
   are missing after the last roll call, the trade columns where there is no figure.
3. Keys: COW and G-W codes come from countrycode's dictionary (a dev dependency): the shipped module and the
   ``un_votes.ccode`` column must equal what the dictionary gives.
4. ``add_to`` and its errors, including a property test over arbitrary key frames: a result or a one-line
   ``ValueError``, never another exception.
5. The README's two panel answers run and give what they say.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import belarus_china_data as bcd
from belarus_china_data import panel as panel_module

from .conftest import ROOT

YEARS = (2005, 2013, 2016)
DATA = ROOT / "data"


def rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def year_of(row: dict[str, str], field: str) -> int | None:
    earliest, latest = row[f"{field}_earliest"], row[f"{field}_latest"]
    if not earliest or earliest[:4] != latest[:4]:
        return None
    return int(earliest[:4])


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return bcd.dyad_years().set_index("year")


@pytest.fixture(scope="module")
def directed() -> pd.DataFrame:
    return bcd.dyad_years(directed=True)


# 1. Hand counts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_agreement_counts_equal_a_hand_count(panel: pd.DataFrame, year: int) -> None:
    signed = [r for r in rows("agreements") if year_of(r, "date_signed") == year]
    assert panel.loc[year, "agreements_signed"] == len(signed)
    kinds = Counter(r["kind"] for r in signed)
    for column in (c for c in panel.columns if c.startswith("agr_")):
        assert panel.loc[year, column] == kinds.get(column.removeprefix("agr_"), 0), column
    assert panel.loc[year, "agreements_coverage"] == "partial"


@pytest.mark.parametrize("year", YEARS)
def test_visit_counts_equal_a_hand_count(panel: pd.DataFrame, directed: pd.DataFrame, year: int) -> None:
    visits = [r for r in rows("visits") if year_of(r, "start_date") == year]
    assert panel.loc[year, "visits"] == len(visits)
    assert panel.loc[year, "head_of_state_visits"] == sum(r["level"] == "head_of_state" for r in visits)
    counted = [int(r["documents_signed"]) for r in visits if r["documents_signed"]]
    official = panel.loc[year, "documents_signed_official"]
    assert (official == sum(counted)) if counted else pd.isna(official)
    for side, code in (("BLR", 370), ("CHN", 710)):
        row = directed[(directed.year == year) & (directed.ccode1 == code)].iloc[0]
        own = [r for r in visits if r["visitor_country"] == side]
        assert row["visits"] == len(own)
        assert row["head_of_state_visits"] == sum(r["level"] == "head_of_state" for r in own)


def _dots(reporter: str, partner: str, year: int, flow: str) -> float:
    wanted = f"trd-{reporter.lower()}-{partner.lower()}-{year}-{flow}-imf-dots"
    return next(float(r["value_usd_millions"]) for r in rows("trade_figures") if r["figure_id"] == wanted)


@pytest.mark.parametrize("year", YEARS)
def test_trade_columns_equal_the_figures_they_come_from(panel: pd.DataFrame, year: int) -> None:
    for reporter in ("blr", "chn"):
        partner = "chn" if reporter == "blr" else "blr"
        for column, flow in (("exports", "export"), ("imports", "import")):
            assert panel.loc[year, f"trade_{column}_{reporter}"] == pytest.approx(_dots(reporter, partner, year, flow))
            assert panel.loc[year, f"trade_{column}_{reporter}_status"] == "final"
        stated = [
            float(r["value_usd_millions"])
            for r in rows("trade_figures")
            if r["reporter"] == reporter.upper()
            and r["partner"] == partner.upper()
            and r["period"] == str(year)
            and r["flow"] == "turnover"
            and r["scope"] == "goods"
            and r["status"] == "final"
        ]
        summed = _dots(reporter, partner, year, "export") + _dots(reporter, partner, year, "import")
        assert panel.loc[year, f"trade_turnover_{reporter}"] == pytest.approx(stated[0] if stated else summed)
    share = _dots("blr", "chn", year, "import") / _dots("blr", "wld", year, "import")
    assert panel.loc[year, "china_share_of_blr_imports"] == pytest.approx(share)
    assert panel.loc[year, "trade_coverage"] == "systematic"


@pytest.mark.parametrize("year", YEARS)
def test_un_columns_equal_shares_computed_from_the_votes(panel: pd.DataFrame, year: int) -> None:
    calls = {r["rcid"] for r in rows("un_roll_calls") if r["date"].startswith(str(year))}
    votes: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows("un_votes"):
        if r["rcid"] in calls and r["country"] in ("BLR", "CHN"):
            votes[r["rcid"]][r["country"]] = r["vote"]
    both = [v for v in votes.values() if len(v) == 2]
    same = sum(v["BLR"] == v["CHN"] for v in both)
    half = sum(v["BLR"] != v["CHN"] and "abstain" in v.values() for v in both)
    assert panel.loc[year, "unga_roll_calls"] == len(both) > 40
    assert panel.loc[year, "unga_agreement"] == pytest.approx(same / len(both))
    assert panel.loc[year, "unga_affinity"] == pytest.approx((same + half / 2) / len(both))


@pytest.mark.parametrize(("year", "level"), [(2005, 0), (2013, 1), (2016, 2)])
def test_partnership_level_is_the_designation_on_31_december(panel: pd.DataFrame, year: int, level: int) -> None:
    assert panel.loc[year, "partnership_level"] == level
    designation = bcd.partnership_on(f"{year}-12-31").designation
    assert panel.loc[year, "partnership_label"] == (designation or "no partnership designation")
    labels = bcd.dyad_years().attrs["value_labels"]["partnership_level"]
    assert labels[level] == panel.loc[year, "partnership_label"][:80]


def _committed_by_hand(year: int) -> float:
    """Each commitment once: singles at amount_usd, a package at what its counted parts leave over."""
    kept = [
        r
        for r in rows("loans")
        if year_of(r, "date") == year
        and r["status"] in ("signed", "disbursed", "repaid")
        and r["kind"] != "currency_swap"
        and r["commitment"] in ("single", "package")
    ]
    every = [
        r
        for r in rows("loans")
        if r["status"] in ("signed", "disbursed", "repaid") and r["kind"] != "currency_swap" and r["part_of"]
    ]
    total = 0.0
    for r in kept:
        value = float(r["amount_usd"])
        if r["commitment"] == "package":
            value = max(value - sum(float(p["amount_usd"]) for p in every if p["part_of"] == r["loan_id"]), 0.0)
        total += value
    return total


@pytest.mark.parametrize("year", [2008, 2013, 2015, 2019])
def test_loans_committed_equal_a_hand_sum(panel: pd.DataFrame, year: int) -> None:
    assert panel.loc[year, "loans_committed_usd"] == pytest.approx(_committed_by_hand(year))
    assert panel.loc[year, "loans_committed_usd"] > 0


@pytest.mark.parametrize("year", [2018, 2020, 2023])
def test_great_stone_residents_are_the_years_last_value(panel: pd.DataFrame, year: int) -> None:
    values = sorted(
        (r["date_latest"], float(r["value"]))
        for r in rows("indicators")
        if r["series"] == "great-stone-residents" and year_of(r, "date") == year
    )
    assert panel.loc[year, "great_stone_residents"] == values[-1][1]
    assert pd.isna(panel.loc[2005, "great_stone_residents"])


def test_the_panel_runs_from_1992_with_one_row_a_year_and_the_keys(panel: pd.DataFrame) -> None:
    frame = bcd.dyad_years()
    assert frame.year.tolist() == list(range(1992, int(frame.year.max()) + 1))
    assert set(frame.ccode1) == {370} and set(frame.ccode2) == {710}
    assert set(frame.gwcode1) == {370} and set(frame.gwcode2) == {710}
    assert set(frame.iso3_1) == {"BLR"} and set(frame.iso3_2) == {"CHN"}
    assert frame.columns.tolist() == [v.name for v in panel_module.variables()]
    named = [
        "agreements_signed", "visits", "head_of_state_visits", "documents_signed_official", "partnership_level",
        "china_share_of_blr_imports", "unga_agreement", "unga_affinity", "unga_roll_calls", "loans_committed_usd",
        "great_stone_residents",
    ]  # fmt: skip
    named += [
        f"trade_{f}_{r}{s}" for f in ("exports", "imports", "turnover") for r in ("blr", "chn") for s in ("", "_status")
    ]
    assert set(named) <= set(frame.columns)


def test_directed_form_has_two_rows_a_year_and_splits_the_visits(directed: pd.DataFrame) -> None:
    undirected = bcd.dyad_years()
    assert len(directed) == 2 * len(undirected)
    pairs = directed.groupby("year")[["ccode1", "ccode2"]].apply(lambda f: sorted(zip(f.ccode1, f.ccode2, strict=True)))
    assert all(p == [(370, 710), (710, 370)] for p in pairs)
    total = directed.groupby("year")["visits"].sum(min_count=1)
    assert total.tolist() == undirected.set_index("year")["visits"].tolist()


# 2. Coverage ------------------------------------------------------------------------------------------------------


def test_counts_are_missing_where_the_coverage_table_says_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_china_data import loader

    real = loader.load

    def without_early_visits(name: str, *args: Any, **kwargs: Any) -> Any:
        frame = real(name, *args, **kwargs)  # type: ignore[call-overload]
        if name == "coverage":  # as if visits before 2010 had never been searched
            return frame[~((frame.table_name == "visits") & (frame.first_year < 2010))]
        return frame

    monkeypatch.setattr(loader, "load", without_early_visits)
    frame = bcd.dyad_years().set_index("year")
    assert frame.loc[1992:2009, "visits"].isna().all() and frame.loc[1992:2009, "head_of_state_visits"].isna().all()
    assert (frame.loc[1992:2009, "visits_coverage"] == "not_searched").all()
    assert frame.loc[2010:, "visits"].notna().all()
    assert frame.loc[1992:2009, "agreements_signed"].notna().all()  # other families keep their counts


def test_years_without_a_visit_are_zero_where_searched(panel: pd.DataFrame) -> None:
    searched = panel[panel.visits_coverage.isin(["systematic", "partial"])]
    assert searched.visits.notna().all() and (searched.visits == 0).any()


def test_un_and_trade_columns_are_missing_beyond_their_sources(panel: pd.DataFrame) -> None:
    last_call = max(r["date"] for r in rows("un_roll_calls"))
    after = panel.loc[int(last_call[:4]) + 1 :]
    assert len(after) > 0
    assert after[["unga_agreement", "unga_affinity", "unga_roll_calls"]].isna().all().all()
    assert (after.unga_coverage == "not_searched").all()
    figures = {
        int(r["year"])
        for r in rows("trade_figures")
        if r["reporter"] == "BLR" and r["partner"] == "CHN" and r["flow"] == "export" and r["period"] == r["year"]
    }
    for year in panel.index:
        assert pd.isna(panel.loc[year, "trade_exports_blr"]) == (year not in figures), year
    assert pd.isna(panel.loc[year, "trade_exports_blr_status"]) == pd.isna(panel.loc[year, "trade_exports_blr"])


# 3. Keys ----------------------------------------------------------------------------------------------------------


def test_un_votes_carry_the_cow_code_of_every_country() -> None:
    import countrycode

    votes = bcd.load("un_votes")
    assert votes.ccode.notna().all()
    pairs = dict(zip(votes.country, votes.ccode.astype(int), strict=True))
    assert {pairs[c] for c in ("BLR", "CHN", "RUS", "USA")} == {370, 710, 365, 2}
    assert pairs == dict(
        zip(pairs, countrycode.countrycode(list(pairs), origin="iso3c", destination="cown"), strict=True)
    )


def test_shipped_country_keys_are_what_countrycode_gives() -> None:
    from belarus_china_data._country_keys import COLUMNS, ROWS
    from belarus_china_data.curation.country_keys import country_key_rows, used_codes
    from belarus_china_data.curation.validation import read_source

    expected = country_key_rows(used_codes(read_source(DATA)))
    assert [tuple(row[c] for c in COLUMNS) for row in expected] == list(ROWS)
    keys = bcd.country_keys().set_index("iso3")
    assert set(keys.index) >= {r["partner"] for r in rows("trade_figures")} | {r["country"] for r in rows("un_votes")}
    assert keys.loc["BLR", ["ccode", "gwcode", "iso3n", "m49"]].tolist() == [370, 370, 112, 112]
    assert keys.loc["CSK", "ccode"] == 315 and "by the name" in keys.loc["CSK", "note"]
    assert pd.isna(keys.loc["BLX", "ccode"]) and "no scheme covers it" in keys.loc["BLX", "note"]
    assert pd.isna(keys.loc["WLD", "ccode"]) and "aggregate" in keys.loc["WLD", "note"]


# 4. add_to --------------------------------------------------------------------------------------------------------


def test_add_to_fills_belarus_china_in_either_order_and_leaves_other_dyads_missing(panel: pd.DataFrame) -> None:
    mine = pd.DataFrame(
        {"ccode1": [370, 710, 370, 370], "ccode2": [710, 370, 365, 710], "year": [2013, 2013, 2013, 1950], "x": 1}
    )
    out = bcd.add_to(mine)
    assert out.x.tolist() == [1, 1, 1, 1] and len(out) == 4
    assert out.loc[0, "agreements_signed"] == panel.loc[2013, "agreements_signed"]
    assert out.loc[1, "agreements_signed"] == panel.loc[2013, "agreements_signed"]
    assert out.loc[0, "unga_agreement"] == panel.loc[2013, "unga_agreement"]
    belarus_russia = out.loc[2].drop(["ccode1", "ccode2", "year", "x"])
    assert belarus_russia.isna().all()
    assert out.loc[3].drop(["ccode1", "ccode2", "year", "x"]).isna().all()  # a year before the panel
    assert out.loc[0, "visits"] == out.loc[1, "visits"] == panel.loc[2013, "visits"]  # non-directed by default
    directed = bcd.dyad_years(directed=True)
    by_side = directed.pivot(index="year", columns="ccode1", values="visits").dropna()
    year = int(by_side[by_side[370] != by_side[710]].index[0])  # a year whose two directions differ
    china_first = directed[(directed.year == year) & (directed.ccode1 == 710)].iloc[0]
    belarus_first = directed[(directed.year == year) & (directed.ccode1 == 370)].iloc[0]
    both_orders = pd.DataFrame({"ccode1": [370, 710], "ccode2": [710, 370], "year": [year, year]})
    own_order = bcd.add_to(both_orders, directed=True)
    assert own_order.loc[1, "visits"] == china_first["visits"]  # the directed value of the row's own order
    assert own_order.loc[0, "visits"] == belarus_first["visits"]
    assert china_first["visits"] != belarus_first["visits"]


def test_add_to_takes_iso3_and_gleditsch_ward_keys() -> None:
    iso = bcd.add_to(pd.DataFrame({"a": ["BLR", "BLR"], "b": ["CHN", "RUS"], "t": [2016, 2016]}), keys=("a", "b", "t"))
    assert iso.loc[0, "trade_exports_blr"] > 0 and pd.isna(iso.loc[1, "trade_exports_blr"])
    gw = bcd.add_to(
        pd.DataFrame({"gwcode1": [710], "gwcode2": [370], "year": [2016]}), keys=("gwcode1", "gwcode2", "year")
    )
    assert gw.loc[0, "unga_roll_calls"] == iso.loc[0, "unga_roll_calls"]


def dyads(first: list[Any], second: list[Any], years: list[Any], names: str = "ccode1 ccode2 year") -> pd.DataFrame:
    return pd.DataFrame(dict(zip(names.split(), (first, second, years), strict=True)))


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (dyads([370], [710], [2015], "c1 c2 year"), r"no column\(s\) 'ccode1', 'ccode2'; pass keys="),
        (dyads([370, 370], [710, 710], [2015, 2015]), "repeated key rows .* row 1"),
        (dyads([2], [365], [2015]), r"no row names Belarus \(370\) or China"),
        (dyads(["Belarus"], ["China"], [2015]), "'Belarus' is not an ISO alpha-3"),
        (dyads([370], [710], [1950]), r"in a year of the panel \(1992-"),
        (dyads([370], [710], ["soon"]), "not a year at row 0"),
    ],
)
def test_add_to_refuses_bad_frames_in_one_line(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        bcd.add_to(frame)
    assert "\n" not in str(error.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from([370, 710, 365, 2]), st.integers(-5, 1000), st.text(max_size=4)),
            st.one_of(st.sampled_from([370, 710, "CHN", "BLR"]), st.integers(-5, 1000)),
            st.one_of(st.integers(1900, 2030), st.text(max_size=3)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_add_to_gives_a_result_or_a_one_line_value_error(data: list[tuple[Any, Any, Any]]) -> None:
    frame = pd.DataFrame(data, columns=["ccode1", "ccode2", "year"])
    try:
        out = bcd.add_to(frame)
    except ValueError as error:
        assert "\n" not in str(error)
    else:
        assert len(out) == len(frame) and out.columns[:3].tolist() == ["ccode1", "ccode2", "year"]


# 5. Meanings, exports, README ---------------------------------------------------------------------------------------


def test_every_variable_is_described_and_in_the_codebook() -> None:
    text = str(bcd.describe("dyad_years"))
    codebook = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
    for variable in panel_module.variables():
        assert f"\n{variable.name} ({variable.family}): " in text
        assert f"| `{variable.name}` | {variable.family} |" in codebook
        assert len(variable.label) <= 80 and len(variable.name) <= 32  # Stata's limits
    assert "Correlates of War" in str(bcd.describe("dyad_years", "ccode1"))
    with pytest.raises(ValueError, match="did you mean 'visits'"):
        bcd.describe("dyad_years", "visit")


def test_cli_exports_the_panel_with_variable_and_value_labels(tmp_path: Path) -> None:
    for fmt in ("csv", "parquet", "dta", "xlsx"):
        out = tmp_path / f"panel.{fmt}"
        done = subprocess.run(
            [sys.executable, "-m", "belarus_china_data", "export", "dyad_years", "--format", fmt, "-o", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert re.search(r"wrote \d+ rows", done.stdout)
    with pd.io.stata.StataReader(tmp_path / "panel.dta") as reader:
        labels = reader.variable_labels()
        values = reader.value_labels()
    assert labels["ccode1"] == "COW state number, side 1"
    assert values["partnership_level"][0] == "no partnership designation"
    assert set(values["visits_coverage"].values()) == {"systematic", "partial", "not_searched"}
    stata = pd.read_stata(tmp_path / "panel.dta")
    assert stata.partnership_level.iloc[-1] == bcd.dyad_years().partnership_label.iloc[-1]
    sheet = pd.read_excel(tmp_path / "panel.xlsx", sheet_name="variables")
    assert sheet.variable.tolist() == [v.name for v in panel_module.variables()]
    assert pd.read_csv(tmp_path / "panel.csv").ccode1.eq(370).all()


def _readme_block(question: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split(question, 1)[1]
    return re.search(r"```python\n(.+?)\n```", after, re.S).group(1)  # type: ignore[union-attr]


def test_readme_answers_agreements_and_visits_next_to_trade_and_un_votes() -> None:
    namespace: dict[str, Any] = {"bcd": bcd}
    exec(compile(_readme_block("**How many agreements and visits per year"), "README.md", "exec"), namespace)
    table = namespace["per_year"]
    assert {"agreements_signed", "visits", "trade_turnover_blr", "trade_turnover_chn", "unga_agreement"} <= set(table)
    assert (
        table.set_index("year").loc[2016, "agreements_signed"]
        == bcd.dyad_years().set_index("year").loc[2016, "agreements_signed"]
    )


def test_readme_answers_merge_into_cow_dyad_year_data() -> None:
    namespace: dict[str, Any] = {"bcd": bcd}
    exec(compile(_readme_block("**How do I merge this into my COW dyad-year data?"), "README.md", "exec"), namespace)
    merged = namespace["merged"]
    china = merged[(merged.ccode1 == 370) & (merged.ccode2 == 710)]
    russia = merged[(merged.ccode1 == 370) & (merged.ccode2 == 365)]
    assert china.agreements_signed.notna().all() and russia.agreements_signed.isna().all()


# 6. Shortcuts -------------------------------------------------------------------------------------------------------


def test_loans_events_and_indicators_shortcuts() -> None:
    loans = bcd.loans()
    names = {r["organization_id"]: r["name_en"] for r in rows("organizations")}
    raw = rows("loans")
    assert loans.loan_id.tolist() == [r["loan_id"] for r in raw]
    for role in ("lender", "borrower"):
        shown = [None if pd.isna(v) else v for v in loans[f"{role}_name_en"]]
        assert shown == [names.get(r[f"{role}_id"]) for r in raw]
    assert loans.lender_name_en.notna().all()
    assert bcd.events().event_id.tolist() == [r["event_id"] for r in rows("events")]
    assert len(bcd.indicators()) == len(rows("indicators"))
    with pytest.raises(ValueError, match="did you mean 'great-stone-residents'"):
        bcd.indicators("great-stone-resident")


# 7. Loans that add up -----------------------------------------------------------------------------------------------


def test_every_loan_has_a_usd_amount_and_its_rate_as_data() -> None:
    loans = bcd.loans()
    assert loans.commitment.notna().all()
    # a USD amount only where an official annual rate of the year is recorded; the note of any other says so
    unconverted = loans[loans.amount_usd.isna()]
    assert (unconverted.currency != "USD").all()
    assert unconverted.note.str.contains("No annual average exchange rate of", regex=False).all()
    assert len(unconverted) <= 1  # the 2025 grant: no 2025 rate is recorded yet
    loans = loans[loans.amount_usd.notna()]
    usd = loans[loans.currency == "USD"]
    assert (usd.amount_usd == usd.amount).all() and usd.exchange_rate.isna().all()
    other = loans[loans.currency != "USD"]
    assert len(other) >= 7 and other.exchange_rate_source_id.notna().all()
    sources = set(bcd.load("sources").source_id)
    assert set(other.exchange_rate_source_id) <= sources
    per_usd = other.exchange_rate_quote == "currency_per_usd"
    expected = (other.amount / other.exchange_rate).where(per_usd, other.amount * other.exchange_rate).round(2)
    assert (other.amount_usd == expected).all()
    assert (other.exchange_rate_period.astype(int) == other.date_earliest.dt.year).all()


def test_parts_name_a_package_framework_or_pledge_and_the_sum_counts_each_once() -> None:
    loans = bcd.loans().set_index("loan_id")
    parts = loans[loans.part_of.notna()]
    assert len(parts) >= 5
    assert set(loans.loc[parts.part_of, "commitment"]) <= {"package", "framework", "pledge"}
    counted = bcd.loans_committed().set_index("loan_id")  # every loan has its rate (a missing one raises: below)
    assert counted.index.is_unique
    package = "loan-2008-exim-credit-package-390m"  # a package with one itemized part
    mine = counted.loc[counted.index.isin([package, *parts[parts.part_of == package].index]), "counted_usd"].sum()
    assert mine == pytest.approx(loans.loc[package, "amount_usd"])
    assert not set(counted.index) & set(loans[loans.commitment.isin(["framework", "pledge"])].index)
    plain = loans[loans.status.isin(["signed", "disbursed", "repaid"]) & (loans.kind != "currency_swap")]
    assert counted.counted_usd.sum() < plain.amount_usd.sum()  # the plain sum counts packages and parts twice
    total = sum(_committed_by_hand(y) for y in range(1992, 2026))
    assert counted.counted_usd.sum() == pytest.approx(total)
    assert counted.counted_usd.notna().all()


def test_loans_committed_refuses_bad_input_and_names_an_unknown_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_china_data import shortcuts

    with pytest.raises(ValueError, match=r"no loan status 'singed'.*signed"):
        bcd.loans_committed(("singed",))
    real = shortcuts.loans

    def without_rate() -> pd.DataFrame:
        frame = real()
        frame.loc[frame.currency == "EUR", "amount_usd"] = None
        return frame

    monkeypatch.setattr(shortcuts, "loans", without_rate)
    with pytest.raises(ValueError, match=r"loan loan-2019-exim-bzhd.*EUR\) has no recorded exchange rate"):
        bcd.loans_committed()
    kept = bcd.loans_committed(missing="keep")
    unconverted = real()
    expected = (unconverted.currency == "EUR").sum() + unconverted.amount_usd.isna().sum()
    assert kept.counted_usd.isna().sum() == expected


def test_a_loan_row_whose_usd_amount_disagrees_with_its_rate_is_refused() -> None:
    from pydantic import ValidationError

    from belarus_china_data.contract.models import Loan

    row = bcd.records("loans")
    euro = next(r for r in row if r.currency == "EUR").model_dump()
    Loan.model_validate(euro)
    with pytest.raises(ValidationError, match="amount_usd should be"):
        Loan.model_validate({**euro, "amount_usd": euro["amount_usd"] + 1})
    with pytest.raises(ValidationError, match="needs an exchange_rate"):
        Loan.model_validate({**euro, "exchange_rate": None})


# 8. Twinning --------------------------------------------------------------------------------------------------------


def test_twinning_partners_are_the_regional_and_city_bodies_not_the_states() -> None:
    links = rows("twinning_agreements")
    parties = defaultdict(set)
    for r in rows("agreement_parties"):
        parties[r["agreement_id"]].add(r["organization_id"])
    kinds = {r["organization_id"]: (r["kind"], r["country"]) for r in rows("organizations")}
    assert len(links) >= 40
    for link in links:
        own = parties[link["agreement_id"]]
        assert {kinds[o][0] for o in own} == {"state_body"}, link
        assert {kinds[o][1] for o in own} == {"BLR", "CHN"}, link


def test_twinning_answers_which_regions_have_a_partner_province_since_when() -> None:
    regions = bcd.twinning("region_province")
    pair = regions[
        (regions.belarus_partner == "org-minsk-regional-executive-committee")
        & (regions.china_partner == "org-zhejiang-provincial-government")
    ].iloc[0]
    assert pair["since"] == "2015-05-10" and pair["agreements"] == 1
    assert set(regions.level) == {"region_province"}
    hand = {
        (p, q)
        for link in rows("twinning_agreements")
        if link["level"] == "region_province"
        for p in [r["organization_id"] for r in rows("agreement_parties") if r["agreement_id"] == link["agreement_id"]]
        for q in [r["organization_id"] for r in rows("agreement_parties") if r["agreement_id"] == link["agreement_id"]]
        if p.endswith("regional-executive-committee") and p != q
    }
    assert set(zip(regions.belarus_partner, regions.china_partner, strict=True)) == hand
    assert len(bcd.twinning()) > len(regions)
    with pytest.raises(ValueError, match="level must be one of 'region_province'"):
        bcd.twinning("province")
