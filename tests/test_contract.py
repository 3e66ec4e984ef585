"""The published contract: Frictionless agrees with us, and every derived list matches its one source."""

from __future__ import annotations

import json
import typing
from enum import StrEnum

import pytest

import belarus_china_data as bcd
from belarus_china_data.contract.categories import category_meanings
from belarus_china_data.contract.models import TABLE_MODELS
from belarus_china_data.contract.paths import SHIPPED_DESCRIPTOR, SHIPPED_DIR
from belarus_china_data.contract.schema import field_specs, pandas_dtypes, table_schema
from belarus_china_data.integrity import frictionless_report
from belarus_china_data.loader import TableName

from .conftest import ROOT

pytestmark = pytest.mark.dependencies


def test_frictionless_validates_the_repository_descriptor() -> None:
    report = frictionless_report(ROOT / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert report.stats["tasks"] == len(TABLE_MODELS)


def test_frictionless_catches_a_broken_foreign_key() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["schema"] = table_schema(resource["name"])
        if resource["name"] == "agreement_parties":
            for key in ("path", "format", "mediatype", "encoding"):
                resource.pop(key)
            resource["data"] = [["agreement_id", "organization_id"], ["agr-1992-diplomatic-relations", "org-nowhere"]]
        else:
            resource["path"] = str(ROOT / resource["path"])
    report = frictionless_report(descriptor)
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_shipped_tables_validate_with_frictionless() -> None:
    report = bcd.validate(engine="frictionless")
    assert report.valid
    assert report.stats["tasks"] == len(TABLE_MODELS)


def test_the_shipped_descriptor_is_valid_to_the_standard_tool() -> None:
    """What `frictionless validate datapackage.json` says in the installed data folder: the Parquet files as
    frictionless-py reads them (through pandas: missing numbers arrive as NaN, which the schemas read as missing;
    no byte count, which it cannot take of a Parquet file; verify() checks ours)."""
    report = frictionless_report(SHIPPED_DIR / SHIPPED_DESCRIPTOR)
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:5]
    assert report.stats["tasks"] == len(TABLE_MODELS)


def test_table_name_literal_lists_every_model() -> None:
    assert list(typing.get_args(TableName)) == list(TABLE_MODELS) == bcd.tables()


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_categories_are_the_same_everywhere(name: str) -> None:
    schema_fields = {f["name"]: f for f in table_schema(name)["fields"]}
    dtypes = pandas_dtypes(name)
    for spec in field_specs(TABLE_MODELS[name]):
        if spec.category is None:
            assert "enum" not in schema_fields[spec.name].get("constraints", {})
            continue
        values = list(category_meanings(spec.category))
        assert values == [member.value for member in spec.category]
        assert schema_fields[spec.name]["constraints"]["enum"] == values
        assert list(dtypes[spec.name].categories) == values
        assert list(bcd.load(name)[spec.name].cat.categories) == values


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_loader_dtypes_from_the_shipped_schema_equal_the_models(name: str) -> None:
    from belarus_china_data.loader import _pandas_dtypes

    assert _pandas_dtypes(name) == pandas_dtypes(name)


def test_every_category_has_a_meaning() -> None:
    from belarus_china_data.contract import categories

    enums = [
        v for v in vars(categories).values() if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum
    ]
    for enum in enums:
        assert all(category_meanings(enum).values()), enum


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_every_field_is_described(name: str) -> None:
    for field in table_schema(name)["fields"]:
        assert field["description"], f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", list(TABLE_MODELS))
def test_every_shipped_row_validates_as_its_model(name: str) -> None:
    records = bcd.records(name)
    assert len(records) == len(bcd.load(name))
    assert all(isinstance(record, TABLE_MODELS[name]) for record in records)
