"""Document type and correspondents from a title.

Shapes recognised (from the archive's titles):

- ``Letter from Khrushchev to Fidel Castro``; ``Telegram from Soviet Ambassador to the USA
  Dobrynin to the USSR MFA`` (the last " to " separates sender and recipient)
- ``Ciphered Telegram, Filippov [Stalin] to Mao Zedong``; ``Letter, Jawaharlal Nehru to …``
- ``Note from N. Khrushchev to the CPSU CC Presidium regarding …`` (trailing clause cut)
- ``Letter to the Deputy Chairman of …, Prof. Pushkov`` (recipient only, role kept)
- ``TASS Digest Distributed to Cde. I.V. Stalin and Cde. C.M. Molotov, '…'``
- ``Memorandum of Conversation between A and B``, ``Record of a Conversation of Cde. Stalin
  with Kim Il Sung``, ``Minutes, Mao’s Conversation with …`` (participants, no sender)
- ``Speech by …``, ``Report from …`` (author only)

Every title is different (a trailing clause names the subject), but correspondents recur: the
reading does one regex pass per step on the title and looks the people up in caches keyed by the
clause-free phrase ("Khrushchev to Fidel Castro"), which hold the finished reading.
Several steps rely on the title being single-spaced (``" ".join(title.split())``, as
:func:`read_title` makes it): the only whitespace is one ASCII space between words.
"""

from __future__ import annotations

import functools
import re

import attrs

from ..model import Name
from ._cache import MAX_KEY_LENGTH, register, short_text_cache
from .names import ORG_WORDS, ROLE_WORDS, _looks_personal, parse_name, recase_capitals, split_people
from .places import POSTING_WORDS, is_posting_at

# phrase -> canonical lowercase type (longest phrases first when matching)
DOC_TYPES: dict[str, str] = {
    "ciphered telegram": "telegram", "coded telegram": "telegram", "cipher telegram": "telegram",
    "telegram": "telegram", "cablegram": "cable", "cable": "cable", "letter": "letter",
    "memorandum of conversation": "memorandum of conversation", "memorandum": "memorandum",
    "memo": "memorandum", "minutes": "minutes", "transcript": "transcript", "stenogram": "transcript",
    "record of a conversation": "record of conversation", "record of conversation": "record of conversation",
    "report": "report", "notes": "notes", "note": "note", "digest": "digest", "diary": "diary",
    "journal": "diary", "speech": "speech", "statement": "statement", "resolution": "resolution",
    "decree": "decree", "directive": "directive", "instructions": "instructions",
    "instruction": "instructions", "protocol": "protocol", "message": "message", "draft": "draft",
    "agreement": "agreement", "treaty": "treaty", "communiqué": "communiqué", "communique": "communiqué",
    "information": "information", "interview": "interview", "order": "order", "decision": "decision",
    "declaration": "declaration", "circular": "circular", "bulletin": "bulletin",
    "conversation": "conversation", "discussion": "discussion", "excerpt": "excerpt",
    "aide-mémoire": "aide-mémoire", "aide-memoire": "aide-mémoire", "appeal": "appeal",
    "proposal": "proposal", "study": "study", "briefing": "briefing", "analysis": "analysis",
    "summary": "summary", "memoir": "memoir", "report card": "report", "outline": "outline",
    "information note": "note", "telegraph": "telegram", "dispatch": "dispatch", "despatch": "dispatch",
}  # fmt: skip
_MAX_TYPE_WORDS = max(len(k.split()) for k in DOC_TYPES)
# doc_type_of looks a phrase up as written, else without a final "s" ("Letters"). The same two
# lookups as one table, for one-word phrases and for longer ones apart: a phrase of two words or
# more can only start with the first word of a longer type phrase.
_ONE_WORD_TYPES = {k + "s": v for k, v in DOC_TYPES.items() if " " not in k} | {
    k: v for k, v in DOC_TYPES.items() if " " not in k
}
_LONGER_TYPES = {k + "s": v for k, v in DOC_TYPES.items() if " " in k} | {
    k: v for k, v in DOC_TYPES.items() if " " in k
}
_LONGER_FIRST = frozenset(k.split()[0] for k in DOC_TYPES if " " in k)
_TYPE_POSITIONS = 5  # a type phrase is one of the title's first five words…
_NO_TYPE_AFTER = ("from", "to", "of", "with", "by")  # …and follows none of these
# Words: runs of characters other than whitespace, ",", ";" and ":", in the first 100 characters.
_WORDS = re.compile(r"[^\s,;:]+")
# The words after a first one, as far as a type phrase can reach (possessive: no backtracking).
_NEXT_WORDS = re.compile(rf"(?:[\s,;:]++[^\s,;:]++){{0,{_MAX_TYPE_WORDS - 1}}}+")

# A trailing clause that is not part of a name: "\s+(?:regarding|…)\s+.*$" or ",\s*['‘"“].*$"
# (keyword and quote forms), or a final parenthesis "\s*\(.*\)\s*$" (found by
# _paren_clause_start without a regex: the regex form backtracked from every "(", quadratic on
# nested brackets). Every match runs to the end, so only where it starts matters. _CLAUSE_KW
# starts with a character class (whitespace or comma) so that the regex engine skips other
# characters quickly.
_CLAUSE_WORDS = (
    r"regarding|concerning|about|on|re|in connection with|with regard to|dated|transmitting|"
    r"enclosing|conveying|informing|requesting|reporting|in reply to|in response to|with"
)
_CLAUSE_KW = re.compile(rf"[\s,](?:(?<=\s)\s*(?:{_CLAUSE_WORDS})\s+|(?<=,)\s*['‘\"“])", re.I)
# The same two forms in single-spaced text, where the keyword form is " <keyword> ". A pattern
# that starts with a literal character is the fastest to search for, but only when it ignores
# no case: ASCII text is lowercased for _LOWER_SPACED_CLAUSE_KW (positions stay the same).
_SPACED_CLAUSE_KW = re.compile(rf" (?:{_CLAUSE_WORDS}) ", re.I)
_LOWER_SPACED_CLAUSE_KW = re.compile(rf" (?:{_CLAUSE_WORDS}) ")
_CLAUSE_QUOTE = re.compile(r",\s*['‘\"“]")


def _clause_start(text: str) -> int | None:
    """Where the trailing clause of a recipient phrase starts (``None``: there is none)."""
    m = _CLAUSE_KW.search(text)
    return _paren_clause_start(text, m.start() if m else None)


def _spaced_clause_start(text: str) -> int | None:
    """:func:`_clause_start` of single-spaced text (no whitespace but lone ASCII spaces)."""
    if text.isascii():
        m = _LOWER_SPACED_CLAUSE_KW.search(text.lower())
    else:
        m = _SPACED_CLAUSE_KW.search(text)
    best = m.start() if m else None
    if "," in text:
        q = _CLAUSE_QUOTE.search(text)
        if q and (best is None or q.start() < best):
            best = q.start()
    return _paren_clause_start(text, best) if ")" in text else best


def _paren_clause_start(text: str, best: int | None) -> int | None:
    """The start of a final parenthesis "(…)" when it comes before ``best``."""
    if text.rstrip().endswith(")"):
        i = text.find("(")
        if i >= 0:
            j = i
            while j > 0 and text[j - 1].isspace():
                j -= 1
            if best is None or j < best:
                best = j
    return best


def _cut_clause(text: str) -> str:
    start = _clause_start(text)
    return text if start is None else text[:start]


def _spaced_cut_clause(text: str) -> str:
    """:func:`_cut_clause` of single-spaced text."""
    start = _spaced_clause_start(text)
    return text if start is None else text[:start]


# "conversation between|of|with <participants>[, <place>], <date>" in single-spaced text: where
# the participants start (_CONV_START) and where a following place and date start (_CONV_DATE).
# 0.1.0 matched the whole with "\bconversation\s+(?:between|of|with)\s+(.+?)(?:<date>.*)?$",
# whose lazy group tried the date pattern at every character.
_CONV_START = re.compile(r"\bconversation\s+(?:between|of|with)\s+(?=.)", re.I)
_CONV_DATE = re.compile(r",\s*(?:[A-Z][a-z]+,\s*)?\[?(?:undated|\d)", re.I)
_POSS = re.compile(r"^(?:\w+,\s*)?([A-Z][\w.\- ]{1,40}?)[’']s\s+conversation\s+with\s+(.+)$", re.I)
_VERB_TO = re.compile(r"\s+(?:distributed|sent|addressed|delivered|forwarded|submitted)\s+to\s+", re.I)
_COMMA_SPACE = re.compile(r",\s")
_ARTICLES = ("a", "an", "the")
#: A number after the type ("Telegram No. 235", "Report Nr. 12/1962").
_DESIGNATION = re.compile(r"\s+(?:No|Nr|Number)\.?\s*\d[\w./-]*|\s+#\s*\d[\w./-]*", re.I)
#: The sender named after the type: what comes before it is more of the type.
_FROM_BY = re.compile(r"\s+(?:from|by)\s", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_FROM_TO = re.compile(r"\bfrom\b.+\bto\b")
# "\s+(?:on|regarding|concerning|about)\s+.*$" (case as written) in single-spaced text
_SPACED_CONV_CLAUSE = re.compile(r" (?:on|regarding|concerning|about) ", re.I)
_CONV_SPLIT = re.compile(r"\s+with\s+|\s+and\s+|,\s*", re.I)
_TO_PHRASE = re.compile(r"\s+to\s+(.+)$", re.I)  # matched where the type phrase ends
# ", <phrase>", " from <phrase>" or " by <phrase>" where the type phrase ends: the phrase
# follows (to the end: "(.+)$" in text without line breaks); group 1 is the comma of the first.
_FROM_PHRASE = re.compile(r"\s*(?:(,)\s*|\s+from\s+|\s+by\s+)(?=.)", re.I)
_PLACE_WORD = re.compile(r"\s+(at|in|during|before|for|of)\s+")
#: Types whose author may follow "of" ("Journal of Soviet Ambassador … Puzanov", "Letter of
#: the CC of the PUWP to …"); other types take "of" for what they are about ("Minutes of the
#: Meeting", "Transcript of … Session").
_OF_TYPES = frozenset(
    {"diary", "letter", "resolution", "statement", "appeal", "declaration", "decree", "decision", "directive"}
)
_OF_PHRASE = re.compile(r"\s+of\s+(?=.)", re.I)
_NAME_CHARACTER = re.compile(r"[^\s,;:]")  # text without one names nobody (parse_name: None)


@attrs.frozen
class TitleReading:
    doc_type: str | None = None
    authors: tuple[Name, ...] = ()
    recipients: tuple[Name, ...] = ()
    participants: tuple[Name, ...] = ()


def doc_type_of(title: str) -> tuple[str | None, int, int]:
    """(type, start, end) of the document-type phrase near the start of ``title``: the
    title's first words ("Ciphered Telegram, …") or after a short sender ("TASS Digest …")."""
    # Most titles start with their type: read the first word, and the next ones only when a
    # longer phrase starts with it ("Memorandum of Conversation").
    first = _WORDS.search(title, 0, 100)
    if first is None:
        return None, -1, -1
    word = first.group().casefold()
    if word in _LONGER_FIRST:
        more = _NEXT_WORDS.match(title, first.end(), 100)  # always matches (zero words or more)
        if more is not None:
            longer = _longer_type(title[first.start() : more.end()])
            if longer is not None:
                return longer[0], first.start(), first.start() + longer[1]
    found = _ONE_WORD_TYPES.get(word)
    if found:
        return found, first.start(), first.end()
    return _doc_type_after_first(title)


@functools.lru_cache(maxsize=1024)
def _longer_type(words: str) -> tuple[str, int] | None:
    """The longest type phrase of two words or more that starts ``words`` (a title's first
    words, at most _MAX_TYPE_WORDS of them), and where it ends. Cached: titles start alike."""
    found = None
    folded = [(m.group().casefold(), m.end()) for m in _WORDS.finditer(words)]
    for k in range(2, len(folded) + 1):
        doc_type = _LONGER_TYPES.get(" ".join(w for w, _ in folded[:k]))
        if doc_type:
            found = doc_type, folded[k - 1][1]
    return found


register(_longer_type)


def _doc_type_after_first(title: str) -> tuple[str | None, int, int]:
    """:func:`doc_type_of` when the first word is no type: the same search, from the first word."""
    words = [w.casefold() for w in _WORDS.findall(title, 0, 100)[:9]]
    for i in range(min(_TYPE_POSITIONS, len(words))):
        if i and words[i - 1] in _NO_TYPE_AFTER:
            return None, -1, -1
        for k in range(min(_MAX_TYPE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + k])
            found = DOC_TYPES.get(phrase) or (DOC_TYPES.get(phrase[:-1]) if phrase.endswith("s") else None)
            if found:
                spans = list(_WORDS.finditer(title, 0, 100))  # the same words, placed
                return found, spans[i].start(), spans[i + k - 1].end()
    return None, -1, -1


@short_text_cache(maxsize=4096)
def _names(text: str) -> tuple[Name, ...]:
    """The people of a phrase ("Cde. I.V. Stalin and Cde. C.M. Molotov"). Cached: the same
    correspondents recur across an export; the result is immutable."""
    out: list[Name] = []
    for part in split_people(text):
        n = parse_name(part)
        if n is not None:
            out.append(n)
    return tuple(out)


def _recipient_phrase(text: str) -> tuple[Name, ...]:
    """The recipients of single-spaced ``text`` ("the USSR MFA regarding …")."""
    return _recipients(_spaced_cut_clause(text.strip()))


def _recipients(text: str) -> tuple[Name, ...]:
    """The recipients of a phrase without its trailing clause."""
    s = text.strip(" ,.;:")
    if not s:
        return ()
    # "the Deputy Chairman of the Soviet Committee of the MGG, Prof. Pushkov"
    if "," in s:
        head, _, tail = s.partition(",")
        tail = tail.strip()
        tail_first = tail.split(",")[0].strip()
        if tail_first and _looks_personal(tail_first) and not _looks_personal(head.removeprefix("the ")):
            n = parse_name(tail_first, role=head.strip().removeprefix("the ").strip())
            return (n,) if n else ()
        if not all(_looks_personal(p) for p in s.split(",")):
            s = head
    return _names(s)


def _sender_phrase(text: str) -> tuple[Name, ...]:
    s = text.strip(" ,.;:")
    if not s:
        return ()
    return _names(s)


def read_title(title: str | None) -> TitleReading:
    """Document type and people named by ``title`` (empty reading when none are found)."""
    if not title:
        return TitleReading()
    # single-spaced (all whitespace but the space is unprintable: most titles are so already)
    if title.isprintable() and "  " not in title and title[0] != " " and title[-1] != " ":
        t = title
    else:
        t = " ".join(title.split())
    if t.isupper():  # all in capitals: read as it would be written otherwise
        t = recase_capitals(t)
    doc_type, ts, te = doc_type_of(t)
    if doc_type is not None and (designation := _DESIGNATION.match(t, te)):
        te = designation.end()  # "Telegram No. 235 from …"

    # conversations: participants, not sender/recipient (but a diarist's record of one has
    # the diarist as its author)
    if "onversation" in t:
        reading = _conversation(t, doc_type)
        if reading is not None:
            return with_diarist(t, reading)
    if doc_type is None:
        return TitleReading()

    # "<Sender> <Type> distributed to <Recipients>"
    before = t[:ts].strip() if ts > 0 else ""
    if before.casefold() in _ARTICLES or (before and _FROM_BY.match(t, te)):
        before = ""  # "A Cable from …", "Intelligence Report from …": not a sender
    if before:
        after = t[te:]
        vt = _VERB_TO.search(after)
        senders = _sender_phrase(before)
        if vt:
            recipients = _recipient_phrase(after[vt.end() :])
        else:
            m_to = _TO_PHRASE.match(after)
            recipients = _recipient_phrase(m_to.group(1)) if m_to else ()
        return TitleReading(doc_type=doc_type, authors=senders, recipients=recipients)

    m = _FROM_PHRASE.match(t, te)
    if m is None and doc_type in _OF_TYPES and (of := _OF_PHRASE.match(t, te)) and of_author(t[of.end() :]):
        m = of
    if m:
        # the people are read from the phrase without its trailing clause ("… regarding …")
        phrase = t[m.end() :]
        start = _spaced_clause_start(phrase)
        head = phrase if start is None else phrase[:start]
        # " from <phrase>", " by <phrase>", " of <phrase>", not ", <phrase>"
        named_by = m.re is _OF_PHRASE or m.group(1) is None
        if len(head) > MAX_KEY_LENGTH:
            return _sent(doc_type, head, named_by)
        return _sent_cached(doc_type, head, named_by)
    m_for = _FOR_FROM.match(t, te)
    if m_for and for_from(m_for.group(1), m_for.group(2)):  # "Memorandum for X from Y"
        return TitleReading(
            doc_type=doc_type,
            authors=_sender_phrase(cut_place_clause(_spaced_cut_clause(m_for.group(2)))),
            recipients=_recipient_phrase(m_for.group(1)),
        )
    m_to = _TO_PHRASE.match(t, te)
    if m_to:
        return TitleReading(doc_type=doc_type, recipients=_recipient_phrase(m_to.group(1)))
    return TitleReading(doc_type=doc_type)


#: "<Type> for <recipient> from <sender>" (US memoranda: "Memorandum for the President from …").
_FOR_FROM = re.compile(r"\s+for\s+(.+?)\s+from\s+(.+)$", re.I)
_DATE_START = re.compile(r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$))", re.I)


_OFFICE_OR_BODY_WORDS = ROLE_WORDS | ORG_WORDS


def _office_or_body_word(word: str) -> bool:
    """Whether ``word`` (punctuation aside) names an office or a body (Ambassador, Ministry)."""
    return word.strip(",.").casefold() in _OFFICE_OR_BODY_WORDS


def for_from(recipient: str, sender: str) -> bool:
    """Whether "for <recipient> from <sender>" names them: the recipient an office, a body or
    a person ("the President", "Comrade Kim"), the sender not a date ("for the Period from
    January to March")."""
    if _DATE_START.match(sender):
        return False
    return any(map(_office_or_body_word, recipient.split())) or _looks_personal(recipient)


_SPACE_TO = re.compile(r" (?=to )", re.I)


def _rfind_to(text: str) -> int:
    """``text.rfind(" to ")`` in any case ("Letter From A To B")."""
    if text.isascii():
        return text.lower().rfind(" to ")  # lower() keeps ASCII text's offsets
    last = -1
    for m in _SPACE_TO.finditer(text):
        last = m.start()
    return last


def of_author(phrase: str) -> bool:
    """Whether the words after "<type> of" name its author: a body ("the CC of …", "CPSU CC
    Presidium"), an office ("Soviet Ambassador …") or a full name ("Georgi Dimitrov"); not
    "Letter of Thanks"."""
    words = phrase.split(None, 6)[:6]
    if not words or not words[0][:1].isupper():
        return words[:1] == ["the"]
    if any(map(_office_or_body_word, words)):
        return True
    return len(words) >= 2 and words[1][:1].isupper()


def cut_place_clause(text: str) -> str:
    """``text`` without its trailing place or occasion ("Mao Zedong at the Supreme State
    Conference" -> "Mao Zedong"), cut at the first "at", "in", "during", "before", "for" or
    "of" that is not part of an office or a body ("Soviet Ambassador in the DPRK A.M. Puzanov
    for 1 June 1957" -> "… Puzanov"; "the Government of the People's Republic of China")."""
    for m in _PLACE_WORD.finditer(text):
        word = text[text.rfind(" ", 0, m.start()) + 1 : m.start()]
        if m.group(1) in ("in", "at") and word.strip(",.").casefold() in POSTING_WORDS:
            continue  # "Ambassador in the DPRK"
        if m.group(1) == "of" and _office_or_body_word(word):
            continue  # "Government of …", "Chairman of …"
        return text[: m.start()]
    return text


def _sent(doc_type: str, head: str, named_by: bool) -> TitleReading:
    """The reading of "<type> from|by <head>" or "<type>, <head>" (``named_by``: not the comma
    form), ``head`` being the single-spaced phrase without its trailing clause.

    The " to " that separates sender and recipient is the last one whose left side names
    somebody ("Soviet Ambassador to the USA Dobrynin to the USSR MFA") and that is not an
    office's posting ("Soviet Ambassador to the USA Dobrynin": no recipient)."""
    idx = _rfind_to(head)
    if idx > 0 and is_posting_at(head, idx):  # the sender's posting ("Ambassador to Cuba"):
        # an earlier " to ", if any (each found once: linear in the title's length)
        earlier = [m.start() for m in _SPACE_TO.finditer(head, 0, idx)]
        idx = -1
        while earlier and is_posting_at(head, idx := earlier.pop()):
            idx = -1
    if idx > 0 and not _NAME_CHARACTER.search(head, 0, idx):
        idx = -1  # nobody on the left (so no earlier " to " either)
    if idx < 0:
        if named_by:
            return TitleReading(doc_type=doc_type, authors=_sender_phrase(cut_place_clause(head)))
        return TitleReading(doc_type=doc_type)
    # head has no clause, nor has its end (the recipient phrase: a trailing clause of the end
    # would be one of the whole)
    return TitleReading(
        doc_type=doc_type, authors=_sender_phrase(head[:idx]), recipients=_recipients(head[idx + 4 :])
    )


# Cached: correspondents recur (the titles differ by their trailing clauses, cut off here).
_sent_cached = functools.lru_cache(maxsize=4096)(_sent)
register(_sent_cached)


def _conversation(t: str, doc_type: str | None) -> TitleReading | None:
    """The participants of a conversation named by single-spaced ``t`` (``None``: not one)."""
    poss = _POSS.match(t) if "'" in t or "’" in t else None
    if poss:
        parts = [poss.group(1), poss.group(2)]
        people: list[Name] = []
        for p in parts:
            p = _COMMA_SPACE.split(p)[0].strip()
            p = _ARTICLE.sub("", p)
            people.extend(_names(p))
        return TitleReading(doc_type=doc_type, participants=tuple(people))
    conv = _CONV_START.search(t)
    if conv is None or ("from" in t and _FROM_TO.search(t)):
        return None
    # the participants run to a place and date (", Beijing, [undated]") or to the end
    start = conv.end()
    date = _CONV_DATE.search(t, start + 1)
    body = t[start : date.start() if date else len(t)]
    clause = _SPACED_CONV_CLAUSE.search(body)
    if clause:
        body = body[: clause.start()]
    if len(body) > MAX_KEY_LENGTH:
        return _conversation_reading(doc_type, body)
    return _conversation_reading_cached(doc_type, body)


#: "Diary of <someone>, Record of Conversation with …", "From the Journal of <someone>, Record of
#: a Conversation with …": an ambassador's diary entry recording his own conversation.
_DIARIST = re.compile(
    r"(?:from\s+(?:the\s+)?)?(?:diary|journal)\s+of\s+(?P<who>[^,]+?),\s+"
    r"(?:(?:record|memorandum|minutes|notes?)\s+of\s+(?:a\s+|the\s+)?)?conversations?\s+(?:with|between)\s",
    re.I,
)


def with_diarist(t: str, reading: TitleReading) -> TitleReading:
    """A conversation's ``reading`` of single-spaced ``t``; when ``t`` is a diarist's record of
    it ("Diary of P.F. Yudin, Record of Conversation with Mao Zedong"), with the diarist as its
    author and first participant, and its type a diary."""
    m = _DIARIST.match(t)
    diarists = _sender_phrase(cut_place_clause(m.group("who"))) if m else ()
    if not diarists:
        return reading
    others = tuple(n for n in reading.participants if n not in diarists)
    return TitleReading(
        doc_type=reading.doc_type or "diary",
        authors=diarists,
        recipients=reading.recipients,
        participants=(*diarists, *others),
    )


def _conversation_reading(doc_type: str | None, body: str) -> TitleReading:
    """The reading of "<type> of conversation between <body>" ("A and B", "A with B")."""
    people: list[Name] = []
    for p in _CONV_SPLIT.split(body):
        p = _ARTICLE.sub("", p.strip())
        if p:
            people.extend(_names(p))
    return TitleReading(doc_type=doc_type, participants=tuple(people))


_conversation_reading_cached = functools.lru_cache(maxsize=4096)(_conversation_reading)
register(_conversation_reading_cached)
