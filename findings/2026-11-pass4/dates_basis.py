"""Add `visits.dates_basis` and classify every visit of release 0.3.0 (run once, kept for review).

The audit of pass 3 found regional visits whose start day is only the day a source shows the visitor there.
Each visit below was classified by reading its note and the quotes of its sources: `reported_days` where the
dates come from a meeting, a signing, a session or a dateline rather than from the visit's own span.
Every other visit is `visit_span`. The CSV is rewritten through the curation transaction (validated first).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

REPORTED_DAYS = {
    "vis-1992-kebich-beijing": "in Beijing on 20 January 1992; the month is that day's",
    "vis-1993-shushkevich-beijing": "inferred from the joint statement signed on 11 January 1993",
    "vis-1995-li-peng-minsk": "the day of the Minsk stop; its length was not found",
    "vis-2008-lukashenko-china": "the month of the 7 August meeting",
    "vis-2010-lukashenko-china": "in China on 11 and 12 October",
    "vis-2018-lukashenko-sco-qingdao": "the month of the 10 June agreement",
    "vis-2011-wu-bangguo-minsk": "the day of the reported meeting",
    "vis-2014-tozik-beijing-intergov-committee-1": "the day of the session",
    "vis-2015-wang-yi-minsk": "the day of the reported meeting",
    "vis-2016-meng-jianzhu-minsk-intergov-committee-2": "the day of the session",
    "vis-2023-snopkov-beijing-intergov-committee-5": "the days of the session",
    "vis-2023-khrenin-china-xiangshan": "the month of the 29 October talks",
    "vis-2008-maltsev-beijing": "the day of the talks",
    "vis-2017-lappo-beijing": "the day of the meeting",
    "vis-2017-zas-vakulchik-beijing": "the day of the meeting",
    "vis-2025-kubrakov-beijing": "the day of the meeting",
    "vis-2006-li-zhiyong-cpc-organization-department-minsk": "the day of the talks",
    "vis-2006-cao-gangchuan-minsk": "the month of the report of the meeting",
    "vis-2008-liang-guanglie-minsk": "the month of the 11 September meeting",
    "vis-2009-hui-liangyu-minsk": "the month of the 28 August meeting",
    "vis-2024-li-hui-minsk-eurasian-security-conference": "the day of the meeting with the foreign minister",
    "vis-2025-sun-linjiang-minsk-eurasian-security-conference": "the day of the speech",
    "vis-2018-snopkov-beijing-intergov-committee-3": "the day of the session",
    "vis-2025-parkhomchik-anhui": "the day of the meeting in Hefei",
    "vis-2018-ren-xianliang-npc-delegation-belarus": "the start month is that of the 17 October report",
    "vis-2023-minsk-region-delegation-guangdong": "the start month is that of the 22 May report",
    "vis-2017-chen-baosheng-minsk-education-commission-3": "the day of the meeting",
    "vis-2017-cao-jianming-minsk": "the day of the meeting and signing",
    "vis-2017-guo-shengkun-minsk": "the day of the meeting",
    "vis-2007-liu-peng-minsk": "the day of the signing",
    "vis-2016-shorets-beijing": "the month of the report of the signing",
    "vis-2014-wang-guanzhong-minsk": "the month of the report of the signing",
    "vis-2018-shumilin-beijing-sci-tech-commission-2": "the day of the meeting",
    "vis-2024-ivanets-dalian-education-commission-7": "the day of the university visit",
    "vis-2017-svetlov-beijing-culture-commission-2": "the month of the report of the meeting",
    "vis-2011-inner-mongolia-delegation-gomel": "the dateline of the report of the signing",
    "vis-2025-gora-beijing": "the month of the 16 September meeting and signing",
    "vis-2025-krupko-changchun": "the month of the report",
    "vis-2018-yao-zengke-vitebsk": "the day of the signing",
    "vis-2025-kukharev-qingdao": "the days of the Minsk events in Qingdao",
    "vis-2023-krupko-chengdu": "the month of the 31 August university visit",
    "vis-2016-guminsky-hong-kong": "the month of the report's dateline",
    "vis-2025-aleinik-beijing-parliamentary-forum": "the day of the meeting",
    "vis-2006-zhao-xidi-election-observers-minsk": "the day of the meeting",
}


def main(root: Path) -> None:
    from belarus_china_data.curation.transaction import replace_files

    path = root / "data" / "visits.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    if "dates_basis" in header:
        sys.exit("visits.csv already has dates_basis")
    at = header.index("end_date_latest") + 1
    header.insert(at, "dates_basis")
    seen = set()
    for row in rows[1:]:
        basis = "reported_days" if row[0] in REPORTED_DAYS else "visit_span"
        seen.add(row[0])
        row.insert(at, basis)
    missing = set(REPORTED_DAYS) - seen
    if missing:
        sys.exit(f"unknown visit ids: {sorted(missing)}")
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    replace_files({path: out.getvalue().encode("utf-8")})


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
