"""Results pages: the pupil's « Mes certifications », her certificate and attestation PDF,
the public verification (form and link from the QR code), and the « tableau de lecture des
résultats »."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from certinum.accounts import throttle
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers.models import SessionStatus
from certinum.evaluation.models import CertificationCourse, CourseState
from certinum.referential.models import Area
from certinum.results import access, selectors, services
from certinum.results.attestation import attestation_filename, attestation_pdf
from certinum.results.charts import competence_chart
from certinum.results.forms import VerificationForm
from certinum.results.models import CertificationResult

NOT_FOUND = _("Aucun certificat ne correspond à ce code.")


def _certificate_page(
    request: HttpRequest, certificate: selectors.Certificate
) -> dict[str, object]:
    return {
        "certificate": certificate,
        "chart": competence_chart(certificate),
        "public_url": request.build_absolute_uri(
            reverse("results:verify_code", args=[certificate.verification_code])
        ),
    }


def _lookup(request: HttpRequest, form: VerificationForm, code: str) -> HttpResponse:
    """One lookup of a well-formed code, counted against the address's limit."""
    try:
        throttle.hit_or_refuse("verification-ip", throttle.client_ip(request))
    except throttle.Throttled as refusal:
        return throttle.too_many_attempts(request, refusal)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        form.add_error("code", str(NOT_FOUND))
        return render(request, "results/verify.html", {"form": form})
    context = {"form": VerificationForm(), **_certificate_page(request, certificate)}
    return render(request, "results/verify.html", context)


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone can check a certificate with the code printed on its attestation. Unknown,
    unpublished, rejected or cancelled: the same message, so nothing is revealed."""
    form = VerificationForm(request.GET or None)
    if request.GET and form.is_valid():
        return _lookup(request, form, form.cleaned_data["code"])
    return render(request, "results/verify.html", {"form": form})


@require_safe
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The address in the attestation's QR code: the verification of that code."""
    form = VerificationForm({"code": code})
    if not form.is_valid():  # a wrong shape: the format message, nothing looked up
        return render(request, "results/verify.html", {"form": form})
    return _lookup(request, form, form.cleaned_data["code"])


@require_safe
def reading_guide(request: HttpRequest) -> HttpResponse:
    """« Tableau de lecture des résultats »: what pix and levels mean."""
    areas = Area.objects.prefetch_related("competences").order_by("code")
    return render(request, "results/reading_guide.html", {"areas": areas, "levels": LEVEL_MEANINGS})


@login_required
@require_safe
def my_certifications(request: AuthenticatedRequest) -> HttpResponse:
    """« Mes certifications »: every test taken, « en attente de résultats » until the jury
    publishes them, then the result and a link to the certificate."""
    courses = list(
        CertificationCourse.objects.filter(user=request.user)
        .select_related("session", "session__center")
        .order_by("-started_at")
    )
    results = selectors.current_results(courses)
    rows = [
        (course, results.get(course.pk), _state(course, results.get(course.pk)))
        for course in courses
    ]
    return render(request, "results/my_certifications.html", {"rows": rows})


def _state(course: CertificationCourse, result: CertificationResult | None) -> str:
    """What « Mes certifications » says: nothing of a result before publication."""
    if course.state == CourseState.STARTED:
        return "started"
    if selectors.is_published(course, result):
        return "certified"
    if result is not None and course.session.status == SessionStatus.PROCESSED:
        return "not_obtained"
    return "waiting"


@login_required
@require_safe
def certificate(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    certificate = access.get_certificate_for_user(request, course_id)
    return render(request, "results/certificate.html", _certificate_page(request, certificate))


@login_required
@require_safe
def attestation(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    """The pupil's attestation PDF, with absolute links for the QR code."""
    certificate = access.get_certificate_for_user(request, course_id)
    links = services.attestation_links(request.build_absolute_uri("/"))
    response = HttpResponse(attestation_pdf(certificate, links), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{attestation_filename(certificate)}"'
    return response


# Our own short descriptions of levels 1 to 8, for the « tableau de lecture ».
LEVEL_MEANINGS = (
    (1, _("Novice"), _("Réalise des tâches simples, guidé pas à pas.")),
    (2, _("Novice"), _("Réalise seul des tâches simples et courantes.")),
    (3, _("Indépendant"), _("Choisit une méthode adaptée à une tâche habituelle.")),
    (4, _("Indépendant"), _("Résout des problèmes variés dans des situations connues.")),
    (5, _("Avancé"), _("Adapte sa démarche à des situations nouvelles.")),
    (6, _("Avancé"), _("Traite des situations complexes et aide les autres.")),
    (7, _("Expert"), _("Maîtrise des problèmes complexes et propose des solutions.")),
    (8, _("Expert"), _("Fait évoluer les pratiques et crée des solutions originales.")),
)
