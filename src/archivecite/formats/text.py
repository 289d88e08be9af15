"""Reader for the archive's page dumps and citation lines (the default input format)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from ..model import FailedRecord, Record


class TextReader:
    name = "text"

    def detect(self, head: str) -> bool:
        return True  # the fallback format

    def read(
        self, text: str | TextIO, *, file: str | None = None, strict: bool = False
    ) -> Iterator[Record | FailedRecord]:
        from ..parsing import read_text_records

        return read_text_records(text, file=file, strict=strict)


READERS = {"text": TextReader()}
