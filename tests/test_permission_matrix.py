"""Every URL of the project, every method it may receive, and the status each role gets.

A new view that is not added to MATRIX fails `test_every_url_is_in_the_matrix`, so no
view can escape access control. Each URL is sent GET and POST (an empty body, without
CSRF checks: the test client's default); a method the view refuses answers 405. Each
request runs in a savepoint rolled back afterwards, so what one role's POST changes (a
removed member, an applied import) never changes what the next role sees.

Roles: anonymous, a pupil and another pupil, the admin and a member of the organization,
the admin of another organization, the admin and a member of the certification center, a
member of another center, and staff. Object URLs point at objects of the pupil, the
organization (`school`) and its center. Invigilators have no account yet (they open a
session with its number and password): they are added here when sessions exist.
"""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from certinum.accounts.models import CenterMembership, OrganizationMembership, Role
from certinum.centers.models import (
    Candidate,
    CandidateImport,
    CertificationCenter,
    Session,
    SessionStatus,
)
from certinum.evaluation.models import CertificationCourse, CourseState
from certinum.invigilation.models import InvigilatorAccess
from certinum.jury.documents import PDF
from certinum.jury.models import SessionDocument
from certinum.learning.models import Assessment, AssessmentState
from certinum.orga.models import Campaign, Export, Invitation, Pupil, PupilImport
from certinum.referential.models import Competence
from certinum.results.models import Emitter, ResultStatus
from certinum.results.services import result_record
from tests.conftest import make_user

ROLES = (
    "anonymous",
    "pupil",
    "other_pupil",
    "orga_admin",
    "orga_member",
    "other_orga_admin",
    "center_admin",
    "center_member",
    "other_center_member",
    "invigilator",
    "staff",
)
METHODS = ("GET", "POST")
OK = 200
LOGIN = 302  # anonymous: redirected to the login page
REFUSED = 405  # a method the view does not accept


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, status), **overrides}


def signed_in(status: int, **overrides: int) -> dict[str, int]:
    """Any account gets `status`; anonymous visitors are sent to the login page."""
    return everyone(status, **{"anonymous": LOGIN, **overrides})


def orga(admin: int = OK, member: int = OK) -> dict[str, int]:
    """The organization's admin and member; everyone else is told it does not exist."""
    return signed_in(404, orga_admin=admin, orga_member=member)


def center(status: int = OK, *, member: int | None = None) -> dict[str, int]:
    """The center's admin gets `status`, its member `member` (default: the same)."""
    return signed_in(404, center_admin=status, center_member=status if member is None else member)


def invigilator(status: int = OK) -> dict[str, int]:
    """The invigilator who opened the session's portal; everyone else gets 404."""
    return signed_in(404, invigilator=status)


def owner(status: int) -> dict[str, int]:
    """The pupil's own evaluation: another account gets 404."""
    return signed_in(404, pupil=status)


def refused_like(allowed: dict[str, int]) -> dict[str, int]:
    """405 for every role, except anonymous visitors of a login-only view (login first)."""
    login_first = allowed["anonymous"] == LOGIN
    return everyone(REFUSED, **({"anonymous": LOGIN} if login_first else {}))


def read_only(get: dict[str, int]) -> dict[str, dict[str, int]]:
    """A page that only reads: POST is refused (after the login check)."""
    return {"GET": get, "POST": refused_like(get)}


def post_only(post: dict[str, int]) -> dict[str, dict[str, int]]:
    """An action: GET is refused (after the login check)."""
    return {"GET": refused_like(post), "POST": post}


MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "home": read_only(everyone(OK)),
    "certification_practice": read_only(everyone(OK)),
    # Signed-in users are sent on to their space, whatever the method.
    "accounts:login": {"GET": signed_in(302, anonymous=OK), "POST": signed_in(302, anonymous=OK)},
    "accounts:logout": {"GET": everyone(REFUSED), "POST": everyone(302)},
    "accounts:after_login": read_only(signed_in(302)),
    "accounts:signup": {"GET": everyone(OK), "POST": everyone(OK)},  # POST: form errors
    "accounts:signup_sent": read_only(everyone(OK)),
    "accounts:activate": read_only(everyone(400)),  # a link that is not valid says so
    "accounts:password_reset": {"GET": everyone(OK), "POST": everyone(OK)},
    "accounts:password_reset_done": read_only(everyone(OK)),
    # An invalid link shows "this link is no longer valid" to every method.
    "accounts:password_reset_confirm": {"GET": everyone(OK), "POST": everyone(OK)},
    "accounts:password_reset_complete": read_only(everyone(OK)),
    # Every account has a learner profile.
    "learning:dashboard": read_only(signed_in(OK)),
    "learning:competence": read_only(signed_in(OK)),
    # Start, retry, reset: done, or refused with a message; either way back to a page.
    "learning:competence_start": post_only(signed_in(302)),
    "learning:competence_improve": post_only(signed_in(302)),
    "learning:competence_reset": post_only(signed_in(302)),
    # The pupil's completed evaluation: the question page sends them to the result, and an
    # answer (here: to no question) is refused with a message and a redirect.
    "learning:assessment": {"GET": owner(302), "POST": owner(302)},
    # 409: no focused question is being served.
    "learning:assessment_focus_lost": post_only(owner(409)),
    "learning:assessment_result": read_only(owner(OK)),
    # Index pages list the user's own organizations/centers (a single one redirects to it).
    "orga:index": read_only(signed_in(OK, orga_admin=302, orga_member=302, other_orga_admin=302)),
    "orga:detail": read_only(orga()),
    # POST: an invitation (here invalid: the form is shown again) is for admins only.
    "orga:members": {"GET": orga(), "POST": orga(member=403)},
    "orga:member_role": post_only(orga(admin=302, member=403)),
    "orga:member_remove": post_only(orga(admin=302, member=403)),
    "orga:invitation_revoke": post_only(orga(admin=302, member=403)),
    "orga:invitation_resend": post_only(orga(admin=302, member=403)),
    # Public: the link itself is the secret. Accepting it needs the account of the invited
    # address, which nobody of the cast has: the page says so.
    "orga:invitation": {"GET": everyone(OK), "POST": everyone(OK)},
    "orga:pupils": read_only(orga()),
    # Print the personal codes; POST gives a code to pupils who have none.
    "orga:pupil_codes": {"GET": orga(), "POST": orga(admin=302, member=302)},
    "orga:identity_settings": post_only(orga(admin=302, member=403)),
    # Any teacher of the school may free a wrongly linked entry.
    "orga:pupil_unlink": post_only(orga(admin=302, member=302)),
    "orga:pupils_import": {"GET": orga(member=403), "POST": orga(member=403)},
    # POST applies the (empty) import and goes back to the pupil list.
    "orga:pupils_import_preview": {
        "GET": orga(member=403),
        "POST": orga(admin=302, member=403),
    },
    "orga:campaign_create": {"GET": orga(), "POST": orga()},
    "orga:campaign": read_only(orga()),
    # POST asks the worker for the export and leads to the page of its progress.
    "orga:campaign_export": {"GET": orga(), "POST": orga(admin=302, member=302)},
    "orga:export": read_only(orga()),
    "orga:export_download": read_only(orga()),
    "orga:campaign_catchup": read_only(orga()),
    "orga:campaign_archive": post_only(orga(admin=302, member=302)),
    "campaigns:join": read_only(everyone(OK)),
    # POST: joining with an empty identity form shows its errors.
    "campaigns:landing": {"GET": everyone(OK), "POST": everyone(OK)},
    "campaigns:share": post_only(signed_in(302)),
    "centers:index": read_only(
        signed_in(OK, center_admin=302, center_member=302, other_center_member=302)
    ),
    "centers:detail": read_only(center()),
    "centers:sessions": read_only(center()),
    # POST: an invitation (here invalid: the form is shown again) is for admins only.
    "centers:members": {"GET": center(), "POST": center(member=403)},
    "centers:member_role": post_only(center(302, member=403)),
    "centers:member_remove": post_only(center(302, member=403)),
    "centers:invitation_revoke": post_only(center(302, member=403)),
    "centers:invitation_resend": post_only(center(302, member=403)),
    # POST: an empty form is shown again with its errors.
    "centers:session_create": {"GET": center(), "POST": center()},
    "centers:session": read_only(center()),
    "centers:session_prepare": read_only(center()),
    "centers:session_edit": {"GET": center(), "POST": center()},
    "centers:session_delete": {"GET": center(), "POST": center(302)},
    "centers:session_candidates": read_only(center()),
    "centers:candidate_add": {"GET": center(), "POST": center()},
    "centers:candidate_enrol": {"GET": center(), "POST": center()},
    "centers:candidate_edit": {"GET": center(), "POST": center()},
    "centers:candidate_remove": {"GET": center(), "POST": center(302)},
    "centers:candidates_template": read_only(center()),
    "centers:candidates_import": {"GET": center(), "POST": center()},
    # POST applies the (empty) import and goes back to the candidates.
    "centers:candidates_import_preview": {"GET": center(), "POST": center(302)},
    "centers:sessions_template": read_only(center()),
    "centers:sessions_import": {"GET": center(), "POST": center()},
    "centers:session_documents": read_only(center()),
    "centers:session_document": read_only(center()),
    "centers:session_attendance_ods": read_only(center()),
    # POST: an empty code is shown again with its error on the session page.
    "centers:room_check_attach": post_only(center()),
    # Finalization (jury app, under the center's sessions). An empty POST changes nothing;
    # the confirmation's POST finalizes (the cast's only test is completed).
    "jury:finalization": {"GET": center(), "POST": center()},
    "jury:finalization_confirm": {"GET": center(), "POST": center(302)},
    # The scans of a finalized session are also for the staff who judge it.
    "jury:document": read_only(signed_in(404, center_admin=OK, center_member=OK, staff=OK)),
    # Public: the room test is run on each computer before anyone has an account there. A
    # POST without a sample question's key starts the sample again.
    "room_test": {"GET": everyone(OK), "POST": everyone(OK)},
    "room_test_ping": read_only(everyone(OK)),
    # An empty body is not the results the page sends.
    "room_test_result": post_only(everyone(400)),
    # Any account may open a session's portal with its number and password (POST: the
    # empty form is shown again); the portal itself is for those who did.
    "invigilation:entry": {"GET": signed_in(OK), "POST": signed_in(OK)},
    "invigilation:session": read_only(invigilator()),
    "invigilation:candidates": read_only(invigilator()),
    "invigilation:pupils_information": read_only(invigilator()),
    "invigilation:candidate_authorize": post_only(invigilator(302)),
    "invigilation:candidate_details_error": post_only(invigilator(302)),
    "invigilation:candidate_end": post_only(invigilator(302)),
    # An alert of another candidate (here: none) is not found, even by the invigilator.
    "invigilation:alert_decide": post_only(signed_in(404)),
    # The pupil's side: `pupil` is the candidate who joined the session, with a course.
    "certification:mine": read_only(signed_in(OK)),
    "certification:join": {"GET": signed_in(OK), "POST": signed_in(OK)},
    "certification:waiting": read_only(owner(OK)),
    "certification:waiting_status": read_only(owner(OK)),
    "certification:access_code": post_only(owner(OK)),
    "certification:instructions": {"GET": owner(OK), "POST": owner(OK)},
    # The instructions come first; the finished test refuses answers with a message.
    "certification:test": {"GET": owner(302), "POST": owner(302)},
    "certification:focus_lost": post_only(owner(400)),
    "certification:alert": post_only(owner(302)),
    "certification:alert_status": read_only(owner(OK)),
    "certification:done": read_only(owner(OK)),
    # Her published certificate (`published_course`); another account gets 404.
    "certification:certificate": read_only(owner(OK)),
    "certification:attestation": read_only(owner(OK)),
    # Public: anyone may check a code (here: the published certificate's).
    "results:verify": read_only(everyone(OK)),
    "results:verify_code": read_only(everyone(OK)),
    "results:reading_guide": read_only(everyone(OK)),
    "set_language": {"GET": everyone(302), "POST": everyone(302)},
    # Only a benchmark server turns it on (BENCHMARK_FLOOR=1).
    "benchmark_floor": {"GET": everyone(404), "POST": everyone(404)},
    # The Django admin is one entry: every admin page requires a staff account.
    "admin:*": {"GET": everyone(302, staff=OK), "POST": everyone(302, staff=OK)},
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


def test_every_entry_declares_every_method_for_every_role():
    for name, methods in MATRIX.items():
        assert set(methods) == set(METHODS), name
        for method, statuses in methods.items():
            assert set(statuses) == set(ROLES), (name, method)


@pytest.fixture
def cast(pupil, other_pupil, teacher, other_teacher, center_admin, staff, school, framework):
    """`teacher` administers `school`; `other_teacher` administers another school."""
    school_center = CertificationCenter.objects.get(organization=school)
    orga_member = make_user("membre@college.example", email="membre@college.example")
    membership = OrganizationMembership.objects.create(
        user=orga_member, organization=school, role=Role.MEMBER
    )
    center_member = make_user("surveillant@college.example")
    center_membership = CenterMembership.objects.create(
        user=center_member, center=school_center, role=Role.MEMBER
    )
    other_center = CertificationCenter.objects.create(name="Centre Rosa-Parks", type="SCO")
    other_center_member = make_user("centre@rosa-parks.example")
    CenterMembership.objects.create(user=other_center_member, center=other_center)
    competence = Competence.objects.get(code="1.1")
    session = Session.objects.create(
        center=school_center,
        address="1 rue de l'École",
        room="Salle 12",
        date="2027-01-15",
        time="09:00",
        examiners="Nadia Haddad",
    )
    candidate = Candidate.objects.create(
        session=session,
        last_name="Roux",
        first_name="Lina",
        sex="F",
        birthdate="2012-03-14",
        birth_country="France",
        birth_country_code="FR",
        birth_insee_code="75056",
        birth_city="Paris",
        user=pupil,
    )
    invigilator_user = make_user("surveillant-jour@college.example")
    InvigilatorAccess.objects.create(session=session, user=invigilator_user)
    now = timezone.now()
    course = CertificationCourse.objects.create(
        candidate=candidate,
        user=pupil,
        session=session,
        state=CourseState.COMPLETED,
        algorithm="certification-v2",
        algorithm_version=1,
        max_reachable_level=5,
        seed="s",
        verification_code="P-BCDFGHJK",
        started_at=now,
        ends_at=now,
    )
    return {
        "candidate": candidate,
        "course": course,
        "published_course": published_course(school_center, pupil),
        "center_member": center_membership,
        "center_invitation": Invitation.objects.create(
            center=school_center, email="y@example.org", token="c3ntr3"
        ),
        "session": session,
        "candidate_import": CandidateImport.objects.create(session=session, filename="l.ods"),
        "session_document": session_document(session),
        "users": {
            "pupil": pupil,
            "other_pupil": other_pupil,
            "orga_admin": teacher,
            "orga_member": orga_member,
            "other_orga_admin": other_teacher,
            "center_admin": center_admin,
            "center_member": center_member,
            "other_center_member": other_center_member,
            "invigilator": invigilator_user,
            "staff": staff,
        },
        "school": school,
        "center": school_center,
        "member": membership,
        "assessment": Assessment.objects.create(
            user=pupil, competence=competence, state=AssessmentState.COMPLETED
        ),
        "campaign": Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234"),
        "invitation": Invitation.objects.create(
            organization=school, email="x@example.org", token="t0k"
        ),
        "import": PupilImport.objects.create(organization=school, filename="eleves.csv"),
        "export": finished_export(school),
        "pupil_entry": Pupil.objects.create(
            organization=school, last_name="Roux", first_name="Lina", birthdate="2012-03-14"
        ),
    }


def published_course(school_center, pupil) -> CertificationCourse:
    """The pupil's validated certification in another session, whose results are published."""
    session = Session.objects.create(
        center=school_center,
        address="1 rue de l'École",
        room="Salle 3",
        date="2026-11-15",
        time="09:00",
        examiners="Nadia Haddad",
        status=SessionStatus.PROCESSED,
    )
    candidate = Candidate.objects.create(
        session=session, last_name="Roux", first_name="Lina", birthdate="2012-03-14", user=pupil
    )
    now = timezone.now()
    course = CertificationCourse.objects.create(
        candidate=candidate,
        user=pupil,
        session=session,
        state=CourseState.COMPLETED,
        algorithm="certification-v2",
        algorithm_version=1,
        max_reachable_level=5,
        seed="s",
        verification_code="P-CDFGHJKM",
        started_at=now,
        ends_at=now,
    )
    result_record(
        course,
        status=ResultStatus.VALIDATED,
        pix_score=8,
        reproducibility_rate=90,
        marks=[("1.1", 1, 8)],
        emitter=Emitter.ALGORITHM,
    )
    return course


def finished_export(school) -> Export:
    export = Export.objects.create(
        organization=school,
        campaign=Campaign.objects.get(organization=school),
        format="csv",
        status=Export.Status.DONE,
    )
    export.file.save("export.csv", ContentFile(b"Nom\r\n"))
    return export


def session_document(session) -> SessionDocument:
    document = SessionDocument(
        session=session, kind="attendance", original_name="emargement.pdf", content_type=PDF
    )
    document.file.save("emargement.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return document


def url_for(name: str, cast) -> str:
    school = {"organization_id": cast["school"].pk}
    member = {**school, "member_id": cast["member"].pk}
    campaign = {"campaign_id": cast["campaign"].pk}
    code = {"code": cast["campaign"].code}
    competence = {"code": "1.1"}
    assessment = {"assessment_id": cast["assessment"].pk}
    center_kwargs = {"center_id": cast["center"].pk}
    supervised = {"session_id": cast["session"].pk}
    session = {**center_kwargs, "session_id": cast["session"].pk}
    candidate = {**session, "candidate_id": cast["candidate"].pk}
    kwargs = {
        "orga:detail": school,
        "orga:members": school,
        "orga:member_role": member,
        "orga:member_remove": member,
        "orga:invitation_revoke": {**school, "invitation_id": cast["invitation"].pk},
        "orga:invitation_resend": {**school, "invitation_id": cast["invitation"].pk},
        "orga:invitation": {"token": cast["invitation"].token},
        "orga:pupils": school,
        "orga:pupil_codes": school,
        "orga:identity_settings": school,
        "orga:pupil_unlink": {**school, "pupil_id": cast["pupil_entry"].pk},
        "orga:pupils_import": school,
        "orga:pupils_import_preview": {**school, "import_id": cast["import"].pk},
        "orga:campaign_create": school,
        "orga:campaign": campaign,
        "orga:campaign_export": campaign,
        "orga:export": {"export_id": cast["export"].pk},
        "orga:export_download": {"export_id": cast["export"].pk},
        "orga:campaign_catchup": campaign,
        "orga:campaign_archive": campaign,
        "campaigns:landing": code,
        "campaigns:share": code,
        "centers:detail": center_kwargs,
        "centers:sessions": center_kwargs,
        "centers:members": center_kwargs,
        "centers:member_role": {**center_kwargs, "member_id": cast["center_member"].pk},
        "centers:member_remove": {**center_kwargs, "member_id": cast["center_member"].pk},
        "centers:invitation_revoke": {
            **center_kwargs,
            "invitation_id": cast["center_invitation"].pk,
        },
        "centers:invitation_resend": {
            **center_kwargs,
            "invitation_id": cast["center_invitation"].pk,
        },
        "centers:session_create": center_kwargs,
        "centers:session": session,
        "centers:session_prepare": session,
        "centers:session_edit": session,
        "centers:session_delete": session,
        "centers:session_candidates": session,
        "centers:candidate_add": session,
        "centers:candidate_enrol": session,
        "centers:candidate_edit": candidate,
        "centers:candidate_remove": candidate,
        "centers:candidates_template": session,
        "centers:candidates_import": session,
        "centers:candidates_import_preview": {
            **session,
            "import_id": cast["candidate_import"].pk,
        },
        "centers:sessions_template": center_kwargs,
        "centers:sessions_import": center_kwargs,
        "centers:session_documents": session,
        "centers:session_document": {**session, "slug": "kit-surveillant"},
        "centers:session_attendance_ods": session,
        "centers:room_check_attach": session,
        "jury:finalization": session,
        "jury:finalization_confirm": session,
        "jury:document": {**session, "document_id": cast["session_document"].pk},
        "learning:competence": competence,
        "learning:competence_start": competence,
        "learning:competence_improve": competence,
        "learning:competence_reset": competence,
        "learning:assessment": assessment,
        "learning:assessment_focus_lost": assessment,
        "learning:assessment_result": assessment,
        "invigilation:session": supervised,
        "invigilation:candidates": supervised,
        "invigilation:pupils_information": supervised,
        "invigilation:candidate_authorize": {**supervised, "candidate_id": cast["candidate"].pk},
        "invigilation:candidate_details_error": {
            **supervised,
            "candidate_id": cast["candidate"].pk,
        },
        "invigilation:candidate_end": {**supervised, "candidate_id": cast["candidate"].pk},
        "invigilation:alert_decide": {
            **supervised,
            "candidate_id": cast["candidate"].pk,
            "alert_id": 999_999,
        },
        "certification:waiting": {"candidate_id": cast["candidate"].pk},
        "certification:waiting_status": {"candidate_id": cast["candidate"].pk},
        "certification:access_code": {"candidate_id": cast["candidate"].pk},
        "certification:instructions": {"course_id": cast["course"].pk},
        "certification:test": {"course_id": cast["course"].pk},
        "certification:focus_lost": {"course_id": cast["course"].pk},
        "certification:alert": {"course_id": cast["course"].pk},
        "certification:alert_status": {"course_id": cast["course"].pk},
        "certification:done": {"course_id": cast["course"].pk},
        "certification:certificate": {"course_id": cast["published_course"].pk},
        "certification:attestation": {"course_id": cast["published_course"].pk},
        "results:verify_code": {"code": cast["published_course"].verification_code},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "accounts:activate": {"uidb64": "MQ", "token": "abc-def"},
    }.get(name, {})
    return reverse("admin:index" if name == "admin:*" else name, kwargs=kwargs)


def status_of(cast, role: str, method: str, url: str) -> int:
    """One request of one role, in a savepoint that is rolled back."""
    with transaction.atomic():
        client = Client()
        if role != "anonymous":
            client.force_login(cast["users"][role])
        response = client.generic(method, url)
        if response.streaming:  # a file download: read to the end, which closes the file
            b"".join(response.streaming_content)
        status = response.status_code
        transaction.set_rollback(True)
    return status


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_declared_status_for_each_method(name, cast):
    url = url_for(name, cast)
    seen = {
        method: {role: status_of(cast, role, method, url) for role in ROLES} for method in METHODS
    }
    assert seen == MATRIX[name]
