"""Fixtures of the organization tests: a campaign of the school, and Lina on its list."""

import datetime

import pytest

from certinum.orga import services
from certinum.orga.models import Pupil


@pytest.fixture
def campaign(teacher, school):
    return services.campaign_create(
        organization=school,
        name="Certificabilité 3e",
        external_id_label="",
        multiple_sendings=True,
        by=teacher,
    )


@pytest.fixture
def lina_on_the_list(school, pupil):
    return Pupil.objects.create(
        organization=school,
        last_name="Roux-Lévêque",
        first_name="Lina",
        division="3e A",
        birthdate=datetime.date(2011, 5, 4),
        local_id="L1",
    )
