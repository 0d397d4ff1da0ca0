import datetime

import pytest

from certinum.centers.models import Candidate, Session
from tests.conftest import make_user


@pytest.fixture
def session(center):
    return Session.objects.create(
        center=center,
        address="1 rue de l'École",
        room="Salle 12",
        date=datetime.date(2027, 1, 15),
        time=datetime.time(9, 0),
        examiners="Nadia Haddad",
        invigilator_password="B2F7K",
        access_code="BCDF23",
    )


@pytest.fixture
def lina(session):
    return Candidate.objects.create(
        session=session,
        last_name="Roux-Lévêque",
        first_name="Lina Marie",
        sex="F",
        birthdate=datetime.date(2011, 5, 4),
        birth_country="France",
        birth_country_code="FR",
        extra_time_percentage=33,
    )


@pytest.fixture
def invigilator(db):
    return make_user("surveillant", email="surveillant@college.example")
