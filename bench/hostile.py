"""Pathological input: time at size n and 10n for each family; the ratio must stay near 10.

Usage::

    python bench/hostile.py            # full sizes (a 100 MB body, a million records, …)
    python bench/hostile.py --quick    # a tenth of the sizes

Families (each parsed with ``archivecite.read`` and, where it makes sense, written as
BibTeX, Chicago and TEI):

- a huge body (10 MB vs 100 MB of body text in one record);
- many small records (100,000 vs 1,000,000 bare citation lines);
- one huge line (1 MB vs 10 MB without a newline);
- nested brackets and quotes in a title (1,000 vs 10,000 levels);
- a title made of "to"/"from" words and commas (backtracking bait for the title reader);
- a citation with thousands of quote/comma pairs (backtracking bait for the citation reader);
- a citation of thousands of commas and no digital collection (the date/source split);
- a run of spaces in a body, written as TEI (body blocks: separator search);
- a control character (NUL) in every record (one diagnostic per record);
- a Latin-1 file (one invalid-UTF-8 diagnostic per line, all in one record).

A ratio far above 10 means super-linear behaviour (catastrophic backtracking or quadratic
copying). Exit status 1 when any ratio exceeds 20.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
import time
from collections.abc import Callable
from typing import Any

HEAD = (
    "October 28, 1962\n\nLetter from Khrushchev to Fidel Castro\n\nCitation:\n\n"
    '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
    "Archive of Foreign Policy, Russian Federation (AVP RF) <https://digitalarchive.wilsoncenter.org/document/114504>\n\n"
    "Contents:\n\nTranslation - English\n\n"
)
CITATION = (
    '"Letter from Khrushchev to Fidel Castro", October 28, 1962, Wilson Center Digital Archive, '
    "Archive of Foreign Policy, Russian Federation (AVP RF) <https://digitalarchive.wilsoncenter.org/document/{i}>\n"
)


def huge_body(n: int) -> str:
    para = "We send our greetings to you and to all your administrative collective. " * 13 + "\n\n"
    return HEAD + para * (n // len(para) + 1)


def many_records(n: int) -> str:
    return "".join(CITATION.format(i=100000 + i) for i in range(n))


def huge_line(n: int) -> str:
    return HEAD + ("x" * 99 + " ") * (n // 100)


def nested_title(n: int) -> str:
    title = "Letter from " + "[(“'" * n + "Khrushchev" + "'”)]" * n + " to Castro"
    return f'October 28, 1962\n\n{title}\n\nCitation:\n\n"{title}", 1962, Wilson Center Digital Archive, X\n'


def to_from_title(n: int) -> str:
    title = "Letter from " + "to from , " * n + "Castro"
    return f'October 28, 1962\n\n{title}\n\nCitation:\n\n"{title}", 1962, Wilson Center Digital Archive, X\n'


def posting_title(n: int) -> str:
    title = "Letter from " + "Ambassador To Cuba " * n + "Alekseev"
    return f'October 28, 1962\n\n{title}\n\nCitation:\n\n"{title}", 1962, Wilson Center Digital Archive, X\n'


def quote_comma_citation(n: int) -> str:
    return '"' + '",a,"' * n + 'Title", 1962, Wilson Center Digital Archive, X\n'


def comma_citation(n: int) -> str:
    return 'October 28, 1962\n\nTitle\n\nCitation:\n\n"Title", ' + "a, " * n + "X\n"


def space_run_body(n: int) -> str:
    return HEAD + "Dear Comrade," + " " * n + "x\n\nN. KHRUSHCHEV\n"


def many_credits_source(n: int) -> str:
    return HEAD.replace("(AVP RF) <", "(AVP RF), " + "Translated by A. Petrov " * n + "<", 1)


def write_tei(text: str) -> int:
    import archivecite

    records = [r for r in archivecite.read(text) if isinstance(r, archivecite.Record)]
    return len(archivecite.dumps(records, "tei"))


def control_chars(n: int) -> str:
    return "".join(
        CITATION.format(i=100000 + i).replace("Digital Archive,", "Digital Archive,\x00") for i in range(n)
    )


def latin1_lines(n: int) -> bytes:
    return (HEAD + "Fidél Castro, línea número {}\n" * n).format(*range(n)).encode("latin-1")


def parse_bytes(data: str | bytes) -> int:
    import archivecite

    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    return sum(1 for _ in archivecite.read(io.BytesIO(raw)))


def parse_all(text: str) -> int:
    import archivecite

    return sum(1 for _ in archivecite.read(io.StringIO(text)))


def write_all(text: str) -> int:
    import archivecite
    from archivecite.formats import available_writers

    records = [r for r in archivecite.read(text) if isinstance(r, archivecite.Record)]
    total = 0
    for fmt in ("bibtex", "chicago-note", "tei-bibl"):
        if fmt in available_writers():
            total += len(archivecite.dumps(records, fmt))
    return total


FAMILIES: list[tuple[str, Callable[[int], Any], int, Callable[[Any], int]]] = [
    ("huge body (bytes)", huge_body, 10_000_000, parse_all),
    ("many records", many_records, 100_000, parse_all),
    ("huge line (bytes)", huge_line, 1_000_000, parse_all),
    ("nested brackets/quotes", nested_title, 1_000, parse_all),
    ("nested brackets/quotes, written", nested_title, 1_000, write_all),
    ("to/from title", to_from_title, 1_000, parse_all),
    ("to/from title, written", to_from_title, 1_000, write_all),
    ("quote-comma citation", quote_comma_citation, 1_000, parse_all),
    ("comma citation, no collection", comma_citation, 1_000, parse_all),
    ("space run in a body, TEI", space_run_body, 100_000, write_tei),
    ("control character per record", control_chars, 2_000, parse_all),
    ("Latin-1 lines (bytes)", latin1_lines, 2_000, parse_bytes),
    ("many credits in one source", many_credits_source, 300, parse_all),
    ("offices and postings in a title", posting_title, 1_000, parse_all),
]


def timed(fn: Callable[[Any], int], text: Any) -> float:
    gc.collect()
    t0 = time.process_time()
    fn(text)
    return time.process_time() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    ap.add_argument("--only", help="run only families whose name contains this text")
    args = ap.parse_args()
    worst = 0.0
    print(f"{'family':34} {'n':>12} {'t(n) s':>9} {'t(10n) s':>9} {'ratio':>7}")
    for name, make, n, fn in FAMILIES:
        if args.only and args.only not in name:
            continue
        if args.quick:
            n //= 10
        small, big = make(n), make(10 * n)
        t1 = max(timed(fn, small), 1e-4)
        t2 = timed(fn, big)
        ratio = t2 / t1
        worst = max(worst, ratio if t2 > 0.05 else 0)
        print(f"{name:34} {n:>12,} {t1:>9.3f} {t2:>9.3f} {ratio:>7.1f}")
        print(
            "RESULT "
            + json.dumps(
                {
                    "bench": "hostile",
                    "what": f"{name}: t(n) {t1:.3f} s, t(10n) {t2:.3f} s, n = {n:,}",
                    "unit": "",
                    "ratio": round(ratio, 1),
                    "target": "ratio near 10 (linear)",
                    "met": ratio <= 20 or t2 <= 0.05,
                }
            )
        )
        del small, big
    print(f"worst ratio {worst:.1f} (linear is 10)")
    return 1 if worst > 20 else 0


if __name__ == "__main__":
    sys.exit(main())
