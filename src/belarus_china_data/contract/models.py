"""Typed records: the single source of truth for every table's fields.

Each table of the dataset is one pydantic model here. The Frictionless Table Schemas under ``schemas/``, the
Arrow schema of the shipped Parquet files and the pandas dtypes are all generated from these classes (see
:mod:`belarus_china_data.contract.schema`), and a test fails when a committed schema drifts from them.

Conventions, documented once:

* Ids are stable lowercase strings with a table prefix (``agr-``, ``vis-``, ``org-``, ``per-``, ``trd-``,
  ``src-``). Agreement and visit ids carry the year the record was created for as a mnemonic: never parse it,
  use the date columns. Ids are never reused.
* Dates are stored as known (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). The main event date of a table also has
  three derived columns, ``<field>_precision``, ``<field>_earliest`` and ``<field>_latest``; the validator
  rejects a row whose derived columns do not follow from the date.
* Empty optional fields mean "not known from the sources", never zero or "none".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .categories import (
    AgreementKind,
    AgreementStatus,
    CoverageStatus,
    EventKind,
    ExchangeRateQuote,
    FigureStatus,
    IndicatorDateMeaning,
    LoanCommitment,
    LoanKind,
    LoanStatus,
    OrganizationKind,
    PositionKind,
    Reporter,
    Scope,
    Side,
    SigningRole,
    SourceKind,
    TradeFlow,
    TwinningLevel,
    UnIssue,
    UnVoteChoice,
    Valuation,
    Verdict,
    VisitDatesBasis,
    VisitKind,
    VisitLevel,
    VisitRole,
    category_meanings,
)
from .dates import PARTIAL_DATE_PATTERN, DatePrecision, parse_partial_date
from .errors import FieldValueError

__all__ = [
    "TABLE_MODELS",
    "Agreement",
    "AgreementParty",
    "AgreementSignatory",
    "Claim",
    "Coverage",
    "Event",
    "ForeignKey",
    "Indicator",
    "Loan",
    "Organization",
    "Person",
    "Position",
    "Record",
    "RecordSource",
    "RetiredId",
    "Source",
    "TableMeta",
    "TradeFigure",
    "TradeProduct",
    "Visit",
    "VisitParticipant",
    "tables_by_prefix",
]

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SOURCE_ID_PATTERN = rf"^src-{SLUG}$"
AGREEMENT_ID_PATTERN = rf"^agr-[0-9]{{4}}-{SLUG}$"
VISIT_ID_PATTERN = rf"^vis-[0-9]{{4}}-{SLUG}$"
ORGANIZATION_ID_PATTERN = rf"^org-{SLUG}$"
PERSON_ID_PATTERN = rf"^per-{SLUG}$"
TRADE_FIGURE_ID_PATTERN = rf"^trd-{SLUG}$"
EVENT_ID_PATTERN = rf"^evt-[0-9]{{4}}-{SLUG}$"
INDICATOR_ID_PATTERN = rf"^ind-{SLUG}$"
LOAN_ID_PATTERN = rf"^loan-[0-9]{{4}}-{SLUG}$"
TRADE_PRODUCT_ID_PATTERN = rf"^trp-{SLUG}$"
#: Prefixes of the ids of sourced records (every table whose rows are backed by ``record_sources``).
RECORD_PREFIXES = "agr|vis|org|per|trd|evt|ind|loan|trp"
RECORD_ID_PATTERN = rf"^({RECORD_PREFIXES})-{SLUG}$"
#: Ids that can be retired: those of sourced records and of sources (a duplicate source is merged into another).
RETIRABLE_ID_PATTERN = rf"^({RECORD_PREFIXES}|src)-{SLUG}$"
COUNTRY_PATTERN = r"^[A-Z]{3}$"
PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])/[0-9]{4}-(0[1-9]|1[0-2]))?$"
URL_PATTERN = r"^https?://[^\s]+$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


def _check_partial_date(value: str) -> str:
    parse_partial_date(value)
    return value


Text = Annotated[str, Field(min_length=1)]
PartialDateText = Annotated[str, Field(pattern=PARTIAL_DATE_PATTERN), AfterValidator(_check_partial_date)]
SourceId = Annotated[str, Field(pattern=SOURCE_ID_PATTERN)]
AgreementId = Annotated[str, Field(pattern=AGREEMENT_ID_PATTERN)]
VisitId = Annotated[str, Field(pattern=VISIT_ID_PATTERN)]
OrganizationId = Annotated[str, Field(pattern=ORGANIZATION_ID_PATTERN)]
PersonId = Annotated[str, Field(pattern=PERSON_ID_PATTERN)]
CountryCode = Annotated[str, Field(pattern=COUNTRY_PATTERN)]
EventId = Annotated[str, Field(pattern=EVENT_ID_PATTERN)]
LoanId = Annotated[str, Field(pattern=LOAN_ID_PATTERN)]

#: Characters no text cell may hold: C0 and C1 controls (tab and newline included), DEL, zero-width marks, the soft
#: hyphen, and the bidirectional embeddings, overrides and isolates that can make text display in another order
#: than it is stored (U+061C, U+202A-U+202E, U+2066-U+2069).
_FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")
#: First characters that make a spreadsheet run a cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@")


def text_problem(value: str) -> str | None:
    """Why ``value`` is not clean text (or ``None`` when it is): every text cell of every table obeys this.

    >>> text_problem("Minsk"), text_problem(" Minsk"), text_problem("=HYPERLINK(1)")
    (None, 'has leading or trailing whitespace', 'starts with = (a spreadsheet would run it as a formula)')
    """
    if not value.strip():
        return "is empty or only whitespace"
    if value != value.strip():
        return "has leading or trailing whitespace"
    found = _FORBIDDEN_CHARACTERS.search(value)
    if found:
        return f"contains the control or invisible character U+{ord(found.group()):04X}"
    if value.startswith(_FORMULA_STARTS):
        return f"starts with {value[0]} (a spreadsheet would run it as a formula)"
    if not unicodedata.is_normalized("NFC", value):
        return "is not in Unicode normalization form NFC (composed characters); normalize it"
    return None


@dataclass(frozen=True)
class ForeignKey:
    """A reference from ``fields`` of one table to ``reference_fields`` of ``reference_table``."""

    fields: tuple[str, ...]
    reference_table: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableMeta:
    """Table-level facts that the field annotations cannot carry."""

    name: str
    title: str
    description: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    #: Partial-date fields that carry derived ``_precision``, ``_earliest`` and ``_latest`` columns.
    dated_fields: tuple[str, ...] = ()
    #: Id prefix for tables whose records are backed by ``record_sources`` (empty for link tables).
    id_prefix: str = ""
    #: Pairs of partial-date fields that must be in order (start, end).
    ordered_dates: tuple[tuple[str, str], ...] = field(default=())


class Record(BaseModel):
    """Base of every table's model: frozen, no unknown fields, derived date columns checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)
    table: ClassVar[TableMeta]

    @model_validator(mode="after")
    def _text_is_clean(self) -> Self:
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, str) and not isinstance(value, StrEnum):
                problem = text_problem(value)
                if problem is not None:
                    raise FieldValueError(name, f"{name} {problem}")
        return self

    @model_validator(mode="after")
    def _derived_dates_follow(self) -> Self:
        for name in self.table.dated_fields:
            text = getattr(self, name)
            derived = {
                f"{name}_precision": getattr(self, f"{name}_precision"),
                f"{name}_earliest": getattr(self, f"{name}_earliest"),
                f"{name}_latest": getattr(self, f"{name}_latest"),
            }
            if text is None:
                for column, value in derived.items():
                    if value is not None:
                        raise FieldValueError(column, f"{column} must be empty because {name} is empty")
                continue
            parsed = parse_partial_date(text)
            expected = {
                f"{name}_precision": parsed.precision,
                f"{name}_earliest": parsed.earliest,
                f"{name}_latest": parsed.latest,
            }
            for column, value in expected.items():
                if derived[column] != value:
                    raise FieldValueError(
                        column,
                        f"{column} is {derived[column]!s} but {name} {text!r} implies {value!s} "
                        "(run `python -m belarus_china_data.curation.build --fill-derived`)",
                    )
        for start, end in self.table.ordered_dates:
            start_text, end_text = getattr(self, start), getattr(self, end)
            if (
                start_text is not None
                and end_text is not None
                and parse_partial_date(end_text).latest < parse_partial_date(start_text).earliest
            ):
                raise FieldValueError(end, f"{end} {end_text} is before {start} {start_text}")
        return self


class Source(Record):
    """A public source that records rely on: who published what, when, where, and when we read it."""

    table: ClassVar[TableMeta] = TableMeta(
        name="sources",
        title="Sources",
        description="Registry of the public sources behind the records, with publisher, date, URL and access date.",
        primary_key=("source_id",),
        id_prefix="src",
    )
    source_id: SourceId = Field(description="Stable id of the source, `src-` followed by a slug.")
    publisher: Text = Field(description="Organization that published the source (e.g. BelTA, Xinhua, IMF).")
    title: Text = Field(description="Title of the page or document as published, in its own language.")
    author: Text | None = Field(default=None, description="Author(s), where the source names them.")
    published: PartialDateText | None = Field(
        default=None, description="Publication date at its true precision; empty when the source shows none."
    )
    url: Annotated[str, Field(pattern=URL_PATTERN)] | None = Field(
        default=None,
        description="Address where the source was read; empty only when no public address is known, and then "
        "the note must say why.",
    )
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] = Field(
        description="ISO 639 code of the source's language (en, ru, be, zh)."
    )
    kind: SourceKind = Field(description="What kind of publication the source is.")
    is_primary: bool = Field(
        description="The rule: true for the two governments and their bodies (presidency, government, ministries, "
        "embassies, consulates, statistics offices, customs, regional administrations), their state news agencies "
        "(BelTA, Xinhua) and state media (People's Daily, China Daily, CGTN, CCTV, CRI, sb.by, ONT, Belarus 1), "
        "treaty texts as published by a party or a legal database and its mirrors, official statistics (including "
        "the IMF and the UN), and a body's own page about itself; false for other media, reposts on other sites, "
        "reference works and analysis (the build refuses a primary analysis)."
    )
    accessed: dt.date = Field(description="Date on which a curator read the source.")
    note: Text | None = Field(default=None, description="Curator's note (e.g. vintage of a database).")

    @model_validator(mode="after")
    def _missing_url_explained(self) -> Self:
        if self.url is None and self.note is None:
            raise FieldValueError(
                "url", "url is empty; give the address, or say in note why no public address is known"
            )
        return self


class Agreement(Record):
    """A treaty, declaration, statement, agreement, memorandum or roadmap between Belarus and China."""

    table: ClassVar[TableMeta] = TableMeta(
        name="agreements",
        title="Agreements",
        description="Treaties, joint declarations and statements, intergovernmental and interdepartmental "
        "agreements, memoranda and roadmaps between Belarus and China, and shared multilateral agreements.",
        primary_key=("agreement_id",),
        foreign_keys=(ForeignKey(("visit_id",), "visits", ("visit_id",)),),
        dated_fields=("date_signed",),
        id_prefix="agr",
        ordered_dates=(("date_signed", "in_force_date"),),
    )
    agreement_id: AgreementId = Field(description="Stable id, `agr-YYYY-slug` (the year is a mnemonic).")
    title_en: Text = Field(description="Title in English (official where one exists, else our translation).")
    title_ru: Text | None = Field(default=None, description="Title in Russian, as published.")
    title_be: Text | None = Field(default=None, description="Title in Belarusian, as published.")
    title_zh: Text | None = Field(default=None, description="Title in Chinese, as published.")
    kind: AgreementKind = Field(description="Kind of document.")
    date_signed: PartialDateText | None = Field(
        default=None,
        description="Date of signature (or adoption) at its true precision; empty when no source gives it (then "
        "`in_force_date` dates the agreement and the note says what is known).",
    )
    date_signed_precision: DatePrecision | None = Field(
        default=None, description="Derived: precision of `date_signed`."
    )
    date_signed_earliest: dt.date | None = Field(default=None, description="Derived: first day `date_signed` can mean.")
    date_signed_latest: dt.date | None = Field(default=None, description="Derived: last day `date_signed` can mean.")
    place: Text | None = Field(default=None, description="City where it was signed.")
    visit_id: VisitId | None = Field(default=None, description="Visit during which it was signed, if any.")
    status: AgreementStatus = Field(description="Legal status as far as the sources tell.")
    in_force_date: PartialDateText | None = Field(default=None, description="Date of entry into force.")
    summary: Text = Field(description="What the document does, in our own words.")
    note: Text | None = Field(default=None, description="Curator's note: disagreements between sources, caveats.")


class Visit(Record):
    """A visit or meeting of officials of one country with the other's, in either direction or in a third."""

    table: ClassVar[TableMeta] = TableMeta(
        name="visits",
        title="Visits",
        description="State, official and working visits and summit-sidelines meetings between Belarusian and "
        "Chinese leaders and officials, in both directions.",
        primary_key=("visit_id",),
        dated_fields=("start_date", "end_date"),
        id_prefix="vis",
        ordered_dates=(("start_date", "end_date"),),
    )
    visit_id: VisitId = Field(description="Stable id, `vis-YYYY-slug` (the year is a mnemonic).")
    title_en: Text = Field(description="Short descriptive title in English.")
    kind: VisitKind | None = Field(
        default=None, description="Protocol format; empty when no source names it (the note may say more)."
    )
    level: VisitLevel = Field(description="Rank of the visiting principal (for sidelines, the Belarusian one).")
    visitor_country: CountryCode = Field(description="ISO 3166-1 alpha-3 code of the visiting side.")
    host_country: CountryCode = Field(description="ISO 3166-1 alpha-3 code of the country where it took place.")
    places: Text | None = Field(default=None, description="Cities visited, separated by `; `.")
    event: Text | None = Field(default=None, description="Multilateral event for sidelines meetings.")
    start_date: PartialDateText = Field(description="First day at its true precision.")
    start_date_precision: DatePrecision = Field(description="Derived: precision of `start_date`.")
    start_date_earliest: dt.date = Field(description="Derived: first day `start_date` can mean.")
    start_date_latest: dt.date = Field(description="Derived: last day `start_date` can mean.")
    end_date: PartialDateText | None = Field(default=None, description="Last day, empty when not known.")
    end_date_precision: DatePrecision | None = Field(default=None, description="Derived: precision of `end_date`.")
    end_date_earliest: dt.date | None = Field(default=None, description="Derived: first day `end_date` can mean.")
    end_date_latest: dt.date | None = Field(default=None, description="Derived: last day `end_date` can mean.")
    dates_basis: VisitDatesBasis = Field(
        description="Whether `start_date` and `end_date` are the visit's own first and last days or only the days "
        "a source shows the visitor there."
    )
    documents_signed: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Number of documents signed during the visit, as a source counts them."
    )
    documents_signed_note: Text | None = Field(
        default=None, description="What the count covers, and other counts where sources differ."
    )
    summary: Text = Field(description="What happened, in our own words.")
    note: Text | None = Field(default=None, description="Curator's note.")


class Organization(Record):
    """A state, state body, company, park, university, cultural centre or international organization."""

    table: ClassVar[TableMeta] = TableMeta(
        name="organizations",
        title="Organizations",
        description="States, state bodies, companies, parks, universities, cultural centres and international "
        "organizations active in Belarus-China relations.",
        primary_key=("organization_id",),
        foreign_keys=(ForeignKey(("parent_id",), "organizations", ("organization_id",)),),
        dated_fields=("founded",),
        id_prefix="org",
        ordered_dates=(("founded", "dissolved"),),
    )
    organization_id: OrganizationId = Field(description="Stable id, `org-slug`.")
    name_en: Text = Field(description="Name in English.")
    name_ru: Text | None = Field(default=None, description="Name in Russian.")
    name_be: Text | None = Field(default=None, description="Name in Belarusian.")
    name_zh: Text | None = Field(default=None, description="Name in Chinese (simplified characters).")
    name_variants: Text | None = Field(
        default=None, description="Other names and abbreviations people search for, separated by `; `."
    )
    kind: OrganizationKind = Field(description="Kind of organization.")
    country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-3 code of its country; empty for international organizations."
    )
    city: Text | None = Field(default=None, description="City of its seat.")
    parent_id: OrganizationId | None = Field(default=None, description="Parent organization, if any.")
    founded: PartialDateText | None = Field(default=None, description="Founding or opening date.")
    founded_precision: DatePrecision | None = Field(default=None, description="Derived: precision of `founded`.")
    founded_earliest: dt.date | None = Field(default=None, description="Derived: first day `founded` can mean.")
    founded_latest: dt.date | None = Field(default=None, description="Derived: last day `founded` can mean.")
    dissolved: PartialDateText | None = Field(default=None, description="Date it ceased to exist, if it did.")
    summary: Text = Field(description="What it is and its role in the relations, in our own words.")
    note: Text | None = Field(default=None, description="Curator's note.")


class Person(Record):
    """A person who signed, visited, hosted or held a post relevant to the relations."""

    table: ClassVar[TableMeta] = TableMeta(
        name="persons",
        title="People",
        description="Heads of state and government, ministers, ambassadors, signatories and visitors, with "
        "names in English, Russian, Belarusian and Chinese and the romanizations people search for.",
        primary_key=("person_id",),
        id_prefix="per",
    )
    person_id: PersonId = Field(description="Stable id, `per-slug`.")
    name_en: Text = Field(description="Name in English in its most common romanization.")
    name_ru: Text | None = Field(default=None, description="Name in Russian.")
    name_be: Text | None = Field(default=None, description="Name in Belarusian.")
    name_zh: Text | None = Field(default=None, description="Name in Chinese characters.")
    name_variants: Text | None = Field(
        default=None, description="Other romanizations and spellings people search for, separated by `; `."
    )
    country: CountryCode = Field(description="ISO 3166-1 alpha-3 code of the country the person served.")
    born: PartialDateText | None = Field(default=None, description="Date of birth at its true precision.")
    summary: Text = Field(description="Posts relevant to the relations, in our own words.")
    note: Text | None = Field(default=None, description="Curator's note.")


class Position(Record):
    """A post a person held that matters to the relations: head of state or government, minister, ambassador."""

    table: ClassVar[TableMeta] = TableMeta(
        name="positions",
        title="Positions",
        description="Posts held by the people in the dataset (heads of state and government, foreign ministers, "
        "ambassadors, co-chairs), with the body and the term at the precision the sources give. Rows are backed by "
        "the sources of the person they attach to.",
        primary_key=("person_id", "post", "start"),
        foreign_keys=(
            ForeignKey(("person_id",), "persons", ("person_id",)),
            ForeignKey(("organization_id",), "organizations", ("organization_id",)),
        ),
        ordered_dates=(("start", "end"),),
    )
    person_id: PersonId = Field(description="The person.")
    kind: PositionKind = Field(description="Kind of post.")
    post: Text = Field(description="The post in English, e.g. `Minister of Foreign Affairs`, `Ambassador to China`.")
    organization_id: OrganizationId = Field(description="The state or body in which the post is held.")
    start: PartialDateText = Field(description="Start of the term at its true precision.")
    end: PartialDateText | None = Field(
        default=None, description="End of the term; empty when the person still holds the post or the end is not known."
    )
    note: Text | None = Field(default=None, description="Curator's note (e.g. acting terms, disagreeing dates).")


class TradeFigure(Record):
    """One trade value as one country's statistics report it; reporters are never mixed."""

    table: ClassVar[TableMeta] = TableMeta(
        name="trade_figures",
        title="Trade figures",
        description="Trade values per reporting country, partner, year or part-year and flow, in millions of US "
        "dollars, each from one named source and vintage.",
        primary_key=("figure_id",),
        id_prefix="trd",
    )
    figure_id: Annotated[str, Field(pattern=TRADE_FIGURE_ID_PATTERN)] = Field(description="Stable id, `trd-slug`.")
    reporter: Reporter = Field(description="Country whose statistics the figure comes from.")
    partner: CountryCode = Field(description="Partner as ISO 3166-1 alpha-3 code (WLD for the world).")
    partner_name: Text = Field(description="Partner name in English.")
    year: Annotated[int, Field(ge=1992, le=2100)] = Field(description="Calendar year the figure belongs to.")
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] = Field(
        description="`YYYY` for a whole year, or `YYYY-MM/YYYY-MM` for the months a part-year figure covers."
    )
    flow: TradeFlow = Field(description="Exports, imports or turnover, seen from the reporter.")
    value_usd_millions: Annotated[float, Field(allow_inf_nan=False, ge=0, le=1e7)] = Field(
        description="Value in millions of US dollars."
    )
    valuation: Valuation = Field(description="FOB, CIF, mixed or unknown.")
    scope: Scope = Field(description="Goods, or goods and services.")
    status: FigureStatus = Field(description="Final, preliminary, a lower bound or approximate.")
    is_derived: bool = Field(description="True when we computed the figure from other records (e.g. a sum).")
    vintage: Text | None = Field(default=None, description="Release or download of the source the value is from.")
    note: Text | None = Field(default=None, description="Curator's note.")

    @model_validator(mode="after")
    def _period_matches_year(self) -> Self:
        _check_period(self.period, self.year)
        return self


def _check_period(period: str, year: int) -> None:
    """A period (``YYYY`` or ``YYYY-MM/YYYY-MM``) must lie within ``year`` and end after it starts."""
    if period[:4] != str(year) or (len(period) > 4 and period[8:12] != str(year)):
        raise FieldValueError("period", f"period {period} is not within year {year}")
    if len(period) > 4 and period[5:7] > period[13:15]:
        raise FieldValueError("period", f"period {period} ends before it starts")


class RecordSource(Record):
    """Which source backs which record, and for which of its fields."""

    table: ClassVar[TableMeta] = TableMeta(
        name="record_sources",
        title="Record sources",
        description="Links every agreement, visit, organization, person and trade figure to the sources that "
        "back it. Link-table rows are backed by the sources of the record they attach to.",
        primary_key=("record_id", "source_id"),
        foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    )
    record_id: Annotated[str, Field(pattern=RECORD_ID_PATTERN)] = Field(
        description="Id of a sourced record: agreement, visit, organization, person, trade figure, event, indicator, "
        "loan or trade-product figure."
    )
    source_id: SourceId = Field(description="Id of the source.")
    supports: Text | None = Field(default=None, description="Which fields of the record the source supports.")
    quote: Annotated[str, Field(min_length=1, max_length=220)] | None = Field(
        default=None, description="Short quote (under 25 words) from the source as evidence."
    )
    note: Text | None = Field(default=None, description="Curator's note, e.g. where this source disagrees.")


class AgreementParty(Record):
    """A state or body that is party to an agreement."""

    table: ClassVar[TableMeta] = TableMeta(
        name="agreement_parties",
        title="Agreement parties",
        description="The parties (states, governments, ministries, companies) to each agreement.",
        primary_key=("agreement_id", "organization_id"),
        foreign_keys=(
            ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
            ForeignKey(("organization_id",), "organizations", ("organization_id",)),
        ),
    )
    agreement_id: AgreementId = Field(description="The agreement.")
    organization_id: OrganizationId = Field(description="The party.")


class AgreementSignatory(Record):
    """A person who signed or witnessed the signing of an agreement."""

    table: ClassVar[TableMeta] = TableMeta(
        name="agreement_signatories",
        title="Agreement signatories",
        description="Who signed each agreement (or witnessed its signing), on whose behalf and in what post.",
        primary_key=("agreement_id", "person_id"),
        foreign_keys=(
            ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
            ForeignKey(("person_id",), "persons", ("person_id",)),
            ForeignKey(("on_behalf_of_id",), "organizations", ("organization_id",)),
        ),
    )
    agreement_id: AgreementId = Field(description="The agreement.")
    person_id: PersonId = Field(description="The person.")
    role: SigningRole = Field(description="Signed, or witnessed the signing.")
    on_behalf_of_id: OrganizationId | None = Field(default=None, description="The party the person signed for.")
    post: Text | None = Field(default=None, description="The person's post at the time, as the source gives it.")


class VisitParticipant(Record):
    """A person who took part in a visit, on either side."""

    table: ClassVar[TableMeta] = TableMeta(
        name="visit_participants",
        title="Visit participants",
        description="The visitor, hosts and delegation members of each visit, with their side and post.",
        primary_key=("visit_id", "person_id"),
        foreign_keys=(
            ForeignKey(("visit_id",), "visits", ("visit_id",)),
            ForeignKey(("person_id",), "persons", ("person_id",)),
        ),
    )
    visit_id: VisitId = Field(description="The visit.")
    person_id: PersonId = Field(description="The person.")
    side: Side = Field(description="Which side the person belonged to.")
    role: VisitRole = Field(description="Visitor, host or delegation member.")
    post: Text | None = Field(default=None, description="The person's post at the time, as the source gives it.")


class Claim(Record):
    """A quantitative claim of one of the two analytical articles, the records that decide it, and the verdict."""

    table: ClassVar[TableMeta] = TableMeta(
        name="claims",
        title="Claims of two analytical articles, checked",
        description="Quantitative claims of two analytical articles on Belarus-China relations (Turarbekava 2023, "
        "and an article of 2022 on Belarus's foreign policy self-identification), paraphrased, with the records that "
        "decide each one and a verdict.",
        primary_key=("claim_id",),
        foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    )
    claim_id: Annotated[str, Field(pattern=rf"^clm-{SLUG}$")] = Field(description="Stable id, `clm-slug`.")
    source_id: SourceId = Field(description="The article that makes the claim.")
    claim: Text = Field(description="What the article says, paraphrased.")
    evidence_ids: Annotated[str, Field(pattern=rf"^({RECORD_PREFIXES})-{SLUG}(; ({RECORD_PREFIXES})-{SLUG})*$")] = (
        Field(description="Ids of the records that decide the claim, separated by `; `.")
    )
    verdict: Verdict = Field(description="Supported, partly supported, contradicted or not checkable.")
    note: Text = Field(description="How the records decide the claim (figures, arithmetic, what is missing).")


class Coverage(Record):
    """What was searched, per table and period, so that "not recorded" can be told from "not searched"."""

    table: ClassVar[TableMeta] = TableMeta(
        name="coverage",
        title="Coverage",
        description="Per table and period: how thoroughly it was searched, in which sources, and what was not "
        "searched. A year without records means 'did not happen' only where the status is systematic.",
        primary_key=("table_name", "first_year"),
    )
    table_name: Annotated[
        str,
        Field(
            pattern=r"^(agreements|visits|organizations|persons|trade_figures|events|indicators|loans|trade_products"
            r"|un_roll_calls|un_votes)$"
        ),
    ] = Field(description="The table the row describes.")
    first_year: Annotated[int, Field(ge=1992, le=2100)] = Field(description="First year of the period.")
    last_year: Annotated[int, Field(ge=1992, le=2100)] = Field(description="Last year of the period.")
    status: CoverageStatus = Field(description="Systematic, partial or not searched.")
    searched: Text = Field(description="What was searched: sources, languages, kinds of records.")
    not_searched: Text | None = Field(default=None, description="What was left out, so users know the gaps.")

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if self.last_year < self.first_year:
            raise FieldValueError("last_year", f"last_year {self.last_year} is before first_year {self.first_year}")
        return self


class RetiredId(Record):
    """An id that no longer names a record, and the id that replaced it, if any. Ids are never reused."""

    table: ClassVar[TableMeta] = TableMeta(
        name="retired_ids",
        title="Retired ids",
        description="Ids of records removed or merged in a release, with their successor; the loader resolves "
        "a retired id to its successor. An id listed here is never used again.",
        primary_key=("retired_id",),
    )
    retired_id: Annotated[str, Field(pattern=RETIRABLE_ID_PATTERN)] = Field(description="The id no longer in use.")
    successor_id: Annotated[str, Field(pattern=RETIRABLE_ID_PATTERN)] | None = Field(
        default=None, description="The id that replaced it; empty when the record was removed without successor."
    )
    retired_in: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")] = Field(
        description="Release in which the id was retired."
    )
    reason: Text = Field(description="Why (merged into the successor, duplicate, not a real event, ...).")


class Event(Record):
    """A milestone that is not a bilateral document: a decision, decree, status change, upgrade or opening."""

    table: ClassVar[TableMeta] = TableMeta(
        name="events",
        title="Milestones",
        description="Unilateral acts and decisions that shape the relations: presidential directives and decrees, "
        "decisions of international organizations, partnership upgrades, status changes, openings of missions, "
        "thematic years and project milestones.",
        primary_key=("event_id",),
        foreign_keys=(
            ForeignKey(("organization_id",), "organizations", ("organization_id",)),
            ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
            ForeignKey(("visit_id",), "visits", ("visit_id",)),
        ),
        dated_fields=("date",),
        id_prefix="evt",
    )
    event_id: EventId = Field(description="Stable id, `evt-YYYY-slug` (the year is a mnemonic).")
    title_en: Text = Field(description="Short title in English.")
    title_ru: Text | None = Field(default=None, description="Title in Russian, as published.")
    title_be: Text | None = Field(default=None, description="Title in Belarusian, as published.")
    title_zh: Text | None = Field(default=None, description="Title in Chinese (simplified characters), as published.")
    kind: EventKind = Field(description="Kind of milestone.")
    date: PartialDateText = Field(description="Date at its true precision.")
    date_precision: DatePrecision = Field(description="Derived: precision of `date`.")
    date_earliest: dt.date = Field(description="Derived: first day `date` can mean.")
    date_latest: dt.date = Field(description="Derived: last day `date` can mean.")
    actor_country: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-3 code of the acting country; empty for international bodies."
    )
    organization_id: OrganizationId | None = Field(default=None, description="The acting body, if recorded.")
    designation: Text | None = Field(
        default=None,
        description="For partnership upgrades: the designation of the relationship adopted, in English.",
    )
    agreement_id: AgreementId | None = Field(default=None, description="The document that records it, if any.")
    visit_id: VisitId | None = Field(default=None, description="The visit during which it happened, if any.")
    summary: Text = Field(description="What happened and why it matters, in our own words.")
    note: Text | None = Field(default=None, description="Curator's note.")

    @model_validator(mode="after")
    def _designation_only_for_upgrades(self) -> Self:
        upgrade = self.kind is EventKind.PARTNERSHIP_UPGRADE
        if upgrade and self.designation is None:
            raise FieldValueError("designation", "a partnership upgrade needs the designation adopted")
        if not upgrade and self.designation is not None:
            raise FieldValueError("designation", "designation is only for kind partnership_upgrade")
        return self


class Indicator(Record):
    """One value of a sourced series that is not a trade flow (the park, investment, students, flights)."""

    table: ClassVar[TableMeta] = TableMeta(
        name="indicators",
        title="Indicators",
        description="Values of sourced series that are not trade flows: the Great Stone industrial park, Chinese "
        "direct investment, Chinese-invested companies, students, tourists, flights; each with its unit, date, "
        "publisher country and status.",
        primary_key=("indicator_id",),
        dated_fields=("date",),
        id_prefix="ind",
    )
    indicator_id: Annotated[str, Field(pattern=INDICATOR_ID_PATTERN)] = Field(description="Stable id, `ind-slug`.")
    series: Annotated[str, Field(pattern=rf"^{SLUG}$")] = Field(
        description="The series the value belongs to (a slug such as `great-stone-residents`)."
    )
    measure: Text = Field(description="What is measured, in English.")
    unit: Text = Field(description="Unit of the value (`companies`, `USD millions`, `persons`, ...).")
    value: Annotated[float, Field(allow_inf_nan=False, ge=-1e7, le=1e7)] = Field(description="The value.")
    date: PartialDateText = Field(description="Date or period of the value at its true precision.")
    date_precision: DatePrecision = Field(description="Derived: precision of `date`.")
    date_earliest: dt.date = Field(description="Derived: first day `date` can mean.")
    date_latest: dt.date = Field(description="Derived: last day `date` can mean.")
    date_meaning: IndicatorDateMeaning = Field(description="How the value relates to the date.")
    reporter: CountryCode | None = Field(
        default=None, description="ISO 3166-1 alpha-3 code of the country whose body published the value."
    )
    status: FigureStatus = Field(description="Final, preliminary, a lower bound or approximate.")
    note: Text | None = Field(default=None, description="Curator's note.")


class Loan(Record):
    """A credit commitment of a Chinese lender to Belarus (or a swap between the central banks)."""

    table: ClassVar[TableMeta] = TableMeta(
        name="loans",
        title="Loans and credit lines",
        description="Credit commitments between Chinese and Belarusian institutions: credit lines, project loans, "
        "buyer's credits, currency swaps and grants, with lender, borrower, amount, date and status.",
        primary_key=("loan_id",),
        foreign_keys=(
            ForeignKey(("lender_id",), "organizations", ("organization_id",)),
            ForeignKey(("borrower_id",), "organizations", ("organization_id",)),
            ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
            ForeignKey(("visit_id",), "visits", ("visit_id",)),
            ForeignKey(("part_of",), "loans", ("loan_id",)),
            ForeignKey(("exchange_rate_source_id",), "sources", ("source_id",)),
        ),
        dated_fields=("date",),
        id_prefix="loan",
    )
    loan_id: LoanId = Field(description="Stable id, `loan-YYYY-slug` (the year is a mnemonic).")
    title_en: Text = Field(description="Short title in English.")
    kind: LoanKind = Field(description="Kind of credit commitment.")
    lender_id: OrganizationId = Field(description="The lender (for swaps, the Chinese central bank).")
    borrower_id: OrganizationId | None = Field(default=None, description="The borrower, where the sources name it.")
    amount: Annotated[float, Field(allow_inf_nan=False, gt=0, le=1e12)] = Field(
        description="Amount committed, in `currency`."
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(description="ISO 4217 code of the amount.")
    commitment: LoanCommitment | None = Field(
        default=None,
        description="Whether the row is a single commitment or a package, framework or pledge that other rows may "
        "fall under (`belarus_china_data.loans_committed` sums commitments counting each once).",
    )
    part_of: LoanId | None = Field(
        default=None, description="The package, framework or pledge row this commitment belongs to, if recorded."
    )
    amount_usd: Annotated[float, Field(allow_inf_nan=False, gt=0, le=1e12)] | None = Field(
        default=None,
        description="The amount in US dollars: `amount` itself for USD, else converted at `exchange_rate` (rounded "
        "to the cent); empty for another currency without a recorded rate.",
    )
    exchange_rate: Annotated[float, Field(allow_inf_nan=False, gt=0)] | None = Field(
        default=None, description="The exchange rate used for `amount_usd`, as published (see `exchange_rate_quote`)."
    )
    exchange_rate_quote: ExchangeRateQuote | None = Field(default=None, description="Which way the rate is quoted.")
    exchange_rate_period: Annotated[str, Field(pattern=r"^[0-9]{4}$")] | None = Field(
        default=None, description="The year whose annual average the rate is (the year of the loan's date)."
    )
    exchange_rate_source_id: SourceId | None = Field(
        default=None, description="The official statistics the rate was read in."
    )
    purpose: Text | None = Field(default=None, description="Project or purpose, in English.")
    date: PartialDateText | None = Field(default=None, description="Date of signature or announcement.")
    date_precision: DatePrecision | None = Field(default=None, description="Derived: precision of `date`.")
    date_earliest: dt.date | None = Field(default=None, description="Derived: first day `date` can mean.")
    date_latest: dt.date | None = Field(default=None, description="Derived: last day `date` can mean.")
    status: LoanStatus = Field(description="How far the commitment went, as far as the sources tell.")
    agreement_id: AgreementId | None = Field(default=None, description="The credit agreement, if recorded.")
    visit_id: VisitId | None = Field(default=None, description="The visit during which it was signed, if any.")
    summary: Text = Field(description="What the credit is for, in our own words.")
    note: Text | None = Field(default=None, description="Curator's note (disagreeing amounts, research datasets).")

    @model_validator(mode="after")
    def _usd_follows_the_rate(self) -> Self:
        if self.part_of == self.loan_id:
            raise FieldValueError("part_of", "a loan cannot be part of itself")
        rate_fields = (self.exchange_rate, self.exchange_rate_quote, self.exchange_rate_period)
        if self.currency == "USD":
            if any(v is not None for v in (*rate_fields, self.exchange_rate_source_id)):
                raise FieldValueError("exchange_rate", "a USD amount takes no exchange rate")
            if self.amount_usd is not None and self.amount_usd != self.amount:
                raise FieldValueError("amount_usd", f"amount_usd of a USD amount is the amount, {self.amount}")
            return self
        if self.exchange_rate is None:
            if self.amount_usd is not None and self.amount_usd == self.amount:  # a USD row, or a mistyped currency
                raise FieldValueError(
                    "currency",
                    f"currency {self.currency}: amount_usd equals the amount as for USD; correct the currency",
                )
            if self.amount_usd is not None:
                raise FieldValueError("amount_usd", f"amount_usd of a {self.currency} amount needs an exchange_rate")
            return self
        if None in (*rate_fields, self.exchange_rate_source_id):
            raise FieldValueError(
                "exchange_rate", "give exchange_rate, exchange_rate_quote, exchange_rate_period and its source together"
            )
        if self.exchange_rate_quote == ExchangeRateQuote.CURRENCY_PER_USD:
            expected = round(self.amount / self.exchange_rate, 2)
        else:
            expected = round(self.amount * self.exchange_rate, 2)
        if self.amount_usd != expected:
            raise FieldValueError("amount_usd", f"amount_usd should be {expected} at the rate {self.exchange_rate}")
        return self


class TradeProduct(Record):
    """The value or share of one product in one reporter's trade with the other country."""

    table: ClassVar[TableMeta] = TableMeta(
        name="trade_products",
        title="Trade by product",
        description="Composition of Belarus-China trade: main goods each way, as a value in millions of US dollars "
        "or a share of the reporter's exports or imports with the partner, per reporter and period.",
        primary_key=("product_figure_id",),
        id_prefix="trp",
    )
    product_figure_id: Annotated[str, Field(pattern=TRADE_PRODUCT_ID_PATTERN)] = Field(
        description="Stable id, `trp-slug`."
    )
    reporter: Reporter = Field(description="Country whose statistics the figure comes from.")
    partner: CountryCode = Field(description="Partner as ISO 3166-1 alpha-3 code.")
    year: Annotated[int, Field(ge=1992, le=2100)] = Field(description="Calendar year the figure belongs to.")
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] = Field(
        description="`YYYY` for a whole year, or `YYYY-MM/YYYY-MM` for the months a part-year figure covers."
    )
    flow: TradeFlow = Field(description="Exports or imports, seen from the reporter.")
    product: Text = Field(description="The product or product group, in English.")
    hs_code: Annotated[str, Field(pattern=r"^[0-9]{2,10}$")] | None = Field(
        default=None, description="Harmonized System code of the product, where the source gives one."
    )
    value_usd_millions: Annotated[float, Field(allow_inf_nan=False, ge=0, le=1e6)] | None = Field(
        default=None, description="Value in millions of US dollars."
    )
    share_percent: Annotated[float, Field(allow_inf_nan=False, ge=0, le=100)] | None = Field(
        default=None, description="Share of the reporter's exports or imports with the partner, in percent."
    )
    status: FigureStatus = Field(description="Final, preliminary, a lower bound or approximate.")
    note: Text | None = Field(default=None, description="Curator's note.")

    @model_validator(mode="after")
    def _has_a_figure(self) -> Self:
        _check_period(self.period, self.year)
        if self.value_usd_millions is None and self.share_percent is None:
            raise FieldValueError("value_usd_millions", "give value_usd_millions, share_percent or both")
        return self


#: Every table's model, in the order tables are listed, validated and built.
TABLE_MODELS: dict[str, type[Record]] = {
    model.table.name: model
    for model in (
        Source,
        Agreement,
        Visit,
        Organization,
        Person,
        TradeFigure,
        Event,
        Indicator,
        Loan,
        TradeProduct,
        RecordSource,
        AgreementParty,
        AgreementSignatory,
        VisitParticipant,
        Position,
        Claim,
        Coverage,
        RetiredId,
    )
}


def tables_by_prefix() -> dict[str, str]:
    """Map each id prefix to its table, for the tables whose records are backed by sources.

    >>> tables_by_prefix()["agr"]
    'agreements'
    """
    return {model.table.id_prefix: name for name, model in TABLE_MODELS.items() if model.table.id_prefix}


# UN General Assembly votes: two tables that rest on one dataset as a whole (Voeten's roll-call data). Their rows
# have no ids with a prefix and no record_sources links; each roll call names its download in ``source_id``
# instead, and the validator counts a source named there as used. The importer writes both tables.
_UN_ISSUE_CODES = "|".join(UnIssue)
UN_ISSUES_PATTERN = rf"^({_UN_ISSUE_CODES})(; ({_UN_ISSUE_CODES}))*$"
#: The countries whose votes ``un_votes`` holds: Belarus, China, reference countries, and the 28 states that were
#: members of the European Union on 2020-01-14 (the last roll call of the files); alpha-3 codes.
UN_VOTE_REFERENCE_COUNTRIES = ("BLR", "CHN", "RUS", "USA", "KAZ", "UKR")
UN_VOTE_EU_MEMBERS = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "GBR",
)  # fmt: skip


class UnRollCall(Record):
    """A recorded vote (roll call) of the UN General Assembly, from Voeten's data as the ``unvotes`` files hold it."""

    table: ClassVar[TableMeta] = TableMeta(
        name="un_roll_calls",
        title="UN General Assembly roll calls",
        description="Every recorded vote (roll call) of the UN General Assembly from 1992 to the last roll call of "
        "the source files, from Erik Voeten's public-domain (CC0) voting data as packaged by the R package unvotes "
        "(files un_roll_calls and un_roll_call_issues): session, date, resolution, short title, flags and issue "
        "codes. The table rests on that dataset as a whole: each row names the download it comes from in "
        "`source_id` (no record_sources links). Written by `python -m belarus_china_data.curation.unvotes`; "
        "not edited by hand.",
        primary_key=("rcid",),
        foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    )
    rcid: Annotated[int, Field(ge=1)] = Field(
        description="Roll-call id of the source data (`rcid`), the key that joins votes to roll calls."
    )
    session: Annotated[int, Field(ge=1, le=200)] = Field(description="Session of the General Assembly.")
    date: dt.date = Field(description="Date of the vote.")
    unres: Text | None = Field(
        default=None, description="Resolution or document code as the files give it (e.g. `A/RES/74/19`)."
    )
    short_title: Text | None = Field(
        default=None,
        description="Short title as the files give it (`short`), with surrounding blanks removed; empty where the "
        "files have none.",
    )
    important_vote: bool | None = Field(
        default=None,
        description="True when the US State Department listed the vote as important (`importantvote`); empty where "
        "the files do not code it.",
    )
    amend: bool | None = Field(
        default=None, description="True for a vote on an amendment (`amend`); empty where the files do not code it."
    )
    para: bool | None = Field(
        default=None,
        description="True for a vote on a paragraph rather than a whole resolution (`para`); empty where the files do "
        "not code it.",
    )
    issues: Annotated[str, Field(pattern=UN_ISSUES_PATTERN)] | None = Field(
        default=None,
        description="Issue codes of the roll call (file un_roll_call_issues), separated by `; `, in the order "
        + ", ".join(f"`{code}` ({meaning.rstrip('.')})" for code, meaning in category_meanings(UnIssue).items())
        + "; empty when the files give none.",
    )
    source_id: SourceId = Field(description="The download of the voting data the row comes from.")

    @model_validator(mode="after")
    def _issues_in_order(self) -> Self:
        if self.issues is not None:
            codes = self.issues.split("; ")
            ordered = [code for code in UnIssue if code in codes]
            if codes != ordered:
                raise FieldValueError("issues", f"issues {self.issues!r} should read {'; '.join(ordered)!r}")
        return self


class UnVote(Record):
    """One country's recorded vote on one UN General Assembly roll call."""

    table: ClassVar[TableMeta] = TableMeta(
        name="un_votes",
        title="UN General Assembly votes",
        description="Recorded votes (yes, no, abstain) on the roll calls of `un_roll_calls`, from the same source "
        "(file un_votes), of Belarus, China, Russia, the United States, Kazakhstan, Ukraine and the 28 states that "
        "were members of the European Union on 2020-01-14, the last roll call of the files (the EU-27 and the "
        "United Kingdom). Each country's own vote is stored on every roll call, also before it joined the EU; "
        "there is no EU aggregate. A country without a row on a roll call was absent, did not vote, or was not "
        "(yet) a UN member: the files leave these out. Rows are backed by the source of their roll call. The "
        "alignment measures of `belarus_china_data.alignment` are computed from this table: over the roll calls on "
        "which both countries recorded a vote (their number is `roll_calls`), `agreement` is the share on which they "
        "voted identically, and `affinity` also counts an abstention against a yes or a no as half an agreement.",
        primary_key=("rcid", "country"),
        foreign_keys=(ForeignKey(("rcid",), "un_roll_calls", ("rcid",)),),
    )
    rcid: Annotated[int, Field(ge=1)] = Field(description="The roll call.")
    country: CountryCode = Field(description="ISO 3166-1 alpha-3 code of the voting country.")
    ccode: Annotated[int, Field(ge=1, le=999)] | None = Field(
        default=None,
        description="Correlates of War state number of the voting country (Belarus 370, China 710, Russia 365, "
        "the United States 2), from the dictionary of the countrycode package at build time "
        "(`belarus_china_data.country_keys()` has all keys).",
    )
    vote: UnVoteChoice = Field(description="The country's vote.")


TABLE_MODELS.update({model.table.name: model for model in (UnRollCall, UnVote)})
__all__ += ["UnRollCall", "UnVote"]


class TwinningAgreement(Record):
    """An agreement that establishes or advances twinning (sister or friendly) relations of two regions or cities."""

    table: ClassVar[TableMeta] = TableMeta(
        name="twinning_agreements",
        title="Twinning agreements",
        description="The agreements of twinning (sister-city, sister-region, friendly relations) between Belarusian "
        "and Chinese regions, cities and districts, with the levels of the two partners, so that they can be found "
        "without searching titles. The partners are the agreement's parties in `agreement_parties` (the regional "
        "or city bodies), its date is the agreement's `date_signed`. `belarus_china_data.twinning()` lists the "
        "partnerships, one row per pair of partners, with the first and latest agreement.",
        primary_key=("agreement_id",),
        foreign_keys=(ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),),
    )
    agreement_id: AgreementId = Field(description="The agreement.")
    level: TwinningLevel = Field(description="The levels of the two partners.")


TABLE_MODELS["twinning_agreements"] = TwinningAgreement
__all__ += ["TwinningAgreement"]
