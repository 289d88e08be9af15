"""Run every benchmark and write one table (records/s, peak memory, ratios against the peers).

Usage::

    python bench/run_all.py                  # full sizes; writes docs/benchmarks-table.md
    python bench/run_all.py --quick          # smoke sizes (figures not representative)
    python bench/run_all.py --out FILE       # write the table elsewhere

Each benchmark script prints, besides its own report, one or more machine-readable lines::

    RESULT {"bench": "parse", "what": "archivecite.read", "rate": 21000, "unit": "records/s",
            "peak_mb": 0.2, "peer": "pybtex parse_string", "peer_rate": 2000, "ratio": 10.5,
            "target": ">= 20,000 records/s, >= 5x pybtex", "met": true}

This script collects those lines into a Markdown table that docs/benchmarks.md includes, with the
machine, the date and the command. A script that fails or prints no RESULT line is reported
in the table as such (nothing is silently left out).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# (name, script, arguments for a --quick smoke run)
SCRIPTS = [
    ("parse", "bench_parse.py", ["--quick"]),
    ("bibtex", "bench_bibtex.py", ["--quick"]),
    ("chicago", "bench_chicago.py", ["--records", "5000", "--citeproc-records", "50"]),
    ("tei", "bench_tei.py", ["--bibl", "5000", "--docs", "1000", "--read", "500"]),
    ("formats", "bench_formats.py", ["--quick"]),
    ("convert", "bench_convert.py", ["--records", "5000"]),
    ("hostile", "hostile.py", ["--quick"]),
]


def run(script: str, quick_args: list[str], quick: bool) -> tuple[int, str, float]:
    cmd = [sys.executable, str(HERE / script), *(quick_args if quick else [])]
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"}
    )
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - t0


def fmt_rate(value: object) -> str:
    if isinstance(value, int | float):
        return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"
    return "–"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke sizes")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks-table.md"))
    ap.add_argument("--only", help="run only the benchmark with this name")
    args = ap.parse_args()
    rows: list[str] = []
    failures = 0
    for name, script, extra in SCRIPTS:
        if args.only and name != args.only:
            continue
        if not (HERE / script).exists():
            rows.append(f"| {name} | script `{script}` missing | | | | | | |")
            failures += 1
            continue
        code, output, seconds = run(script, extra, args.quick)
        print(f"== {script} (exit {code}, {seconds:.0f} s)")
        print(output)
        results = []
        for line in output.splitlines():
            if line.startswith("RESULT "):
                try:
                    results.append(json.loads(line[7:]))
                except json.JSONDecodeError:
                    pass
        if not results:
            rows.append(f"| {name} | `{script}` printed no RESULT line (exit {code}) | | | | | | |")
            failures += 1
            continue
        for r in results:
            ratio = r.get("ratio")
            rows.append(
                "| {bench} | {what} | {rate} {unit} | {peak} | {peer} | {peer_rate} | {ratio} | {target} {met} |".format(
                    bench=r.get("bench", name),
                    what=r.get("what", ""),
                    rate=fmt_rate(r.get("rate")),
                    unit=r.get("unit", ""),
                    peak=f"{r['peak_mb']:.1f} MB" if isinstance(r.get("peak_mb"), int | float) else "–",
                    peer=r.get("peer") or "–",
                    peer_rate=fmt_rate(r.get("peer_rate")),
                    ratio=f"{ratio:,.1f}x" if isinstance(ratio, int | float) else "–",
                    target=r.get("target", ""),
                    met="(met)" if r.get("met") else "(NOT met)" if r.get("met") is False else "",
                )
            )
        if code != 0:
            failures += 1
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    when = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = [
        f"Produced by `python bench/run_all.py{' --quick' if args.quick else ''}` on {when} ({machine}).",
        "",
        "| benchmark | what | rate | peak memory | peer | peer rate | ratio | target |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    Path(args.out).write_text("\n".join(table), encoding="utf-8")
    print(f"wrote {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
