"""Every diagnostic code archivecite can emit is documented in docs/diagnostics.md."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Diagnostic("code", …) possibly across lines, and (code, message) pairs chosen before the call
_CALL = re.compile(r'Diagnostic\(\s*"([a-z][a-z0-9-]+)"')
_PAIR = re.compile(r'\(\s*"([a-z]+(?:-[a-z0-9]+)+)",\s*"[A-Za-z]')
_CODE_ASSIGN = re.compile(r'code\s*=\s*"([a-z]+(?:-[a-z0-9]+)+)"')


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "src" / "archivecite").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes.update(_CALL.findall(text))
        codes.update(_CODE_ASSIGN.findall(text))
        if "Diagnostic(" in text:
            codes.update(c for c in _PAIR.findall(text) if not c.startswith(("utf-", "iso-")))
    return codes


def test_every_emitted_code_is_documented() -> None:
    doc = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z]+(?:-[a-z0-9]+)+)`", doc))
    codes = emitted_codes()
    assert {"missing-title", "unrecognised-record", "invalid-utf8", "duplicate-record"} <= codes
    assert sorted(codes - documented) == []
