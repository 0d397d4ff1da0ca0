"""Two tabs of the same candidate answering the same question at the same moment store one
answer: the course row is locked, the second request finds the question answered. Real
concurrency, so PostgreSQL only (SQLite's in-memory test database has one writer)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from certinum.evaluation import services
from certinum.evaluation.models import (
    CertificationAnswer,
    CertificationChallenge,
    CertificationCourse,
)
from certinum.referential.models import Challenge

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def run_together(*actions) -> list[object]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = []

    def run(action) -> None:
        try:
            barrier.wait()
            outcomes.append(action())
        except services.EvaluationRefused as refused:
            outcomes.append(refused)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def course(lina, pupil, mini_bank):
    lina.user = pupil
    lina.save()
    now = timezone.now()
    course = CertificationCourse.objects.create(
        candidate=lina,
        user=pupil,
        session=lina.session,
        algorithm="certification-v2",
        algorithm_version=1,
        max_reachable_level=5,
        seed="graine",
        verification_code="P-BCDFGHJK",
        started_at=now,
        ends_at=now + datetime.timedelta(hours=2),
        has_seen_instructions=True,
        current_index=1,
        current_served_at=now,
    )
    CertificationChallenge.objects.create(
        course=course,
        index=1,
        challenge=Challenge.objects.get(key="rangement-1-a"),
        competence_code="1.2",
        skill_name="@rangement1",
    )
    return course


@pytest.mark.parametrize("repeat", range(5))
def test_two_tabs_answering_the_same_question_store_one_answer(course, pupil, repeat):
    def answer(value: str):
        return lambda: services.answer_record(
            course_id=course.pk, user_id=pupil.pk, index=1, raw_value=value
        )

    outcomes = run_together(answer("1"), answer("2"))
    refused = [o for o in outcomes if isinstance(o, services.EvaluationRefused)]
    recorded = [o for o in outcomes if isinstance(o, services.Recorded)]
    assert len(recorded) == 1 and len(refused) == 1
    assert "ta première réponse compte" in str(refused[0])
    assert CertificationAnswer.objects.filter(course=course).count() == 1
