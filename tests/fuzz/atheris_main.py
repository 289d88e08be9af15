"""Coverage-guided fuzzing of archivecite with atheris (libFuzzer), outside CI.

One command (atheris is an optional dependency: ``pip install atheris``)::

    python tests/fuzz/atheris_main.py                      # every target, 1 hour in all
    python tests/fuzz/atheris_main.py text -max_total_time=600
    python tests/fuzz/atheris_main.py --list

The targets are the hypothesis fuzz tests of this folder, driven by atheris through
``hypothesis``' ``fuzz_one_input``: atheris mutates the bytes hypothesis draws its examples
from, guided by coverage of archivecite's code. A target is a reader (``text``, ``json``,
``bibtex``, ``ris``, ``csl-json``, ``tei``: arbitrary and mutated documents), ``bytes``
(format detection plus reading of a binary stream) or a writer name (``writer:bibtex``,
``writer:tei`` …: random hostile records written, then read back). Any other arguments go to
libFuzzer (``-max_total_time=``, ``-runs=``, ``-jobs=``, a corpus directory …).

A crash is printed with the failing example (hypothesis' falsifying example) and libFuzzer
saves the input as ``crash-*`` in the working directory: turn it into a regression test in
``tests/test_hostile.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DEFAULT_SECONDS = 3600


def _targets() -> dict[str, Callable[[bytes], Any]]:
    """Target name -> a function of one libFuzzer input (hypothesis draws the example from it)."""
    import test_fuzz_readers as readers
    import test_fuzz_writers as writers
    from _strategies import hostile_text, record_lists
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    quiet = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))

    def reader_target(fmt: str) -> Callable[[bytes], Any]:
        @quiet
        @given(text=st.one_of(readers.mutated(fmt), hostile_text, st.text()))
        def run(text: str) -> None:
            readers.read_lenient(fmt, text)
            readers.read_strict(fmt, text)

        return run.hypothesis.fuzz_one_input  # type: ignore[attr-defined,no-any-return]

    def writer_target(fmt: str) -> Callable[[bytes], Any]:
        check = writers.test_writer_then_reader.hypothesis.inner_test

        @quiet
        @given(records=record_lists)
        def run(records: list[Any]) -> None:
            check(fmt=fmt, records=records)

        return run.hypothesis.fuzz_one_input  # type: ignore[attr-defined,no-any-return]

    table = {fmt: reader_target(fmt) for fmt in readers.READERS}
    table["bytes"] = readers.test_detected_read_of_arbitrary_bytes.hypothesis.fuzz_one_input
    table["text-loss"] = readers.test_text_reader_loses_nothing.hypothesis.fuzz_one_input
    for fmt in writers.WRITERS:
        table[f"writer:{fmt}"] = writer_target(fmt)
    return table


def main(argv: list[str]) -> int:
    try:
        import atheris  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        print("atheris is not installed: pip install atheris  (CI runs the hypothesis tests instead)")
        return 2
    with atheris.instrument_imports(include=["archivecite"]):
        # import every module now, inside the instrumentation (formats load lazily)
        import archivecite.parsing
        from archivecite.formats import available_readers, available_writers, get_reader, get_writer

        for name in available_readers():
            get_reader(name)
        for name in available_writers():
            get_writer(name)
        archivecite.parsing.parse("")
    names = [a for a in argv[1:] if not a.startswith("-")]
    flags = [a for a in argv[1:] if a.startswith("-")]
    targets = _targets()
    if "--list" in flags:
        print("\n".join(targets))
        return 0
    chosen = names or list(targets)
    unknown = [n for n in chosen if n not in targets and not Path(n).is_dir()]
    if unknown:
        print(f"unknown target(s) {', '.join(unknown)}; --list shows them")
        return 2
    corpus = [n for n in chosen if Path(n).is_dir()]
    chosen = [n for n in chosen if n in targets]
    if not any(f.startswith("-max_len=") for f in flags):
        flags.append("-max_len=8192")  # hypothesis draws many bytes per example
    if not any(f.startswith("-max_total_time=") or f.startswith("-runs=") for f in flags):
        flags.append(f"-max_total_time={max(DEFAULT_SECONDS // len(chosen), 10)}")
    if len(chosen) > 1:  # libFuzzer runs one target per process: run each in turn
        import subprocess

        status = 0
        for name in chosen:
            print(f"== {name}", flush=True)
            status |= subprocess.call([sys.executable, __file__, name, *corpus, *flags])
        return status
    atheris.Setup([argv[0], *corpus, *flags], targets[chosen[0]])
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
