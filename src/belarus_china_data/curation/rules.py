"""Rules across rows and tables that no single record can check, run by every writer before it writes.

Each rule returns the problems it finds as :class:`~belarus_china_data.contract.errors.DataError` (file, line,
field, message). They complement the per-row models and the key checks of :mod:`.validation`:

* trade figures: one figure per natural key; no partner above the world total of the same reporter, period,
  flow, scope and vintage; one name per partner code;
* codes from maintained lists (``pycountry``): countries (ISO 3166-1 and 3166-3, plus the aggregates WLD, EUU
  and BLX), languages (ISO 639), currencies (ISO 4217);
* retired ids: successor in the same table (or an agreement moved to events), no cycles, ``retired_in`` a real release;
* sources: ``published`` ≤ ``accessed`` ≤ today;
* coverage: periods of one table do not overlap;
* organizations: no parent cycles;
* positions: a post starts after its holder's birth;
* agreements signed during a visit lie within the visit's dates, or their note says why not;
* quotes under 25 words; every agreement with two parties, its signatories signing for one of them; every visit
  with a visitor of the visiting side;
* Chinese names and titles in simplified characters; no text speaking of the research process.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..contract.countries import AGGREGATE_CODES
from ..contract.dates import parse_partial_date
from ..contract.errors import DataError
from ..contract.models import (
    TABLE_MODELS,
    Agreement,
    AgreementParty,
    Coverage,
    Loan,
    Organization,
    Person,
    Position,
    RetiredId,
    Source,
    TradeFigure,
    Visit,
    VisitParticipant,
)
from .release import retired_in_problems

if TYPE_CHECKING:
    from .sourcedata import SourceData

__all__ = ["RULES", "check_rules", "known_country_codes"]

#: Codes that are not countries but stand in the data: the world, the EU, Belgium-Luxembourg (IMF DOTS).
EXTRA_COUNTRY_CODES = AGGREGATE_CODES | {"BLX"}
#: Moves between tables a retirement may make: a milestone once recorded as an agreement moves to events.
ALLOWED_MOVES: dict[str, frozenset[str]] = {"agr": frozenset({"evt"})}
#: Country fields per table, checked against :func:`known_country_codes`.
COUNTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "visits": ("visitor_country", "host_country"),
    "organizations": ("country",),
    "persons": ("country",),
    "trade_figures": ("partner",),
    "events": ("actor_country",),
    "indicators": ("reporter",),
    "trade_products": ("partner",),
    "un_votes": ("country",),
}


@cache
def known_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, former states (ISO 3166-3) and the aggregates the data uses.

    >>> {"BLR", "CHN", "SUN", "WLD"} <= known_country_codes(), "XXX" in known_country_codes()
    (True, False)
    """
    import pycountry

    current = {country.alpha_3 for country in pycountry.countries}
    former = {country.alpha_3 for country in pycountry.historic_countries}
    return frozenset(current | former | EXTRA_COUNTRY_CODES)


@cache
def _language_codes() -> frozenset[str]:
    import pycountry

    return frozenset(
        code
        for language in pycountry.languages
        for code in (getattr(language, "alpha_2", None), language.alpha_3)
        if code
    )


@cache
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _rows(data: SourceData, table: str) -> Iterator[tuple[int, Any]]:
    for index, record in enumerate(data.records[table]):
        yield data.locate(table, index), record


def _error(table: str, line: int, field: str, message: str) -> DataError:
    return DataError(f"data/{table}.csv", line, field, message)


def _closest(value: str, choices: frozenset[str]) -> str:
    import difflib

    found = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (closest: {found[0]})" if found else ""


def check_codes(data: SourceData, root: Path) -> list[DataError]:
    """Country, language and currency codes come from the ISO lists that ``pycountry`` maintains."""
    errors = []
    countries = known_country_codes()
    for table, fields in COUNTRY_FIELDS.items():
        for line, record in _rows(data, table):
            for field in fields:
                value = getattr(record, field)
                if value is not None and value not in countries:
                    errors.append(
                        _error(
                            table, line, field, f"{value} is not an ISO 3166 country code{_closest(value, countries)}"
                        )
                    )
    languages = _language_codes()
    for line, source in _rows(data, "sources"):
        if source.language not in languages:
            errors.append(_error("sources", line, "language", f"{source.language} is not an ISO 639 language code"))
    currencies = _currency_codes()
    for line, loan in _rows(data, "loans"):
        assert isinstance(loan, Loan)
        if loan.currency not in currencies:
            errors.append(_error("loans", line, "currency", f"{loan.currency} is not an ISO 4217 currency code"))
    return errors


def check_trade(data: SourceData, root: Path) -> list[DataError]:
    """One figure per natural key, no reporter trading with itself, no partner above its world total, one partner
    name per code."""
    errors = []
    figures = [(line, f) for line, f in _rows(data, "trade_figures") if isinstance(f, TradeFigure)]
    for line, figure in figures:
        if figure.partner == figure.reporter:
            errors.append(
                _error(
                    "trade_figures",
                    line,
                    "partner",
                    f"{figure.partner} is the reporter itself: a country does "
                    "not trade with itself (the partner is the other country, a group or the world)",
                )
            )
    seen: dict[tuple[Any, ...], tuple[int, str]] = {}
    names: dict[str, tuple[str, int]] = {}
    world: dict[tuple[Any, ...], float] = {}
    for line, figure in figures:
        key = (
            figure.reporter,
            figure.partner,
            figure.period,
            figure.flow,
            figure.valuation,
            figure.scope,
            figure.vintage,
        )
        if key in seen:
            first_line, first_id = seen[key]
            errors.append(
                _error(
                    "trade_figures",
                    line,
                    "figure_id",
                    f"{figure.figure_id} repeats {first_id} (line {first_line}): same reporter, partner, period, flow, "
                    "valuation, scope and vintage",
                )
            )
        else:
            seen[key] = (line, figure.figure_id)
        name = names.setdefault(figure.partner, (figure.partner_name, line))
        if name[0] != figure.partner_name:
            errors.append(
                _error(
                    "trade_figures",
                    line,
                    "partner_name",
                    f"{figure.partner_name!r} contradicts {name[0]!r} for partner {figure.partner} (line {name[1]})",
                )
            )
        if figure.partner == "WLD":
            world[(figure.reporter, figure.period, figure.flow, figure.scope, figure.vintage)] = (
                figure.value_usd_millions
            )
    for line, figure in figures:
        total = world.get((figure.reporter, figure.period, figure.flow, figure.scope, figure.vintage))
        if figure.partner not in AGGREGATE_CODES and total is not None and figure.value_usd_millions > total * 1.0001:
            errors.append(
                _error(
                    "trade_figures",
                    line,
                    "value_usd_millions",
                    f"{figure.value_usd_millions} for {figure.partner} exceeds the world total {total} of the same "
                    "reporter, period, flow, scope and vintage",
                )
            )
    return errors


def check_retired(data: SourceData, root: Path) -> list[DataError]:
    """A successor lies in the retired id's table, successors form no cycle, and ``retired_in`` is the first release
    whose snapshot (``releases/<version>.json``, the current version counting as one without the id) lacks it."""
    from .._version import __version__

    errors = []
    retired = {r.retired_id: r for r in data.records["retired_ids"] if isinstance(r, RetiredId)}
    releases = {path.stem for path in (root / "releases").glob("*.json")} | {__version__}
    successors = {old: r.successor_id for old, r in retired.items()}
    snapshots = {}
    for path in sorted((root / "releases").glob("*.json")):
        try:
            snapshot = json.loads(path.read_text(encoding="utf-8"))
            snapshots[str(snapshot["version"])] = snapshot
        except (OSError, ValueError, KeyError, TypeError) as exc:
            errors.append(DataError(f"releases/{path.name}", None, None, f"not a readable release snapshot ({exc})"))
            return errors
    stated = {old: r.retired_in for old, r in retired.items()}
    misdated = dict(retired_in_problems(stated, snapshots, __version__))
    for line, row in _rows(data, "retired_ids"):
        assert isinstance(row, RetiredId)
        if row.successor_id is not None:
            old_prefix, new_prefix = row.retired_id.split("-", 1)[0], row.successor_id.split("-", 1)[0]
            if new_prefix != old_prefix and new_prefix not in ALLOWED_MOVES.get(old_prefix, ()):
                errors.append(
                    _error("retired_ids", line, "successor_id", f"{row.successor_id} is in another table than the id")
                )
        if row.retired_in not in releases:
            errors.append(
                _error(
                    "retired_ids", line, "retired_in", f"{row.retired_in} is no release ({', '.join(sorted(releases))})"
                )
            )
        elif row.retired_id in misdated:
            errors.append(_error("retired_ids", line, "retired_in", misdated[row.retired_id]))
        cycle = _cycle_through(row.retired_id, successors)
        if cycle is not None:
            errors.append(_error("retired_ids", line, "successor_id", f"successors form a cycle through {cycle}"))
    return errors


def _cycle_through(start: str, next_of: dict[str, str | None]) -> str | None:
    """The id at which following ``next_of`` from ``start`` comes back to an id already seen, or ``None``."""
    seen = {start}
    current = next_of.get(start)
    while current is not None:
        if current in seen:
            return current
        seen.add(current)
        current = next_of.get(current)
    return None


def address_key(url: str) -> str:
    """A web address without what does not change the page it names: the scheme, a leading ``www.``, the case of
    the host, a trailing slash.

    >>> address_key("https://WWW.Example.org/a/") == address_key("http://example.org/a")
    True
    """
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.I)
    host, slash, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + slash + path).rstrip("/")


def same_address(a: str, b: str) -> bool:
    """Whether two URLs name the same page (they differ at most in scheme, ``www.``, host case or a final slash)."""
    return address_key(a) == address_key(b)


def check_sources(data: SourceData, root: Path) -> list[DataError]:
    """A source is published no later than it was read, and read no later than today; analysis is not primary;
    no two sources have the same address (up to scheme, ``www.`` and a trailing slash)."""
    errors = []
    today = dt.date.today()
    addresses: dict[str, str] = {}
    for line, source in _rows(data, "sources"):
        assert isinstance(source, Source)
        if source.url:
            first = addresses.setdefault(address_key(source.url), source.source_id)
            if first != source.source_id:
                errors.append(
                    _error(
                        "sources",
                        line,
                        "url",
                        f"{source.url} is the page of {first} (the addresses differ only "
                        "in scheme, www. or a final slash): retire one source into the other",
                    )
                )
        if source.kind == "analysis" and source.is_primary:
            errors.append(_error("sources", line, "is_primary", "an analysis is never a primary source"))
        if source.accessed > today:
            errors.append(_error("sources", line, "accessed", f"accessed {source.accessed} is in the future"))
        if source.published is not None and parse_partial_date(source.published).earliest > source.accessed:
            errors.append(
                _error(
                    "sources", line, "published", f"published {source.published} is after accessed {source.accessed}"
                )
            )
    return errors


def check_coverage(data: SourceData, root: Path) -> list[DataError]:
    """The periods of one table's coverage rows do not overlap."""
    errors = []
    by_table: dict[str, list[tuple[int, Coverage]]] = defaultdict(list)
    for line, row in _rows(data, "coverage"):
        by_table[row.table_name].append((line, row))
    for table, rows in by_table.items():
        ordered = sorted(rows, key=lambda item: item[1].first_year)
        for (_, before), (line, after) in itertools.pairwise(ordered):
            if after.first_year <= before.last_year:
                errors.append(
                    _error(
                        "coverage",
                        line,
                        "first_year",
                        f"{table} {after.first_year}-{after.last_year} overlaps {before.first_year}-{before.last_year}",
                    )
                )
    return errors


def check_organizations(data: SourceData, root: Path) -> list[DataError]:
    """No organization is its own ancestor."""
    errors = []
    parents = {o.organization_id: o.parent_id for o in data.records["organizations"] if isinstance(o, Organization)}
    for line, org in _rows(data, "organizations"):
        cycle = _cycle_through(org.organization_id, parents)
        if cycle is not None:
            errors.append(_error("organizations", line, "parent_id", f"parents form a cycle through {cycle}"))
    return errors


def check_positions(data: SourceData, root: Path) -> list[DataError]:
    """A post starts after its holder was born."""
    errors = []
    born = {
        p.person_id: parse_partial_date(p.born) for p in data.records["persons"] if isinstance(p, Person) and p.born
    }
    for line, position in _rows(data, "positions"):
        assert isinstance(position, Position)
        birth = born.get(position.person_id)
        if birth is not None and parse_partial_date(position.start).latest < birth.earliest:
            errors.append(
                _error(
                    "positions",
                    line,
                    "start",
                    f"start {position.start} is before {position.person_id} was born ({birth})",
                )
            )
    return errors


def check_visit_dates(data: SourceData, root: Path) -> list[DataError]:
    """An agreement signed during a visit is dated within the visit, unless its note explains the difference."""
    errors = []
    visits = {v.visit_id: v for v in data.records["visits"] if isinstance(v, Visit)}
    for line, agreement in _rows(data, "agreements"):
        assert isinstance(agreement, Agreement)
        visit = visits.get(agreement.visit_id or "")
        if visit is None or agreement.date_signed_earliest is None or agreement.date_signed_latest is None:
            continue
        start = visit.start_date_earliest
        end = visit.end_date_latest or visit.start_date_latest
        inside = agreement.date_signed_latest >= start and agreement.date_signed_earliest <= end
        if not inside and "visit" not in (agreement.note or "").lower():
            errors.append(
                _error(
                    "agreements",
                    line,
                    "visit_id",
                    f"signed {agreement.date_signed}, outside {visit.visit_id} ({visit.start_date} to "
                    f"{visit.end_date or visit.start_date}); fix the date or visit, or say why in the note",
                )
            )
    return errors


#: A quote is evidence, not reproduction: under 25 words, or at most this many characters (for scripts without spaces).
QUOTE_WORDS = 24
QUOTE_CHARACTERS = 120


def check_quotes(data: SourceData, root: Path) -> list[DataError]:
    """Quotes stay short: under 25 words (or 120 characters, for Chinese and other text without spaces)."""
    errors = []
    for line, link in _rows(data, "record_sources"):
        quote = link.quote
        if quote is not None and len(quote.split()) > QUOTE_WORDS and len(quote) > QUOTE_CHARACTERS:
            errors.append(
                _error("record_sources", line, "quote", f"quote of {len(quote.split())} words; keep it under 25")
            )
    return errors


def check_links(data: SourceData, root: Path) -> list[DataError]:
    """Every agreement has at least two parties and every signatory signs for one of them; every visit has a
    visitor of the visiting side, unless the visit's note says the sources do not name one."""
    errors = []
    parties: dict[str, set[str]] = defaultdict(set)
    for party in data.records["agreement_parties"]:
        assert isinstance(party, AgreementParty)
        parties[party.agreement_id].add(party.organization_id)
    for line, agreement in _rows(data, "agreements"):
        if len(parties[agreement.agreement_id]) < 2:
            errors.append(
                _error("agreements", line, "agreement_id", f"{agreement.agreement_id} has fewer than two parties")
            )
    for line, signatory in _rows(data, "agreement_signatories"):
        body = signatory.on_behalf_of_id
        if signatory.role == "signatory" and body is not None and body not in parties[signatory.agreement_id]:
            errors.append(
                _error(
                    "agreement_signatories",
                    line,
                    "on_behalf_of_id",
                    f"{body} is not a party of {signatory.agreement_id}; add it to agreement_parties or correct it",
                )
            )
    visitors: dict[str, set[str]] = defaultdict(set)
    for participant in data.records["visit_participants"]:
        assert isinstance(participant, VisitParticipant)
        if participant.role == "visitor":
            visitors[participant.visit_id].add(participant.side)
    for line, visit in _rows(data, "visits"):
        assert isinstance(visit, Visit)
        sides = visitors[visit.visit_id]
        if not sides and "not name" not in (visit.note or ""):
            errors.append(
                _error(
                    "visits",
                    line,
                    "visit_id",
                    f"{visit.visit_id} has no visitor in visit_participants (or a note that no source names one)",
                )
            )
        elif sides and visit.kind != "sidelines" and visit.visitor_country not in sides:
            errors.append(
                _error(
                    "visits", line, "visitor_country", f"no visitor of {visit.visitor_country} in visit_participants"
                )
            )
    return errors


#: Fields that hold Chinese text, which the data writes in simplified characters (traditional only as a search
#: variant in ``name_variants``).
CHINESE_FIELDS = ("name_zh", "title_zh")


@cache
def _to_simplified() -> Callable[[str], str]:
    from opencc_purepy import OpenCC

    converter = OpenCC("t2s")
    return converter.convert


def check_simplified_chinese(data: SourceData, root: Path) -> list[DataError]:
    """Chinese names and titles are in simplified characters; the error gives the simplified form."""
    errors = []
    simplified = _to_simplified()
    for table, model in TABLE_MODELS.items():
        fields = [f for f in CHINESE_FIELDS if f in model.model_fields]
        for line, record in _rows(data, table) if fields else ():
            for field in fields:
                value = getattr(record, field)
                if value is not None and simplified(value) != value:
                    errors.append(
                        _error(
                            table, line, field, f"{value} has traditional characters; simplified: {simplified(value)}"
                        )
                    )
    return errors


#: Words about how the data was made, which user-facing text never uses: name the article or the source instead.
PROCESS_WORDS = re.compile(
    r"\b(seeds?|seed articles?|research brief|the brief|brief (?:asked|says|said)|searchable corpus|corpus|search tool|"
    r"copy read|title not captured|not captured|untitled in the copy)\b",
    re.IGNORECASE,
)


def check_process_words(data: SourceData, root: Path) -> list[DataError]:
    """Ids, titles, notes and summaries speak of sources and articles, never of our own research process (the retired
    ids that once did stay resolvable in ``retired_ids``)."""
    errors = []
    for table in TABLE_MODELS:
        for line, record in _rows(data, table):
            for field, value in record:
                if isinstance(value, str) and (table != "retired_ids" or field == "reason"):
                    found = PROCESS_WORDS.search(value)
                    if found:
                        errors.append(
                            _error(
                                table, line, field, f"speaks of {found.group()!r}; name the article or source instead"
                            )
                        )
    return errors


Rule = Callable[["SourceData", Path], list[DataError]]
#: Every rule, in the order they run.
RULES: tuple[Rule, ...] = (
    check_codes,
    check_trade,
    check_retired,
    check_sources,
    check_coverage,
    check_organizations,
    check_positions,
    check_visit_dates,
    check_quotes,
    check_links,
    check_simplified_chinese,
    check_process_words,
)


def check_rules(data: SourceData, root: Path) -> list[DataError]:
    """Run every rule on validated ``data``; ``root`` is the repository (for the release list)."""
    return [error for rule in RULES for error in rule(data, root)]
