"""Benchmarks: speed and memory of belarus-china-data against baselines measured in the same run.

Run from a checkout with the dev extra installed:  python benchmarks/run.py [--quick]

Every figure is printed next to its baseline and the ratio between them; nothing here is a pass/fail test.
Each "fresh process" measure runs in a new interpreter so that caches and imports do not flatter the result.
Results and the machine they were measured on are recorded in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def run_python(code: str) -> str:
    """Run code in a fresh interpreter and return what it printed."""
    return subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True, cwd="/").stdout.strip()


def median_seconds(code: str, repeat: int) -> float:
    """Median wall time of a fresh interpreter running ``code``, start to exit."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], check=True, cwd="/")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_in_fresh_process(setup: str, statement: str, repeat: int) -> float:
    """Median over fresh processes of the time of ``statement`` alone, after ``setup`` ran in the same process."""
    code = f"{setup}\nimport time\nt = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)"
    return statistics.median(float(run_python(code)) for _ in range(repeat))


def row(label: str, value: str, baseline: str = "", ratio: str = "", target: str = "") -> None:
    print(f"| {label} | {value} | {baseline} | {ratio} | {target} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a smaller scale test")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    scale_rows = 200_000 if args.quick else 1_000_000

    import belarus_china_data as bcd

    print(
        f"belarus-china-data {bcd.__version__}; Python {platform.python_version()}; {platform.platform()}; "
        f"{os.cpu_count()} CPUs"
    )
    print()
    print("| measure | value | baseline | ratio | target |")
    print("|---|---|---|---|---|")

    bare = median_seconds("pass", repeat * 2)
    package = median_seconds("import belarus_china_data", repeat * 2)
    row(
        "import belarus_china_data (fresh process)",
        f"{package * 1000:.1f} ms",
        f"{bare * 1000:.1f} ms bare",
        f"+{(package - bare) * 1000:.1f} ms",
        "< +50 ms",
    )

    setup_ours = "import belarus_china_data as bcd, pandas, pyarrow.parquet"
    setup_bare = "import pandas as pd, pyarrow.parquet"
    shipped = ROOT / "src" / "belarus_china_data" / "_data"
    for name in ("agreements", "visits", "trade_figures", "un_votes"):
        ours = timed_in_fresh_process(setup_ours, f"bcd.load({name!r})", repeat)
        base = timed_in_fresh_process(setup_bare, f"pd.read_parquet({str(shipped / (name + '.parquet'))!r})", repeat)
        row(
            f"first load('{name}')",
            f"{ours * 1000:.2f} ms",
            f"{base * 1000:.2f} ms read_parquet",
            f"{ours / base:.2f}x",
            "within 5%",
        )
    panel_cold = timed_in_fresh_process("import belarus_china_data as bcd", "bcd.dyad_years()", repeat)
    panel_warm = timed_in_fresh_process(
        "import belarus_china_data as bcd\nbcd.dyad_years()", "bcd.dyad_years()", repeat
    )
    row("dyad_years() first (tables read, pandas imported)", f"{panel_cold * 1000:.0f} ms", "", "", "< 1 s")
    row("dyad_years() again (tables loaded)", f"{panel_warm * 1000:.0f} ms", "", "", "< 0.5 s")
    warm = timed_in_fresh_process("import belarus_china_data as bcd\nbcd.load('visits')", "bcd.load('visits')", repeat)
    row("warm load('visits')", f"{warm * 1000:.3f} ms", "", "", "< 1 ms")

    throughput = run_python(
        "import time, belarus_china_data as bcd\nbcd.load('trade_figures')\nt = time.perf_counter()\n"
        "n = len(bcd.records('trade_figures'))\nprint(n / (time.perf_counter() - t))"
    )
    row("records('trade_figures') throughput", f"{float(throughput):,.0f} rows/s")

    ours = timed_in_fresh_process("import belarus_china_data as bcd", "bcd.validate()", 1)
    start = time.perf_counter()
    subprocess.run(
        [str(Path(PYTHON).parent / "frictionless"), "validate", "datapackage.json"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    cli = time.perf_counter() - start
    row("validate() shipped package", f"{ours:.2f} s", f"{cli:.2f} s frictionless CLI on data/", f"{ours / cli:.2f}x")

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [PYTHON, "-m", "build", "--wheel", "--no-isolation", "--outdir", folder, str(ROOT)],
            capture_output=True,
            check=True,
        )
        wheel = next(Path(folder).glob("*.whl"))
        row("wheel size", f"{wheel.stat().st_size / 1024:.0f} KiB")

        scale = Path(folder) / "scale.parquet"
        run_python(
            "import numpy as np, pyarrow as pa, pyarrow.parquet as pq\n"
            "from belarus_china_data.contract.schema import arrow_schema\n"
            f"n = {scale_rows}\nrng = np.random.default_rng(0)\n"
            "years = rng.integers(1992, 2026, n)\nreporters = np.where(rng.random(n) < 0.5, 'BLR', 'CHN')\n"
            "cols = {'figure_id': [f'trd-x-{i}' for i in range(n)], 'reporter': reporters, 'partner': ['WLD'] * n,"
            " 'partner_name': ['World'] * n, 'year': years, 'period': years.astype(str), 'flow': ['export'] * n,"
            " 'value_usd_millions': rng.random(n) * 1000, 'valuation': ['fob'] * n, 'scope': ['goods'] * n,"
            " 'status': ['final'] * n, 'is_derived': [False] * n, 'vintage': ['synthetic'] * n, 'note': [None] * n}\n"
            "schema = arrow_schema('trade_figures')\n"
            "plain = pa.schema([f.with_type(pa.string()) if pa.types.is_dictionary(f.type) else f for f in schema])\n"
            "table = pa.table(cols, schema=plain).cast(schema).sort_by([('year', 'ascending')])\n"
            f"pq.write_table(table, {str(scale)!r}, row_group_size=50_000)\nprint('ok')"
        )
        filters = "[('year', '>=', 2020), ('reporter', '==', 'BLR')]"
        ours_code = (
            "import pandas, pyarrow.parquet as pq\nfrom belarus_china_data.loader import _read_parquet, convert\n"
            "import pyarrow as pa, time\n"
            "t = time.perf_counter()\n"
            f"frame = convert(_read_parquet(__import__('pathlib').Path({str(scale)!r}), {filters}), 'trade_figures')\n"
            "print(time.perf_counter() - t, len(frame), pa.default_memory_pool().max_memory())"
        )
        base_code = (
            "import pandas, pyarrow.dataset as ds, pyarrow as pa, time\nt = time.perf_counter()\n"
            f"d = ds.dataset({str(scale)!r})\n"
            "frame = d.to_table(filter=(ds.field('year') >= 2020) & (ds.field('reporter') == 'BLR')).to_pandas()\n"
            "print(time.perf_counter() - t, len(frame), pa.default_memory_pool().max_memory())"
        )
        ours_runs = [run_python(ours_code).split() for _ in range(repeat)]
        base_runs = [run_python(base_code).split() for _ in range(repeat)]
        ours_t = statistics.median(float(r[0]) for r in ours_runs)
        base_t = statistics.median(float(r[0]) for r in base_runs)
        rows_out = int(ours_runs[0][1])
        row(
            f"filtered load, {scale_rows:,} rows stored, {rows_out:,} returned",
            f"{ours_t * 1000:.0f} ms",
            f"{base_t * 1000:.0f} ms pyarrow dataset",
            f"{ours_t / base_t:.2f}x",
            "within 20%",
        )
        peak = int(ours_runs[0][2])
        full = run_python(
            "import pyarrow.parquet as pq, pyarrow as pa\n"
            f"pq.read_table({str(scale)!r})\nprint(pa.default_memory_pool().max_memory())"
        )
        row(
            "peak Arrow memory of the filtered load",
            f"{peak / 2**20:.0f} MiB",
            f"{int(full) / 2**20:.0f} MiB whole table",
            f"{peak / int(full):.2f}x",
            f"grows with rows returned ({rows_out / scale_rows:.0%})",
        )
    print()
    print(json.dumps({"measured": time.strftime("%Y-%m-%d")}))


if __name__ == "__main__":
    main()
