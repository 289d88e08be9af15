"""Hand-built records shared by the format tests (importable: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from archivecite.model import ArchivalDate, ContentItem, DatePoint, Name, Record, Source

#: The reference record 114504, field by field as output-rules §0 gives it (built by hand, so
#: that writer tests do not depend on the parser).
REFERENCE = Record(
    title="Letter from Khrushchev to Fidel Castro",
    record_id="114504",
    url="https://wilson-center-digital-archive.dvincitest.com/document/114504",
    canonical_url="https://digitalarchive.wilsoncenter.org/document/114504",
    date=ArchivalDate(text="October 28, 1962", start=DatePoint(1962, 10, 28)),
    doc_type="letter",
    authors=(Name("N. Khrushchev", family="Khrushchev", given="N."),),
    recipients=(Name("Fidel Castro", family="Castro", given="Fidel"),),
    collection="Wilson Center Digital Archive",
    source=Source(
        text="Archive of Foreign Policy, Russian Federation (AVP RF)",
        repository="Archive of Foreign Policy, Russian Federation (AVP RF)",
    ),
    summary="Khrushchev informed Castro of his deal with J.F.Kennedy.",
    credits=("This document was made possible with support from Leon Levy Foundation",),
    funders=("Leon Levy Foundation",),
    original_languages=("Russian",),
    contents=(ContentItem("translation", "English", "Translation - English"),),
    signature="N. KHRUSHCHEV",
)
