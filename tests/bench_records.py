"""The benchmark's record generator (``bench/bench_parse.py``), for tests that run on its records."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_parse() -> ModuleType:
    """``bench/bench_parse.py`` as a module (``generate``, ``make_record``, ``SENDERS`` …)."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("bench_parse")
    finally:
        sys.path.remove(str(BENCH))
