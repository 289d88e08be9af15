"""CSL-JSON and RIS: writing and reading throughput, against rispy on the same entries.

Usage::

    python bench/bench_formats.py            # 20,000 records
    python bench/bench_formats.py --quick    # 2,000 records

Records are parsed from generated page dumps of the seed's shape (bench_parse.generate). The
peer for RIS is rispy (``rispy.dumps`` of the same entries as dicts, ``rispy.loads`` of our
output); the reference for CSL-JSON is ``json.dumps`` of the item dicts alone (no mapping), an
upper bound for any writer. Times are CPU seconds (time.process_time), best of 3.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def peak_mb(fn: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def result(**fields: object) -> None:
    print("RESULT " + json.dumps(fields))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20_000)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    n = 2_000 if args.quick else args.n

    import rispy
    from bench_parse import generate

    import archivecite
    from archivecite.formats import get_reader, get_writer

    texts, _ = generate(n)
    records = [r for r in archivecite.read("\n".join(texts)) if isinstance(r, archivecite.Record)]
    assert len(records) == n

    def dump(fmt: str) -> str:
        buf = io.StringIO()
        get_writer(fmt).write(records, buf)
        return buf.getvalue()

    ris_text = dump("ris")
    csl_text = dump("csl-json")
    ris_entries = rispy.loads(ris_text)
    csl_items = json.loads(csl_text)

    rows = []
    t = best(lambda: dump("csl-json"))
    t_peer = best(lambda: json.dumps(csl_items, ensure_ascii=False, indent=1))
    rows.append(
        (
            "csl-json write",
            n / t,
            peak_mb(lambda: dump("csl-json")),
            "json.dumps of the items only",
            n / t_peer,
        )
    )
    t = best(lambda: list(get_reader("csl-json").read(csl_text)))
    t_peer = best(lambda: json.loads(csl_text))
    rows.append(("csl-json read", n / t, None, "json.loads only", n / t_peer))
    t = best(lambda: dump("ris"))
    t_peer = best(lambda: rispy.dumps(ris_entries))
    rows.append(("ris write", n / t, peak_mb(lambda: dump("ris")), "rispy.dumps", n / t_peer))
    t = best(lambda: list(get_reader("ris").read(ris_text)))
    t_peer = best(lambda: rispy.loads(ris_text))
    rows.append(("ris read", n / t, None, "rispy.loads (no mapping to records)", n / t_peer))

    print(f"{n:,} records (CPU time, best of 3)")
    for what, rate, peak, peer, peer_rate in rows:
        mem = f"{peak:6.1f} MiB" if peak is not None else "       –"
        print(
            f"{what:16} {rate:>10,.0f} records/s {mem}   {peer}: {peer_rate:,.0f}/s ({rate / peer_rate:.2f}x)"
        )
        result(
            bench="formats",
            what=what,
            rate=round(rate),
            unit="records/s",
            peak_mb=peak,
            peer=peer,
            peer_rate=round(peer_rate),
            ratio=round(rate / peer_rate, 2),
            target="",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
