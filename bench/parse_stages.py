"""Where parse time goes: microseconds per record for each stage of the text pipeline.

Usage::

    python bench/parse_stages.py                 # every stage
    python bench/parse_stages.py split layout    # some stages

Stages run on bench_parse.py's generated records (2,000), CPU time, best of 5, after one warm
run (so caches hold what a long export's would: names, credit lines, repositories). ``read`` is
the whole pipeline; ``interpret`` includes ``layout`` and the section readers below it. In the
whole pipeline, dates are read once each (every generated record has its own dates), so
``read`` costs a little more than ``split`` + ``interpret`` here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_parse import generate

import archivecite
from archivecite.model import Record
from archivecite.parsing.citation import parse_citation
from archivecite.parsing.dates import parse_date
from archivecite.parsing.sections import layout
from archivecite.parsing.source import parse_source
from archivecite.parsing.splitter import split_records
from archivecite.parsing.titles import read_title

interp = sys.modules["archivecite.parsing.interpret"]  # the module, not the re-exported function
N = 2000


def stages() -> dict[str, Callable[[], object]]:
    texts, _ = generate(N)
    text = "\n".join(texts)
    raws = list(split_records(text))
    recs = [r for r in (interp.interpret(raw) for raw in raws) if isinstance(r, Record)]
    assert len(recs) == N
    lines = [raw.lines for raw in raws]
    return {
        "split": lambda: list(split_records(text)),
        "layout": lambda: [layout(ls) for ls in lines],
        "interpret": lambda: [interp.interpret(raw) for raw in raws],
        "title": lambda: [read_title(r.title) for r in recs],
        "date": lambda: [parse_date(r.date.text if r.date else None) for r in recs],
        "citation": lambda: [parse_citation(r.citation or "") for r in recs],
        "source": lambda: [parse_source(r.source.text if r.source else None) for r in recs],
        "signature": lambda: [interp.find_signature(r.body) for r in recs],
        "read": lambda: sum(1 for _ in archivecite.read(text)),
    }


def best_of(run: Callable[[], object], repeats: int = 5) -> float:
    run()  # warm
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    return best


def main() -> int:
    table = stages()
    for name in sys.argv[1:] or list(table):
        print(f"{name:<10} {best_of(table[name]) / N * 1e6:8.1f} µs/record")
    return 0


if __name__ == "__main__":
    sys.exit(main())
