import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from certinum.accounts.models import CenterMembership, OrganizationMembership, User
from certinum.centers.models import CertificationCenter, Session
from certinum.demo import (
    DEMO_PASSWORD,
    SCHOOL_NAME,
    demo_data_load,
    demo_profiles_load,
    demo_sessions_load,
)
from certinum.learning.models import KnowledgeElement
from certinum.learning.selectors import profile_of
from certinum.orga.models import Organization, Pupil

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_teachers_classes_pupils_and_a_center():
    demo_data_load()
    school = Organization.objects.get()
    assert school.type == "SCO"
    assert OrganizationMembership.objects.filter(organization=school).count() == 2
    assert Pupil.objects.filter(organization=school).count() == 60
    assert Pupil.objects.values("division").distinct().count() == 3
    assert Pupil.objects.filter(user__isnull=False).count() == 60
    center = CertificationCenter.objects.get()
    assert center.organization == school
    assert CenterMembership.objects.get(center=center).role == "ADMIN"
    assert User.objects.filter(is_staff=True).count() == 1


def test_running_it_twice_adds_nothing():
    demo_data_load()
    counts = (User.objects.count(), Pupil.objects.count(), OrganizationMembership.objects.count())
    demo_data_load()
    assert counts == (
        User.objects.count(),
        Pupil.objects.count(),
        OrganizationMembership.objects.count(),
    )


def test_every_printed_login_works(capsys):
    call_command("demo_data")  # without an item bank: accounts only
    output = capsys.readouterr().out
    logins = [
        line.split()[-1]
        for line in output.splitlines()[1:]
        if line.startswith("  ") and "…" not in line
    ]
    assert len(logins) == 7
    for login in logins:
        assert authenticate(username=login, password=DEMO_PASSWORD) is not None, login


def test_demo_profiles_come_from_the_engine_and_vary(item_bank):
    demo_data_load()
    assert demo_profiles_load(limit=6) == 6
    pupils = Pupil.objects.order_by("local_id")[:6]
    counts = [profile_of(p.user_id).summary.certifiable_competences for p in pupils]
    # Local ids DEMO001… cycle through the groups: certifiable, close, barely started.
    assert counts[0] >= 5 and counts[3] >= 5
    assert 3 <= counts[1] <= 4 and 3 <= counts[4] <= 4
    assert counts[2] <= 2 and counts[5] <= 2
    # Levels are never set by hand: every knowledge element comes from a recorded answer.
    assert KnowledgeElement.objects.exists()
    assert not KnowledgeElement.objects.filter(answer__isnull=True).exists()
    # Running it again leaves existing profiles alone.
    assert demo_profiles_load(limit=6) == 0


def test_the_demo_center_has_a_full_session_and_an_empty_one(capsys):
    call_command("demo_data")
    full, empty = Session.objects.order_by("date")
    assert full.candidates.count() == 25 and empty.candidates.count() == 0
    assert not any(c.is_incomplete for c in full.candidates.all())
    assert {c.pupil.organization.name for c in full.candidates.all()} == {SCHOOL_NAME}
    output = capsys.readouterr().out
    assert f"Session de certification {full.number} le" in output
    assert full.password_display in output and full.access_code in output
    assert demo_sessions_load() == []  # idempotent
