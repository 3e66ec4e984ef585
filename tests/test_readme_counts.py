"""The README's coverage figures are copies of counts over the shipped data: this test recomputes them."""

from __future__ import annotations

import belarus_china_data as bcd

from .conftest import ROOT


def test_readme_coverage_counts_match_the_data() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    agreements = bcd.agreements()
    latest, year = agreements["date_signed_latest"], agreements["date_signed_earliest"].dt.year
    assert f"| {(latest <= '2007-11-30').sum()} agreements signed by then |" in readme
    assert f"| {(latest <= '2008-12-31').sum()} signed by the end of 2008 |" in readme
    visits = bcd.visits()
    counted = visits.dropna(subset=["documents_signed"]).sort_values("start_date_earliest")
    official = [int(n) for n in counted["documents_signed"]]
    itemized = sum(
        min(int((agreements["visit_id"] == v).sum()), n) for v, n in zip(counted["visit_id"], official, strict=True)
    )
    total = sum(official)
    flat_row = (
        f"| documents signed during the {len(official)} visits or sessions with an official count "
        f"| {total} in all ({', '.join(map(str, official))}) | {itemized} itemized ({round(100 * itemized / total)}%) |"
    )
    assert flat_row in readme
    decades = [
        ("1990s", year < 2000),
        ("2000s", (year >= 2000) & (year < 2010)),
        ("2010s", (year >= 2010) & (year < 2020)),
        ("2020s", year >= 2020),
    ]
    text = ", ".join(f"{label} {int(mask.sum())}" for label, mask in decades)
    flat = " ".join(readme.split())
    assert f"Agreements recorded by decade of signature: {text}, and {int(year.isna().sum())} whose" in flat
    assert f"({len(agreements)} in all)" in flat
    lukashenko = bcd.person("Lukashenko").visits.query("role == 'visitor' and host_country == 'CHN'")
    assert f"| 16th visit (CCTV) | {len(lukashenko)} |" in readme
