"""An evaluation moves started → completed → reset through its transitions table; every
move is logged and shown (read-only) to staff in the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from certinum.learning import services
from certinum.learning.models import Assessment, AssessmentState
from certinum.referential.models import Competence
from certinum.workflow.models import TransitionLog
from certinum.workflow.services import transitions_of
from tests.learning.test_services import age_everything, finish, start


@pytest.fixture
def competence(mini_bank):
    return Competence.objects.get(code="1.2")


@pytest.fixture
def completed(pupil, competence) -> Assessment:
    assessment = start(pupil, competence)
    finish(pupil, assessment)
    assessment.refresh_from_db()
    return assessment


def test_completing_then_resetting_is_logged_by_the_pupil(pupil, competence, completed):
    age_everything(pupil, 8)
    services.competence_reset(user_id=pupil.pk, competence=competence)
    completed.refresh_from_db()
    assert completed.state == AssessmentState.RESET
    assert [
        (log.transition, log.from_state, log.to_state, log.by) for log in transitions_of(completed)
    ] == [("complete", "started", "completed", pupil), ("reset", "completed", "reset", pupil)]


def test_a_reset_evaluation_can_be_neither_completed_nor_reset_again(pupil, competence, completed):
    age_everything(pupil, 8)
    services.competence_reset(user_id=pupil.pk, competence=competence)
    completed.refresh_from_db()
    with transaction.atomic(), pytest.raises(services.LearningError, match="déjà terminée"):
        services.assessment_complete(assessment=completed, by_id=pupil.pk)
    with (
        transaction.atomic(),
        pytest.raises(
            services.LearningError,
            match="Évaluation : « remettre à zéro » est impossible dans l'état « remise à zéro »",
        ),
    ):
        services.assessment_reset(assessment=completed, by_id=pupil.pk)
    assert len(transitions_of(completed)) == 2


def test_staff_read_the_history_of_an_evaluation_in_the_admin(client, staff, completed):
    client.force_login(staff)
    page = client.get(reverse("admin:learning_assessment_change", args=[completed.pk]))
    assert page.status_code == 200
    [history] = [f for f in page.context["inline_admin_formsets"] if f.opts.model is TransitionLog]
    assert [(row.form.instance.transition, row.form.instance.by) for row in history] == [
        ("complete", completed.user)
    ]
    content_type = ContentType.objects.get_for_model(Assessment)
    logs = reverse("admin:workflow_transitionlog_changelist")
    listing = client.get(
        logs, {"content_type__id__exact": content_type.pk, "object_id": completed.pk}
    )
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    # History is never written by hand.
    assert client.get(reverse("admin:workflow_transitionlog_add")).status_code == 403
    log = transitions_of(completed).get()
    change = client.post(reverse("admin:workflow_transitionlog_change", args=[log.pk]), {})
    assert change.status_code == 403
    log.refresh_from_db()
    assert log.transition == "complete"
