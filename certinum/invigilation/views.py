from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certinum.accounts import throttle
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.evaluation import services as evaluation
from certinum.evaluation.models import CertificationCourse, EndReason
from certinum.invigilation import alerts, selectors, services
from certinum.invigilation.access import get_supervised_candidate, get_supervised_session
from certinum.invigilation.forms import AuthorizeForm, DetailsErrorForm, InvigilatorEntryForm
from certinum.invigilation.models import LiveAlert
from certinum.workflow.services import TransitionRefused

REFRESH_SECONDS = 5


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry(request: AuthenticatedRequest) -> HttpResponse:
    """Invigilators open the portal of a session with its number and password."""
    form = InvigilatorEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.invigilator_enter(
                user=request.user,
                number=form.cleaned_data["session_number"],
                password=form.cleaned_data["password"],
                ip=throttle.client_ip(request),
            )
        except throttle.Throttled as refusal:
            return throttle.too_many_attempts(request, refusal)
        except services.InvigilationRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("invigilation:session", session_id=session.pk)
    return render(request, "invigilation/entry.html", {"form": form})


def _list_context(session_id: int, request: AuthenticatedRequest) -> dict[str, object]:
    session = get_supervised_session(request, session_id)
    return {
        "session": session,
        "rows": selectors.candidate_rows(session),
        "refresh_seconds": REFRESH_SECONDS,
        "end_reasons": EndReason.choices,
        "subcategories": alerts.SUBCATEGORIES.items(),
    }


@login_required
@require_safe
def session(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The live list of candidates; the table refreshes itself every few seconds."""
    return render(request, "invigilation/session.html", _list_context(session_id, request))


@login_required
@require_safe
def session_candidates(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The table alone, for the page's periodic refresh (htmx)."""
    return render(
        request, "invigilation/includes/candidates.html", _list_context(session_id, request)
    )


@login_required
@require_POST
def candidate_authorize(
    request: AuthenticatedRequest, session_id: int, candidate_id: int
) -> HttpResponse:
    candidate = get_supervised_candidate(request, session_id, candidate_id)
    form = AuthorizeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Action inconnue."))
        return redirect("invigilation:session", session_id=session_id)
    try:
        candidate = services.candidate_authorize(
            candidate=candidate, authorized=form.cleaned_data["authorized"]
        )
    except services.InvigilationRefused as refused:
        messages.error(request, str(refused))
    else:
        message = (
            _("%(name)s est autorisé(e) à commencer.")
            if candidate.authorized_to_start
            else _("Autorisation de %(name)s annulée.")
        )
        messages.success(request, message % {"name": candidate})
    return redirect("invigilation:session", session_id=session_id)


@login_required
@require_POST
def candidate_details_error(
    request: AuthenticatedRequest, session_id: int, candidate_id: int
) -> HttpResponse:
    candidate = get_supervised_candidate(request, session_id, candidate_id)
    form = DetailsErrorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Décrivez l'erreur en 500 caractères au plus."))
        return redirect("invigilation:session", session_id=session_id)
    try:
        services.details_error_note(candidate=candidate, note=form.cleaned_data["note"])
    except services.InvigilationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Erreur notée pour %(name)s : le centre la signalera à la finalisation.")
            % {"name": candidate},
        )
    return redirect("invigilation:session", session_id=session_id)


@login_required
@require_safe
def pupils_information(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The screen projected at the start: session number, joining steps, access code on
    request, the rules — readable from the back of the room."""
    session = get_supervised_session(request, session_id)
    return render(request, "invigilation/pupils_information.html", {"session": session})


@login_required
@require_POST
def candidate_end(
    request: AuthenticatedRequest, session_id: int, candidate_id: int
) -> HttpResponse:
    """End a candidate's test (abandon, technical problem, fraud), after confirmation."""
    candidate = get_supervised_candidate(request, session_id, candidate_id)
    course = CertificationCourse.objects.filter(candidate=candidate).first()
    if course is None or request.POST.get("confirm") != "1":
        messages.error(request, _("Choisissez le motif et confirmez pour terminer le test."))
        return redirect("invigilation:session", session_id=session_id)
    try:
        evaluation.course_end_by_invigilator(
            course=course, reason=request.POST.get("reason", ""), by=request.user
        )
    except (evaluation.EvaluationRefused, TransitionRefused) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Le test de %(name)s est terminé.") % {"name": candidate})
    return redirect("invigilation:session", session_id=session_id)


@login_required
@require_POST
def alert_decide(
    request: AuthenticatedRequest, session_id: int, candidate_id: int, alert_id: int
) -> HttpResponse:
    """Validate a live alert with its category (the question is replaced) or dismiss it."""
    candidate = get_supervised_candidate(request, session_id, candidate_id)
    alert = LiveAlert.objects.filter(pk=alert_id, course__candidate=candidate).first()
    if alert is None:
        raise Http404
    try:
        if request.POST.get("decision") == "accept":
            alerts.alert_accept(
                alert=alert, subcategory=request.POST.get("subcategory", ""), by=request.user
            )
            messages.success(
                request,
                _("Signalement validé : %(name)s a une nouvelle question.") % {"name": candidate},
            )
        else:
            alerts.alert_dismiss(alert=alert, by=request.user)
            messages.success(
                request,
                _("Signalement refusé : %(name)s reprend la question.") % {"name": candidate},
            )
    except (alerts.AlertRefused, TransitionRefused) as refused:
        messages.error(request, str(refused))
    return redirect("invigilation:session", session_id=session_id)
