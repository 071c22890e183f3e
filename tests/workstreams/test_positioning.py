"""The positioning form: a campaign's lifecycle, its results, the CSV, the reminders."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Role
from notifications.models import Notification
from workstreams.models import Participation, ParticipationLevel, PositioningResponse
from workstreams.services import (
    campaign_confirm,
    campaign_reopen,
    positioning_answer,
)
from workstreams.tasks import send_positioning_reminders

from ..members.factories import CouncilFactory, MemberFactory
from .factories import ParticipationFactory, PositioningCampaignFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=PARIS), tick=False)


@pytest.fixture
def campaign():
    CouncilFactory()
    axes = [
        WorkstreamFactory(title="Programmation du PDIN", order=1),
        WorkstreamFactory(title="Budget numérique", order=2),
    ]
    return PositioningCampaignFactory(workstreams=axes, max_axes_per_member=1, min_participants_per_axis=2)


def _axes(campaign):
    return list(campaign.workstreams.order_by("order"))


def _post_data(campaign, levels, days=None, suggestions=""):
    data = {f"axis_{axis.pk}": level for axis, level in zip(_axes(campaign), levels, strict=True)}
    for day, parts in (days or {}).items():
        data[f"days_{day}"] = parts
    data["suggestions"] = suggestions
    data["availability_note"] = ""
    return data


def test_member_answers_then_edits_until_the_deadline(client, campaign):
    member = MemberFactory()
    client.force_login(member.user)
    url = reverse("workstreams:positioning_form", args=[campaign.pk])

    with _at(2025, 12, 5, 10, 0):
        response = client.post(
            url, _post_data(campaign, ["pilot", "follow"], {"tue": ["evening"]}, "Plus de PDIN"), follow=True
        )
        assert "Votre réponse est enregistrée" in response.content.decode()
    with _at(2025, 12, 18, 23, 30):
        client.post(url, _post_data(campaign, ["contribute", "not_now"], {"sat": ["morning"]}))

    answer = PositioningResponse.objects.get(campaign=campaign, member=member)
    assert PositioningResponse.objects.count() == 1
    assert answer.availability == ["sat_morning"]
    assert sorted(answer.choices.values_list("level", flat=True)) == ["contribute", "not_now"]


def test_after_the_deadline_answers_are_read_only_with_a_french_message(client, campaign):
    member = MemberFactory()
    with _at(2025, 12, 10, 9, 0):
        positioning_answer(campaign=campaign, member=member, levels={a.pk: "follow" for a in _axes(campaign)})
    client.force_login(member.user)
    url = reverse("workstreams:positioning_form", args=[campaign.pk])

    with _at(2025, 12, 19, 0, 5):
        page = client.get(url).content.decode()
        response = client.post(url, _post_data(campaign, ["pilot", "pilot"]), follow=True)
        with pytest.raises(ValidationError, match="date limite"):
            positioning_answer(
                campaign=campaign, member=member, levels={a.pk: "pilot" for a in _axes(campaign)}
            )

    assert "La date limite (18 décembre 2025) est passée" in page
    assert "disabled" in page
    assert "Envoyer ma réponse" not in page and "Enregistrer les modifications" not in page
    assert "est passée" in response.content.decode()
    assert set(PositioningResponse.objects.get().choices.values_list("level", flat=True)) == {"follow"}


def test_before_opening_the_form_does_not_accept_answers(campaign):
    with _at(2025, 11, 30, 12, 0), pytest.raises(ValidationError, match="ouvre le 1er décembre 2025"):
        positioning_answer(
            campaign=campaign, member=MemberFactory(), levels={a.pk: "follow" for a in _axes(campaign)}
        )


def test_every_axis_needs_a_level_and_nothing_typed_is_lost(client, campaign):
    member = MemberFactory()
    client.force_login(member.user)
    first = _axes(campaign)[0]
    with _at(2025, 12, 5, 10, 0):
        response = client.post(
            reverse("workstreams:positioning_form", args=[campaign.pk]),
            {f"axis_{first.pk}": "pilot", "suggestions": "Mon idée précieuse"},
        )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ce champ est obligatoire" in content
    assert "Mon idée précieuse" in content
    assert not PositioningResponse.objects.exists()


def test_staff_reopen_then_members_edit_again(client, staff_user, campaign):
    member = MemberFactory()
    with _at(2025, 12, 20, 9, 0):
        client.force_login(staff_user)
        response = client.post(
            reverse("workstreams:campaign_reopen", args=[campaign.pk]),
            {"deadline": "2025-12-22"},
            follow=True,
        )
        assert "rouvert jusqu’au 22 décembre 2025" in response.content.decode()
        positioning_answer(
            campaign=campaign, member=member, levels={a.pk: "contribute" for a in _axes(campaign)}
        )
    campaign.refresh_from_db()
    assert campaign.deadline == datetime.date(2025, 12, 22)
    assert campaign.reopened_by == staff_user
    with _at(2025, 12, 20, 9, 0), pytest.raises(ValidationError, match="passé"):
        campaign_reopen(campaign=campaign, deadline=datetime.date(2025, 12, 19), actor=staff_user)


def test_confirming_makes_members_pilots_and_participants(campaign, staff_user):
    pdin, budget = _axes(campaign)
    pilot, contributor, follower, absent = MemberFactory(), MemberFactory(), MemberFactory(), MemberFactory()
    already = ParticipationFactory(workstream=budget, member=absent)  # joined from the dashboard
    with _at(2025, 12, 10, 9, 0):
        positioning_answer(campaign=campaign, member=pilot, levels={pdin.pk: "pilot", budget.pk: "not_now"})
        positioning_answer(
            campaign=campaign, member=contributor, levels={pdin.pk: "contribute", budget.pk: "pilot"}
        )
        positioning_answer(
            campaign=campaign, member=follower, levels={pdin.pk: "follow", budget.pk: "not_now"}
        )
        with pytest.raises(ValidationError, match="confirmez après"):
            campaign_confirm(campaign=campaign, actor=staff_user)
    with _at(2025, 12, 19, 10, 0):
        assert campaign_confirm(campaign=campaign, actor=staff_user) == 4
        assert campaign_confirm(campaign=campaign, actor=staff_user) == 0
        with pytest.raises(ValidationError, match="confirmés"):
            positioning_answer(
                campaign=campaign, member=pilot, levels={pdin.pk: "follow", budget.pk: "follow"}
            )
        with pytest.raises(ValidationError, match="rouvert"):
            campaign_reopen(campaign=campaign, deadline=datetime.date(2025, 12, 30), actor=staff_user)

    levels = {(p.workstream_id, p.member_id): p.level for p in Participation.objects.all()}
    assert levels == {
        (pdin.pk, pilot.pk): ParticipationLevel.PILOT,
        (pdin.pk, contributor.pk): ParticipationLevel.PARTICIPANT,
        (budget.pk, contributor.pk): ParticipationLevel.PILOT,
        (pdin.pk, follower.pk): ParticipationLevel.PARTICIPANT,
        (budget.pk, absent.pk): ParticipationLevel.PARTICIPANT,
    }
    assert Participation.objects.get(pk=already.pk)


def test_confirm_page_asks_before_confirming(client, staff_user, campaign):
    client.force_login(staff_user)
    with _at(2025, 12, 19, 10, 0):
        page = client.get(reverse("workstreams:campaign_confirm", args=[campaign.pk]))
        assert "Confirmer les résultats" in page.content.decode()
        campaign.refresh_from_db()
        assert campaign.confirmed_at is None
        client.post(reverse("workstreams:campaign_confirm", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.confirmed_by == staff_user


def _answer_three(campaign):
    pdin, budget = _axes(campaign)
    ana = MemberFactory(first_name="Anaïs", last_name="Garnier")
    hugo = MemberFactory(first_name="Hugo", last_name="Élan")
    MemberFactory(first_name="Zoé", last_name="Sansréponse")
    MemberFactory(first_name="Ancien", last_name="Membre", mandate_end=datetime.date(2025, 11, 1))
    MemberFactory(first_name="Agent", last_name="Service", role=Role.OFFICER)
    with _at(2025, 12, 10, 9, 0):
        positioning_answer(
            campaign=campaign,
            member=ana,
            levels={pdin.pk: "pilot", budget.pk: "contribute"},
            availability=["tue_evening", "thu_evening"],
            suggestions='=HYPERLINK("http://evil")',
        )
        positioning_answer(
            campaign=campaign,
            member=hugo,
            levels={pdin.pk: "follow", budget.pk: "not_now"},
            availability=["tue_evening"],
            availability_note="-2 semaines en février",
        )
    return ana, hugo


def test_results_page_shows_matrix_counts_overlaps_chart_rules_and_missing(client, staff_user, campaign):
    _answer_three(campaign)
    client.force_login(staff_user)
    with _at(2025, 12, 19, 10, 0):
        response = client.get(reverse("workstreams:campaign_results", args=[campaign.pk]))
    content = response.content.decode().replace("\u00a0", " ")
    results = response.context["results"]

    assert [row.member.last_name for row in results.rows] == ["Élan", "Garnier", "Sansréponse"]
    assert results.rows[1].levels == ["pilot", "contribute"]
    assert results.rows[2].levels == ["", ""]
    assert [m.last_name for m in results.not_answered] == ["Sansréponse"]
    pdin, budget = results.axes
    assert pdin.counts == {"pilot": 1, "contribute": 0, "follow": 1, "not_now": 0}
    assert pdin.best_slots == [("mardi soir", 2)]
    assert budget.involved == 1 and budget.below_minimum
    assert results.rows[1].above_maximum  # Anaïs: two axes, the rule says one
    assert "non respectée par 1 membre" in content
    assert "non respectée pour" in content
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in content
    assert "<desc" in content and "Nombre de membres par axe et par souhait" in content
    assert "mardi soir (2 personnes sur 2)" in content
    assert "Confirmer les résultats" in content


def test_results_page_query_count_does_not_grow(client, staff_user, campaign, django_assert_num_queries):
    _answer_three(campaign)
    client.force_login(staff_user)
    # user (the session comes from the cache), council, campaign, then results: axes, members, responses, choices
    with _at(2025, 12, 19, 10, 0), django_assert_num_queries(7):
        client.get(reverse("workstreams:campaign_results", args=[campaign.pk]))
    campaign.workstreams.add(WorkstreamFactory(), WorkstreamFactory())
    with _at(2025, 12, 10, 10, 0):
        for _ in range(5):
            positioning_answer(
                campaign=campaign,
                member=MemberFactory(),
                levels={a.pk: "contribute" for a in campaign.workstreams.all()},
                availability=["mon_morning"],
            )
    with _at(2025, 12, 19, 10, 0), django_assert_num_queries(7):
        client.get(reverse("workstreams:campaign_results", args=[campaign.pk]))


def test_csv_export_has_bom_accents_and_neutralised_formulas(client, staff_user, campaign):
    _answer_three(campaign)
    client.force_login(staff_user)
    with _at(2025, 12, 19, 10, 0):
        response = client.get(reverse("workstreams:campaign_csv", args=[campaign.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Nom", "Prénom", "Titre", "Programmation du PDIN", "Budget numérique"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Élan"][3:5] == ["suivre", "pas pour le moment"]
    assert by_name["Garnier"][1] == "Anaïs"
    assert by_name["Garnier"][5] == "mardi soir, jeudi soir"
    assert by_name["Garnier"][7] == '\'=HYPERLINK("http://evil")'
    assert by_name["Élan"][6] == "'-2 semaines en février"
    assert by_name["Sansréponse"][3] == "sans réponse"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_results_and_csv_are_for_staff_only(client, campaign):
    client.force_login(MemberFactory().user)
    for name in ("campaign_results", "campaign_csv", "campaign_confirm", "campaign_edit"):
        assert client.get(reverse(f"workstreams:{name}", args=[campaign.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("workstreams:campaign_results", args=[campaign.pk]))
    assert response.status_code == 302


def test_staff_open_a_campaign_from_the_staff_page(client, staff_user):
    CouncilFactory()
    axis = WorkstreamFactory(title="Budget numérique")
    client.force_login(staff_user)
    response = client.post(
        reverse("workstreams:campaign_create"),
        {
            "title": "Positionnement 2026",
            "opens_on": "2026-01-05",
            "deadline": "2026-01-02",
            "workstreams": [axis.pk],
        },
    )
    assert "La date limite doit suivre la date d’ouverture" in response.content.decode()
    response = client.post(
        reverse("workstreams:campaign_create"),
        {
            "title": "Positionnement 2026",
            "opens_on": "2026-01-05",
            "deadline": "2026-01-20",
            "workstreams": [axis.pk],
        },
    )
    assert response.status_code == 302
    campaign = axis.positioning_campaigns.get()
    assert campaign.created_by == staff_user


def test_dashboard_invites_members_who_have_not_answered(client, campaign):
    member = MemberFactory()
    client.force_login(member.user)
    with _at(2025, 12, 5, 10, 0):
        content = client.get(reverse("home:dashboard")).content.decode()
        assert "Formulaire de positionnement à remplir" in content
        assert reverse("workstreams:positioning_form", args=[campaign.pk]) in content
        positioning_answer(campaign=campaign, member=member, levels={a.pk: "follow" for a in _axes(campaign)})
        content = client.get(reverse("home:dashboard")).content.decode()
        assert "Formulaire de positionnement à remplir" not in content
        assert "Voir ou modifier ma réponse" in content
    with _at(2025, 12, 19, 10, 0):
        assert "Formulaire de positionnement" not in client.get(reverse("home:dashboard")).content.decode()


# --- Reminders ----------------------------------------------------------------------------


def _reminders():
    return list(
        Notification.objects.filter(kind="positioning_reminder").order_by("scheduled_for", "recipient")
    )


def test_reminders_go_7_and_2_days_before_and_on_the_eve_at_nine_to_members_without_answer(
    campaign, django_capture_on_commit_callbacks
):
    answered = MemberFactory()
    waiting = MemberFactory(user__email="attente@example.org")
    MemberFactory(mandate_end=datetime.date(2025, 11, 30))  # former member: nothing
    MemberFactory(role=Role.OFFICER)  # staff: not asked to answer
    with _at(2025, 12, 5, 9, 0):
        positioning_answer(
            campaign=campaign, member=answered, levels={a.pk: "follow" for a in _axes(campaign)}
        )

    with _at(2025, 12, 11, 8, 59):
        assert send_positioning_reminders.delay().get() == 0
    with _at(2025, 12, 11, 9, 0), django_capture_on_commit_callbacks(execute=True):
        assert send_positioning_reminders.delay().get() == 1
    with _at(2025, 12, 11, 15, 0):
        assert send_positioning_reminders.delay().get() == 0  # run again: nothing more
    with _at(2025, 12, 16, 9, 30):
        assert send_positioning_reminders.delay().get() == 1
    with _at(2025, 12, 17, 9, 0):
        assert send_positioning_reminders.delay().get() == 1
    with _at(2025, 12, 19, 9, 0):
        assert send_positioning_reminders.delay().get() == 0

    reminders = _reminders()
    assert [r.recipient for r in reminders] == ["attente@example.org"] * 3
    assert [r.scheduled_for.astimezone(PARIS) for r in reminders] == [
        datetime.datetime(2025, 12, 11, 9, 0, tzinfo=PARIS),
        datetime.datetime(2025, 12, 16, 9, 0, tzinfo=PARIS),
        datetime.datetime(2025, 12, 17, 9, 0, tzinfo=PARIS),
    ]
    assert reminders[0].subject.startswith("Plus que 7 jours")
    assert reminders[2].subject.startswith("Dernier jour demain")
    assert "jeudi 18 décembre 2025" in reminders[0].body_text
    assert len(mail.outbox) >= 1
    assert waiting.pk == reminders[0].member_id


def test_reminder_recipients_are_computed_when_the_task_runs(campaign):
    late = MemberFactory()
    with _at(2025, 12, 11, 9, 0):
        send_positioning_reminders()
    with _at(2025, 12, 12, 9, 0):
        positioning_answer(campaign=campaign, member=late, levels={a.pk: "follow" for a in _axes(campaign)})
    with _at(2025, 12, 16, 9, 0):
        assert send_positioning_reminders() == 0
    assert len(_reminders()) == 1
