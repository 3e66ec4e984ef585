"""Rewrite notes that spoke of how the data was made ("seed article", "corpus", "search tool", "session 2") so
that they name the article or the source instead. Written through the curation write path (validated, all or
nothing). Run from the repository root: .venv/bin/python findings/2026-11-pass3/process_words.py
"""

from belarus_china_data.contract.models import TABLE_MODELS
from belarus_china_data.curation.build import repository_root
from belarus_china_data.curation.csvfiles import read_raw_rows, table_csv_text
from belarus_china_data.curation.transaction import commit_tables

TURARBEKAVA = "the article by Turarbekava (2023)"
SELF_IDENTIFICATION = "the 2022 article on Belarus's foreign-policy self-identification"
REPLACEMENTS = [
    ("The first seed article", TURARBEKAVA[0].upper() + TURARBEKAVA[1:]),
    ("the first seed article", TURARBEKAVA),
    ("the second seed article's 'more than 3.6 billion'", f"the 'more than 3.6 billion' of {SELF_IDENTIFICATION}"),
    ("The second seed article's", f"The wording of {SELF_IDENTIFICATION}, its"),
    ("The second seed article", SELF_IDENTIFICATION[0].upper() + SELF_IDENTIFICATION[1:]),
    ("the second seed article", SELF_IDENTIFICATION),
    ("Both seed articles", f"Both analytical articles ({TURARBEKAVA[4:]}; {SELF_IDENTIFICATION[4:]})"),
    ("both seed articles", f"both analytical articles ({TURARBEKAVA[4:]}; {SELF_IDENTIFICATION[4:]})"),
    (
        "Project seed article (an 'Analytical Article 2023');",
        "Analytical article (printed as 'Analytical Article 2023');",
    ),
    (
        "Project seed article; author, venue and URL were not found with the search tool.",
        "Analytical article; its author, venue and URL could not be found.",
    ),
    ("The search tool showed a date of", "The copy read showed a date of"),
    (" (session 2, November 2026)", " (November 2026)"),
    ("The corpus holds little from before 2010.", "Few sources from before 2010 could be read."),
    ("(not in the searchable corpus)", "(not reachable)"),
    ("items in the corpus", "items read"),
    ("themselves are not in the searchable corpus.", "themselves could not be reached."),
    ("cited by the seed article;", f"cited by {TURARBEKAVA};"),
    ("mentioned by the seed article", "mentioned by the article"),
    ("role named by the seed article", "role named by the article"),
    ("Belarus is a member (seed article)", "Belarus is a member (as the article says)"),
    (
        "Its public URL was not found with the search tool, so url is empty.",
        "Its public URL could not be found, so url is empty.",
    ),
    ("the copy read through the search tool showed no page title.", "the copy read showed no page title."),
    ("Date shown by the search tool's copy.", "Date shown on the copy read."),
    ("the URL is the one the search tool returned.", "the URL is the address of the copy read."),
]

data = repository_root() / "data"
texts = {}
count = 0
for name in TABLE_MODELS:
    rows = read_raw_rows(data / f"{name}.csv", name)
    for row in rows:
        for field, value in row.items():
            if isinstance(value, str):
                new = value
                for old, replacement in REPLACEMENTS:
                    new = new.replace(old, replacement)
                if new != value:
                    row[field] = new
                    count += 1
    texts[name] = table_csv_text(name, rows)
commit_tables(data, texts)
print(f"{count} cells rewritten")
