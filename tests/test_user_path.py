"""The user's path: mistakes named as mistakes, meanings at hand, one-step answers, a CLI that behaves,
citations people paste and exports that open safely. Each test goes through the public API or the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import belarus_china_data as bcd
from belarus_china_data.cli import main

pytestmark = pytest.mark.dependencies

CLI = [sys.executable, "-m", "belarus_china_data"]


def run_cli(*args: str, columns: int = 80, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONWARNINGS": "error::UserWarning"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


# 1. Mistakes are named as mistakes -----------------------------------------------------------------------------


def test_a_wrongly_typed_filter_is_a_usage_error_not_a_damaged_installation() -> None:
    with pytest.raises(bcd.FilterError, match=r"'year' of table 'trade_figures' is a whole number.*write 2020") as err:
        bcd.load("trade_figures", filters=[("year", "==", "2020")])
    assert isinstance(err.value, ValueError) and not isinstance(err.value, bcd.DataFileError)
    assert "reinstall" not in str(err.value)


def test_dict_filters_and_category_values_are_checked() -> None:
    chinese = bcd.load("trade_figures", filters={"reporter": "CHN"})
    assert len(chinese) > 0 and set(chinese.reporter) == {"CHN"}
    assert len(bcd.load("trade_figures", filters={"reporter": "CHN", "year": [2019, 2020]})) > 0
    with pytest.raises(ValueError, match=r"no category 'State'; did you mean 'state'\? The categories are: state"):
        bcd.load("visits", filters={"kind": "State"})
    with pytest.raises(ValueError, match=r"unknown field 'knd'.*did you mean 'kind'\?.*visit_id, title_en, kind"):
        bcd.load("visits", filters=[("knd", "==", "state")])
    with pytest.raises(ValueError, match="true/false"):
        bcd.load("trade_figures", filters={"is_derived": "false"})
    with pytest.raises(ValueError, match="unknown operator"):
        bcd.load("visits", filters=[("kind", "~", "state")])


def test_ten_thousand_filter_terms_become_one_membership_test() -> None:
    ids = bcd.trade_figures().figure_id.tolist()[:5000]
    either = [[("figure_id", "==", i)] for i in ids] * 2  # 10,000 alternatives
    assert sorted(bcd.load("trade_figures", filters=either).figure_id) == sorted(ids)
    both = [("figure_id", "==", ids[0])] * 10_000
    assert bcd.load("trade_figures", filters=both).figure_id.tolist() == [ids[0]]
    with pytest.raises(ValueError, match="refused"):
        bcd.load("trade_figures", filters=[("year", ">=", y) for y in range(1000)])


def test_unknown_ids_list_the_closest_and_one_id_is_accepted_wherever_a_list_is() -> None:
    with pytest.raises(KeyError, match="vis-2015-xi-jinping-belarus"):
        bcd.cite(["vis-2015-xi-jinping-belaru"])
    with pytest.raises(KeyError, match="no record 'vis-nope'"):
        bcd.cite(["vis-nope"])
    assert bcd.cite("vis-2015-xi-jinping-belarus") == bcd.cite(["vis-2015-xi-jinping-belarus"])
    with pytest.raises(KeyError, match="closest: per-xi-jinping"):
        bcd.get("persons", "per-xi-jinpin")
    with pytest.raises(KeyError, match=r"closest: .*agr-1992-diplomatic-relations"):
        bcd.sources_for("agr-1992-diplomatic-relation")
    assert len(bcd.agreements(visit="vis-2015-xi-jinping-belarus")) > 0
    with pytest.raises(KeyError, match="closest: vis-2015-xi-jinping-belarus"):
        bcd.agreements(visit="vis-2015-xi-jinping")


def test_cli_cite_of_an_unknown_id_fails() -> None:
    result = run_cli("cite", "vis-nope")
    assert result.returncode == 1 and "no record 'vis-nope'" in result.stderr and result.stdout == ""


def test_mirror_with_an_unknown_vintage_raises() -> None:
    with pytest.raises(ValueError, match=r"(?s)Comtrade.*IMF DOTS"):
        bcd.trade.mirror("Comtrade")
    with pytest.raises(ValueError, match="vintage"):
        bcd.trade.china_share("Comtrade")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("kind=State", "did you mean 'state'"),
        ("knd=state", "did you mean 'kind'? The fields of visits are: visit_id"),
        ("documents_signed=many", "a whole number; 'many' is not one"),
        ("visitor_country=chn", "cannot match"),
    ],
)
def test_cli_where_values_are_checked(where: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "visits", "--where", where]) == 1
    assert message in capsys.readouterr().err


def test_cli_where_on_a_flag_takes_true_and_false(capsys: pytest.CaptureFixture[str]) -> None:
    trade = bcd.trade_figures()
    assert main(["show", "trade_figures", "--where", "is_derived=false", "--limit", "1"]) == 0
    assert f"(1 of {int((trade.is_derived == False).sum())} rows" in capsys.readouterr().out  # noqa: E712


@pytest.mark.parametrize("limit", ["-1", "0"])
def test_limits_below_one_are_usage_errors(limit: str) -> None:
    result = run_cli("show", "visits", "--limit", limit)
    assert result.returncode == 2 and "must be 1 or more" in result.stderr


# 2. Meanings at hand -------------------------------------------------------------------------------------------


def test_describe_gives_purpose_fields_types_and_category_meanings() -> None:
    text = str(bcd.describe("visits"))
    assert text.startswith("visits: Visits")
    assert "visits.kind: category" in text and "Meeting on the sidelines" in text
    assert "visits.documents_signed: integer" in text
    assert str(bcd.describe("visits.kind")) == str(bcd.describe("visits", "kind"))
    assert "trade_figures" in str(bcd.describe())
    result = run_cli("describe", "visits", "kind")
    assert result.returncode == 0 and "sidelines" in result.stdout and "State visit." in result.stdout


def test_every_table_can_be_described() -> None:
    for table in bcd.tables():
        spec = bcd.describe(table).data
        assert all(f["name"] in str(bcd.describe(table)) for f in spec["schema"]["fields"])


def test_frames_carry_their_meaning() -> None:
    frame = bcd.load("visits")
    assert frame.attrs["table"] == "visits" and frame.attrs["version"] == bcd.__version__
    assert frame.attrs["fields"]["kind"].startswith("Protocol format")
    filtered = bcd.load("trade_figures", filters={"year": 2020})
    assert filtered.attrs["table"] == "trade_figures"
    arrow = bcd.load("visits", backend="pyarrow")
    assert json.loads(arrow.schema.metadata[b"belarus_china_data"])["table"] == "visits"
    assert arrow.schema.field("kind").metadata[b"description"].decode().startswith("Protocol format")


def test_the_codebook_is_at_hand() -> None:
    text = bcd.codebook()
    assert text.startswith("# Codebook") and "## `visits`" in text
    assert bcd.codebook_path().name == "CODEBOOK.md"
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"CODEBOOK.md" = "belarus_china_data/CODEBOOK.md"' in pyproject  # shipped in the wheel


# 3. One-step answers -------------------------------------------------------------------------------------------


def test_visits_with_people_name_who_travelled_and_who_hosted() -> None:
    visits = bcd.visits(with_people=True)
    assert list(visits.columns[: len(bcd.visits().columns)]) == list(bcd.visits().columns)
    xi = visits[visits.visit_id == "vis-2015-xi-jinping-belarus"].iloc[0]
    assert (xi.visitor_ids, xi.host_ids) == ("per-xi-jinping", "per-alexander-lukashenko")
    assert (xi.visitor_names_zh, xi.host_names_ru) == ("习近平", "Александр Григорьевич Лукашенко")


def test_lukashenkos_visits_leave_out_shushkevich() -> None:
    visits = bcd.visits(with_people=True)
    luka = visits[visits.visitor_ids.str.contains("per-alexander-lukashenko", na=False)]
    assert "vis-1993-shushkevich-beijing" not in set(luka.visit_id)
    assert set(luka.visit_id) >= {"vis-1995-lukashenko-china", "vis-2016-lukashenko-china"}
    assert luka.equals(luka[luka.host_country == "CHN"]) or (luka.host_country != "CHN").any()


def test_person_by_any_name_variant() -> None:
    ids = {bcd.person(name).person_id for name in ("Lukashenko", "Лукашенко", "卢卡申科", "Lukashenka", "Лукашэнка")}
    assert ids == {"per-alexander-lukashenko"}
    luka = bcd.person("Lukashenko")
    assert "head_of_state" in set(luka.posts.kind)
    assert "vis-2016-lukashenko-china" in set(luka.visits.visit_id)
    assert "agr-2015-treaty-friendship-cooperation" in set(luka.signatures.agreement_id) or len(luka.signatures) > 0
    with pytest.raises(bcd.AmbiguousNameError, match="per-li-peng"):
        bcd.person("Li")
    with pytest.raises(KeyError, match="closest: Lukashenko"):
        bcd.person("Lukashenkko")


def test_search_across_languages_is_ranked_and_names_tables() -> None:
    hits = bcd.search("visa")
    assert list(hits.columns) == ["table", "id", "label", "score", "fields"]
    assert hits.iloc[0].table == "agreements" and "visa" in hits.iloc[0].label.lower()
    assert hits.score.is_monotonic_decreasing
    russian = bcd.search("безвизов")  # visa-free
    assert (russian.table == "agreements").any() and russian.fields.str.contains("title_ru").any()
    assert "per-xi-jinping" in set(bcd.search("习近平", tables="persons").id)
    result = run_cli("search", "Great Stone", "--table", "organizations", "--limit", "3")
    assert result.returncode == 0 and "org-great-stone-industrial-park" in result.stdout


# 4. A CLI that behaves -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 100, 200])
def test_show_fits_the_terminal(width: int) -> None:
    result = run_cli("show", "agreements", "--limit", "5", columns=width)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    assert "agreement_id" in result.stdout


def test_show_columns_and_wide_characters() -> None:
    result = run_cli("show", "persons", "--columns", "person_id,name_zh", "--limit", "3", columns=60)
    header = result.stdout.splitlines()[0].split()
    assert header == ["person_id", "name_zh"] and "习近平" in result.stdout
    bad = run_cli("show", "persons", "--columns", "person_id,nam_zh")
    assert bad.returncode == 1 and "did you mean 'name_zh'" in bad.stderr


def test_show_says_when_no_rows_match() -> None:
    result = run_cli("show", "visits", "--where", "kind=state", "--from-year", "2090")
    assert result.returncode == 0
    assert result.stdout.startswith("no rows match --where kind=state --from-year 2090 in visits")
    assert "Empty DataFrame" not in result.stdout


def test_year_filters_without_warnings_and_refused_without_a_date() -> None:
    result = run_cli("show", "visits", "--from-year", "2015", "--to-year", "2016", "--all")  # warnings are errors
    assert result.returncode == 0 and result.stderr == ""
    visits = bcd.visits()
    expected = visits[(visits.start_date_latest.dt.year >= 2015) & (visits.start_date_earliest.dt.year <= 2016)]
    assert f"({len(expected)} of {len(expected)} rows" in result.stdout
    refused = run_cli("show", "sources", "--from-year", "2020")
    assert refused.returncode == 1 and "has no year or dated main field" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [*CLI, "show", "trade_figures", "--all"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    returncode = process.wait(timeout=60)
    assert process.stderr.read() == "" and returncode == 0


def test_control_characters_in_the_data_are_shown_escaped(tmp_path: Path) -> None:
    frame = pd.DataFrame({"visit_id": ["vis-2000-x"], "title_en": ["bad \x1b[2J\x07 title\nnext"]})
    code = (
        "import sys, pyarrow as pa; from belarus_china_data import loader, cli\n"
        f"table = pa.table({frame.to_dict('list')!r})\n"
        "loader.load = lambda *a, **k: table\n"
        "sys.exit(cli.main(['show', 'visits']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "bad \\x1b[2J\\x07 title\\nnext" in result.stdout


# 5. Citations people paste -------------------------------------------------------------------------------------


def test_bibtex_is_classic_and_biblatex_is_separate() -> None:
    ids = ["vis-2015-xi-jinping-belarus", "agr-1992-diplomatic-relations"]
    bibtex = bcd.cite(ids, style="bibtex")
    assert set(re.findall(r"^@(\w+)\{", bibtex, re.M)) == {"misc"}
    assert "urldate" not in bibtex and "howpublished" in bibtex
    assert f"version {bcd.__version__}" in bibtex
    assert "Rows cited (2): vis-2015-xi-jinping-belarus, agr-1992-diplomatic-relations" in bibtex
    biblatex = bcd.cite(ids, style="biblatex")
    assert biblatex.startswith("@dataset{") and "urldate" in biblatex


def test_each_source_carries_its_own_access_date() -> None:
    visits = bcd.visits()
    ids = visits.visit_id.tolist()
    sources = {s.source_id: s for i in ids for s in bcd.sources_for(i) if s.is_primary}
    bibtex = bcd.cite(ids, style="bibtex")
    for entry in bibtex.split("\n\n")[1:]:
        key = re.match(r"@misc\{(\w+),", entry).group(1)  # type: ignore[union-attr]
        source = next(s for s in sources.values() if re.sub(r"[^A-Za-z0-9]+", "_", s.source_id) == key)
        assert f"note = {{Accessed {source.accessed.isoformat()}}}" in entry


def test_many_rows_are_cited_by_count_and_digest() -> None:
    text = bcd.cite(bcd.trade_figures(), style="text")
    assert re.search(r"Rows cited: \d+ \(\d+ trade_figures\); sha256 of the sorted ids [0-9a-f]{16}", text)


def test_placeholder_release_urls_are_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_china_data import citation

    monkeypatch.setattr(citation, "RELEASE_URL", "https://example.org/belarus-china-data")
    assert "example.org" not in bcd.cite(style="bibtex")
    monkeypatch.setattr(citation, "RELEASE_URL", "https://zenodo.org/records/1")
    assert "\\url{https://zenodo.org/records/1}" in bcd.cite(style="bibtex")
    assert "url = {https://zenodo.org/records/1}" in bcd.cite(style="biblatex")


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            ["Repository, https://github.com/belarus-china-data/belarus-china-data"],
            "https://github.com/belarus-china-data",
        ),
        (["Homepage, https://github.com/OWNER/belarus-china-data"], None),
        (["Repository, https://example.com/repo"], None),
        ([], None),
    ],
)
def test_release_url_comes_from_the_project_urls(
    monkeypatch: pytest.MonkeyPatch, entries: list[str], expected: str | None
) -> None:
    import importlib.metadata

    from belarus_china_data import citation

    class Metadata:
        def get_all(self, name: str) -> list[str]:
            return entries if name == "Project-URL" else []

    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: Metadata())
    url = citation.release_url()
    assert (url is None) if expected is None else url is not None and url.startswith(expected)
    text = bcd.cite(style="bibtex")
    assert ("\\url{" in text) == (expected is not None)


# 6. Exports ----------------------------------------------------------------------------------------------------


def test_stata_export_keeps_long_strings(tmp_path: Path) -> None:
    output = tmp_path / "agreements.dta"
    assert main(["export", "agreements", "--format", "dta", "-o", str(output)]) == 0
    back = pd.read_stata(output)
    shipped = bcd.load("agreements")
    assert len(back) == len(shipped)
    longest = shipped.note.dropna().map(len).max()
    assert longest > 244 and back.note.map(len).max() == longest
    assert main(["export", "events", "--format", "dta", "-o", str(tmp_path / "empty.dta")]) == 0  # empty table


def test_stata_export_renames_reserved_names_and_keeps_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "positions.dta"
    assert main(["export", "positions", "--format", "dta", "-o", str(output)]) == 0
    assert "Stata reserves the name 'end': the variable is '_end'" in capsys.readouterr().err
    with pd.io.stata.StataReader(output) as reader:
        labels = reader.variable_labels()
    assert labels["_end"].startswith("End of the term") and labels["kind"] == "Kind of post."


def test_feather_export(tmp_path: Path) -> None:
    output = tmp_path / "visits.feather"
    assert main(["export", "visits", "--format", "feather", "-o", str(output)]) == 0
    assert pd.read_feather(output).visit_id.tolist() == bcd.visits().visit_id.tolist()


def test_export_chosen_columns(tmp_path: Path) -> None:
    output = tmp_path / "people.csv"
    assert main(["export", "persons", "--format", "csv", "-o", str(output), "--columns", "person_id,name_zh"]) == 0
    assert list(pd.read_csv(output).columns) == ["person_id", "name_zh"]


def test_export_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "visits.csv"
    output.write_text("keep me", encoding="utf-8")
    assert main(["export", "visits", "--format", "csv", "-o", str(output)]) == 1
    assert "--force" in capsys.readouterr().err and output.read_text(encoding="utf-8") == "keep me"
    assert main(["export", "visits", "--format", "csv", "-o", str(output), "--force"]) == 0
    assert output.read_text(encoding="utf-8").startswith("visit_id")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_cells_are_neutralised(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_china_data import loader

    frame = pd.DataFrame(
        {"visit_id": ["vis-2000-a", "vis-2000-b"], "title_en": ['=HYPERLINK("x")', "@SUM(A1)"], "n": [-1, 2]}
    )
    monkeypatch.setattr(loader, "load", lambda *args, **kwargs: frame)
    output = tmp_path / f"out.{fmt}"
    assert main(["export", "visits", "--format", fmt, "-o", str(output)]) == 0
    back = pd.read_csv(output) if fmt == "csv" else pd.read_excel(output)
    assert back.title_en.tolist() == ['\'=HYPERLINK("x")', "'@SUM(A1)"]
    assert back.n.tolist() == [-1, 2]


def test_trade_and_plots_are_reachable_and_curation_is_not_listed() -> None:
    assert bcd.trade.mirror().columns[0] == "year"
    assert callable(bcd.plots.plot_trade_by_reporter)
    assert "trade" in dir(bcd) and "plots" in dir(bcd) and "curation" not in dir(bcd)
    assert "curation" not in bcd.__all__
    code = "import sys, belarus_china_data as bcd; bcd.trade; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"  # reaching the module imports nothing heavy


def test_help_lists_the_public_api_only() -> None:
    import pydoc

    text = pydoc.render_doc(bcd, renderer=pydoc.plaintext)
    sections = re.split(r"^(?=[A-Z][A-Z ]+$)", text, flags=re.M)
    # pydoc lists every file of the package folder under PACKAGE CONTENTS; everywhere else only the public names
    rest = "".join(s for s in sections if not s.startswith("PACKAGE CONTENTS"))
    assert "curation" not in rest
    assert "describe(" in rest and "search(" in rest and "person(" in rest


def test_dates_filter_with_date_objects() -> None:
    recent = bcd.load("visits", filters=[("start_date_earliest", ">=", dt.date(2020, 1, 1))])
    assert (recent.start_date_earliest >= pd.Timestamp(2020, 1, 1)).all() and len(recent) > 0
