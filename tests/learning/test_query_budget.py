"""The hot path has a query budget: at most 8 queries for an answer (htmx, session and
user included) and 5 for a question page, on the mini bank and on the whole item bank.

Counted like `django_assert_max_num_queries`, leaving out transaction control only: the
SAVEPOINT/RELEASE pair the test's own transaction turns the service's `atomic` into, and
SQLite's BEGIN (PostgreSQL sends neither as a statement). Everything that reads or writes
data counts.
"""

import contextlib
from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certinum.accounts.models import OrganizationMembership, Role
from certinum.learning import services
from certinum.learning.models import Answer, Assessment
from certinum.referential.models import Competence
from tests.learning.test_services import RIGHT

ANSWER_BUDGET = 8
PAGE_BUDGET = 5
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN")


def data_queries(context: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in context.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)
    ]


@contextlib.contextmanager
def assert_max_queries(budget: int) -> Iterator[None]:
    with CaptureQueriesContext(connection) as context:
        yield
    queries = data_queries(context)
    assert len(queries) <= budget, "\n".join([f"{len(queries)} > {budget}:", *queries])


def form_data(key: str) -> dict[str, object]:
    value = RIGHT.get(key, "1")
    if isinstance(value, dict):
        return {"challenge": key, **{f"input-{k}": v for k, v in value.items()}}
    return {"challenge": key, "answer": value}


def answer_form_for(assessment: Assessment) -> dict[str, object]:
    assessment.refresh_from_db()
    challenge = assessment.current_challenge
    if challenge.key in RIGHT:
        return form_data(challenge.key)
    # Any well-formed answer will do on the whole bank: its cost does not depend on it.
    if challenge.type in ("QCU", "QCM"):
        return {"challenge": challenge.key, "answer": "1"}
    if challenge.type == "QROC":
        return {"challenge": challenge.key, "answer": "réponse"}
    return {"challenge": challenge.key, **{f"input-{f['key']}": "a" for f in challenge.inputs}}


@pytest.fixture(params=["mini_bank", "item_bank"])
def bank(request):
    request.getfixturevalue(request.param)
    return request.param


@pytest.fixture
def assessment(bank, pupil):
    competence = Competence.objects.get(code="1.2")
    return services.assessment_start(user_id=pupil.pk, competence=competence)


def test_a_question_page_stays_within_its_budget(client, pupil, assessment):
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    with assert_max_queries(PAGE_BUDGET):
        response = client.get(url)
    assert response.status_code == 200


def test_every_answer_stays_within_its_budget(client, pupil, assessment):
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    client.post(url, answer_form_for(assessment), HTTP_HX_REQUEST="true")  # warms the cache
    # The transition log names the model by its content type, which Django caches per process
    # after its first use; tests clear that cache between them.
    ContentType.objects.get_for_model(Assessment)
    for _ in range(4):
        assessment.refresh_from_db()
        if assessment.state != "started":
            break
        data = answer_form_for(assessment)
        with CaptureQueriesContext(connection) as context:
            response = client.post(url, data, HTTP_HX_REQUEST="true")
        assessment.refresh_from_db()
        # The answer that ends the evaluation also logs the state change (one insert).
        budget = ANSWER_BUDGET if assessment.state == "started" else ANSWER_BUDGET + 1
        counted = data_queries(context)
        assert len(counted) <= budget, "\n".join(counted)
        assert response.status_code == 200
    assert Answer.objects.filter(assessment=assessment).count() >= 2


def test_a_cold_cache_costs_two_more_queries_once(client, pupil, assessment):
    from certinum.delivery.content import forget_cached_content

    forget_cached_content()
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    data = answer_form_for(assessment)
    with assert_max_queries(ANSWER_BUDGET + 2):
        client.post(url, data, HTTP_HX_REQUEST="true")


def test_the_navigation_costs_no_query_and_follows_memberships(
    client, pupil, school, mini_bank, django_assert_max_num_queries
):
    client.force_login(pupil)
    dashboard = reverse("learning:dashboard")
    assert "Mon organisation" not in client.get(dashboard).content.decode()
    OrganizationMembership.objects.create(user=pupil, organization=school, role=Role.MEMBER)
    # Right on the very next page, whatever session it comes from.
    assert "Mon organisation" in client.get(dashboard).content.decode()
    assessment = services.assessment_start(
        user_id=pupil.pk, competence=Competence.objects.get(code="1.2")
    )
    with assert_max_queries(PAGE_BUDGET):
        page = client.get(reverse("learning:assessment", args=[assessment.pk]))
    assert "Mon organisation" in page.content.decode()
    OrganizationMembership.objects.filter(user=pupil).delete()
    assert "Mon organisation" not in client.get(dashboard).content.decode()
