"""Shared test fixtures: the bundled archive records (never ../shared)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import archivecite
from archivecite import Record

# "ci" is the default budget; HYPOTHESIS_PROFILE=long for a deeper local run.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "records"
FIXTURE_IDS = ["110385", "111776", "112230", "113266", "114504", "117035", "134696", "280697", "300653"]


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def parsed(name: str) -> Record:
    rec = archivecite.parse(fixture_text(name), file=f"{name}.txt")
    assert isinstance(rec, Record), rec
    return rec


@pytest.fixture(scope="session")
def fixture_records() -> dict[str, Record]:
    """Every bundled record, parsed, keyed by its file name (the record id)."""
    return {name: parsed(name) for name in FIXTURE_IDS}


@pytest.fixture(scope="session")
def seed_record() -> Record:
    """The reference record (fixtures/records/114504.txt)."""
    return parsed("114504")


@pytest.fixture(scope="session")
def fixture_texts() -> dict[str, str]:
    """The raw text of every bundled record, keyed by record id."""
    return {name: fixture_text(name) for name in FIXTURE_IDS}
