"""Shorten the quotes of pass 3 that ran over 24 words (two quotes of one source joined, or a long sentence).

Each quote keeps its first 23 words, verbatim, followed by an ellipsis; written through the curation write path.
Run from the repository root: .venv/bin/python findings/2026-11-pass3/shorten_quotes.py
"""

from belarus_china_data.curation.build import repository_root
from belarus_china_data.curation.csvfiles import read_raw_rows, table_csv_text
from belarus_china_data.curation.rules import QUOTE_CHARACTERS, QUOTE_WORDS
from belarus_china_data.curation.transaction import commit_tables

data = repository_root() / "data"
rows = read_raw_rows(data / "record_sources.csv", "record_sources")
shortened = 0
for row in rows:
    quote = row["quote"]
    if quote and len(quote.split()) > QUOTE_WORDS and len(quote) > QUOTE_CHARACTERS:
        first = quote.split(" … ")[0]
        words = first.split()
        row["quote"] = first if len(words) <= QUOTE_WORDS else " ".join(words[: QUOTE_WORDS - 1]) + " …"
        shortened += 1
commit_tables(data, {"record_sources": table_csv_text("record_sources", rows)})
print(f"{shortened} quotes shortened")
