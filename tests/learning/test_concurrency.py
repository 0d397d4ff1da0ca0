"""Two submissions of the same answer racing each other (a double click on a slow network)
store one answer: the assessment row lock serialises them. PostgreSQL only: SQLite's
in-memory test database does not model concurrent writers."""

import threading

import pytest
from django.db import connection, connections

from certinum.learning import services
from certinum.learning.models import Answer, KnowledgeElement
from certinum.referential.models import Competence
from tests.learning.test_services import RIGHT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def test_two_racing_submissions_of_one_answer_store_it_once(pupil, mini_bank):
    assessment = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="1.2")
    )
    key = assessment.current_challenge.key
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def submit() -> None:
        try:
            barrier.wait()
            outcomes.append(
                services.answer_record(
                    assessment_id=assessment.pk,
                    user_id=pupil.pk,
                    challenge_key=key,
                    raw_value=RIGHT[key],
                ).created
            )
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [False, True]
    assert Answer.objects.filter(assessment=assessment).count() == 1
    direct = KnowledgeElement.objects.filter(assessment=assessment, source="direct")
    assert direct.count() == 1
