"""Every challenge of the real item bank can be served and rendered."""

import re

import pytest
from django.urls import reverse

from certinum.learning import services
from certinum.referential.models import Challenge, Competence
from tests.learning.test_services import serve


@pytest.mark.django_db
def test_every_challenge_of_the_bank_renders_without_its_solution(client, pupil, item_bank):
    client.force_login(pupil)
    assessments = {}
    for challenge in Challenge.objects.select_related("skill__tube__competence"):
        competence = challenge.skill.tube.competence
        if competence.pk not in assessments:
            assessments[competence.pk] = services.assessment_start(
                user_id=pupil.pk, competence=Competence.objects.get(pk=competence.pk)
            )
        assessment = assessments[competence.pk]
        serve(assessment, challenge.key)
        response = client.get(reverse("learning:assessment", args=[assessment.pk]))
        assert response.status_code == 200, challenge.key
        page = response.content.decode()
        assert challenge.key in page
        # Text inputs are empty: nothing the pupil must type is in the page.
        assert not re.search(r'<input type="text"[^>]*\bvalue=', page), challenge.key
