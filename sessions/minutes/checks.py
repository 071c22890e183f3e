"""Consistency checks of a compte-rendu before publication.

``minutes_check`` returns warnings, never errors: the chargé de mission reads them and may
publish anyway by acknowledging each one (``services.minutes_publish``). Each
warning has a ``key`` that names exactly what it is about (a record, a link), so an
acknowledgement covers that warning only, and a new problem found later is asked again.

What is checked, and where the rule comes from:
- a coming step or calendar entry dated before the sitting (the seed's « point d'étape »
  of 18 December 2024 in minutes of November 2025, a slip for 2025);
- a person named in a text who is not in the attendance lists (names of ``Member``
  records), and a spelling close to a member's name (the seed writes « Nadia Amrouni »
  for Nadia Amrani);
- a person both excused and present (two records of one name, or an excused person
  credited with a proposal or a question at the sitting);
- a section with nothing under its title;
- a footnote without a link, a link that is not http(s), a call ``[^key]`` to no note;
- corrections proposed in review and not yet decided;
- public minutes naming in a text a person who did not consent to it (RGPD).
"""

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import markdown
from django.utils.translation import gettext

from cln_portal.dates import DatePrecision, format_flexible_date
from members.models import Member

from .. import models as meetings_models
from ..models import CorrectionStatus, Minutes, MinutesCorrection, MinutesStatus
from .selectors import minutes_document

NBSP = " "
_HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_FOOTNOTE_CALL = re.compile(r"\[\^([-a-zA-Z0-9_]{1,40})\]")
_CAPITALISED_WORD = r"([A-ZÀ-ÖØ-Ý][\w’'-]+)"


@dataclass(frozen=True)
class MinutesWarning:
    """One warning: ``code`` names the rule, ``key`` this very case, ``message`` is French text."""

    code: str
    key: str
    message: str


def _q(text: str) -> str:
    """``text`` between French quotation marks with no-break spaces."""
    return f"«{NBSP}{text}{NBSP}»"


def _fold(text: str) -> str:
    """Lower case without accents, to compare names typed in different ways."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def _texts(document: dict) -> list[tuple[str, str]]:
    """Every Markdown text the minutes print, as ``(where, text)`` pairs, ``where`` in French."""
    minutes = document["minutes"]
    texts = [(gettext("Ouverture"), minutes.opening), (gettext("Axes de travail"), minutes.workstreams_intro)]
    for part in document["parts"]:
        for block in part.sections:
            where = block.title
            texts.append((where, block.section.body))
            if block.workstream is not None:
                texts.append((where, block.workstream.objective))
            for group in block.question_groups:
                for question in group.questions:
                    texts += [(where, question.text), (where, question.answer)]
            texts += [(where, proposal.text) for proposal in block.proposals]
            texts += [(where, step.text) for step in block.next_steps]
            texts += [(where, entry.text) for entry in block.calendar_entries]
    for annex in document["annexes"]:
        texts.append((annex.title, annex.body))
    return [(where, text) for where, text in texts if text]


def _dated_before(document: dict) -> list[MinutesWarning]:
    meeting = document["meeting"]
    meeting_day = meeting.date
    meeting_text = format_flexible_date(meeting_day, None, DatePrecision.DAY)
    warnings = []
    for part in document["parts"]:
        for block in part.sections:
            for step in block.next_steps:
                if step.date and step.date_last_day < meeting_day:
                    warnings.append(
                        MinutesWarning(
                            "dated_before_meeting",
                            f"step-before:{step.pk}",
                            gettext(
                                "%(label)s de la section %(section)s est daté %(date)s, avant la séance "
                                "du %(meeting)s%(nbsp)s: une erreur d’année%(nnbsp)s?"
                            )
                            % {
                                "label": _q(step.label),
                                "section": _q(block.title),
                                "date": _date_phrase(step),
                                "meeting": meeting_text,
                                "nbsp": NBSP,
                                "nnbsp": " ",
                            },
                        )
                    )
            for entry in block.calendar_entries:
                if entry.date and entry.date_last_day < meeting_day:
                    warnings.append(
                        MinutesWarning(
                            "dated_before_meeting",
                            f"calendar-before:{entry.pk}",
                            gettext(
                                "L’entrée du calendrier %(text)s de la section %(section)s est datée "
                                "%(date)s, avant la séance du %(meeting)s."
                            )
                            % {
                                "text": _q(entry.text[:80]),
                                "section": _q(block.title),
                                "date": _date_phrase(entry),
                                "meeting": meeting_text,
                            },
                        )
                    )
    return warnings


def _date_phrase(dated) -> str:
    """ "du 18 décembre 2024", "de décembre 2024", "entre le 1er et le 3 mars 2025"."""
    text = dated.date_display
    if dated.date_precision == DatePrecision.RANGE and dated.date_end and dated.date_end != dated.date:
        return text
    if dated.date_precision == DatePrecision.MONTH:
        return gettext("de %(month)s") % {"month": text}
    return gettext("du %(day)s") % {"day": text}


def _names(document: dict, texts: list[tuple[str, str]], members: list[Member]) -> list[MinutesWarning]:
    listed = {a.member_id for a in document["present"]} | {a.member_id for a in document["excused"]}
    warnings: dict[str, MinutesWarning] = {}
    folded_texts = [(where, _fold(text)) for where, text in texts]
    known_full_names = {_fold(m.full_name) for m in members}
    for member in members:
        pattern = re.compile(
            r"(?<!\w)" + r"\s+".join(re.escape(_fold(part)) for part in member.full_name.split()) + r"(?!\w)"
        )
        places = [where for where, text in folded_texts if pattern.search(text)]
        if places and member.pk not in listed:
            warnings[f"named-not-listed:{member.pk}"] = MinutesWarning(
                "named_not_in_attendance",
                f"named-not-listed:{member.pk}",
                gettext(
                    "%(name)s est nommé·e dans le texte (%(where)s) mais ne figure pas dans les listes "
                    "de présence."
                )
                % {"name": _q(member.full_name), "where": _q(places[0])},
            )
        if places and document["public_names"] and not member.name_public:
            warnings[f"public-name:{member.pk}"] = MinutesWarning(
                "public_name_without_consent",
                f"public-name:{member.pk}",
                gettext(
                    "Ce compte-rendu est public et nomme %(name)s dans le texte (%(where)s), qui n’a pas "
                    "accepté que son nom soit publié (RGPD)."
                )
                % {"name": _q(member.full_name), "where": _q(places[0])},
            )
        # A close spelling of a member's last name after their first name ("Nadia Amrouni").
        variant = re.compile(r"(?<!\w)" + re.escape(member.first_name) + r"\s+" + _CAPITALISED_WORD)
        for where, text in texts:
            for match in variant.finditer(text):
                written = f"{member.first_name} {match.group(1)}"
                if _fold(written) in known_full_names or _fold(member.full_name).startswith(_fold(written)):
                    continue
                ratio = difflib.SequenceMatcher(None, _fold(match.group(1)), _fold(member.last_name)).ratio()
                if ratio >= 0.7:
                    key = f"name-variant:{member.pk}:{_short_hash(written)}"
                    warnings[key] = MinutesWarning(
                        "name_variant",
                        key,
                        gettext(
                            "%(written)s (%(where)s) ressemble à %(name)s, membre du conseil%(nbsp)s: "
                            "faute de frappe%(nnbsp)s?"
                        )
                        % {
                            "written": _q(written),
                            "where": _q(where),
                            "name": _q(member.full_name),
                            "nbsp": NBSP,
                            "nnbsp": " ",
                        },
                    )
    for part in document["parts"]:
        for block in part.sections:
            for proposal in block.proposals:
                if proposal.member_id and proposal.member_id not in listed:
                    key = f"named-not-listed:{proposal.member_id}"
                    warnings.setdefault(
                        key,
                        MinutesWarning(
                            "named_not_in_attendance",
                            key,
                            gettext(
                                "Une proposition de la section %(section)s est attribuée à %(name)s, "
                                "qui ne figure pas dans les listes de présence."
                            )
                            % {"section": _q(block.title), "name": _q(proposal.member.full_name)},
                        ),
                    )
    return list(warnings.values())


def _excused_and_present(document: dict) -> list[MinutesWarning]:
    warnings = []
    present_names = {_fold(a.member.full_name): a.member for a in document["present"]}
    excused_ids = {a.member_id for a in document["excused"]}
    for attendance in document["excused"]:
        name = _fold(attendance.member.full_name)
        if name in present_names:
            warnings.append(
                MinutesWarning(
                    "excused_and_present",
                    f"excused-present:{attendance.member_id}",
                    gettext(
                        "%(name)s figure à la fois parmi les présents et parmi les absences excusées "
                        "(deux fiches au même nom)."
                    )
                    % {"name": _q(attendance.member.full_name)},
                )
            )
    # Answered "excused" to the convocation, yet marked present on the attendance sheet.
    present_ids = {a.member_id: a.member for a in document["present"]}
    invitation_model = getattr(meetings_models, "MeetingInvitation", None)
    if invitation_model is not None and present_ids:
        excused_answers = invitation_model.objects.filter(
            meeting_id=document["meeting"].pk, member_id__in=present_ids, answer="excused"
        ).values_list("member_id", flat=True)
        for member_id in excused_answers:
            warnings.append(
                MinutesWarning(
                    "excused_and_present",
                    f"answered-excused-present:{member_id}",
                    gettext(
                        "%(name)s s’était excusé·e en répondant à la convocation mais est marqué·e présent·e "
                        "sur la feuille de présence."
                    )
                    % {"name": _q(present_ids[member_id].full_name)},
                )
            )
    # An excused person cannot have spoken at the sitting.
    for part in document["parts"]:
        for block in part.sections:
            acted = [(p.member, gettext("une proposition")) for p in block.proposals]
            for group in block.question_groups:
                for question in group.questions:
                    acted.append((question.raised_by, gettext("une question")))
                    if question.answered_at_meeting_id == document["meeting"].pk:
                        acted.append((question.answered_by, gettext("une réponse donnée en séance")))
            for person, what in acted:
                if person is not None and person.pk in excused_ids:
                    key = f"excused-acted:{person.pk}"
                    if any(w.key == key for w in warnings):
                        continue
                    warnings.append(
                        MinutesWarning(
                            "excused_and_present",
                            key,
                            gettext(
                                "%(name)s est excusé·e mais %(what)s lui est attribuée dans la section "
                                "%(section)s, comme si elle ou il était présent·e."
                            )
                            % {"name": _q(person.full_name), "what": what, "section": _q(block.title)},
                        )
                    )
    return warnings


def _empty_sections(document: dict) -> list[MinutesWarning]:
    warnings = []
    for part in document["parts"]:
        for block in part.sections:
            has_objective = bool(block.workstream and block.workstream.objective.strip())
            if not (
                block.section.body.strip()
                or has_objective
                or block.has_questions
                or block.proposals
                or block.contact_groups
                or block.next_steps
                or block.calendar_entries
            ):
                warnings.append(
                    MinutesWarning(
                        "empty_section",
                        f"empty-section:{block.section.pk}",
                        gettext("La section %(section)s est vide%(nbsp)s: rien n’est imprimé sous son titre.")
                        % {"section": _q(block.title), "nbsp": NBSP},
                    )
                )
    return warnings


def _links(document: dict, texts: list[tuple[str, str]]) -> list[MinutesWarning]:
    warnings = []
    for note in document["footnotes"]:
        if not note.url.strip():
            warnings.append(
                MinutesWarning(
                    "footnote_without_link",
                    f"footnote-no-link:{note.pk}",
                    gettext("La note %(key)s n’a pas de lien vers sa source.") % {"key": _q(note.key)},
                )
            )
        elif note.url.split(":", 1)[0].lower() not in ("http", "https"):
            warnings.append(
                MinutesWarning(
                    "link_not_http",
                    f"footnote-link:{note.pk}",
                    gettext("Le lien de la note %(key)s n’est pas une adresse http(s)%(nbsp)s: %(url)s")
                    % {"key": _q(note.key), "url": note.url, "nbsp": NBSP},
                )
            )
    seen = set()
    for where, text in texts:
        for url in _HREF.findall(markdown.markdown(text)):
            if url.split(":", 1)[0].lower() in ("http", "https") and "://" in url:
                continue
            key = f"link:{_short_hash(where, url)}"
            if key in seen:
                continue
            seen.add(key)
            warnings.append(
                MinutesWarning(
                    "link_not_http",
                    key,
                    gettext(
                        "Le lien %(url)s (%(where)s) n’est pas une adresse http(s) complète%(nbsp)s: "
                        "il ne s’ouvrira pas depuis le PDF."
                    )
                    % {"url": _q(url or "(vide)"), "where": _q(where), "nbsp": NBSP},
                )
            )
    keys = {note.key for note in document["footnotes"]}
    called = set()
    for where, text in texts:
        for key in _FOOTNOTE_CALL.findall(text):
            called.add(key)
            if key not in keys:
                warnings.append(
                    MinutesWarning(
                        "footnote_unknown",
                        f"footnote-call:{key}",
                        gettext("Le texte %(where)s appelle la note [^%(key)s], qui n’existe pas.")
                        % {"where": _q(where), "key": key},
                    )
                )
    return warnings


def _pending_corrections(minutes: Minutes) -> list[MinutesWarning]:
    if minutes.status != MinutesStatus.REVIEW:
        return []
    pending = list(
        MinutesCorrection.objects.filter(minutes=minutes, status=CorrectionStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    if not pending:
        return []
    return [
        MinutesWarning(
            "pending_corrections",
            "pending-corrections:" + ",".join(map(str, sorted(pending))),
            gettext("%(count)s correction(s) proposée(s) en relecture n’ont pas encore été examinée(s).")
            % {"count": len(pending)},
        )
    ]


def minutes_check(*, minutes: Minutes) -> list[MinutesWarning]:
    """The consistency warnings of ``minutes``, in the order of the rules above.

    Reads the minutes as they print (``selectors.minutes_document``) plus the members' names
    and the pending corrections: about 14 queries whatever the size of the minutes.
    Returns an empty list when nothing is worth a second look.
    """
    document = minutes_document(minutes=minutes)
    texts = _texts(document)
    members = list(Member.objects.all())
    return [
        *_dated_before(document),
        *_names(document, texts, members),
        *_excused_and_present(document),
        *_empty_sections(document),
        *_links(document, texts),
        *_pending_corrections(minutes),
    ]
