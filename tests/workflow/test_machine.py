"""The transitions table and the one function that applies a transition, on a real model
with a state machine (a campaign: active ⇄ archived)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from certinum.orga.models import CAMPAIGN_MACHINE, Campaign, CampaignStatus
from certinum.workflow.machine import StateMachine, Transition
from certinum.workflow.models import TransitionLog
from certinum.workflow.services import TransitionRefused, transition_apply, transitions_of


class Light(models.TextChoices):
    RED = "red", _("rouge")
    GREEN = "green", _("vert")


def test_a_table_lists_what_each_state_allows():
    assert [t.name for t in CAMPAIGN_MACHINE.available(CampaignStatus.ACTIVE)] == ["archive"]
    assert CAMPAIGN_MACHINE.allows(CampaignStatus.ARCHIVED, "unarchive")
    assert not CAMPAIGN_MACHINE.allows(CampaignStatus.ARCHIVED, "archive")


def test_a_table_with_an_unknown_state_is_refused_when_loaded():
    with pytest.raises(ImproperlyConfigured, match=r"'go'.*orange"):
        StateMachine(
            field="light",
            states=Light,
            transitions=[Transition("go", {"orange"}, Light.GREEN, _("passer"))],
        )


def test_a_table_with_a_repeated_name_is_refused_when_loaded():
    go = Transition("go", {Light.RED}, Light.GREEN, _("passer"))
    with pytest.raises(ImproperlyConfigured, match="repeated"):
        StateMachine(field="light", states=Light, transitions=[go, go])


def test_an_unknown_transition_name_is_a_programming_error():
    with pytest.raises(KeyError, match="no transition 'close'"):
        CAMPAIGN_MACHINE.get("close")


@pytest.fixture
def campaign(school, teacher):
    return Campaign.objects.create(
        organization=school, name="Collecte", code="ABCDEF234", created_by=teacher
    )


@pytest.mark.django_db
def test_applying_a_transition_changes_the_state_and_logs_who_when_and_why(campaign, teacher):
    log = transition_apply(
        obj=campaign, machine=CAMPAIGN_MACHINE, name="archive", by_id=teacher.pk, reason="fin"
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ARCHIVED
    assert list(transitions_of(campaign)) == [log]
    assert (log.subject, log.transition, log.from_state, log.to_state, log.by, log.reason) == (
        campaign,
        "archive",
        "active",
        "archived",
        teacher,
        "fin",
    )
    assert log.content_type == ContentType.objects.get_for_model(Campaign)


@pytest.mark.django_db
def test_a_refused_transition_says_why_in_french_and_changes_nothing(campaign, teacher):
    with pytest.raises(TransitionRefused, match="Cette campagne n'est pas archivée") as refused:
        transition_apply(obj=campaign, machine=CAMPAIGN_MACHINE, name="unarchive", by_id=None)
    assert (refused.value.transition, refused.value.state) == ("unarchive", "active")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE
    assert not TransitionLog.objects.exists()


@pytest.mark.django_db
def test_without_a_message_of_its_own_a_refusal_names_the_object_the_action_and_the_state(
    campaign,
):
    machine = StateMachine(
        field="status",
        states=CampaignStatus,
        transitions=[
            Transition("archive", {CampaignStatus.ACTIVE}, CampaignStatus.ARCHIVED, _("archiver"))
        ],
    )
    campaign.status = CampaignStatus.ARCHIVED
    with translation.override("fr"), pytest.raises(TransitionRefused) as refused:
        transition_apply(obj=campaign, machine=machine, name="archive", by_id=None)
    assert str(refused.value) == "Campagne : « archiver » est impossible dans l'état « archivée »."


@pytest.mark.django_db(transaction=True)
def test_a_transition_outside_a_transaction_is_refused(school):
    # The state and its log must be written together: no autocommit.
    campaign = Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        transition_apply(obj=campaign, machine=CAMPAIGN_MACHINE, name="archive", by_id=None)
    with transaction.atomic():
        transition_apply(obj=campaign, machine=CAMPAIGN_MACHINE, name="archive", by_id=None)
    assert TransitionLog.objects.count() == 1


@pytest.mark.django_db
def test_a_transition_costs_two_queries(campaign, django_assert_num_queries):
    ContentType.objects.get_for_model(Campaign)  # cached once per process
    with django_assert_num_queries(2):  # the UPDATE of the state, the INSERT of the log
        transition_apply(obj=campaign, machine=CAMPAIGN_MACHINE, name="archive", by_id=None)
