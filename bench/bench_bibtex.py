"""Benchmark: writing the ``bibtex`` dialect vs pybtex's ``BibliographyData.to_string``.

    python bench/bench_bibtex.py [--records 20000] [--repeat 3] [--seed 1962] [--quick]

Generates realistic Wilson Center records (letters, telegrams, transcripts; Cyrillic and
accented names; summaries; sources with locators and translators), then times

* archivecite: ``archivecite.dumps(records, "bibtex")`` (keys, escaping, case protection,
  formatting: the whole writer);
* pybtex: ``BibliographyData.to_string("bibtex")`` on the *same* entries (the field values
  archivecite computed, already escaped; building the BibliographyData is not timed), so
  pybtex only has to format.

Prints entries/s for both (from the best wall-clock time and from the best CPU time of
the process: on a shared, loaded machine the CPU figure is the stable one), the speed
ratio, and the peak memory of each (tracemalloc, measured in a separate untimed pass).
Targets: >= 20,000 entries/s and >= 10x pybtex.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from archivecite.formats import dumps
from archivecite.formats._pybtex import bibliography_data
from archivecite.formats.bibtex import entry_fields
from archivecite.keys import KeyAllocator
from archivecite.model import ArchivalDate, ContentItem, DatePoint, Name, Record, Source, canonical_url

SENDERS = [
    ("N. Khrushchev", "Khrushchev", "N."),
    ("A. Dobrynin", "Dobrynin", "A."),
    ("Fidel Castro", "Castro", "Fidel"),
    ("Jawaharlal Nehru", "Nehru", "Jawaharlal"),
    ("Béla Révész", "Révész", "Béla"),
    ("János Kádár", "Kádár", "János"),
    ("Walter Ulbricht", "Ulbricht", "Walter"),
    ("Андрей Громыко", "Громыко", "Андрей"),
    ("Władysław Gomułka", "Gomułka", "Władysław"),
]
ORGS = [
    "USSR MFA",
    "CPSU CC Presidium",
    "Embassy of Hungary in North Korea",
    "TASS",
    "Hungarian Foreign Ministry",
]
GENRES = ["letter", "telegram", "memorandum", "report", "note", "minutes", "transcript"]
REPOS = [
    ("Archive of Foreign Policy, Russian Federation (AVP RF)", None),
    ("RGANI", "f. {a}, op. {b}, d. {c}, ll. {d}-{e}"),
    ("APRF", "Fond {a}, Opis {b}, Delo {c}, List {d}"),
    ("TsKhSD", "f. {a}, per. {b}, dok. {c}"),
    ("MOL", "XIX-J-1-j Korea, {a}. doboz, {b}/b, 00{c}{d}/1960"),
    ("PolA AA", "MfAA, A {a}{b}"),
]
TOPICS = [
    "Afghanistan",
    "Cuba",
    "Poland",
    "Hungary",
    "the Berlin Question",
    "Korean Unification",
    "Nuclear Tests",
    "Grain Deliveries",
    "the Sino-Soviet Split",
    "Yugoslav Leaders in the Crimea",
]
TRANSLATORS = ["Gary Goldberg", "Mark H. Doctoroff", "Sergey Radchenko", "Balázs Szalontai"]
WORDS = (
    "the Soviet leader warned of attempts to sabotage agreement by men in Pentagon urged restraint "
    "firing at American planes 50% of forces & allies, J.F.Kennedy's guarantee; Cuba's defence "
    "ballistic missiles {sic} withdrawal under UN inspection #3 ~ approx. Москва"
).split()
COLLECTIONS = ["Wilson Center Digital Archive", "History and Public Policy Program Digital Archive"]


def make_records(n: int, seed: int) -> list[Record]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        genre = rnd.choice(GENRES)
        year = rnd.randint(1945, 1991)
        month = rnd.choice([None, rnd.randint(1, 12)])
        day = rnd.randint(1, 28) if month and rnd.random() < 0.8 else None
        date = ArchivalDate(None, DatePoint(year, month, day), approximate=rnd.random() < 0.05)
        authors: tuple[Name, ...] = ()
        recipients: tuple[Name, ...] = ()
        if genre != "transcript":
            full, fam, giv = rnd.choice(SENDERS)
            authors = (Name(full, family=fam, given=giv),)
            recipients = (Name(rnd.choice(ORGS), kind="organization"),)
            title = f"{genre.capitalize()} from {fam} to the {recipients[0].name} on {rnd.choice(TOPICS)}"
        else:
            title = f"Transcript of CPSU CC Politburo Session on {rnd.choice(TOPICS)}, {i}"
        repo, loc = rnd.choice(REPOS)
        if loc:
            a, b, c, d = (rnd.randint(1, 600) for _ in range(4))
            loc = loc.format(a=a, b=b, c=c, d=d, e=d + rnd.randint(1, 9))
        src = repo + (f", {loc}" if loc else "")
        if rnd.random() < 0.5:
            src += f". Translated by {rnd.choice(TRANSLATORS)}."
        rid = str(100000 + i)
        out.append(
            Record(
                title=title,
                record_id=rid,
                url=canonical_url(rid),
                canonical_url=canonical_url(rid),
                date=date,
                doc_type=genre,
                authors=authors,
                recipients=recipients,
                collection=rnd.choice(COLLECTIONS),
                source=Source(text=src, repository=repo, locator=loc),
                summary=" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(15, 60))),
                original_languages=(rnd.choice(["Russian", "Hungarian", "German", "Polish"]),),
                contents=(ContentItem("translation", "English", "Translation - English"),),
                subjects=tuple(
                    rnd.sample(["Cuban Missile Crisis", "Cold War", "Nuclear weapons", "Diplomacy"], 2)
                ),
            )
        )
    return out


def pybtex_data(records: list[Record]) -> Any:
    keys = KeyAllocator()
    entries = []
    for rec in records:
        fields = entry_fields(rec, "bibtex")
        persons = {name: value for name, value, _ in fields if name == "author"}
        plain = [(name, value) for name, value, _ in fields if name != "author"]
        entries.append((keys.key(rec), "misc", plain, persons))
    return bibliography_data(entries)


def best_time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU (process) time over ``repeat`` runs."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def peak_mib(fn: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1962)
    ap.add_argument("--quick", action="store_true", help="2,000 records, 1 run (smoke test)")
    args = ap.parse_args(argv)
    if args.quick:
        args.records, args.repeat = 2000, 1

    records = make_records(args.records, args.seed)
    data = pybtex_data(records)

    def ours() -> str:
        return dumps(records, "bibtex")

    def theirs() -> str:
        return str(data.to_string("bibtex"))

    ours()  # warm caches (imports, regexes)
    wall_ours, cpu_ours = best_time(ours, args.repeat)
    wall_pybtex, cpu_pybtex = best_time(theirs, args.repeat)
    n = len(records)
    mem_ours, mem_pybtex = peak_mib(ours), peak_mib(theirs)
    out_bytes = len(io.StringIO(ours()).getvalue().encode("utf-8"))
    try:
        load = f" (load average {os.getloadavg()[0]:.2f})"
    except OSError:
        load = ""
    print(f"records: {n} (seed {args.seed}), output {out_bytes / 2**20:.1f} MiB, best of {args.repeat}{load}")
    print("                     wall entries/s  CPU entries/s  peak memory")
    for label, wall, cpu, mem in (
        ("archivecite bibtex", wall_ours, cpu_ours, mem_ours),
        ("pybtex to_string  ", wall_pybtex, cpu_pybtex, mem_pybtex),
    ):
        print(f"{label} : {n / wall:>13,.0f}  {n / cpu:>13,.0f}  {mem:7.1f} MiB")
    print(f"speed-up           : {wall_pybtex / wall_ours:.1f}x wall, {cpu_pybtex / cpu_ours:.1f}x CPU")
    ok = n / cpu_ours >= 20000 and cpu_pybtex / cpu_ours >= 10
    print("targets (CPU time: >= 20,000 entries/s and >= 10x pybtex):", "met" if ok else "NOT met")
    result = {
        "bench": "bibtex",
        "what": "archivecite bibtex writer (CPU time)",
        "rate": round(n / cpu_ours),
        "unit": "entries/s",
        "peak_mb": round(mem_ours, 1),
        "peer": "pybtex BibliographyData.to_string",
        "peer_rate": round(n / cpu_pybtex),
        "ratio": round(cpu_pybtex / cpu_ours, 1),
        "target": ">= 20,000 entries/s, >= 10x pybtex",
        "met": ok,
        "wall_rate": round(n / wall_ours),
        "peer_wall_rate": round(n / wall_pybtex),
    }
    print("RESULT " + json.dumps(result))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
