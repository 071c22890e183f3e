"""Matching people's names as comptes-rendus spell them (pure functions, no database).

The seed spells one member « Nadia Amrani » in the attendance list and « Nadia Amrouni »
in a proposal; typing also drops accents (« Anais ») and changes case (« Pauline de
Kérmarec »). Two names are the same person when, once folded (no accents, case, hyphens
or apostrophes), they are equal, or when their first names are equal and their last names
close enough (``difflib`` ratio ≥ ``LAST_NAME_RATIO``). Different first names never match:
« Julie Morel » is not « Julien Morel ».
"""

import difflib
import re
import unicodedata

# « Amrani » / « Amrouni » is 0.77; « Morel » / « Morin » 0.6 stays apart.
LAST_NAME_RATIO = 0.75


def fold(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[-‐‑–—'’`´.]", " ", text)
    text = re.sub(r"[^\w\s]", "", text)
    return " ".join(text.split())


def split_name(full_name: str) -> tuple[str, str]:
    """("Pauline", "De Kérmarec"): the first word is the first name, the rest the last name.

    A hyphenated first name (« Jean-Pierre ») is one word. A single word is a last name.
    """
    words = full_name.split()
    if len(words) == 1:
        return "", words[0]
    return words[0], " ".join(words[1:])


def name_score(name: str, first_name: str, last_name: str) -> float:
    """How well ``name`` (as written) names the person ``first_name last_name``: 1.0 for the
    same name once folded, the last names' similarity when the first names agree, else 0."""
    written = fold(name)
    if written == fold(f"{first_name} {last_name}"):
        return 1.0
    first, last = split_name(name)
    if not first or fold(first) != fold(first_name):
        return 0.0
    ratio = difflib.SequenceMatcher(None, fold(last), fold(last_name)).ratio()
    return ratio if ratio >= LAST_NAME_RATIO else 0.0


def best_match(name: str, people: list[tuple[object, str, str]]) -> tuple[object | None, float, bool]:
    """The person of ``people`` (``(key, first_name, last_name)`` tuples) that ``name`` names.

    Returns ``(key, score, ambiguous)``: ``key`` None when nobody is close enough, or when
    two people are equally close (then ``ambiguous`` is True, and the caller must not guess).
    """
    scored = sorted(
        ((name_score(name, first, last), index) for index, (_key, first, last) in enumerate(people)),
        reverse=True,
    )
    if not scored or scored[0][0] == 0.0:
        return None, 0.0, False
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None, scored[0][0], True
    return people[scored[0][1]][0], scored[0][0], False


_PARTICLES = {"de", "du", "des", "d", "le", "la", "van", "von", "el", "al", "ben", "di", "da"}


def _name_like(words: list[str]) -> bool:
    """Words that can be a name: capitalised at both ends, particles (« de ») inside only."""
    if not words[0][:1].isupper() or not words[-1][:1].isupper():
        return False
    return all(w[:1].isupper() or fold(w) in _PARTICLES for w in words[1:-1])


def find_name(text: str, people: list[tuple[object, str, str]]) -> tuple[object | None, str, int, int]:
    """The first person of ``people`` named in ``text``: ``(key, name as written, start, end)``.

    Windows of two to four words, capitalised at both ends (particles such as « de »
    allowed inside), are tried left to right; at one place the best-scored window wins.
    ``(None, "", -1, -1)`` when nobody of ``people`` is named.
    """
    words = list(re.finditer(r"[\w'’-]+", text))
    for index in range(len(words)):
        found = []
        for size in (2, 3, 4):
            window = words[index : index + size]
            if len(window) < size or not _name_like([w.group() for w in window]):
                continue
            start, end = window[0].start(), window[-1].end()
            candidate = text[start:end]
            if re.search(r"[,:;()]", candidate):
                continue
            key, score, ambiguous = best_match(candidate, people)
            if key is not None and not ambiguous:
                found.append((score, size, key, candidate, start, end))
        if found:
            _score, _size, key, candidate, start, end = max(found)
            return key, candidate, start, end
    return None, "", -1, -1
