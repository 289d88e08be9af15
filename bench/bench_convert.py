"""Benchmark: ``archivecite convert`` of 100,000 page dumps to BibTeX in one streaming pass.

    python bench/bench_convert.py [--records 100000] [--to bibtex] [--seed 1] [--no-peer] [--keep DIR]

Generates ``--records`` page dumps (seed-sized on average, built from the bundled fixtures:
new-site, old-site and test-host citations, http/https and .pdf URLs, zero-padded, month-only,
year-only and missing dates, Cyrillic and accented names, records without an id, and about 3 %
repeated copies of the same document near and far from each other), then runs the real CLI
(``python -m archivecite convert FILE --to bibtex -o OUT``) as a child process, with and without
deduplication. Reports records/s and the child's peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``,
measured for each child in its own fresh parent so that the figures do not mix).

Target: peak RSS below 200 MB; the script exits 1 if any archivecite run reaches it.
If the ``bibtex`` writer is not installed it measures ``--to json`` and says so.

Peer in the same run: bibtexparser 2 parsing and writing back the .bib that archivecite wrote
(the same entries), in a child process; a reference for "records/s and memory of a .bib pass"
(``--no-peer`` skips it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "records"
RSS_LIMIT_MB = 200.0

HOSTS = [
    "https://digitalarchive.wilsoncenter.org/document/{id}",
    "http://digitalarchive.wilsoncenter.org/document/{id}",
    "https://wilson-center-digital-archive.dvincitest.com/document/{id}",
    "https://digitalarchive.wilsoncenter.org/document/{id}.pdf?v=9c1e4f",
]
MONTHS = "January February March April May June July August September October November December".split()
SENDERS = [
    "Khrushchev",
    "N. Khrushchev",
    "Dobrynin",
    "Gromyko",
    "Kádár János",
    "Novotný",
    "Ulbricht",
    "Хрущёв",
]
RECIPIENTS = [
    "Fidel Castro",
    "the USSR MFA",
    "Mao Zedong",
    "the CPSU CC Presidium",
    "Walter Ulbricht",
    "Kim Il Sung",
]
KINDS = ["Letter", "Telegram", "Ciphered Telegram", "Memorandum", "Report", "Note"]
REPOS = [
    "Archive of Foreign Policy, Russian Federation (AVP RF)",
    "APRF, Fond 45, Opis 1, Delo 340, List 82.",
    "RGANI, f. 5, op. 49, d. 131, ll. 193-194. Translated by Gary Goldberg.",
    "AVP RF, copy courtesy of NSA; translation by Mark H. Doctoroff",
    "TsKhSD, f. 89, per. 25, dok. 2",
    "Hungarian National Archives (MOL), XIX-J-1-j Korea, 1962, 11. doboz, 24/7, 004490/1962.",
]
PARAGRAPHS = [p for p in (FIXTURES / "114504.txt").read_text(encoding="utf-8").split("\n\n") if len(p) > 300]


def _date(rng: random.Random) -> str | None:
    y, m, d = rng.randint(1945, 1991), rng.randrange(12), rng.randint(1, 28)
    shape = rng.randrange(10)
    if shape == 0:
        return None
    if shape == 1:
        return str(y)
    if shape == 2:
        return f"{MONTHS[m]} {y}"
    if shape == 3:
        return f"{MONTHS[m]} {d:02d}, {y}"
    return f"{MONTHS[m]} {d}, {y}"


def make_record(rng: random.Random, rid: int | None, era: str) -> tuple[str, int | None]:
    """One page dump and the record id it shows (old-site citations often have no URL, so
    no id); ``era`` is 'new', 'old' or 'test'."""
    kind, sender, recipient = rng.choice(KINDS), rng.choice(SENDERS), rng.choice(RECIPIENTS)
    title = (
        f"{kind} from {sender} to {recipient}" if rng.random() < 0.8 else f"{kind}, {sender} to {recipient}"
    )
    date = _date(rng)
    source = rng.choice(REPOS)
    url = rng.choice(HOSTS[:2] + HOSTS[3:]) if era != "test" else HOSTS[2]
    url = url.format(id=rid) if rid is not None else None
    if era == "old":
        citation = f'"{title}," {date + ", " if date else ""}History and Public Policy Program Digital Archive, {source}'
        if url and rng.random() < 0.6:
            citation += " " + url
        else:
            url = None
    else:
        citation = f'"{title}", {date + ", " if date else ""}Wilson Center Digital Archive, {source}'
        if url:
            citation += f"\n<{url}>"
    parts = ([date] if date else []) + [title, "Citation:", citation]
    if rng.random() < 0.7:
        parts += [
            "Summary:",
            f"{sender} informs {recipient} about {rng.choice(['Cuba', 'Berlin', 'Korea', 'the talks'])}.",
        ]
    if rng.random() < 0.5:
        parts += ["Credits:", "This document was made possible with support from Leon Levy Foundation"]
    if rng.random() < 0.6:
        parts += ["Original Language:", rng.choice(["Russian", "Hungarian", "Chinese", "German"])]
    parts += ["Contents:", "English Translation" if era == "old" else "Translation - English"]
    # bodies of 0 to 5 paragraphs: about the seed's size on average
    parts += [rng.choice(PARAGRAPHS) for _ in range(rng.randint(0, 5))]
    return "\n\n".join(parts), (rid if url else None)


def generate(path: Path, n: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    stats = {"records": 0, "without_id": 0, "repeated_copies": 0, "bytes": 0, "documents": 0}
    shown: set[int] = set()
    no_id = 0
    recent: list[int] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(n):
            era = rng.choices(["new", "old", "test"], [6, 3, 1])[0]
            r = rng.random()
            if r < 0.05:
                rid: int | None = None
                stats["without_id"] += 1
            elif r < 0.08 and recent:
                # another copy of a document seen before: usually nearby, sometimes far back
                rid = rng.choice(recent[-50:]) if rng.random() < 0.8 else rng.choice(recent)
                stats["repeated_copies"] += 1
            else:
                rid = 100000 + i
                recent.append(rid)
            text, visible = make_record(rng, rid, era)
            out.write(text + "\n\n")
            stats["records"] += 1
            if visible is None:
                no_id += 1
            else:
                shown.add(visible)
    # what deduplication must give: one entry per record id shown, one per record without
    stats["documents"] = len(shown) + no_id
    stats["bytes"] = path.stat().st_size
    return stats


_CHILD = """
import resource, subprocess, sys, time, json
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
dt = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "seconds": dt, "maxrss_kb": ru.ru_maxrss, "stderr_lines": len(p.stderr.splitlines()),
                  "stderr_tail": p.stderr.decode("utf-8", "replace").splitlines()[-3:]}))
"""


def measure(cmd: list[str]) -> dict[str, object]:
    """Run ``cmd`` under a fresh parent so that RUSAGE_CHILDREN is that command's alone."""
    out = subprocess.run([sys.executable, "-c", _CHILD, *cmd], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


_PEER = """
import sys, time, bibtexparser
t = time.perf_counter()
lib = bibtexparser.parse_file(sys.argv[1])
text = bibtexparser.write_string(lib)
print(len(lib.entries), len(lib.failed_blocks), time.perf_counter() - t, file=sys.stderr)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--to", default="bibtex")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="keep the generated input and outputs in DIR")
    args = ap.parse_args()

    from archivecite.formats import available_writers

    fmt = args.to
    if fmt not in available_writers():
        print(f"NOTE: the {fmt!r} writer is not installed; measuring --to json instead")
        fmt = "json"

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="archivecite-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "export.txt"
    t0 = time.perf_counter()
    gen = generate(src, args.records, args.seed)
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(
        f"input: {gen['records']:,} page dumps, {gen['bytes'] / 1e6:.1f} MB "
        f"({gen['bytes'] / gen['records']:.0f} bytes/record; seed 114504 is 3,043), "
        f"{gen['without_id']:,} without a record id, {gen['repeated_copies']:,} repeated copies "
        f"(generated in {time.perf_counter() - t0:.1f} s)"
    )

    failed = False
    results: list[dict[str, object]] = []
    runs = [("convert (dedupe, default)", []), ("convert --no-dedupe", ["--no-dedupe"])]
    for label, extra in runs:
        out = workdir / (f"out.{fmt}" if not extra else f"out-all-copies.{fmt}")
        cmd = [
            sys.executable,
            "-m",
            "archivecite",
            "convert",
            str(src),
            "--to",
            fmt,
            "-o",
            str(out),
            "-q",
            *extra,
        ]
        m = measure(cmd)
        rss_mb = float(m["maxrss_kb"]) / 1024  # type: ignore[arg-type]
        rate = gen["records"] / float(m["seconds"])  # type: ignore[arg-type]
        status = "OK" if rss_mb < RSS_LIMIT_MB else f"FAIL (>= {RSS_LIMIT_MB:.0f} MB)"
        print(
            f"archivecite {label:28s} --to {fmt}: {float(m['seconds']):6.1f} s, {rate:8,.0f} input records/s, "  # type: ignore[arg-type]
            f"peak RSS {rss_mb:6.1f} MB  {status}  (exit {m['rc']})"
        )
        if m["rc"] not in (0, 1):
            print("  stderr:", *m["stderr_tail"])  # type: ignore[misc]
            failed = True
        if rss_mb >= RSS_LIMIT_MB:
            failed = True
        results.append(
            {
                "bench": "convert",
                "what": f"archivecite {label} --to {fmt}, {gen['records']:,} records (wall time)",
                "rate": round(rate),
                "unit": "records/s",
                "peak_mb": round(rss_mb, 1),
                "target": f"peak RSS < {RSS_LIMIT_MB:.0f} MB",
                "met": rss_mb < RSS_LIMIT_MB and m["rc"] in (0, 1),
            }
        )
        if label.startswith("convert (dedupe"):
            written = (
                len(re.findall(r"^@", out.read_text(encoding="utf-8"), re.M)) if fmt == "bibtex" else None
            )
            if written is not None:
                expected = gen["documents"]
                print(f"  entries written: {written:,} (expected {expected:,}: each document once)")
                if written != expected:
                    failed = True

    if not args.no_peer and fmt == "bibtex":
        try:
            import bibtexparser  # noqa: F401
        except ImportError:
            print("peer: bibtexparser not installed (pip install 'archivecite[test]')")
        else:
            bib = workdir / f"out.{fmt}"
            m = measure([sys.executable, "-c", _PEER, str(bib)])
            n_entries = len(re.findall(r"^@", bib.read_text(encoding="utf-8"), re.M))
            rss_mb = float(m["maxrss_kb"]) / 1024  # type: ignore[arg-type]
            peer_rate = n_entries / float(m["seconds"])  # type: ignore[arg-type]
            for r in results:
                r.update(peer="bibtexparser 2 parse+write of the .bib", peer_rate=round(peer_rate))
                r["ratio"] = round(float(r["rate"]) / peer_rate, 2)  # type: ignore[arg-type]
                r["note"] = f"peer peak RSS {rss_mb:.0f} MB"
            print(
                f"peer: bibtexparser 2 parse+write of that .bib ({n_entries:,} entries): "
                f"{float(m['seconds']):6.1f} s, {n_entries / float(m['seconds']):8,.0f} entries/s, "  # type: ignore[arg-type]
                f"peak RSS {rss_mb:6.1f} MB"
            )
    for r in results:
        print("RESULT " + json.dumps(r))
    if not args.keep:
        for p in workdir.iterdir():
            p.unlink()
        workdir.rmdir()
    if failed:
        print("FAILED: see above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
