"""Every URL of the project is declared here with the status each role gets.

A new view that is not added to MATRIX fails `test_every_url_is_in_the_matrix`, so no
view can escape access control. Roles: anonymous, pupil, teacher (organization member),
center member, invigilator and staff. Invigilators have no account: they are granted a
session with its number and password, so until then they browse as an anonymous client.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from certinum.learning.models import Assessment, AssessmentState
from certinum.orga.models import Campaign, Invitation, PupilImport
from certinum.referential.models import Competence

ROLES = ("anonymous", "pupil", "teacher", "center_member", "invigilator", "staff")
LOGIN = 302  # redirected to the login page
OK = 200


def everyone(status):
    return dict.fromkeys(ROLES, status)


def members_only(**allowed):
    return {
        role: allowed.get(role, LOGIN if role in ("anonymous", "invigilator") else 404)
        for role in ROLES
    }


MATRIX = {
    "home": everyone(OK),
    "accounts:login": {**everyone(302), "anonymous": OK, "invigilator": OK},
    "accounts:logout": everyone(405),  # logging out takes a POST
    "accounts:after_login": {**everyone(302)},
    "accounts:password_reset": everyone(OK),
    "accounts:password_reset_done": everyone(OK),
    "accounts:password_reset_confirm": everyone(OK),  # shows "this link is no longer valid"
    "accounts:password_reset_complete": everyone(OK),
    "learning:dashboard": {**everyone(OK), "anonymous": LOGIN, "invigilator": LOGIN},
    # Every account has a learner profile.
    "learning:competence": {**everyone(OK), "anonymous": LOGIN, "invigilator": LOGIN},
    "learning:competence_start": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    "learning:competence_improve": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    "learning:competence_reset": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    # The pupil's own (completed) evaluation: the question page sends them to the result.
    "learning:assessment": {**members_only(), "pupil": 302},
    "learning:assessment_focus_lost": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    "learning:assessment_result": members_only(pupil=OK),
    # Index pages list the user's own organizations/centers (a single one redirects to it).
    "orga:index": {**everyone(OK), "anonymous": LOGIN, "invigilator": LOGIN, "teacher": 302},
    "orga:detail": members_only(teacher=OK),
    "orga:members": members_only(teacher=OK),
    "orga:member_role": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    "orga:member_remove": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    "orga:invitation": everyone(OK),  # public: the link itself is the secret
    "orga:pupils": members_only(teacher=OK),
    "orga:pupils_import": members_only(teacher=OK),
    "orga:pupils_import_preview": members_only(teacher=OK),
    "orga:campaign_create": members_only(teacher=OK),
    "orga:campaign": members_only(teacher=OK),
    "orga:campaign_export": members_only(teacher=OK),
    "orga:campaign_catchup": members_only(teacher=OK),
    "campaigns:join": everyone(OK),
    "campaigns:landing": everyone(OK),
    "campaigns:share": {**everyone(405), "anonymous": LOGIN, "invigilator": LOGIN},
    "accounts:signup": everyone(OK),
    "centers:index": {
        **everyone(OK),
        "anonymous": LOGIN,
        "invigilator": LOGIN,
        "center_member": 302,
    },
    "centers:detail": members_only(center_member=OK),
    "invigilation:entry": everyone(OK),
    "results:verify": everyone(OK),
    "set_language": everyone(302),
    # Only a benchmark server turns it on (BENCHMARK_FLOOR=1).
    "benchmark_floor": everyone(404),
    # The Django admin is one entry: every admin page requires a staff account.
    "admin:*": {**everyone(302), "staff": OK},
}


def url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                names.add("admin:*")
                continue
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"unnamed URL pattern: {pattern.pattern}"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    declared = set(MATRIX)
    present = url_names(get_resolver())
    assert present - declared == set(), "views missing from the permission matrix"
    assert declared - present == set(), "matrix entries for views that no longer exist"


@pytest.fixture
def cast(pupil, teacher, center_admin, staff, school, center, framework):
    competence = Competence.objects.get(code="1.1")
    assessment = Assessment.objects.create(
        user=pupil, competence=competence, state=AssessmentState.COMPLETED
    )
    campaign = Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    invitation = Invitation.objects.create(organization=school, email="x@example.org", token="t0k")
    pupil_import = PupilImport.objects.create(organization=school, filename="eleves.csv")
    return {
        "campaign": campaign,
        "invitation": invitation,
        "import": pupil_import,
        "pupil": pupil,
        "teacher": teacher,
        "center_member": center_admin,
        "staff": staff,
        "school": school,
        "center": center,
        "assessment": assessment,
    }


def url_for(name: str, cast) -> str:
    kwargs = {
        "orga:detail": {"organization_id": cast["school"].pk},
        "centers:detail": {"center_id": cast["center"].pk},
        "learning:competence": {"code": "1.1"},
        "orga:members": {"organization_id": cast["school"].pk},
        "orga:member_role": {"organization_id": cast["school"].pk, "member_id": 1},
        "orga:member_remove": {"organization_id": cast["school"].pk, "member_id": 1},
        "orga:invitation": {"token": "t0k"},
        "orga:pupils": {"organization_id": cast["school"].pk},
        "orga:pupils_import": {"organization_id": cast["school"].pk},
        "orga:pupils_import_preview": {
            "organization_id": cast["school"].pk,
            "import_id": cast["import"].pk,
        },
        "orga:campaign_create": {"organization_id": cast["school"].pk},
        "orga:campaign": {"campaign_id": cast["campaign"].pk},
        "orga:campaign_export": {"campaign_id": cast["campaign"].pk},
        "orga:campaign_catchup": {"campaign_id": cast["campaign"].pk},
        "campaigns:landing": {"code": "ABCDEF234"},
        "campaigns:share": {"code": "ABCDEF234"},
        "learning:competence_start": {"code": "1.1"},
        "learning:competence_improve": {"code": "1.1"},
        "learning:competence_reset": {"code": "1.1"},
        "learning:assessment": {"assessment_id": cast["assessment"].pk},
        "learning:assessment_focus_lost": {"assessment_id": cast["assessment"].pk},
        "learning:assessment_result": {"assessment_id": cast["assessment"].pk},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    }.get(name, {})
    return reverse("admin:index" if name == "admin:*" else name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_declared_status(name, cast):
    url = url_for(name, cast)
    seen = {}
    for role in ROLES:
        client = Client()
        if role in ("pupil", "teacher", "center_member", "staff"):
            client.force_login(cast[role])
        seen[role] = client.get(url).status_code
    assert seen == MATRIX[name]
