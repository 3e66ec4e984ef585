"""Draw the audit sample of a data pass: a seeded random choice of records added since an earlier release.

Usage (from the repository root)::

    python audit/sample.py --since 0.2.0 --size 40 --seed 20261130 > audit/2026-11-pass3/sample.csv
    python audit/sample.py --findings findings/2026-11-pass4 --size 20 --seed 20261201 > audit/2026-11-pass4/sample.csv

``--since`` draws from the records added since a release; ``--findings`` from every record a pass's findings files
add or update (a pass that mostly corrects and links existing records is audited on those changes).

Each row gives the record, its main text and every source behind it (publisher, URL, quote), so an auditor can
re-read the sources and say whether the record's core facts (what, who, when, figures) hold. The same seed and
release give the same sample, so anyone can repeat the audit.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

import belarus_china_data as bcd

ROOT = Path(__file__).resolve().parents[1]
SOURCED = {
    "agreements": "agreement_id",
    "visits": "visit_id",
    "organizations": "organization_id",
    "persons": "person_id",
    "events": "event_id",
    "indicators": "indicator_id",
    "loans": "loan_id",
    "trade_figures": "figure_id",
    "trade_products": "product_figure_id",
}
MAIN_TEXT = ("title_en", "name_en", "measure", "product")
MAIN_DATE = ("date_signed", "start_date", "date", "founded", "period")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    chosen_from = parser.add_mutually_exclusive_group(required=True)
    chosen_from.add_argument("--since", help="release whose records are not new (releases/<it>.json)")
    chosen_from.add_argument("--findings", type=Path, help="folder of a pass's findings files, or one such file")
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    candidates = []
    if args.findings:
        for path in sorted(args.findings.glob("*.json")) if args.findings.is_dir() else [args.findings]:
            for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
                table = item["table"]
                if table in SOURCED and item["action"] in ("add", "update"):
                    candidates.append((table, item["record"][SOURCED[table]]))
        candidates = sorted(set(candidates))
    else:
        old = json.loads((ROOT / "releases" / f"{args.since}.json").read_text(encoding="utf-8"))["tables"]
        for table, key in SOURCED.items():
            known = set(old.get(table, {}).get("ids", []))
            frame = bcd.load(table)  # type: ignore[arg-type]
            candidates += [(table, record_id) for record_id in frame[key] if record_id not in known]
        candidates.sort()
    chosen = random.Random(args.seed).sample(candidates, min(args.size, len(candidates)))
    links = bcd.load("record_sources")
    sources = bcd.sources().set_index("source_id")
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["table", "record_id", "text", "date", "value", "sources"])
    for table, record_id in chosen:
        record = bcd.load(table).set_index(SOURCED[table]).loc[record_id]  # type: ignore[arg-type]
        text = next((str(record[c]) for c in MAIN_TEXT if c in record and str(record[c]) != "<NA>"), "")
        date = next((str(record[c]) for c in MAIN_DATE if c in record and str(record[c]) != "<NA>"), "")
        value = next((str(record[c]) for c in ("value", "value_usd_millions", "amount") if c in record), "")
        behind = links[links.record_id == record_id]
        cited = " | ".join(
            f'{sources.loc[s, "publisher"]} <{sources.loc[s, "url"]}> "{q}"'
            for s, q in zip(behind.source_id, behind.quote, strict=True)
        )
        writer.writerow([table, record_id, text, date, value, cited])
    print(f"{len(chosen)} of {len(candidates)} new or changed records", file=sys.stderr)


if __name__ == "__main__":
    main()
