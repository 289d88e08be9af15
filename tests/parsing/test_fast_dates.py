"""parse_date against archivecite 0.1.0's (tests/legacy_parsing/dates_v010.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archivecite.parsing import dates
from legacy_parsing import dates_v010

PIECES = [
    "October", "Oct.", "oct", "SEPT", "May", "28", "05", "1", "31", "29", "1962", "1900", "2000", "0999", "3000",
    ",", " ", "  ", "\t", "\n", ".", "?", "[", "]", "ca.", "circa", "-", "–", "to", "1st", "2nd", "th",
    "1962-10-28", "/", "February", "ſept", "Aprıl", "İ", "\u212a",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_date_like_text(text: str) -> None:
    assert dates.parse_date(text) == dates_v010.parse_date(text)
    assert dates.is_date(text) is (dates_v010.parse_date(text) is not None)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text(text: str) -> None:
    assert dates.parse_date(text) == dates_v010.parse_date(text)
    assert dates.is_date(text) is (dates_v010.parse_date(text) is not None)


def test_every_day_and_both_common_shapes() -> None:
    months = ["January", "Feb", "march", "Sept.", "DECEMBER"]
    for month in months:
        for day in ("0", "00", "1", "01", "28", "29", "30", "31", "32", "1st", "22nd", "3rd"):
            for year in ("1900", "1962", "2000", "2023", "0000", "2999", "3000"):
                for text in (f"{month} {day}, {year}", f"{day} {month} {year}", f"{month}  {day}  {year}",
                             f"{day} {month}, {year}", f"{month} {day},{year}", f"{day}{month} {year}"):  # fmt: skip
                    assert dates.parse_date(text) == dates_v010.parse_date(text), text
                    assert dates.is_date(text) is (dates_v010.parse_date(text) is not None), text
    long = "October" + " " * 80 + "28, 1962"
    assert dates.parse_date(long) is None is dates_v010.parse_date(long)


def test_month_letters_that_only_case_insensitive_matching_reads() -> None:
    # "ſ" (long s), "ı" (dotless i), "İ" match s, i under re.I: these gave a KeyError (a crash)
    for text, month in (
        ("ſept 5, 1962", 9),
        ("Aprıl 5, 1962", 4),
        ("5 Aprİl 1962", 4),
        ("ſeptember 1962", 9),
    ):
        found = dates.parse_date(text)
        assert found is not None and found.start.month == month, text
        assert dates.is_date(text)
