"""The pupil's side of the session day: join the session, wait for the invigilator, give
the access code (spec 03 §5, 04 §4). The test itself is served by certinum.evaluation."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from certinum.accounts import throttle
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.evaluation import services as evaluation
from certinum.invigilation import services
from certinum.invigilation.access import get_own_candidate
from certinum.invigilation.forms import AccessCodeForm, SessionJoinForm

WAITING_REFRESH_SECONDS = 3


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: AuthenticatedRequest) -> HttpResponse:
    """« Rejoindre une session de certification »."""
    form = SessionJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.session_join(
                user=request.user,
                number=data["session_number"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birthdate=data["birthdate"],
                ip=throttle.client_ip(request),
            )
        except throttle.Throttled as refusal:
            return throttle.too_many_attempts(request, refusal)
        except services.InvigilationRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("certification:waiting", candidate_id=candidate.pk)
    return render(request, "invigilation/join.html", {"form": form})


def _waiting_context(request: AuthenticatedRequest, candidate_id: int) -> dict[str, object]:
    candidate = get_own_candidate(request, candidate_id)
    return {
        "candidate": candidate,
        "session": candidate.session,
        "form": AccessCodeForm(),
        "refresh_seconds": WAITING_REFRESH_SECONDS,
    }


@login_required
@require_safe
def waiting(request: AuthenticatedRequest, candidate_id: int) -> HttpResponse:
    """Waits for the invigilator's authorization and then asks for the access code; the
    page moves on by itself (htmx polling of the fragment below)."""
    return render(request, "invigilation/waiting.html", _waiting_context(request, candidate_id))


@login_required
@require_safe
def waiting_status(request: AuthenticatedRequest, candidate_id: int) -> HttpResponse:
    return render(
        request,
        "invigilation/includes/waiting_status.html",
        _waiting_context(request, candidate_id),
    )


@login_required
@require_http_methods(["POST"])
def access_code(request: AuthenticatedRequest, candidate_id: int) -> HttpResponse:
    """The access code the invigilator shows: then the test starts (or resumes)."""
    candidate = get_own_candidate(request, candidate_id)
    form = AccessCodeForm(request.POST)
    if form.is_valid():
        try:
            services.access_code_check(candidate=candidate, code=form.cleaned_data["code"])
            course = evaluation.course_enter(candidate_id=candidate.pk, user=request.user)
        except throttle.Throttled as refusal:
            return throttle.too_many_attempts(request, refusal)
        except (services.InvigilationRefused, evaluation.EvaluationRefused) as refused:
            form.add_error("code", str(refused))
        else:
            return redirect("certification:test", course_id=course.pk)
    context = _waiting_context(request, candidate_id)
    context["form"] = form
    return render(request, "invigilation/waiting.html", context)
