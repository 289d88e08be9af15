"""The record model: frozen attrs classes, no I/O and no knowledge of any format.

A :class:`Record` holds what one archive document page says, interpreted where the
parser understood it and verbatim where it did not (``extra``, ``citation``, ``body``).
Fields the record does not contain are ``None`` or empty: nothing is ever guessed.
"""

from __future__ import annotations

from typing import Literal

import attrs

from .errors import Diagnostic

NameKind = Literal["person", "organization"]
Precision = Literal["day", "month", "year"]

#: The canonical host of Wilson Center Digital Archive records.
CANONICAL_BASE = "https://digitalarchive.wilsoncenter.org/document/"


@attrs.frozen
class DatePoint:
    """A calendar point with optional month and day (never filled in when missing)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (EDTF level 0)."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@attrs.frozen
class ArchivalDate:
    """A document date: the text as given plus its EDTF reading.

    ``start`` is the date (or the start of a range), ``end`` the end of a range.
    ``approximate`` is EDTF ``~`` ("circa"), ``uncertain`` is EDTF ``?``.
    """

    text: str | None
    start: DatePoint
    end: DatePoint | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> Precision:
        return self.start.precision

    @property
    def is_range(self) -> bool:
        return self.end is not None

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def edtf(self) -> str:
        """EDTF string: ``1962-10-28``, ``1962-10``, ``1962``, ``1962~``, ``1962?``,
        ``1962-10-22/1962-11-02``."""
        qualifier = ""
        if self.approximate and self.uncertain:
            qualifier = "%"
        elif self.approximate:
            qualifier = "~"
        elif self.uncertain:
            qualifier = "?"
        if self.end is None:
            return self.start.iso + qualifier
        return f"{self.start.iso}{qualifier}/{self.end.iso}{qualifier}"

    def sort_key(self) -> tuple[int, int, int]:
        return self.start.sort_key()


@attrs.frozen
class Name:
    """A person or an organization named by a record.

    ``name`` is the display name as the record gives it ("N. Khrushchev", "USSR MFA",
    "Filippov [Stalin]"). For persons ``family``/``given`` hold the parts that the record
    contains (``given`` is ``None`` when only a surname is known). ``real_name`` keeps a
    bracketed identification ("Stalin" in "Filippov [Stalin]"). ``family_first`` marks
    names written family name first (Chinese, Korean: "Mao Zedong", "Kim Il Sung").
    ``role`` keeps a descriptive title found with the name ("Soviet Ambassador to the USA").
    """

    name: str
    family: str | None = None
    given: str | None = None
    kind: NameKind = "person"
    real_name: str | None = None
    family_first: bool = False
    role: str | None = None

    @property
    def is_organization(self) -> bool:
        return self.kind == "organization"

    @property
    def sort_name(self) -> str:
        """The element a bibliography sorts on: the family name, else the display name."""
        if self.kind == "person" and self.family:
            return self.family
        return self.name

    @property
    def short(self) -> str:
        """Family name only (organizations and unparsed names: the display name)."""
        return self.sort_name

    @property
    def full(self) -> str:
        """Given and family name in natural order ("N. Khrushchev", "Mao Zedong")."""
        if self.kind == "organization" or not self.family:
            return self.name
        if not self.given:
            return self.family
        if self.family_first:
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"

    @property
    def inverted(self) -> str:
        """Bibliography order: "Khrushchev, N."; family-first names and organizations as is."""
        if self.kind == "organization" or not self.family:
            return self.name
        if not self.given:
            return self.family
        if self.family_first:
            return f"{self.family} {self.given}"
        return f"{self.family}, {self.given}"


@attrs.frozen
class Contributor:
    """A person credited in the source string, with a role such as ``translator``,
    ``editor``, ``annotator``, ``contributor`` or ``obtained-by``."""

    name: Name
    role: str


@attrs.frozen
class Source:
    """Where the original is held: the text as given, plus what could be extracted."""

    text: str
    repository: str | None = None
    locator: str | None = None
    contributors: tuple[Contributor, ...] = ()

    def people(self, role: str) -> tuple[Name, ...]:
        return tuple(c.name for c in self.contributors if c.role == role)

    @property
    def translators(self) -> tuple[Name, ...]:
        return self.people("translator")


@attrs.frozen
class ContentItem:
    """One entry of the record's contents list ("Translation - English", "Original Scan").

    ``kind`` is one of ``translation``, ``transcript``, ``original-scan``, ``html``,
    ``pdf`` or ``other``; ``text`` is the line as given.
    """

    kind: str
    language: str | None
    text: str


@attrs.frozen
class LineSpan:
    """First and last physical input line (1-based, inclusive) of a record."""

    start: int
    end: int


@attrs.frozen
class Record:
    """One archive document, as structured data. All fields but ``title`` may be empty."""

    title: str | None = None
    record_id: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    date: ArchivalDate | None = None
    doc_type: str | None = None
    authors: tuple[Name, ...] = ()
    recipients: tuple[Name, ...] = ()
    participants: tuple[Name, ...] = ()
    collection: str | None = None
    source: Source | None = None
    summary: str | None = None
    credits: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    original_languages: tuple[str, ...] = ()
    contents: tuple[ContentItem, ...] = ()
    subjects: tuple[str, ...] = ()
    body: str | None = None
    signature: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    citation: str | None = None
    span: LineSpan | None = None
    file: str | None = attrs.field(default=None, eq=False)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)

    # -- derived views used by several writers (no new data, only readings of the fields)

    @property
    def sender(self) -> Name | None:
        return self.authors[0] if self.authors else None

    @property
    def recipient(self) -> Name | None:
        return self.recipients[0] if self.recipients else None

    @property
    def is_letter_form(self) -> bool:
        """True when both a sender and a recipient are known (Chicago letter form)."""
        return bool(self.authors) and bool(self.recipients)

    @property
    def translators(self) -> tuple[Name, ...]:
        return self.source.translators if self.source else ()

    @property
    def translation_language(self) -> str | None:
        """The language of the translation listed in the contents, if any."""
        for item in self.contents:
            if item.kind == "translation" and item.language:
                return item.language
        return None

    @property
    def text_language(self) -> str | None:
        """The language of the body text: a listed translation's, else an HTML/transcript
        item's language; ``None`` when the record does not say."""
        lang = self.translation_language
        if lang:
            return lang
        for item in self.contents:
            if item.language and item.kind in ("html", "transcript"):
                return item.language
        return None

    @property
    def best_url(self) -> str | None:
        """The canonical URL when the record id is known, else the URL as given."""
        return self.canonical_url or self.url

    def extra_value(self, label: str) -> str | None:
        """The text of an unknown labelled section, matched case-insensitively."""
        wanted = label.casefold()
        for key, value in self.extra:
            if key.casefold() == wanted:
                return value
        return None


@attrs.frozen
class FailedRecord:
    """A block of input that could not be read as a record: kept whole, with the reasons."""

    raw: str
    span: LineSpan
    diagnostics: tuple[Diagnostic, ...]
    file: str | None = None

    @property
    def line(self) -> int:
        return self.span.start


def canonical_url(record_id: str) -> str:
    return CANONICAL_BASE + record_id
