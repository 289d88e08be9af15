"""Benchmark: TEI output speed (biblStructs/s, full TEI documents/s) and peak memory.

    python bench/bench_tei.py [--bibl 50000] [--docs 10000] [--read 5000]

Records are the nine bundled fixtures (parsed by archivecite; the seed's body is about 2,900
characters), cycled with new record ids. Each run goes through the public writers into a
``StringIO``: ``tei-bibl`` (one ``biblStruct`` per record, one ``listBibl``), ``tei`` (a
``teiCorpus`` of full documents: header, ``biblStruct``, body split into opener/p/closer) and
``cmif``; then the TEI reader reads the full documents back. Each is timed without tracing
and run again under ``tracemalloc`` for its peak memory.

Targets: >= 10,000 biblStructs/s and >= 3,000 full TEI documents/s (serialised); the script
exits 1 when a target is missed. Rates are given per wall-clock second and per CPU second of
this process (``time.process_time``); targets are judged on CPU time because a shared machine
(the load average is printed) can slow the wall clock several-fold without the code changing.

Peer in the same run: the standard library's ``xml.etree.ElementTree`` serialising the same
full documents (trees prebuilt outside the timing, so the peer does strictly less work: no
record mapping, no body splitting). It shows what the serialisation alone costs elsewhere.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

import archivecite
from archivecite.formats import get_reader, get_writer
from archivecite.model import Record

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "records"
TARGET_BIBL = 10_000
TARGET_DOCS = 3_000


def load_records(n: int) -> list[Record]:
    base = [archivecite.parse(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.txt"))]
    good = [r for r in base if isinstance(r, Record)]
    return [attrs.evolve(good[i % len(good)], record_id=str(100000 + i)) for i in range(n)]


class Sink:
    """A text stream that keeps nothing."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds, result)."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - start, time.process_time() - cpu, result


def peak_mb(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def to_stdlib(el: Any) -> ET.Element:
    """A copy of an lxml tree as an ElementTree tree (for the peer)."""
    out = ET.Element(el.tag, dict(el.attrib))
    out.text, out.tail = el.text, el.tail
    for child in el:
        if isinstance(child.tag, str):
            out.append(to_stdlib(child))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bibl", type=int, default=50_000, help="records for tei-bibl and cmif")
    ap.add_argument("--docs", type=int, default=10_000, help="records for full TEI documents")
    ap.add_argument("--read", type=int, default=5_000, help="full documents read back")
    args = ap.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"python {platform.python_version()}, lxml {'.'.join(map(str, etree.LXML_VERSION))}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f}"
    )
    bibl_recs = load_records(args.bibl)
    doc_recs = load_records(args.docs)
    read_recs = doc_recs[: args.read]

    def run(kind: str, recs: list[Record]) -> Callable[[], int]:
        """Write into a sink that only counts characters, so that peak memory is the
        writer's own (not an output buffer)."""

        def go() -> int:
            sink = Sink()
            get_writer(kind).write(recs, sink)  # type: ignore[arg-type]
            return sink.chars

        return go

    failed = False
    results: list[dict[str, object]] = []
    for label, kind, recs, target in (
        ("tei-bibl biblStructs", "tei-bibl", bibl_recs, TARGET_BIBL),
        ("tei full documents", "tei", doc_recs, TARGET_DOCS),
        ("cmif correspDescs", "cmif", bibl_recs, 0),
    ):
        secs, cpu, out = timed(run(kind, recs))
        rate = len(recs) / cpu
        mem = peak_mb(run(kind, recs[: min(len(recs), 5000)]))
        verdict = ""
        if target:
            verdict = f"target {target:,}/s: {'ok' if rate >= target else 'MISSED'}"
            failed |= rate < target
        print(
            f"{label:24} {len(recs):>7,}: {rate:>7,.0f}/s CPU, {len(recs) / secs:>7,.0f}/s wall  "
            f"peak {mem:5.1f} MB (5,000 records)  {out / len(recs):,.0f} chars each  {verdict}"
        )
        results.append(
            {
                "bench": "tei",
                "what": f"{kind} ({label}, CPU time)",
                "rate": round(rate),
                "unit": "records/s",
                "peak_mb": round(mem, 1),
                "target": f">= {target:,}/s" if target else "",
                "met": (rate >= target) if target else None,
            }
        )

    buf = io.StringIO()
    get_writer("tei").write(read_recs, buf)
    corpus = buf.getvalue()
    secs, cpu, back = timed(lambda: list(get_reader("tei").read(corpus)))
    assert len(back) == len(read_recs)
    mem = peak_mb(lambda: list(get_reader("tei").read(corpus)))
    print(
        f"{'tei reader documents':24} {len(back):>7,}: {len(back) / cpu:>7,.0f}/s CPU, {len(back) / secs:>7,.0f}/s wall  "
        f"peak {mem:5.1f} MB (whole corpus in memory, {len(corpus) / 1e6:.1f} MB of XML)"
    )

    # peer: stdlib ElementTree serialising the same documents, trees prebuilt
    root = etree.fromstring(corpus.encode("utf-8"))
    trees = [to_stdlib(t) for t in root.iterchildren("{http://www.tei-c.org/ns/1.0}TEI")]
    secs, cpu, _ = timed(lambda: [ET.tostring(t, encoding="unicode") for t in trees])
    print(
        f"{'peer: stdlib ET':24} {len(trees):>7,}: {len(trees) / cpu:>7,.0f}/s CPU, {len(trees) / secs:>7,.0f}/s wall  "
        "(full documents, prebuilt trees: serialisation only)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss:.0f} MB (includes the generated records and the read-back corpus)")
    peer_rate = len(trees) / cpu
    for r in results:
        if r["what"].startswith("tei ("):  # type: ignore[union-attr]
            r.update(peer="stdlib ElementTree, serialisation only", peer_rate=round(peer_rate))
            r["ratio"] = round(float(r["rate"]) / peer_rate, 2)  # type: ignore[arg-type]
        print("RESULT " + json.dumps(r))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
