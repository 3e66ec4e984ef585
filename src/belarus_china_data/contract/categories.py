"""Category lists: declared once, used everywhere.

Every closed vocabulary of the dataset lives here as a ``StrEnum`` with a meaning for each value. The pydantic
models type their fields with these enums, the Frictionless schemas get ``constraints.enum`` from them, and
the pandas loader turns the columns into categoricals with exactly these categories (so a category that no row
uses yet still exists in the dtype). Adding a value here is a MINOR release; renaming one is MAJOR.
"""

from __future__ import annotations

from enum import StrEnum

from .dates import DatePrecision

__all__ = [
    "AgreementKind",
    "AgreementStatus",
    "CoverageStatus",
    "DatePrecision",
    "EventKind",
    "FigureStatus",
    "IndicatorDateMeaning",
    "LoanKind",
    "LoanStatus",
    "OrganizationKind",
    "PositionKind",
    "Reporter",
    "Scope",
    "Side",
    "SigningRole",
    "SourceKind",
    "TradeFlow",
    "Valuation",
    "Verdict",
    "VisitDatesBasis",
    "VisitKind",
    "VisitLevel",
    "VisitRole",
    "category_meanings",
]


class AgreementKind(StrEnum):
    """What kind of document an agreement record is."""

    TREATY = "treaty"
    JOINT_COMMUNIQUE = "joint_communique"
    JOINT_DECLARATION = "joint_declaration"
    JOINT_STATEMENT = "joint_statement"
    INTERGOVERNMENTAL_AGREEMENT = "intergovernmental_agreement"
    INTERDEPARTMENTAL_AGREEMENT = "interdepartmental_agreement"
    MEMORANDUM = "memorandum"
    PROTOCOL = "protocol"
    PROGRAMME = "programme"
    ROADMAP = "roadmap"
    CONTRACT = "contract"
    MULTILATERAL_AGREEMENT = "multilateral_agreement"
    OTHER = "other"


class AgreementStatus(StrEnum):
    """Legal status of an agreement as far as the sources tell."""

    SIGNED = "signed"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


class VisitKind(StrEnum):
    """Protocol format of a visit or meeting."""

    STATE = "state"
    OFFICIAL = "official"
    WORKING = "working"
    SIDELINES = "sidelines"
    OTHER = "other"


class VisitDatesBasis(StrEnum):
    """What a visit's start and end dates stand for: the visit's own span, or only the days it was seen."""

    VISIT_SPAN = "visit_span"
    REPORTED_DAYS = "reported_days"


class VisitLevel(StrEnum):
    """Rank of the visiting (or, for sidelines meetings, the Belarusian) principal."""

    HEAD_OF_STATE = "head_of_state"
    HEAD_OF_GOVERNMENT = "head_of_government"
    SPEAKER_OF_PARLIAMENT = "speaker_of_parliament"
    FOREIGN_MINISTER = "foreign_minister"
    DEFENCE_MINISTER = "defence_minister"
    COMMITTEE_CO_CHAIR = "committee_co_chair"
    OTHER = "other"


class PositionKind(StrEnum):
    """Kind of post a person held; the single-holder kinds let a user list who held a post when."""

    HEAD_OF_STATE = "head_of_state"
    HEAD_OF_GOVERNMENT = "head_of_government"
    FOREIGN_MINISTER = "foreign_minister"
    AMBASSADOR = "ambassador"
    SPEAKER_OF_PARLIAMENT = "speaker_of_parliament"
    DEFENCE_MINISTER = "defence_minister"
    COMMITTEE_CO_CHAIR = "committee_co_chair"
    OTHER = "other"


class OrganizationKind(StrEnum):
    """What kind of body an organization record is."""

    STATE = "state"
    STATE_BODY = "state_body"
    LEGISLATURE = "legislature"
    EMBASSY = "embassy"
    CONSULATE = "consulate"
    INTERGOVERNMENTAL_BODY = "intergovernmental_body"
    COMPANY = "company"
    BANK = "bank"
    INDUSTRIAL_PARK = "industrial_park"
    UNIVERSITY = "university"
    CONFUCIUS_INSTITUTE = "confucius_institute"
    CULTURAL_CENTRE = "cultural_centre"
    RESEARCH_INSTITUTE = "research_institute"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    OTHER = "other"


class Side(StrEnum):
    """Which side of the relationship a participant belongs to."""

    BELARUS = "BLR"
    CHINA = "CHN"
    OTHER = "other"


class SigningRole(StrEnum):
    """Role of a person in the signing of an agreement."""

    SIGNATORY = "signatory"
    WITNESS = "witness"


class VisitRole(StrEnum):
    """Role of a person in a visit."""

    VISITOR = "visitor"
    HOST = "host"
    DELEGATION_MEMBER = "delegation_member"


class SourceKind(StrEnum):
    """What kind of publication a source is."""

    OFFICIAL_STATEMENT = "official_statement"
    TREATY_TEXT = "treaty_text"
    TREATY_DATABASE = "treaty_database"
    STATISTICAL_DATABASE = "statistical_database"
    NEWS_AGENCY = "news_agency"
    NEWS_MEDIA = "news_media"
    ANALYSIS = "analysis"
    REFERENCE = "reference"


class Reporter(StrEnum):
    """Country whose statistics a trade figure comes from."""

    BELARUS = "BLR"
    CHINA = "CHN"


class TradeFlow(StrEnum):
    """Direction of trade, seen from the reporting country."""

    EXPORT = "export"
    IMPORT = "import"
    TURNOVER = "turnover"


class Valuation(StrEnum):
    """How the reported value is valued at the border."""

    FOB = "fob"
    CIF = "cif"
    MIXED = "mixed"
    UNKNOWN = "unknown"


class Scope(StrEnum):
    """What the trade figure covers."""

    GOODS = "goods"
    GOODS_AND_SERVICES = "goods_and_services"


class Verdict(StrEnum):
    """What the records say about a claim of one of the two analytical articles."""

    SUPPORTED = "supported"
    PARTLY_SUPPORTED = "partly_supported"
    CONTRADICTED = "contradicted"
    NOT_CHECKABLE = "not_checkable"


class CoverageStatus(StrEnum):
    """How thoroughly a table was researched for a period."""

    SYSTEMATIC = "systematic"
    PARTIAL = "partial"
    NOT_SEARCHED = "not_searched"


class FigureStatus(StrEnum):
    """How firm a figure is."""

    FINAL = "final"
    PRELIMINARY = "preliminary"
    LOWER_BOUND = "lower_bound"
    APPROXIMATE = "approximate"


class EventKind(StrEnum):
    """What kind of milestone an event record is."""

    PRESIDENTIAL_DIRECTIVE = "presidential_directive"
    DECREE = "decree"
    LAW = "law"
    INTERNATIONAL_ORGANIZATION_DECISION = "international_organization_decision"
    PARTNERSHIP_UPGRADE = "partnership_upgrade"
    STATUS_CHANGE = "status_change"
    MISSION_OPENING = "mission_opening"
    THEMATIC_YEAR = "thematic_year"
    PROJECT_MILESTONE = "project_milestone"
    OTHER = "other"


class IndicatorDateMeaning(StrEnum):
    """How an indicator's value relates to its date."""

    AS_OF = "as_of"
    DURING = "during"
    CUMULATIVE_TO = "cumulative_to"


class LoanKind(StrEnum):
    """What kind of credit commitment a loan record is."""

    CREDIT_LINE = "credit_line"
    PROJECT_LOAN = "project_loan"
    BUYERS_CREDIT = "buyers_credit"
    CURRENCY_SWAP = "currency_swap"
    GRANT = "grant"
    OTHER = "other"


class TwinningLevel(StrEnum):
    """The levels of the two partners of a twinning (sister or friendly relations) agreement."""

    REGION_PROVINCE = "region_province"
    CITY_CITY = "city_city"
    REGION_CITY = "region_city"


class LoanCommitment(StrEnum):
    """Whether a loan row is one commitment or a total, ceiling or promise that other rows may fall under."""

    SINGLE = "single"
    PACKAGE = "package"
    FRAMEWORK = "framework"
    PLEDGE = "pledge"


class ExchangeRateQuote(StrEnum):
    """Which way an exchange rate is quoted."""

    CURRENCY_PER_USD = "currency_per_usd"
    USD_PER_CURRENCY = "usd_per_currency"


class LoanStatus(StrEnum):
    """How far a credit commitment went, as far as the sources tell."""

    ANNOUNCED = "announced"
    SIGNED = "signed"
    DISBURSED = "disbursed"
    REPAID = "repaid"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


_MEANINGS: dict[type[StrEnum], dict[str, str]] = {
    EventKind: {
        "presidential_directive": "A presidential directive (Belarus) setting policy towards the other country.",
        "decree": "A decree or resolution of a head of state or government.",
        "law": "A law, including a law ratifying a treaty.",
        "international_organization_decision": "A decision of an international organization (SCO, BRICS, ...).",
        "partnership_upgrade": "A new designation of the relationship (e.g. comprehensive strategic partnership).",
        "status_change": "A change of one country's status (membership, observer, visa regime, ...).",
        "mission_opening": "The opening of an embassy, consulate, trade mission or representative office.",
        "thematic_year": "A year the two countries dedicated to a theme (regions, education, tourism, ...).",
        "project_milestone": "A milestone of a joint project (the industrial park, a plant, a route).",
        "other": "Any other milestone; the note says what it is.",
    },
    IndicatorDateMeaning: {
        "as_of": "A stock or count at that date (e.g. residents of the park on a day).",
        "during": "A flow during the period the date names (a year or a month).",
        "cumulative_to": "Accumulated since the start up to that date (e.g. investment to date).",
    },
    LoanKind: {
        "credit_line": "A credit line opened for a range of projects.",
        "project_loan": "A loan for a named project.",
        "buyers_credit": "A (preferential) buyer's credit for goods or services of the lender's country.",
        "currency_swap": "A currency swap agreement between the central banks.",
        "grant": "A grant or free aid.",
        "other": "Any other credit commitment; the note says what it is.",
    },
    TwinningLevel: {
        "region_province": "A Belarusian region (oblast) and a Chinese province-level unit (a province, autonomous "
        "region or municipality under the central government, such as Chongqing or Tianjin).",
        "city_city": "A Belarusian city, town, district or city district and a Chinese city, district or county "
        "(Minsk, the capital, counts as a city; Beijing and Shanghai as the Chinese cities they are).",
        "region_city": "A region on one side and a city or district on the other.",
    },
    LoanCommitment: {
        "single": "One credit commitment (one loan, credit line or swap agreement).",
        "package": "The total of several commitments signed or announced together; its parts may be rows of their "
        "own (`part_of`), so summing it with them counts them twice.",
        "framework": "A ceiling under which individual loans are signed later (its parts name it in `part_of`); not "
        "itself money committed.",
        "pledge": "A government's promise of credit, before any agreement; not itself money committed.",
    },
    ExchangeRateQuote: {
        "currency_per_usd": "Units of the loan's currency per US dollar (amount_usd = amount / exchange_rate).",
        "usd_per_currency": "US dollars per unit of the loan's currency (amount_usd = amount * exchange_rate).",
    },
    LoanStatus: {
        "announced": "Announced; no signature reported.",
        "signed": "The credit agreement was signed.",
        "disbursed": "Money was disbursed (fully or in part).",
        "repaid": "Repaid.",
        "cancelled": "Cancelled or not renewed.",
        "unknown": "The sources do not say.",
    },
    AgreementKind: {
        "treaty": "A treaty between the states (e.g. of friendship and cooperation).",
        "joint_communique": "A joint communiqué of the two states.",
        "joint_declaration": "A joint declaration of the two states or heads of state.",
        "joint_statement": "A joint statement of the two states or heads of state.",
        "intergovernmental_agreement": "An agreement between the two governments.",
        "interdepartmental_agreement": "An agreement between ministries, agencies or other state bodies.",
        "memorandum": "A memorandum of understanding or of cooperation.",
        "protocol": "A protocol, including protocols amending earlier agreements.",
        "programme": "A programme or plan of cooperation.",
        "roadmap": "A roadmap of cooperation.",
        "contract": "A commercial contract or agreement between companies or banks.",
        "multilateral_agreement": "An agreement of a multilateral framework to which Belarus or China is party.",
        "other": "Any other document; the note says what it is.",
    },
    AgreementStatus: {
        "signed": "Signed; entry into force not reported by the sources.",
        "in_force": "In force (the in-force date where known).",
        "expired": "Expired at the end of its term.",
        "terminated": "Terminated or replaced.",
        "not_applicable": "A political document that does not enter into force (declarations, statements).",
        "unknown": "The sources do not say.",
    },
    VisitKind: {
        "state": "State visit.",
        "official": "Official visit.",
        "working": "Working visit.",
        "sidelines": "Meeting on the sidelines of a multilateral summit or forum.",
        "other": "Another format; the note says which.",
    },
    VisitDatesBasis: {
        "visit_span": "The dates are the visit's own first and last days (or, for a sidelines meeting, the "
        "meeting's), as a source gives them; an empty end date means the last day was not found.",
        "reported_days": "The dates are the first and last days a source shows the visitor there (a meeting, a "
        "signing, a dateline); the visit may have begun earlier and ended later.",
    },
    VisitLevel: {
        "head_of_state": "A head of state.",
        "head_of_government": "A head of government (premier, prime minister).",
        "speaker_of_parliament": "A speaker or chair of a chamber of parliament.",
        "foreign_minister": "A minister of foreign affairs.",
        "defence_minister": "A minister of defence.",
        "committee_co_chair": "A co-chair of the intergovernmental cooperation committee.",
        "other": "Another official; the note says who.",
    },
    PositionKind: {
        "head_of_state": "Head of state (president, or chair of the Supreme Council of Belarus before 1994).",
        "head_of_government": "Head of government (premier, prime minister, chair of the Council of Ministers).",
        "foreign_minister": "Minister of foreign affairs.",
        "ambassador": "Ambassador of one country to the other; the organization is the embassy.",
        "speaker_of_parliament": "Speaker or chair of a chamber of parliament.",
        "defence_minister": "Minister of defence.",
        "committee_co_chair": "Co-chair of the intergovernmental cooperation committee.",
        "other": "Another post; the post field says which.",
    },
    OrganizationKind: {
        "state": "A sovereign state as a party to agreements.",
        "state_body": "A ministry, committee, agency or other state body.",
        "legislature": "A parliament or one of its chambers.",
        "embassy": "An embassy.",
        "consulate": "A consulate or consulate general.",
        "intergovernmental_body": "A bilateral intergovernmental body (committee, commission).",
        "company": "A company or joint venture.",
        "bank": "A bank or financial institution.",
        "industrial_park": "An industrial, science or technology park.",
        "university": "A university or higher-education institution.",
        "confucius_institute": "A Confucius Institute or Confucius Classroom.",
        "cultural_centre": "A cultural centre.",
        "research_institute": "A research institute or think tank.",
        "international_organization": "An international organization (SCO, EAEU, ...).",
        "other": "Any other organization; the note says what it is.",
    },
    Side: {
        "BLR": "The Belarusian side.",
        "CHN": "The Chinese side.",
        "other": "A third party.",
    },
    SigningRole: {
        "signatory": "Signed the document.",
        "witness": "Attended or witnessed the signing.",
    },
    VisitRole: {
        "visitor": "Led the visiting side.",
        "host": "Received the visitor (host or counterpart).",
        "delegation_member": "Member of a delegation.",
    },
    SourceKind: {
        "official_statement": "A statement, readout or page of a government, ministry or embassy.",
        "treaty_text": "The text of an agreement as published.",
        "treaty_database": "A treaty list or legal database.",
        "statistical_database": "A statistical database or statistical publication.",
        "news_agency": "A report of a news agency (BelTA, Xinhua, ...).",
        "news_media": "A report of another news outlet.",
        "analysis": "An analytical or scholarly article.",
        "reference": "A reference work or organization's own page.",
    },
    Reporter: {
        "BLR": "Belarus's statistics (Belstat, Belarusian officials).",
        "CHN": "China's statistics (General Administration of Customs, Chinese officials).",
    },
    TradeFlow: {
        "export": "Exports of the reporter to the partner.",
        "import": "Imports of the reporter from the partner.",
        "turnover": "Exports plus imports, as stated by a source or derived (then marked derived).",
    },
    Valuation: {
        "fob": "Free on board.",
        "cif": "Cost, insurance and freight.",
        "mixed": "A total of FOB exports and CIF imports.",
        "unknown": "The source does not say.",
    },
    Scope: {
        "goods": "Trade in goods.",
        "goods_and_services": "Trade in goods and services.",
    },
    FigureStatus: {
        "final": "A final figure.",
        "preliminary": "A preliminary or operational figure.",
        "lower_bound": "A bound: the source says 'more than' the value.",
        "approximate": "An approximate figure ('about', rounded by the source).",
    },
    Verdict: {
        "supported": "The records confirm the claim.",
        "partly_supported": "The records confirm part of the claim; the note says which part.",
        "contradicted": "The records contradict the claim.",
        "not_checkable": "The records cannot decide the claim yet; the note says what is missing.",
    },
    CoverageStatus: {
        "systematic": "Searched systematically; a missing record most likely means the event did not happen.",
        "partial": "Searched in part (named facts, some sources); a missing record may simply not be found yet.",
        "not_searched": "Not searched; a missing record says nothing.",
    },
    DatePrecision: {
        "year": "Known to the year.",
        "month": "Known to the month.",
        "day": "Known to the day.",
    },
}


def category_meanings(category: type[StrEnum]) -> dict[str, str]:
    """Return the meaning of every value of a category list, in declaration order.

    >>> category_meanings(TradeFlow)["export"]
    'Exports of the reporter to the partner.'
    """
    meanings = _MEANINGS[category]
    return {member.value: meanings[member.value] for member in category}


class UnVoteChoice(StrEnum):
    """A country's recorded vote on a UN General Assembly roll call."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class UnIssue(StrEnum):
    """Issue codes of UN General Assembly roll calls (the six issue categories of Voeten's data)."""

    ME = "me"
    NU = "nu"
    DI = "di"
    HR = "hr"
    CO = "co"
    EC = "ec"


__all__ += ["UnIssue", "UnVoteChoice"]
_MEANINGS[UnVoteChoice] = {
    "yes": "Voted yes.",
    "no": "Voted no.",
    "abstain": "Abstained (a recorded abstention; absence is not a vote and has no row).",
}
_MEANINGS[UnIssue] = {
    "me": "Palestinian conflict.",
    "nu": "Nuclear weapons and nuclear material.",
    "di": "Arms control and disarmament.",
    "hr": "Human rights.",
    "co": "Colonialism.",
    "ec": "Economic development.",
}
