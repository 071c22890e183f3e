"""Verifiable stratified sortition: the pure algorithm (no database; Django only for the messages).

The public record of a draw (issue 14) is made of:

- the pool, as a canonical text: UTF-8, one line per candidate, ``number;initials;stratum\\n``,
  lines ordered by ascending ``number`` (a positive integer written in decimal without
  leading zeros), no header, no blank line, the last line ending with ``\\n`` too; initials
  and stratum contain neither ``;`` nor a line break;
- its SHA-256 (hexadecimal, lower case), published before the draw;
- the seats per stratum, the algorithm's name and version (``ALGORITHM``, ``VERSION``);
- a public source of randomness fixed in advance (a lottery draw, a drand round), whose
  value — the seed — is typed by staff once it is public.

The draw (version 1): the seed is stripped of surrounding white space; each candidate's key
is ``SHA-256(seed ‖ number)`` where ``‖`` is the UTF-8 bytes of ``f"{seed}|{number}"``
(e.g. ``"12 19 27 33 48|7"``); within each stratum candidates are sorted by ascending key
(hexadecimal), ties broken by ascending number; the first ``k`` (the stratum's seats) form
the panel, the others, in that order, the reserve list for replacements. RFC 3797 follows
the same principle. ``members/static/members/verifier_tirage.py`` recomputes it with the
standard library only.
"""

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

ALGORITHM = "cln-tirage-sha256"
VERSION = "1"
SEPARATOR = "|"


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One line of the pool: a number, initials ("A. G.") and a stratum ("nord")."""

    number: int
    initials: str
    stratum: str


class PoolError(ValueError):
    """A pool or a quota that cannot be drawn; the message is French, for staff."""


def _check_text(value: str, what: str, line: int) -> str:
    value = value.strip()
    if not value:
        raise PoolError(_("Ligne %(line)s : %(what)s manquant.") % {"line": line, "what": what})
    if ";" in value or "\n" in value or "\r" in value:
        raise PoolError(
            _("Ligne %(line)s : %(what)s ne doit contenir ni « ; » ni retour à la ligne.")
            % {"line": line, "what": what}
        )
    return value


def parse_pool(text: str) -> list[Candidate]:
    """Read ``number;initials;stratum`` lines (a pasted or uploaded CSV) into candidates.

    Blank lines and a header line starting with "num" are skipped; white space around
    fields is stripped. Raises ``PoolError`` (French, with the line number) on a malformed
    line, a number that is not a positive integer, or a number given twice.
    """
    candidates: list[Candidate] = []
    seen: set[int] = set()
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if line_number == 1 and line.lower().startswith("num"):
            continue
        fields = [field.strip() for field in line.split(";")]
        if len(fields) != 3:
            raise PoolError(
                _("Ligne %(line)s : trois champs attendus « numéro;initiales;strate », %(count)s trouvé(s).")
                % {"line": line_number, "count": len(fields)}
            )
        if not fields[0].isdigit() or int(fields[0]) < 1:
            raise PoolError(
                _("Ligne %(line)s : le numéro « %(number)s » n’est pas un entier positif.")
                % {"line": line_number, "number": fields[0]}
            )
        number = int(fields[0])
        if number in seen:
            raise PoolError(
                _("Ligne %(line)s : le numéro %(number)s figure deux fois.")
                % {"line": line_number, "number": number}
            )
        seen.add(number)
        candidates.append(
            Candidate(
                number=number,
                initials=_check_text(fields[1], _("les initiales"), line_number),
                stratum=_check_text(fields[2], _("la strate"), line_number),
            )
        )
    if not candidates:
        raise PoolError(_("La liste est vide : une ligne « numéro;initiales;strate » par personne."))
    return sorted(candidates, key=lambda c: c.number)


def canonical_text(candidates: Iterable[Candidate]) -> str:
    """The published list: ``number;initials;stratum\\n`` per candidate, by ascending number."""
    return "".join(
        f"{c.number};{c.initials};{c.stratum}\n" for c in sorted(candidates, key=lambda c: c.number)
    )


def pool_sha256(text: str) -> str:
    """SHA-256 of the canonical text's UTF-8 bytes, lower-case hexadecimal."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def strata_counts(candidates: Iterable[Candidate]) -> dict[str, int]:
    """Number of candidates per stratum, strata in alphabetical order."""
    counts: dict[str, int] = {}
    for candidate in candidates:
        counts[candidate.stratum] = counts.get(candidate.stratum, 0) + 1
    return dict(sorted(counts.items()))


def seats_largest_remainder(counts: Mapping[str, int], total: int, *, minimum: int = 0) -> dict[str, int]:
    """Seats per stratum proportional to ``counts`` (largest remainder, Hare quota).

    ``minimum`` seats go to every stratum first (e.g. 1 per sector), the rest in proportion;
    equal remainders go to the larger stratum, then alphabetically. Raises ``PoolError`` when
    ``total`` cannot give every stratum its minimum.
    """
    strata = sorted(counts)
    if total < minimum * len(strata):
        raise PoolError(
            _("%(total)s sièges ne suffisent pas à en donner %(minimum)s à chacune des %(count)s strates.")
            % {"total": total, "minimum": minimum, "count": len(strata)}
        )
    seats = {stratum: minimum for stratum in strata}
    left = total - minimum * len(strata)
    population = sum(counts.values())
    if left <= 0 or population == 0:
        return seats
    quotas = {stratum: counts[stratum] * left / population for stratum in strata}
    for stratum in strata:
        seats[stratum] += int(quotas[stratum])
    rest = left - sum(int(q) for q in quotas.values())
    order = sorted(strata, key=lambda s: (-(quotas[s] - int(quotas[s])), -counts[s], s))
    for stratum in order[:rest]:
        seats[stratum] += 1
    return seats


def check_seats(candidates: Iterable[Candidate], seats: Mapping[str, int]) -> None:
    """Raise ``PoolError`` (French) when a stratum has fewer candidates than seats, or a
    stratum with seats is missing from the pool; ``seats`` maps a stratum to k ≥ 0."""
    counts = strata_counts(candidates)
    problems = []
    for stratum, k in sorted(seats.items()):
        if k < 0:
            problems.append(_("strate « %(stratum)s » : nombre de sièges négatif") % {"stratum": stratum})
        elif counts.get(stratum, 0) < k:
            problems.append(
                _("strate « %(stratum)s » : %(count)s personne(s) pour %(seats)s siège(s)")
                % {"stratum": stratum, "count": counts.get(stratum, 0), "seats": k}
            )
    if problems:
        raise PoolError(
            _("Trop peu de personnes pour les sièges demandés : %(problems)s.")
            % {"problems": " ; ".join(problems)}
        )
    if sum(seats.values()) < 1:
        raise PoolError(_("Indiquez au moins un siège à pourvoir."))


def normalise_seed(seed: str) -> str:
    """The seed as hashed: stripped of surrounding white space."""
    return seed.strip()


def candidate_key(seed: str, number: int) -> str:
    """``SHA-256(seed ‖ number)``: hexadecimal digest of the UTF-8 bytes of ``f"{seed}|{number}"``."""
    return hashlib.sha256(f"{normalise_seed(seed)}{SEPARATOR}{number}".encode()).hexdigest()


def draw(
    candidates: Iterable[Candidate], seats: Mapping[str, int], seed: str
) -> dict[str, dict[str, list[int]]]:
    """The result: ``{stratum: {"panel": [numbers], "reserve": [numbers]}}``, strata in
    alphabetical order, each list in draw order. Deterministic; raises ``PoolError`` as
    ``check_seats`` does, or when the seed is empty."""
    candidates = list(candidates)
    check_seats(candidates, seats)
    seed = normalise_seed(seed)
    if not seed:
        raise PoolError(_("La graine est vide."))
    result: dict[str, dict[str, list[int]]] = {}
    for stratum in sorted(strata_counts(candidates)):
        ranked = sorted(
            (c.number for c in candidates if c.stratum == stratum),
            key=lambda number: (candidate_key(seed, number), number),
        )
        k = seats.get(stratum, 0)
        result[stratum] = {"panel": ranked[:k], "reserve": ranked[k:]}
    return result
