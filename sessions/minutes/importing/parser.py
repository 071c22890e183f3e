"""Turn a compte-rendu's blocks into a ``ParsedMinutes`` tree (pure: no database).

What is recognised, and where each rule comes from (the seed, ``shared/seed/
compte-rendu-cln-2025-11-28.txt``, the city's own layout):

- the letterhead above « Compte-rendu aux membres… » (pôle, direction, « Dossier suivi
  par », service, postal address), the issue date (a line that is only a date), and the
  title « CONSEIL LOCAL DU NUMÉRIQUE DU 28 NOVEMBRE 2025 : UNE PREMIÈRE SÉANCE… » (title and
  headline split at the colon, capitals turned to sentence case; its date is the sitting's);
- « Étaient présents : » and « Absences excusées : » (also « Absents : »): « Name (role) »
  separated by commas, or one person per list item;
- the table of contents (« Table des matières »): skipped, its titles only help recognise
  headings in plain text, which has no styles;
- the parts « Ouverture », « Axes de travail identifiés », « Prochaines étapes », « Annexe »;
  sections and sub-sections in order; in an axis section, « Objectif », « Questions et
  propositions formulées », themes (« Sur … : ») with their questions (list items), answers
  given on the spot (« (Réponse apportée : …) »), « Proposition : » attributed to the member
  named, « Point d'étape : » with its date, contact lists (« Angers : prise de contact
  Damien Verhaeghe »);
- in « Prochaines étapes », calendar lines « **18 décembre 2025** : … », « Entre le 17 et
  le 31 janvier 2026 : … », « Mars 2026 : … » with their precision;
- footnotes: calls as superscript digits (« M€¹ »), « [1] », a digit glued to a word
  (« Tchap4 ») or real footnotes of a document; definitions as a line starting with the
  note's number, with its link (``<https://…>`` or bare);
- the annex: its sub-heading is the annex title, everything under it free Markdown blocks.

Anything else is kept as free text where it was found (opening, section body, annex) and
gets a ``ParsedWarning``: nothing is dropped. Texts keep their wording; only typography is
normalised (« » for straight or curly double quotes, ’ for apostrophes, ``10^{ème}`` → 10ᵉ).
Dates are ISO strings, so that ``ParsedMinutes.to_dict()`` is JSON for a preview page.
"""

import dataclasses
import datetime
import re
import types
import typing
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .names import find_name, fold, split_name
from .readers import (
    FOOTNOTE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TITLE,
    Block,
    Document,
    ImportFileError,
    read_document,
)

# --- The tree --------------------------------------------------------------------------------


@dataclass
class ParsedDate:
    """A date as the document gives it: ``precision`` "day", "month" (``start`` is the 1st)
    or "range" (``end`` the last day, inclusive). ISO strings."""

    start: str
    precision: str = "day"
    end: str = ""


@dataclass
class ParsedPerson:
    """A person of the attendance lists: name and role as written, ``status`` present/excused/absent."""

    name: str
    role: str = ""
    status: str = "present"
    line: int = 0


@dataclass
class ParsedQuestion:
    text: str
    answer: str = ""


@dataclass
class ParsedTheme:
    """Questions under a heading « Sur … : » (``title`` without the colon; "" for none)."""

    title: str
    questions: list[ParsedQuestion] = field(default_factory=list)


@dataclass
class ParsedContact:
    """« Angers : prise de contact Damien Verhaeghe » → body, note, person (name as written)."""

    heading: str
    body: str
    note: str = ""
    person: str = ""


@dataclass
class ParsedProposal:
    text: str
    person: str = ""


@dataclass
class ParsedNextStep:
    label: str
    text: str
    date: ParsedDate | None = None


@dataclass
class ParsedCalendarEntry:
    date: ParsedDate
    text: str


@dataclass
class ParsedSection:
    """A section of a part (``part``: "workstreams" or "next_steps"), in document order.

    ``body`` is Markdown: the section's free text (paragraphs, lists, lines not placed).
    """

    title: str
    part: str
    objective: str = ""
    themes: list[ParsedTheme] = field(default_factory=list)
    contacts: list[ParsedContact] = field(default_factory=list)
    proposals: list[ParsedProposal] = field(default_factory=list)
    next_steps: list[ParsedNextStep] = field(default_factory=list)
    calendar: list[ParsedCalendarEntry] = field(default_factory=list)
    body: str = ""


@dataclass
class ParsedAnnex:
    title: str
    body: str = ""


@dataclass
class ParsedFootnote:
    """A note: ``key`` as called in texts (``[^note-1]``), its text and link."""

    key: str
    text: str
    url: str = ""


@dataclass
class ParsedWarning:
    """A line the parser could not place: where (``line``, 0 when unknown), what, where it went."""

    line: int
    excerpt: str
    message: str


@dataclass
class ParsedMinutes:
    """Everything a compte-rendu holds, before any database lookup.

    ``meeting_date`` and ``issued_on`` are ISO dates or "". ``letterhead`` has the keys
    ``pole``, ``direction``, ``followed_by``, ``service``, ``address`` (those found).
    ``headings`` is the table of contents the document printed (titles only).
    """

    source: str = ""
    letterhead: dict[str, str] = field(default_factory=dict)
    addressee: str = ""
    issued_on: str = ""
    title: str = ""
    headline: str = ""
    meeting_date: str = ""
    convener: str = ""
    people: list[ParsedPerson] = field(default_factory=list)
    opening: str = ""
    workstreams_intro: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    annexes: list[ParsedAnnex] = field(default_factory=list)
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    warnings: list[ParsedWarning] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-serialisable dict (for a preview page's session); ``from_dict`` reverses it."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ParsedMinutes":
        return _from_dict(cls, data)

    @property
    def questions(self) -> list[ParsedQuestion]:
        return [q for s in self.sections for t in s.themes for q in t.questions]


def _from_dict(cls, data):
    hints = typing.get_type_hints(cls)
    values = {}
    for item in dataclasses.fields(cls):
        if item.name not in data:
            continue
        values[item.name] = _value(hints[item.name], data[item.name])
    return cls(**values)


def _value(hint, value):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [_value(inner, v) for v in value]
    if origin in (typing.Union, types.UnionType):
        inner = next(a for a in typing.get_args(hint) if a is not type(None))
        return _value(inner, value)
    if dataclasses.is_dataclass(hint):
        return _from_dict(hint, value)
    return value


# --- Text helpers ----------------------------------------------------------------------------

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_MONTH = r"(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_DAY_RE = re.compile(rf"(?:{_WEEKDAY}\s+)?(1er|\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})", re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"(?:entre\s+le|du)\s+(1er|\d{{1,2}})(?:\s+{_MONTH})?(?:\s+(\d{{4}}))?\s+(?:et\s+le|au)\s+"
    rf"(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})",
    re.IGNORECASE,
)
_MONTH_RE = re.compile(rf"^(?:en\s+|courant\s+|d[ée]but\s+|fin\s+)?{_MONTH}\s+(\d{{4}})$", re.IGNORECASE)

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_URL = re.compile(r"<(https?://[^>\s]+)>|\[[^\]]*\]\((https?://[^)\s]+)\)|(https?://[^\s<>()]+[^\s<>().,;:])")


def _month(name: str) -> int:
    return MONTHS[fold(name)]


def _day(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def parse_date(text: str, *, whole: bool = False) -> ParsedDate | None:
    """The first French date in ``text``: a range, a day (weekday allowed) or, with
    ``whole``, a month when it is all the text says (« Mars 2026 »). None when none, or
    when the date does not exist (« 31 février »)."""
    plain = strip_markup(text).strip()
    try:
        if match := _RANGE_RE.search(plain):
            end = datetime.date(int(match[6]), _month(match[5]), int(match[4]))
            start_month = _month(match[2]) if match[2] else end.month
            start_year = int(match[3]) if match[3] else end.year
            start = datetime.date(start_year, start_month, _day(match[1]))
            if start <= end:
                return ParsedDate(start.isoformat(), "range", end.isoformat())
        if match := _DAY_RE.search(plain):
            day = datetime.date(int(match[3]), _month(match[2]), _day(match[1]))
            return ParsedDate(day.isoformat(), "day")
        if whole and (match := _MONTH_RE.match(plain)):
            return ParsedDate(datetime.date(int(match[2]), _month(match[1]), 1).isoformat(), "month")
    except ValueError:
        return None
    return None


def strip_markup(text: str) -> str:
    """Text without Markdown emphasis markers (for matching, never for storing)."""
    return re.sub(r"\*{1,3}|(?<!\w)_{1,2}|_{1,2}(?!\w)", "", text)


def typography(text: str) -> str:
    """French typography on text as written: « » for double quotes, ’ for apostrophes,
    ``10^{ème}`` as 10ᵉ, tabs and repeated spaces as one. The wording never changes."""
    text = text.replace("\t", " ")
    text = re.sub(r"(\d)\^\{(?:e|è|ème|eme)\}", "\\1ᵉ", text)
    text = re.sub(r"(\d)\^\{er\}", "\\1ᵉʳ", text)
    text = re.sub(r"(\d)\^\{re\}", "\\1ʳᵉ", text)
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text)
    # A pair of straight or curly quotes around a few words: « … ».
    text = re.sub(r"[\"“]\s*([^\"“”\n]{1,200}?)\s*[\"”]", "« \\1 »", text)
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r"(?<=\w)'(?=[\s,.;:!?)]|$)", "’", text)
    return re.sub(r"[ \u00a0]{2,}", " ", text).strip()


def _label(text: str) -> str:
    """A line as a label: without emphasis, trailing colon and spaces ("Sur le budget")."""
    return re.sub(r"\s*:\s*$", "", strip_markup(text).strip()).strip()


def _is_label(text: str) -> bool:
    plain = strip_markup(text).strip()
    return plain.endswith(":") and len(plain) <= 200


def sentence_case(text: str) -> str:
    """« CONSEIL LOCAL DU NUMÉRIQUE » → « Conseil local du numérique » (only for text in capitals)."""
    letters = [c for c in text if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return text
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


# Headings every compte-rendu of the council has (the seed), folded.
PART_TITLES = {
    "ouverture": "opening",
    "axes de travail identifies": "workstreams",
    "axes de travail": "workstreams",
    "prochaines etapes": "next_steps",
    "annexe": "annex",
    "annexes": "annex",
}
OBJECTIVE = {"objectif", "objectifs"}
QUESTIONS_HEADING = re.compile(r"^questions( et propositions)?( formulees)?$")
_PRESENT = re.compile(
    r"^(?:étaient présent·?e?s|étaient présents|présent·?e?s|participants)\s*:?\s*(.*)$", re.I
)
_EXCUSED = re.compile(r"^(?:absences excusées|absent·?e?s excusé·?e?s|excusé·?e?s)\s*:?\s*(.*)$", re.I)
_ABSENT = re.compile(r"^(?:absent·?e?s|absences)\s*:?\s*(.*)$", re.I)
_TOC = re.compile(r"^(?:table des matières|sommaire)\s*:?$", re.I)
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?)(?:\s*\.{2,}\s*|\t+\s*|\s{2,})(?P<page>\d{1,3})$")
_ANSWER = re.compile(r"\s*\(\s*réponse apportée\s*:\s*(?P<answer>.+)\)\s*$", re.I)
_ANSWER_LINE = re.compile(r"^\s*réponse apportée\s*:\s*(?P<answer>.+)$", re.I)
_PROPOSAL = re.compile(r"^\**propositions?(?:\s+formulées?)?\**\s*:\s*\**\s*(?P<text>.+)$", re.I)
_NEXT_STEP = re.compile(
    r"^\**(?P<label>point d['’]étape|prochaine étape)\**(?:\s*[-–]\s*(?P<date>[^:]+?))?\s*:\s*\**\s*(?P<text>.+)$",
    re.I,
)
_CALENDAR = re.compile(r"^\s*(?:\*\*(?P<bold>[^*]+)\*\*|(?P<plain>[^:]{3,60}?))\s*:\s*(?P<text>.+)$")
_CONVENER = re.compile(r"à l['’]initiative de (?P<name>[^,.;]+)", re.I)
_POSTAL = re.compile(r"\b\d{5}\b")


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 90 else text[:87] + "…"


# --- Footnotes --------------------------------------------------------------------------------


def _note_number(mark: str) -> int | None:
    mark = mark.strip("[]^{}")
    mark = mark.translate(_SUPERSCRIPTS)
    return int(mark) if mark.isdigit() else None


_DEFINITION = re.compile(r"^(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\[\d{1,3}\]|\^?\d{1,3})\s+(?P<text>\S.{8,})$")


def _split_note(text: str) -> tuple[str, str]:
    """(text, url) of a note: the first link taken out, with the « : » or « - » around it."""
    match = _URL.search(text)
    if not match:
        return text.strip(), ""
    url = next(g for g in match.groups() if g)
    before = text[: match.start()].rstrip(" :–—-\u00a0")
    after = text[match.end() :].lstrip(" :–—-\u00a0")
    if before and after:
        joined = f"{before} – {after}"
    else:
        joined = before or after
    return joined.strip().rstrip("."), url


class _Notes:
    """Finds footnote definitions and rewrites calls as ``[^note-N]`` (N: order of definition)."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.notes: list[ParsedFootnote] = []
        self.by_number: dict[int, str] = {}
        self.by_key: dict[str, str] = {}
        self.called: set[str] = set()

    def extract(self) -> list[Block]:
        """Return the blocks without the note definitions, calls rewritten."""
        kept: list[Block] = []
        seen_text = ""
        # Real footnotes (documents, Markdown ``[^x]:``): numbered in the order of their calls.
        explicit = {b.key: b for b in self.blocks if b.kind == FOOTNOTE}
        for block in self.blocks:
            if block.kind == FOOTNOTE:
                continue
            if block.kind in (PARAGRAPH, LIST_ITEM) and (match := _DEFINITION.match(block.text)):
                number = _note_number(match["mark"])
                expected = len(self.by_number) + 1
                plain_digit = match["mark"].isdigit()
                glued = re.search(rf"(?<=[^\W\d_]|[€*»)\]]){number}(?!\d)", seen_text)
                superscript = re.search(rf"(?<![\d⁰¹²³⁴⁵⁶⁷⁸⁹])[{_SUPERSCRIPT_CHARS}]+", seen_text)
                called = (
                    superscript
                    and str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) in seen_text
                ) or (f"[{number}]" in seen_text)
                has_link = bool(_URL.search(match["text"]))
                if number == expected and (called or has_link or (plain_digit and glued) or not plain_digit):
                    key = f"note-{number}"
                    text, url = _split_note(typography(match["text"]))
                    self.notes.append(ParsedFootnote(key=key, text=text, url=url))
                    self.by_number[number] = key
                    continue
            seen_text += "\n" + block.text
            kept.append(block)
        for key in self._explicit_order(kept, explicit):
            block = explicit[key]
            text, url = _split_note(typography(block.text))
            new_key = f"note-{len(self.notes) + 1}"
            self.notes.append(ParsedFootnote(key=new_key, text=text, url=url))
            self.by_key[key] = new_key
        for block in kept:
            block.text = self._rewrite(block.text)
        return kept

    @staticmethod
    def _explicit_order(blocks: list[Block], explicit: dict[str, Block]) -> list[str]:
        order = []
        for block in blocks:
            for key in re.findall(r"\[\^([^\]\s]{1,40})\]", block.text):
                if key in explicit and key not in order:
                    order.append(key)
        # A note never called is still kept (the parser warns about it).
        order += [key for key in explicit if key not in order]
        return order

    def _rewrite(self, text: str) -> str:
        def explicit(match):
            key = self.by_key.get(match[1])
            if key:
                self.called.add(key)
                return f"[^{key}]"
            return match[0]

        text = re.sub(r"\[\^([^\]\s]{1,40})\]", explicit, text)

        def superscript(match):
            number = _note_number(match[1])
            key = self.by_number.get(number)
            # A note is called once; « km² » after its call is a unit, not a second call.
            if key and key not in self.called:
                self.called.add(key)
                return f"[^{key}]"
            return match[0]

        text = re.sub(rf"(?<=\S)(?<![a-zA-Z]m)([{_SUPERSCRIPT_CHARS}]+)", superscript, text)
        text = re.sub(r"(?<=\S)(\[\d{1,3}\]|\^\{?\d{1,3}\}?)(?!\()", superscript, text)
        for number, key in self.by_number.items():
            if key in self.called:
                continue
            glued = re.compile(rf"(?<=[^\W\d_]|[€*»)]){number}(?![\d\w])")
            if glued.search(text):
                text = glued.sub(f"[^{key}]", text, count=1)
                self.called.add(key)
        return text


# --- The parser ---------------------------------------------------------------------------------


class _Parser:
    def __init__(self, document: Document):
        self.document = document
        self.result = ParsedMinutes(source=document.filename)
        self.where = document.source
        # Lines of the head that fit nowhere: they open the opening, with a warning each.
        self._stray_head: list[Block] = []
        self.parts_seen: set[str] = set()
        self.annex_heading = ""

    def warn(self, block: Block | None, message: str) -> None:
        self.result.warnings.append(
            ParsedWarning(
                line=block.line if block else 0,
                excerpt=_excerpt(block.text) if block else "",
                message=message,
            )
        )

    # -- entry point

    def parse(self) -> ParsedMinutes:
        notes = _Notes(self.document.blocks)
        blocks = notes.extract()
        self.result.footnotes = notes.notes
        self.toc_titles: dict[str, int] = {}
        blocks = self._head(blocks)
        self._body(blocks)
        for note in notes.notes:
            if note.key not in notes.called:
                self.result.warnings.append(
                    ParsedWarning(
                        0,
                        _excerpt(note.text),
                        gettext(
                            "Note jamais appelée dans le texte : gardée avec les notes, elle ne s’imprimera pas."
                        ),
                    )
                )
        self._check()
        return self.result

    def _check(self) -> None:
        r = self.result
        if not r.people and not self.parts_seen:
            raise ImportFileError(
                gettext(
                    "Ce document ne ressemble pas à un compte-rendu du conseil : ni liste de présence "
                    "(« Étaient présents : »), ni parties (« Ouverture », « Axes de travail identifiés », "
                    "« Prochaines étapes »)."
                )
            )

    # -- before the opening: letterhead, title, attendance, contents

    def _head(self, blocks: list[Block]) -> list[Block]:
        r = self.result
        index = 0
        addressee_at = next(
            (
                i
                for i, b in enumerate(blocks[:30])
                if fold(b.text).startswith(("compte rendu", "compte-rendu"))
            ),
            None,
        )
        stray = self._stray_head
        if addressee_at is not None:
            for block in blocks[:addressee_at]:
                if not self._letterhead(block):
                    stray.append(block)
            r.addressee = typography(strip_markup(blocks[addressee_at].text))
            index = addressee_at + 1
        attendance_status = ""
        while index < len(blocks):
            block = blocks[index]
            text = strip_markup(block.text).strip()
            folded = fold(text)
            if self._part_of(block):
                break
            if not r.issued_on and not r.title and (date := parse_date(text)) and len(text) <= 40:
                r.issued_on = date.start
            elif not r.title and (block.kind == TITLE or self._looks_like_title(block)):
                index = self._title(blocks, index)
                attendance_status = ""
                continue
            elif match := _PRESENT.match(text):
                attendance_status = "present"
                self._people(match[1], "present", block)
            elif match := _EXCUSED.match(text):
                attendance_status = "excused"
                self._people(match[1], "excused", block)
            elif (match := _ABSENT.match(text)) and folded.startswith("absent"):
                attendance_status = "absent"
                self._people(match[1], "absent", block)
            elif _TOC.match(text):
                index = self._toc(blocks, index + 1)
                attendance_status = ""
                continue
            elif attendance_status and block.kind in (PARAGRAPH, LIST_ITEM):
                self._people(block.text, attendance_status, block)
            else:
                stray.append(block)
            index += 1
        for block in stray:
            self.warn(block, gettext("Ligne d’en-tête non reconnue : placée au début de l’ouverture."))
        return blocks[index:]

    def _letterhead(self, block: Block) -> bool:
        text = typography(strip_markup(block.text))
        folded = fold(text)
        head = self.result.letterhead
        if folded.startswith("pole ") and "pole" not in head:
            head["pole"] = text
        elif folded.startswith("direction ") and "direction" not in head:
            head["direction"] = text
        elif folded.startswith("dossier suivi par "):
            head["followed_by"] = re.sub(r"^dossier suivi par\s+", "", text, flags=re.I).strip()
        elif folded.startswith("service ") and "service" not in head:
            head["service"] = text
        elif _POSTAL.search(text) and "address" not in head:
            head["address"] = text
        else:
            return False
        return True

    def _looks_like_title(self, block: Block) -> bool:
        text = strip_markup(block.text)
        if block.kind == HEADING and not self._part_of(block):
            return True
        return (
            bool(parse_date(text))
            and len(text) > 40
            or block.text.startswith("**")
            and bool(parse_date(text))
        )

    def _title(self, blocks: list[Block], index: int) -> int:
        """Read the title (it may run over several lines of one paragraph); return the next index."""
        block = blocks[index]
        text = block.text
        index += 1
        # A bold title cut over lines: join until the ** closes (same paragraph only).
        while (
            index < len(blocks)
            and blocks[index].paragraph == block.paragraph
            and (
                text.count("**") % 2
                or blocks[index].kind == TITLE
                or strip_markup(text).rstrip().endswith(":")
            )
        ):
            text += " " + blocks[index].text
            index += 1
        plain = " ".join(strip_markup(text).split())
        title, _colon, headline = plain.partition(":")
        r = self.result
        r.title = typography(sentence_case(title.strip()))
        r.headline = typography(sentence_case(headline.strip()))
        if date := parse_date(plain):
            r.meeting_date = date.start
        return index

    def _people(self, text: str, status: str, block: Block) -> None:
        text = strip_markup(text).strip().rstrip(".;")
        if not text:
            return
        found = list(re.finditer(r"([^,()]+?)\s*\(([^()]*)\)", text))
        rest = re.sub(r"([^,()]+?)\s*\(([^()]*)\)", "", text)
        for match in found:
            name = re.sub(r"^(?:et|and)\s+", "", match[1].strip(" ,;")).strip()
            if name:
                self.result.people.append(
                    ParsedPerson(
                        name=typography(name),
                        role=typography(match[2].strip()),
                        status=status,
                        line=block.line,
                    )
                )
        for name in re.split(r",|;|\bet\b", rest):
            name = name.strip(" ,;.")
            if not name:
                continue
            if len(name.split()) >= 2 and len(name) <= 60:
                self.result.people.append(ParsedPerson(name=typography(name), status=status, line=block.line))
            else:
                self.warn(
                    block,
                    gettext("Nom non reconnu dans la liste de présence : placé au début de l’ouverture."),
                )
                self._stray_head.append(Block(PARAGRAPH, name, line=block.line))

    def _toc(self, blocks: list[Block], index: int) -> int:
        while index < len(blocks):
            text = blocks[index].text.strip()
            match = _TOC_ENTRY.match(text)
            if not match:
                break
            title = typography(strip_markup(match["title"]).rstrip(". "))
            self.result.headings.append(title)
            self.toc_titles[fold(title)] = 1 if fold(title) in PART_TITLES else 2
            index += 1
        return index

    # -- the body

    def _part_of(self, block: Block) -> str:
        """The part a line opens ("opening", "workstreams", "next_steps", "annex"), or ""."""
        text = strip_markup(block.text).strip().rstrip(":").strip()
        if block.kind not in (HEADING, PARAGRAPH, TITLE) or len(text) > 60:
            return ""
        return PART_TITLES.get(fold(text), "")

    def _section_heading(self, blocks: list[Block], index: int, part: str, section_level: int) -> bool:
        """Whether ``blocks[index]`` opens a section of ``part``."""
        block = blocks[index]
        text = strip_markup(block.text).strip()
        folded = fold(text)
        if folded in OBJECTIVE or QUESTIONS_HEADING.match(folded):
            return False
        if block.kind == HEADING:
            return not section_level or block.level <= section_level
        if block.kind != PARAGRAPH:
            return False
        if folded in self.toc_titles:
            return True
        if part == "annex":
            return False
        heading_like = (
            len(text) <= 100
            and text[:1].isupper()
            and not re.search(r"[.:;,?!)»]$", text)
            and not _URL.search(text)
            and blocks[index].paragraph != (blocks[index + 1].paragraph if index + 1 < len(blocks) else -1)
        )
        if not heading_like:
            return False
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None and fold(strip_markup(following.text).rstrip(" :")) in OBJECTIVE:
            return True
        return part == "next_steps" and " : " not in text and following is not None

    def _body(self, blocks: list[Block]) -> None:
        r = self.result
        part = ""
        section: _Section | None = None
        section_level = 0
        opening: list[Block] = list(self._stray_head)
        intro: list[Block] = []
        annex: _Annex | None = None
        annex_blocks: list[Block] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            new_part = self._part_of(block)
            if new_part:
                if section:
                    section.close()
                    section = None
                if annex:
                    annex.close(annex_blocks)
                    annex, annex_blocks = None, []
                part = new_part
                self.parts_seen.add(part)
                if part == "annex":
                    self.annex_heading = typography(strip_markup(block.text).strip().rstrip(" :"))
                section_level = 0
                index += 1
                continue
            if part == "annex":
                if (
                    block.kind == HEADING
                    and (not section_level or block.level <= section_level)
                    or (fold(strip_markup(block.text)) in self.toc_titles and block.kind != LIST_ITEM)
                ):
                    if annex:
                        annex.close(annex_blocks)
                    section_level = block.level if block.kind == HEADING else 0
                    annex = _Annex(self, typography(strip_markup(block.text)))
                    annex_blocks = []
                else:
                    if annex is None:
                        # No sub-heading: the annex takes the part's heading as written.
                        annex = _Annex(self, self.annex_heading)
                        annex_blocks = []
                    annex_blocks.append(block)
                index += 1
                continue
            if part in ("workstreams", "next_steps") and self._section_heading(
                blocks, index, part, section_level
            ):
                if section:
                    section.close()
                section_level = block.level if block.kind == HEADING else 0
                section = _Section(self, typography(strip_markup(block.text).strip()), part)
                index += 1
                continue
            if part == "opening" or part == "":
                if part == "" and not opening:
                    self.warn(block, gettext("Texte avant la première partie : placé dans l’ouverture."))
                opening.append(block)
                if match := _CONVENER.search(block.text):
                    self._convener(match["name"])
            elif section is None:
                if part == "workstreams":
                    intro.append(block)
                else:
                    section = _Section(self, str(gettext("Prochaines étapes")), part)
                    self.warn(
                        block,
                        gettext(
                            "Texte avant la première section : placé dans une section « Prochaines étapes »."
                        ),
                    )
                    section.feed(block)
            else:
                section.feed(block)
            index += 1
        if section:
            section.close()
        if annex:
            annex.close(annex_blocks)
        r.opening = markdown_blocks(opening)
        r.workstreams_intro = markdown_blocks(intro)

    def _convener(self, text: str) -> None:
        people = [(p.name, *_split(p.name)) for p in self.result.people]
        key, _name, _start, _end = find_name(text, people)
        if key:
            self.result.convener = key


def _split(name: str) -> tuple[str, str]:
    return split_name(name)


def markdown_blocks(blocks: list[Block]) -> str:
    """Blocks back to Markdown: list items one per line, paragraphs separated by a blank line.

    Lines of one paragraph of a text file stay together (a soft line break). A paragraph
    starting with « # » is escaped, so that « #1 Recenser… » stays text.
    """
    out: list[str] = []
    previous = None
    paragraph = -1
    blocks = _bold_per_line(blocks)
    for block in blocks:
        text = typography(block.text)
        if block.kind == LIST_ITEM:
            line = f"- {text}"
            if previous == LIST_ITEM:
                out[-1] += "\n" + line
            else:
                out.append(line)
        else:
            if block.kind == HEADING:
                text = f"**{strip_markup(text)}**"
            if text.startswith("#"):
                text = "\\" + text
            if (
                previous == PARAGRAPH
                and block.kind == PARAGRAPH
                and block.paragraph
                and block.paragraph == paragraph
            ):
                # Lines of one paragraph of a text file (a slide's « VILLE DE / ROUBAIX »).
                out[-1] += "\n" + text
            else:
                out.append(text)
        previous = block.kind
        paragraph = block.paragraph
    return "\n\n".join(out)


def _bold_per_line(blocks: list[Block]) -> list[Block]:
    """« **A / B / C** » over the lines of one paragraph → each line in bold (as a document's
    bold lines read), so that a text file and a document give the same Markdown."""
    result = list(blocks)
    index = 0
    while index < len(result):
        block = result[index]
        if (
            block.kind == PARAGRAPH
            and block.paragraph
            and block.text.startswith("**")
            and block.text.count("**") % 2
        ):
            end = index + 1
            while (
                end < len(result)
                and result[end].kind == PARAGRAPH
                and result[end].paragraph == block.paragraph
            ):
                if result[end].text.endswith("**") and result[end].text.count("**") % 2:
                    break
                end += 1
            if end < len(result) and result[end].paragraph == block.paragraph:
                for position in range(index, end + 1):
                    line = result[position]
                    bold = f"**{line.text.strip('*').strip()}**"
                    result[position] = Block(line.kind, bold, line.level, line.line, line.key, line.paragraph)
                index = end
        index += 1
    return result


class _Annex:
    def __init__(self, parser: _Parser, title: str):
        self.parser = parser
        self.title = title

    def close(self, blocks: list[Block]) -> None:
        self.parser.result.annexes.append(ParsedAnnex(title=self.title, body=markdown_blocks(blocks)))


class _Section:
    """Reads the blocks of one section, in the states objective → questions → themes."""

    def __init__(self, parser: _Parser, title: str, part: str):
        self.parser = parser
        self.parsed = ParsedSection(title=title, part=part)
        self.state = "body"
        self.objective: list[Block] = []
        self.body: list[Block] = []
        self.theme: ParsedTheme | None = None
        self.pending_label: Block | None = None
        self.label_items: list[Block] = []
        self.people = [(p.name, *_split(p.name)) for p in parser.result.people]

    def close(self) -> None:
        self._flush_label()
        self.parsed.objective = markdown_blocks(self.objective)
        self.parsed.body = markdown_blocks(self.body)
        self.parser.result.sections.append(self.parsed)

    def feed(self, block: Block) -> None:
        text = block.text.strip()
        plain = strip_markup(text).strip()
        folded = fold(plain.rstrip(" :"))
        if block.kind == HEADING or (
            block.kind == PARAGRAPH and len(plain) <= 60 and not plain.endswith((".", "?"))
        ):
            if folded in OBJECTIVE:
                self._flush_label()
                self.state = "objective"
                return
            if QUESTIONS_HEADING.match(folded):
                self._flush_label()
                self.state = "questions"
                self.theme = None
                return
        if block.kind == PARAGRAPH and (match := re.match(r"^\**objectifs?\**\s*:\s*(.+)$", text, re.I)):
            self._flush_label()
            self.objective.append(Block(PARAGRAPH, match[1], line=block.line))
            self.state = "objective"
            return
        if self.parsed.part == "next_steps" and block.kind == LIST_ITEM and self._calendar(block):
            return
        if block.kind == LIST_ITEM:
            if self.pending_label is not None:
                self.label_items.append(block)
                return
            if self.theme is not None or self.state == "questions":
                self._question(block)
                return
            if self.state == "objective":
                self.objective.append(block)
                return
            self.body.append(block)
            return
        # A paragraph, or a heading below the section's level.
        if self._special(block):
            return
        if block.kind == PARAGRAPH and _is_label(text) and self.parsed.part == "workstreams":
            self._flush_label()
            label = _label(text)
            if fold(label).startswith("sur "):
                self.theme = ParsedTheme(title=typography(label))
                self.parsed.themes.append(self.theme)
                self.state = "theme"
            else:
                self.pending_label = block
                self.label_items = []
                self.theme = None
            return
        self._flush_label()
        if self.state == "objective" and block.kind == PARAGRAPH and not self.parsed.themes:
            self.objective.append(block)
            return
        self.theme = None
        self.state = "body"
        self.body.append(block)

    def _special(self, block: Block) -> bool:
        text = block.text.strip()
        if match := _ANSWER_LINE.match(strip_markup(text)):
            last = (
                self.parsed.themes[-1].questions[-1]
                if self.parsed.themes and self.parsed.themes[-1].questions
                else None
            )
            if last is not None and not last.answer:
                last.answer = typography(match["answer"].strip())
                return True
            self.parser.warn(
                block,
                gettext(
                    "« Réponse apportée » sans question juste avant : placée dans le texte de la section."
                ),
            )
            self._flush_label()
            self.body.append(block)
            return True
        if (match := _PROPOSAL.match(text)) and self.parsed.part == "workstreams":
            self._flush_label()
            proposal_text = typography(match["text"].strip())
            _key, name, _s, _e = find_name(strip_markup(proposal_text), self.people)
            if not name:
                self.parser.warn(
                    block, gettext("Proposition sans membre reconnu : enregistrée sans auteur·rice.")
                )
            self.parsed.proposals.append(ParsedProposal(text=proposal_text, person=name))
            self.theme = None
            self.state = "body"
            return True
        if (match := _NEXT_STEP.match(text)) and self.parsed.part == "workstreams":
            self._flush_label()
            step_text = typography(match["text"].strip())
            date = parse_date(match["date"] or "", whole=True) if match["date"] else parse_date(step_text)
            if date is None:
                self.parser.warn(block, gettext("Point d’étape sans date reconnue : enregistré sans date."))
            label = typography(strip_markup(match["label"]))
            self.parsed.next_steps.append(
                ParsedNextStep(label=label[:1].upper() + label[1:], text=step_text, date=date)
            )
            self.theme = None
            self.state = "body"
            return True
        return False

    def _question(self, block: Block) -> None:
        text = typography(block.text)
        answer = ""
        if match := _ANSWER.search(text):
            answer = match["answer"].strip()
            text = text[: match.start()].rstrip()
        if self.theme is None:
            self.theme = ParsedTheme(title="")
            self.parsed.themes.append(self.theme)
        self.theme.questions.append(ParsedQuestion(text=text, answer=answer))

    def _calendar(self, block: Block) -> bool:
        match = _CALENDAR.match(block.text)
        if not match:
            return False
        label = match["bold"] or match["plain"]
        date = parse_date(label, whole=True)
        if date is None or len(strip_markup(label)) > 60:
            return False
        self.parsed.calendar.append(ParsedCalendarEntry(date=date, text=typography(match["text"].strip())))
        return True

    def _flush_label(self) -> None:
        """Decide what a « Label : » line followed by list items was: contacts, a theme, or text."""
        if self.pending_label is None:
            return
        label_block, items = self.pending_label, self.label_items
        self.pending_label, self.label_items = None, []
        heading = typography(_label(label_block.text))
        contacts = []
        for item in items:
            body, sep, rest = strip_markup(item.text).partition(":")
            if not sep:
                break
            key, name, start, end = find_name(rest, self.people)
            note = (rest[:start] + rest[end:]).strip(" ,–-") if key else rest.strip()
            contacts.append(
                ParsedContact(
                    heading=heading, body=typography(body.strip()), note=typography(note), person=name
                )
            )
        if items and len(contacts) == len(items) and any(c.person for c in contacts):
            self.parsed.contacts.extend(contacts)
            return
        if items and all("?" in item.text for item in items):
            self.theme = ParsedTheme(title=heading)
            self.parsed.themes.append(self.theme)
            for item in items:
                self._question(item)
            self.state = "theme"
            return
        self.body.append(label_block)
        self.body.extend(items)


def parse_file(data: bytes, filename: str) -> ParsedMinutes:
    """Read and parse a compte-rendu file (``readers.read_document`` then ``parse_document``).

    Raises ``ImportFileError`` (French message) for any file that cannot be imported.
    """
    return parse_document(read_document(data, filename))


def parse_document(document: Document) -> ParsedMinutes:
    """Parse the blocks of a compte-rendu (see the module's docstring for what is recognised).

    Raises ``ImportFileError`` when the document holds neither attendance nor any part of
    a compte-rendu (« not a compte-rendu »).
    """
    return _Parser(document).parse()
