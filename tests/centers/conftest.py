import datetime

import pytest

from certinum.centers.models import Candidate, Session


@pytest.fixture
def session(center):
    return Session.objects.create(
        center=center,
        address="1 rue de l'École, 69001 Lyon",
        room="Salle 12",
        date=datetime.date(2027, 1, 15),
        time=datetime.time(9, 0),
        examiners="Nadia Haddad",
    )


@pytest.fixture
def candidate(session):
    return Candidate.objects.create(
        session=session,
        last_name="Roux",
        first_name="Lina",
        sex="F",
        birthdate=datetime.date(2012, 3, 14),
        birth_country="France",
        birth_country_code="FR",
        birth_insee_code="75056",
        birth_city="Paris",
    )
