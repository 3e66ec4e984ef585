"""Benchmarks: speed of belarus-china-data against baselines measured in the same run, and how it grows with the data.

Run from a checkout with the dev extra installed:

    python benchmarks/run.py [--quick] [--rounds N] [--markdown BENCHMARKS.md]

Every measure is a pair (ours, a baseline) run in fresh interpreters, interleaved (A B, then B A, ...) over several
rounds so that a change of machine load falls on both; each is given as the minimum and the median of its rounds,
in CPU time (user + system, what the issue's targets count on a shared machine) beside wall time. The scale part
builds a copy of every shipped table with ten times the rows and reports how load, validate, search, the site and
the build grow (1.0 = no growth, 10 = linear). Nothing here is a pass/fail test; BENCHMARKS.md is generated from
the output (``--markdown``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SHIPPED = ROOT / "src" / "belarus_china_data" / "_data"
#: Prefix a measured snippet runs with to read a scaled copy of the shipped files instead of the installed ones.
POINT_AT = (
    "import belarus_china_data.shipped as _s, pathlib as _p; _s.SHIPPED_DIR = _p.Path({folder!r}); _s.clear_caches()\n"
)


@dataclass(frozen=True)
class Timing:
    """One run: wall and CPU seconds (of the statement alone, or of the whole process)."""

    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process(argv: list[str]) -> Timing:
    """A fresh process from start to exit: wall time, and its CPU time (from the children's resource usage)."""
    before, start = _children_cpu(), time.perf_counter()
    subprocess.run(argv, check=True, cwd="/", capture_output=True)
    return Timing(time.perf_counter() - start, _children_cpu() - before)


def statement(setup: str, code: str) -> Timing:
    """A fresh process that runs ``setup``, then times ``code`` alone (wall and process CPU)."""
    program = (
        f"{setup}\nimport time\nw, c = time.perf_counter(), time.process_time()\n{code}\n"
        "print(time.perf_counter() - w, time.process_time() - c)"
    )
    out = subprocess.run([PYTHON, "-c", program], check=True, cwd="/", capture_output=True, text=True).stdout
    wall, cpu = out.split()[-2:]
    return Timing(float(wall), float(cpu))


def paired(ours: Callable[[], Timing], baseline: Callable[[], Timing], rounds: int) -> tuple[list[Timing], ...]:
    """Both measures, interleaved: A B in even rounds, B A in odd ones."""
    a: list[Timing] = []
    b: list[Timing] = []
    for number in range(rounds):
        if number % 2 == 0:
            a.append(ours())
            b.append(baseline())
        else:
            b.append(baseline())
            a.append(ours())
    return a, b


def _summary(runs: list[Timing]) -> str:
    cpu = [r.cpu for r in runs]
    wall = [r.wall for r in runs]
    return f"{_s(min(cpu))} / {_s(statistics.median(cpu))} CPU; {_s(min(wall))} / {_s(statistics.median(wall))} wall"


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


ROWS: list[str] = []


def row(label: str, ours: list[Timing], baseline: list[Timing] | None, name: str, target: str = "") -> None:
    """A table row: ours and the baseline (min / median), the ratio of the median CPU times (or, for ``+``
    targets, the difference), and the target."""
    mine = statistics.median(r.cpu for r in ours)
    if baseline is None:
        text = f"| {label} | {_summary(ours)} | | | {target} |"
    else:
        theirs = statistics.median(r.cpu for r in baseline)
        compare = f"+{_s(mine - theirs)}" if target.startswith("≤ +") else f"{mine / theirs:.2f}x"
        text = f"| {label} | {_summary(ours)} | {name}: {_summary(baseline)} | {compare} | {target} |"
    ROWS.append(text)
    print(text, flush=True)


def speed(rounds: int, tables: list[str]) -> None:
    bare = [PYTHON, "-c", "pass"]
    cli = [PYTHON, "-m", "belarus_china_data"]
    a, b = paired(
        lambda: whole_process([PYTHON, "-c", "import belarus_china_data"]), lambda: whole_process(bare), rounds
    )
    row("import belarus_china_data (whole process)", a, b, "python -c pass", "≤ +50 ms")
    for argv in (["show", "agreements", "--limit", "5"], ["search", "visa"]):
        a, b = paired(lambda argv=argv: whole_process([*cli, *argv]), lambda: whole_process(bare), rounds)
        row(f"`{' '.join(argv)}` (whole process)", a, b, "python -c pass", "≤ +0.25 s")
    setup_ours = "import belarus_china_data as bcd, pandas, pyarrow.parquet"
    setup_bare = "import pandas as pd, pyarrow.parquet"
    for name in tables:
        path = str(SHIPPED / f"{name}.parquet")
        a, b = paired(
            lambda name=name: statement(setup_ours, f"bcd.load({name!r})"),
            lambda path=path: statement(setup_bare, f"pd.read_parquet({path!r})"),
            rounds,
        )
        row(f"first load('{name}')", a, b, "pd.read_parquet", "≤ 1.05x")
    a, b = paired(
        lambda: whole_process([PYTHON, "-c", "import belarus_china_data as bcd; assert bcd.validate().valid"]),
        lambda: whole_process(
            [PYTHON, "-c", "import belarus_china_data as bcd; assert bcd.validate(engine='frictionless').valid"]
        ),
        rounds,
    )
    row("validate() (whole process)", a, b, "validate(engine='frictionless')", "≤ 1.0 s CPU")
    panel_tables = (
        *("agreements", "visits", "events", "trade_figures", "loans", "indicators", "coverage"),
        *("un_roll_calls", "un_votes"),
    )
    a, b = paired(
        lambda: statement("import belarus_china_data as bcd, pandas", "bcd.dyad_years()"),
        lambda: statement("import belarus_china_data as bcd, pandas", f"for t in {panel_tables!r}: bcd.load(t)"),
        rounds,
    )
    row("first dyad_years()", a, b, "loading the tables it reads", "(no target)")
    with tempfile.TemporaryDirectory() as folder:
        load_all = "import belarus_china_data as bcd\nfor t in bcd.tables(): bcd.load(t)"
        for options in ([], ["--no-charts"]):

            def build_site(options: list[str] = options) -> Timing:
                # a new folder each run: writing thousands of files where as many were just deleted costs the
                # file system several seconds of system time that no user's first build pays
                return whole_process([*cli, "site", str(Path(tempfile.mkdtemp(dir=folder)) / "site"), *options])

            a, b = paired(build_site, lambda: whole_process([PYTHON, "-c", load_all]), max(2, rounds // 2))
            label = " ".join(["site OUT", *options, "(whole process)"])
            row(label, a, b, "loading every table", "≤ 6 s CPU")


# ---- the scale benchmark ------------------------------------------------------------------------------------------


def scaled_copy(folder: Path, factor: int) -> Path:
    """The shipped files with every table's rows repeated ``factor`` times (the coverage and retired ids, which
    describe the release rather than hold its data, once); ids get a suffix per copy (whole number keys an
    offset), so keys stay unique and foreign keys resolve within each copy."""
    code = f"""
import hashlib, json, pathlib, pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
import belarus_china_data.shipped as s
out = pathlib.Path({str(folder)!r}); out.mkdir(parents=True, exist_ok=True)
descriptor = json.loads((s.SHIPPED_DIR / "datapackage.json").read_text())
for r in descriptor["resources"]:
    table = s.arrow_table(r["name"])
    key = set(r["schema"].get("primaryKey", []))
    copies = [table]
    for k in range(1, 1 if r["name"] in KEEP else {factor}):
        columns = []
        for f in table.schema:
            column = table[f.name]
            if f.name.endswith("_id") or f.name == "rcid":
                if pa.types.is_integer(f.type):
                    column = pc.add(column, pa.scalar(k * 10_000_000, f.type))
                elif f.type == pa.string():
                    column = pc.binary_join_element_wise(column, pa.scalar("x%d" % k), pa.scalar("-"))
            columns.append(column)
        copies.append(pa.Table.from_arrays(columns, schema=table.schema))
    big = pa.concat_tables(copies).combine_chunks()
    pq.write_table(big, out / r["path"], compression="zstd")
    content = (out / r["path"]).read_bytes()
    r["rows"], r["bytes"], r["hash"] = big.num_rows, len(content), "sha256:" + hashlib.sha256(content).hexdigest()
(out / "datapackage.json").write_text(json.dumps(descriptor))
# the search index of the copy, as the build writes one for the shipped tables
from belarus_china_data.views import search_index_json
schemas = {{r["name"]: r["schema"] for r in descriptor["resources"]}}
hashes = {{r["name"]: r["hash"] for r in descriptor["resources"]}}
index = search_index_json(schemas, hashes, lambda name: pq.read_table(out / (name + ".parquet")))
(out / "search_index.json").write_bytes(index)
print("ok")
""".replace("KEEP", repr(("coverage", "retired_ids")))
    subprocess.run([PYTHON, "-c", code], check=True, cwd="/", capture_output=True)
    for name in ("CODEBOOK.md", "CITATION.cff"):  # the files a wheel carries beside the data (the bundle's)
        (folder.parent / name).write_bytes((ROOT / name).read_bytes())
    return folder


def scale(rounds: int, factor: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folders = {1: scaled_copy(Path(tmp) / "x1", 1), factor: scaled_copy(Path(tmp) / f"x{factor}", factor)}
        site_out = Path(tmp) / "sites"  # a new folder per run (see the site row of the speed part)
        site_out.mkdir()
        measures: dict[str, Callable[[Path], Timing]] = {
            "load every table": lambda f: statement(
                POINT_AT.format(folder=str(f)) + "import belarus_china_data as bcd, pandas",
                "for t in bcd.tables(): bcd.load(t)",
            ),
            "validate()": lambda f: statement(
                POINT_AT.format(folder=str(f)) + "import belarus_china_data as bcd, pyarrow",
                "bcd.validate()",
            ),
            "search('visa')": lambda f: statement(
                POINT_AT.format(folder=str(f)) + "import belarus_china_data as bcd, pandas",
                "bcd.search('visa'); bcd.search('Lukashenko')",
            ),
            "site (no charts)": lambda f: statement(
                POINT_AT.format(folder=str(f))
                + f"import tempfile; out = tempfile.mkdtemp(dir={str(site_out)!r})\n"
                + "from belarus_china_data.site import build_site",
                "build_site(out, charts=False)",
            ),
            "build (read and check the CSV rows, write Parquet)": lambda f: statement(
                "import pathlib, pyarrow.parquet as pq\n"
                "from belarus_china_data.curation import build as b\n"
                "from belarus_china_data.curation.csvfiles import table_csv_text, read_table_csv\n"
                "from belarus_china_data.curation.sourcedata import SourceData\n"
                f"folder = pathlib.Path({str(f)!r}); out = folder / 'csv'; out.mkdir(exist_ok=True)\n"
                "names = [p.stem for p in folder.glob('*.parquet')]\n"
                "for n in names:\n"
                "    rows = pq.read_table(folder / f'{n}.parquet').to_pylist()\n"
                "    (out / f'{n}.csv').write_text(table_csv_text(n, rows))",
                "reads = {n: read_table_csv(out / f'{n}.csv', n) for n in names}\n"
                "data = SourceData({n: r.records for n, r in reads.items()}, {n: r.lines for n, r in reads.items()})\n"
                "for n in names: b._parquet_bytes(n, data)",
            ),
        }
        for label, measure in measures.items():
            small, big = paired(lambda m=measure: m(folders[1]), lambda m=measure: m(folders[factor]), rounds)
            growth = statistics.median(r.cpu for r in big) / statistics.median(r.cpu for r in small)
            text = f"| {label} | {_summary(small)} | {_summary(big)} | {growth:.1f}x |"
            ROWS.append(text)
            print(text, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and four tables for the first load")
    parser.add_argument("--rounds", type=int, help="rounds per pair (default 6, 4 with --quick)")
    parser.add_argument("--factor", type=int, default=10, help="how many times the scale copy repeats every table")
    parser.add_argument("--markdown", type=Path, help="also write the results to this Markdown file")
    args = parser.parse_args()
    rounds = args.rounds or (4 if args.quick else 6)

    import belarus_china_data as bcd

    tables = ["agreements", "visits", "trade_figures", "un_votes"] if args.quick else bcd.tables()
    machine = (
        f"belarus-china-data {bcd.__version__}; Python {platform.python_version()}; {platform.platform()}; "
        f"{os.cpu_count()} CPUs; {rounds} interleaved rounds per pair"
    )
    print(machine)
    header = [
        "| measure | ours: min / median | baseline: min / median | ratio (median CPU) | target |",
        "|---|---|---|---|---|",
    ]
    print("\n".join(header))
    speed(rounds, tables)
    speed_rows = list(ROWS)
    ROWS.clear()
    scale_header = [
        f"| measure | x1: min / median | x{args.factor}: min / median | growth (median CPU) |",
        "|---|---|---|---|",
    ]
    print()
    print("\n".join(scale_header))
    scale(max(2, rounds // 2), args.factor)
    if args.markdown:
        text = [
            "# Benchmarks",
            "",
            "Generated by `python benchmarks/run.py --markdown BENCHMARKS.md` (do not edit by hand): each pair runs in",
            "fresh interpreters, interleaved (A B, B A) over several rounds; times are min / median, CPU time (user +",
            "system) beside wall time. The ratio compares the median CPU times, the figure the targets of issue 22",
            "count on a shared machine. The scale table compares a copy of every shipped table with ten times the rows",
            "with the copy as shipped (1.0x = no growth, 10x = linear). 'build' there is the part of the build that",
            "grows with the rows (reading and checking the CSV rows against the models, writing Parquet); the",
            "cross-table rules need real data and are left out.",
            "",
            machine,
            f"measured {time.strftime('%Y-%m-%d')}",
            "",
            *header,
            *speed_rows,
            "",
            *scale_header,
            *ROWS,
            "",
        ]
        args.markdown.write_text("\n".join(text), encoding="utf-8")
    print()
    print(json.dumps({"measured": time.strftime("%Y-%m-%d")}))


if __name__ == "__main__":
    main()
