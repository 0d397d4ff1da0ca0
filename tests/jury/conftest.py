"""A session of the center after its day: candidates who started, with their courses built
directly (the test runner is tested in tests/invigilation)."""

import datetime

import pytest
from django.utils import timezone

from certinum.accounts.models import CenterMembership, Role
from certinum.centers.models import Candidate, Session
from certinum.evaluation.models import CertificationChallenge, CertificationCourse, CourseState
from certinum.referential.models import Challenge
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
def center_member(center):
    user = make_user("secretariat@college.example")
    CenterMembership.objects.create(user=user, center=center, role=Role.MEMBER)
    return user


@pytest.fixture
def invigilator(db):
    return make_user("surveillant", email="surveillant@college.example")


def make_candidate(session, user, last_name: str, first_name: str, **extra) -> Candidate:
    return Candidate.objects.create(
        session=session,
        last_name=last_name,
        first_name=first_name,
        sex="F",
        birthdate=datetime.date(2011, 5, 4),
        birth_country="France",
        user=user,
        started_at=timezone.now(),
        **extra,
    )


def make_course(candidate, state=CourseState.STARTED, **extra) -> CertificationCourse:
    now = timezone.now()
    return CertificationCourse.objects.create(
        candidate=candidate,
        user=candidate.user,
        session=candidate.session,
        state=state,
        algorithm="certification-v2",
        algorithm_version=1,
        max_reachable_level=5,
        seed="graine",
        verification_code=f"P-{candidate.pk:08d}",
        started_at=now,
        ends_at=now + datetime.timedelta(hours=2),
        **extra,
    )


def add_challenges(course, keys) -> list[CertificationChallenge]:
    return [
        CertificationChallenge.objects.create(
            course=course,
            index=index,
            challenge=Challenge.objects.get(key=key),
            competence_code="1.2",
            skill_name=Challenge.objects.get(key=key).skill.name,
        )
        for index, key in enumerate(keys, start=1)
    ]


@pytest.fixture
def lina(session, pupil):
    return make_candidate(session, pupil, "Roux", "Lina")


@pytest.fixture
def tom(session, other_pupil):
    return make_candidate(session, other_pupil, "Petit", "Tom")
