"""Citations: the release in every style, the sources behind exactly the rows given, and a valid CITATION.cff."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

import belarus_china_data as bcd

from .conftest import ROOT

pytestmark = pytest.mark.dependencies


def test_styles_name_title_version_and_year() -> None:
    for style in ("text", "apa", "bibtex", "csl-json"):
        text = bcd.cite(style=style)
        assert bcd.__version__ in text and "belarus-china-data" in text and "2026" in text, style


def test_rows_bring_their_primary_sources_deduplicated() -> None:
    visits = bcd.visits()
    chosen = visits[visits.visit_id.isin(["vis-2022-sco-samarkand", "vis-2024-sco-astana"])]
    text = bcd.cite(chosen)
    source_lines = text.splitlines()[2:]
    assert len(source_lines) == len(set(source_lines)) > 0
    expected = {s.title for v in chosen.visit_id for s in bcd.sources_for(v) if s.is_primary}
    assert {t for t in expected if any(t in line for line in source_lines)} == expected
    assert not any("Dzen" in line for line in source_lines)


def test_records_ids_and_frames_give_the_same_sources() -> None:
    ids = ["agr-1992-diplomatic-relations", "agr-2018-visa-exemption-ordinary-passports"]
    records = [bcd.get("agreements", i) for i in ids]
    frame = bcd.agreements().query("agreement_id in @ids")
    assert bcd.cite(ids) == bcd.cite(records) == bcd.cite(frame)


def test_csl_json_is_a_list_of_items() -> None:
    items = json.loads(bcd.cite(["trd-chn-blr-2022-turnover-ambassador"], style="csl-json"))
    assert items[0]["type"] == "dataset" and items[0]["version"] == bcd.__version__
    assert [item["id"] for item in items[1:]] == ["src-fmprc-2023-06-29-xie-xiaoyong-speech"]


def test_bibtex_has_one_entry_per_item() -> None:
    text = bcd.cite(["trd-blr-chn-1992-export-imf-dots"], style="bibtex")
    assert re.findall(r"^@(\w+)\{", text, re.M) == ["misc", "misc"]
    assert "urldate" not in text and "@dataset" not in text  # classic BibTeX
    assert re.findall(r"^@(\w+)\{", bcd.cite(["trd-blr-chn-1992-export-imf-dots"], style="biblatex"), re.M) == [
        "dataset",
        "online",
    ]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown citation style"):
        bcd.cite(style="mla")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is a source, not the id of a sourced record"):
        bcd.cite(["src-tass-2022-07-15-sco-application"])


def test_citation_file_is_valid_cff() -> None:
    schema = json.loads((ROOT / "tests" / "fixtures" / "citation-file-format-1.2.0.schema.json").read_text())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    citation["date-released"] = str(citation["date-released"])
    jsonschema.validate(citation, schema)
    assert citation["version"] == bcd.__version__
