import datetime

import pytest
from django.utils import timezone

from certinum.centers.models import Candidate, Session, SessionStatus
from certinum.evaluation.models import CertificationCourse, CourseState
from certinum.results import services
from certinum.results.models import Emitter, ResultStatus

CODE = "P-BCDFGHJK"
# 1.1 level 3, 1.2 level 2, 2.1 level 4, 3.1 not certified (-1): 24 + 16 + 32 = 72 pix.
MARKS = [("1.1", 3, 24), ("1.2", 2, 16), ("2.1", 4, 32), ("3.1", -1, 0)]


@pytest.fixture
def session(center):
    return Session.objects.create(
        center=center,
        address="1 rue de l'École",
        room="Salle 12",
        date=datetime.date(2027, 1, 15),
        time=datetime.time(9, 0),
        examiners="Nadia Haddad",
    )


def make_course(session, user, *, code=CODE, last_name="Roux", first_name="Lina"):
    candidate = Candidate.objects.create(
        session=session,
        last_name=last_name,
        first_name=first_name,
        sex="F",
        birthdate=datetime.date(2012, 3, 14),
        birth_country="France",
        birth_country_code="FR",
        user=user,
    )
    now = timezone.now()
    return CertificationCourse.objects.create(
        candidate=candidate,
        user=user,
        session=session,
        state=CourseState.COMPLETED,
        algorithm="certification-v2",
        algorithm_version=1,
        max_reachable_level=5,
        seed="s",
        verification_code=code,
        started_at=now,
        ends_at=now,
    )


def validate(course, marks=MARKS, pix=72, status=ResultStatus.VALIDATED):
    return services.result_record(
        course,
        status=status,
        pix_score=pix,
        reproducibility_rate=85.5,
        marks=marks,
        emitter=Emitter.ALGORITHM,
    )


def publish(session):
    session.status = SessionStatus.PROCESSED
    session.save(update_fields=["status"])


@pytest.fixture
def course(session, pupil, framework):
    return make_course(session, pupil)


@pytest.fixture
def published(course):
    """Lina's course, validated with MARKS, in a published session."""
    validate(course)
    publish(course.session)
    return course
