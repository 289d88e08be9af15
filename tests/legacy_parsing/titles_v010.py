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
"""

from __future__ import annotations

import re
from itertools import islice

import attrs

from archivecite.model import Name
from archivecite.parsing._cache import short_text_cache
from archivecite.parsing.names import recase_capitals
from archivecite.parsing.places import is_posting
from archivecite.parsing.titles import (
    _DESIGNATION,
    _FOR_FROM,
    _FROM_BY,
    _OF_TYPES,
    cut_place_clause,
    for_from,
    of_author,
    with_diarist,
)
from archivecite.parsing.titles import TitleReading as CurrentReading
from legacy_parsing.names_v010 import _looks_personal, is_organization, parse_name, split_people

# phrase -> canonical lowercase type (longest phrases first when matching)
# fixed after 0.1.0: "cable from" (which left "Cable from A to B" without sender and
# recipient) taken out, "information note" added
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
_FIRST_WORDS = frozenset(k.split()[0] for k in DOC_TYPES)  # a phrase's first word
_WORDS = re.compile(r"[^\s,;:]+")
# A trailing clause: "\s+(?:regarding|…)\s+.*$", ",\s*['‘"“].*$" or "\s*\(.*\)\s*$". Every match
# runs to the end, so only where it starts matters; written to start with a character class
# (whitespace, comma or parenthesis) so that the regex engine skips other characters quickly.
# A trailing clause that is not part of a name: "regarding …", ", '…'" (keyword and quote
# forms), or a final parenthesis "(…)" (found by _clause_start without a regex: the regex
# form backtracked from every "(", quadratic on nested brackets).
_CLAUSE_KW = re.compile(
    r"[\s,](?:"
    r"(?<=\s)\s*(?:regarding|concerning|about|on|re|in connection with|with regard to|dated|transmitting|"
    r"enclosing|conveying|informing|requesting|reporting|in reply to|in response to|with)\s+"
    r"|(?<=,)\s*['‘\"“])",
    re.I,
)


def _clause_start(text: str) -> int | None:
    """Where the trailing clause of a recipient phrase starts (``None``: there is none)."""
    m = _CLAUSE_KW.search(text)
    best = m.start() if m else None
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


_CONV = re.compile(
    r"\bconversation\s+(?:between|of|with)\s+(.+?)(?:,\s*(?:[A-Z][a-z]+,\s*)?\[?(?:undated|\d).*)?$", re.I
)
_POSS = re.compile(r"^(?:\w+,\s*)?([A-Z][\w.\- ]{1,40}?)[’']s\s+conversation\s+with\s+(.+)$", re.I)
_VERB_TO = re.compile(r"\s+(?:distributed|sent|addressed|delivered|forwarded|submitted)\s+to\s+", re.I)
_COMMA_SPACE = re.compile(r",\s")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_FROM_TO = re.compile(r"\bfrom\b.+\bto\b")
_CONV_CLAUSE = re.compile(r"\s+(?:on|regarding|concerning|about)\s+.*$", re.I)  # fixed after 0.1.0
_CONV_SPLIT = re.compile(r"\s+with\s+|\s+and\s+|,\s*", re.I)  # fixed after 0.1.0 (was case-sensitive)
_TO_PHRASE = re.compile(r"^\s+to\s+(.+)$", re.I)
_FROM_PHRASE = re.compile(r"^\s*(?:,\s*|\s+from\s+|\s+by\s+)(.+)$", re.I)
_BY = re.compile(r"^\s+by\s+", re.I)
_OF = re.compile(r"^\s+of\s+(.+)$", re.I)  # fixed after 0.1.0
_FROM = re.compile(r"^\s+from\s+", re.I)
_PLACE_CLAUSE = re.compile(r"\s+(?:at|in|during|before|for|of)\s+.*$")


@attrs.frozen
class TitleReading:
    doc_type: str | None = None
    authors: tuple[Name, ...] = ()
    recipients: tuple[Name, ...] = ()
    participants: tuple[Name, ...] = ()


def doc_type_of(title: str) -> tuple[str | None, int, int]:
    """(type, start, end) of the document-type phrase near the start of ``title``: the
    title's first words ("Ciphered Telegram, …") or after a short sender ("TASS Digest …")."""
    words = [w.casefold() for w in _WORDS.findall(title, 0, 100)[:9]]
    for i in range(min(5, len(words))):
        if i and words[i - 1] in ("from", "to", "of", "with", "by"):
            return None, -1, -1
        first = words[i]
        if first not in _FIRST_WORDS and not (first[-1:] == "s" and first[:-1] in DOC_TYPES):
            continue  # no phrase starts with this word
        for k in range(min(_MAX_TYPE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + k])
            found = DOC_TYPES.get(phrase) or (DOC_TYPES.get(phrase[:-1]) if phrase.endswith("s") else None)
            if found:
                spans = list(islice(_WORDS.finditer(title, 0, 100), i + k))  # the same words, placed
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
    s = _cut_clause(text.strip()).strip(" ,.;:")
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


def _with_diarist(t: str, reading: TitleReading) -> TitleReading:
    """fixed after 0.1.0: a diarist's record of a conversation names the diarist
    (archivecite.parsing.titles.with_diarist, through its TitleReading: compiled, it takes no
    other class)."""
    r = with_diarist(
        t, CurrentReading(reading.doc_type, reading.authors, reading.recipients, reading.participants)
    )
    return TitleReading(r.doc_type, r.authors, r.recipients, r.participants)


def read_title(title: str | None) -> TitleReading:
    """Document type and people named by ``title`` (empty reading when none are found)."""
    if not title:
        return TitleReading()
    t = " ".join(title.split())
    if t.isupper():  # fixed after 0.1.0: titles in capitals
        t = recase_capitals(t)
    doc_type, _ts, te = doc_type_of(t)
    if doc_type is not None and (designation := _DESIGNATION.match(t, te)):  # fixed after 0.1.0
        te = designation.end()  # "Telegram No. 235 from …"
    before = t[:_ts].strip() if _ts > 0 else ""
    if before.casefold() in ("a", "an", "the"):  # fixed after 0.1.0: "A Cable from …"
        before = ""
    after = t[te:] if te >= 0 else t
    if before and _FROM_BY.match(after):  # fixed after 0.1.0: "Intelligence Report from …"
        before = ""

    # conversations: participants, not sender/recipient
    conv = poss = None
    if "onversation" in t:
        conv = _CONV.search(t)
        poss = _POSS.match(t)
    if poss:
        parts = [poss.group(1), poss.group(2)]
        people: list[Name] = []
        for p in parts:
            p = _COMMA_SPACE.split(p)[0].strip()
            p = _ARTICLE.sub("", p)
            people.extend(_names(p))
        # fixed after 0.1.0: a diarist's record of a conversation
        return _with_diarist(t, TitleReading(doc_type=doc_type, participants=tuple(people)))
    if conv and not _FROM_TO.search(t):
        body = conv.group(1)
        body = _CONV_CLAUSE.sub("", body)
        parts = _CONV_SPLIT.split(body)
        people = []
        for p in parts:
            p = _ARTICLE.sub("", p.strip())
            if p:
                people.extend(_names(p))
        # fixed after 0.1.0: a diarist's record of a conversation
        return _with_diarist(t, TitleReading(doc_type=doc_type, participants=tuple(people)))

    # "<Sender> <Type> distributed to <Recipients>"
    if before and doc_type:
        vt = _VERB_TO.search(after)
        senders = _sender_phrase(before)
        recipients = _recipient_phrase(after[vt.end() :]) if vt else ()
        if not vt:
            m_to = _TO_PHRASE.match(after)
            recipients = _recipient_phrase(m_to.group(1)) if m_to else ()
        return TitleReading(doc_type=doc_type, authors=senders, recipients=recipients)

    rest = after
    m = _FROM_PHRASE.match(rest) if doc_type else None
    of = None
    # fixed after 0.1.0: "Journal of …", "Letter of …"
    if m is None and doc_type in _OF_TYPES and (o := _OF.match(rest)) and of_author(o.group(1)):
        of = m = o
    if doc_type and m:
        phrase = m.group(1)
        by = _BY.match(rest)
        # cut trailing clause before looking for " to " in the recipient part
        idx = _last_to(phrase)
        if idx < 0:
            if by or _FROM.match(rest) or of:
                phrase = cut_place_clause(_cut_clause(phrase))  # fixed after 0.1.0: postings
                return TitleReading(doc_type=doc_type, authors=_sender_phrase(phrase))
            return TitleReading(doc_type=doc_type)
        sender, recipient = phrase[:idx], phrase[idx + 4 :]
        return TitleReading(
            doc_type=doc_type, authors=_sender_phrase(sender), recipients=_recipient_phrase(recipient)
        )
    # fixed after 0.1.0: "Memorandum for X from Y"
    m_for = _FOR_FROM.match(rest) if doc_type else None
    if m_for and for_from(m_for.group(1), m_for.group(2)):
        return TitleReading(
            doc_type=doc_type,
            authors=_sender_phrase(cut_place_clause(_cut_clause(m_for.group(2)))),
            recipients=_recipient_phrase(m_for.group(1)),
        )
    m_to = _TO_PHRASE.match(rest) if doc_type else None
    if m_to:
        return TitleReading(doc_type=doc_type, recipients=_recipient_phrase(m_to.group(1)))
    return TitleReading(doc_type=doc_type)


_SPACE_TO = re.compile(r" (?=to )", re.I)


def _rfind_to(text: str, end: int | None = None) -> int:
    """``text.rfind(" to ", 0, end)`` in any case ("Letter From A To B")."""
    stop = len(text) if end is None else end
    if text.isascii():
        return text.lower().rfind(" to ", 0, stop)  # lower() keeps ASCII text's offsets
    last = -1
    for m in _SPACE_TO.finditer(text, 0, stop):
        last = m.start()
    return last


def _last_to(phrase: str) -> int:
    """Index of the " to " that separates sender and recipient: the last one before a
    trailing clause ("regarding …", ", '…'")."""
    head = _cut_clause(phrase)
    idx = _rfind_to(head)  # fixed after 0.1.0 (was head.rfind(" to "), case-sensitive)
    while idx > 0:
        # "to" inside the sender's role ("Ambassador to the USA Dobrynin") is followed by
        # more of the sender: accept the last one whose left side is a plausible sender
        left = head[:idx]
        posting = is_posting(left, head[idx + 4 :])  # fixed after 0.1.0: postings
        if left.strip() and (is_organization(left) or parse_name(left) is not None) and not posting:
            return idx
        idx = _rfind_to(head, idx)  # fixed after 0.1.0
    return idx
