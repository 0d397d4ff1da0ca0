import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.engine.answers import SKIP_MARKER
from certinum.learning import services
from certinum.learning.access import get_assessment_for_user
from certinum.learning.models import Assessment, AssessmentState
from certinum.learning.selectors import profile_of
from certinum.referential.models import Challenge, Competence


@login_required
@require_safe
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    profile = profile_of(request.user.pk)
    return render(request, "learning/dashboard.html", {"profile": profile})


@login_required
@require_safe
def competence_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    profile = profile_of(request.user.pk)
    try:
        card = profile.card(code)
    except StopIteration:
        raise Http404 from None
    return render(request, "learning/competence.html", {"card": card})


def _competence_action(request: AuthenticatedRequest, code: str, action: Any) -> HttpResponse:
    competence = get_object_or_404(Competence, code=code)
    try:
        result = action(user_id=request.user.pk, competence=competence)
    except services.LearningError as error:
        messages.error(request, str(error))
        return redirect("learning:competence", code=code)
    if isinstance(result, Assessment):
        return redirect("learning:assessment", assessment_id=result.pk)
    messages.success(
        request, _("La compétence %(code)s a été remise à zéro.") % {"code": competence.code}
    )
    return redirect("learning:competence", code=code)


@login_required
@require_POST
def competence_start(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _competence_action(request, code, services.assessment_start)


@login_required
@require_POST
def competence_improve(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _competence_action(request, code, services.assessment_improve)


@login_required
@require_POST
def competence_reset(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _competence_action(request, code, services.competence_reset)


def raw_answer_from(challenge: Challenge, post: QueryDict) -> Any:
    if "skip" in post:
        return SKIP_MARKER
    if challenge.type == Challenge.Type.QCM:
        return post.getlist("answer")
    if challenge.type in (Challenge.Type.QCU, Challenge.Type.QROC):
        return post.get("answer", "")
    return {field["key"]: post.get(f"input-{field['key']}", "") for field in challenge.inputs}


@login_required
def assessment_question(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    """The question being served (GET), or the answer to it (POST, then redirect)."""
    assessment = get_assessment_for_user(request, assessment_id)
    if request.method == "POST":
        challenge_key = request.POST.get("challenge", "")
        challenge = Challenge.objects.filter(key=challenge_key).first()
        if challenge is None:
            messages.error(request, _("Cette question n'existe pas."))
            return redirect("learning:assessment", assessment_id=assessment.pk)
        try:
            services.answer_record(
                assessment_id=assessment.pk,
                user_id=request.user.pk,
                challenge_key=challenge_key,
                raw_value=raw_answer_from(challenge, request.POST),
            )
        except services.LearningError as error:
            messages.error(request, str(error))
        return redirect("learning:assessment", assessment_id=assessment.pk)
    if assessment.state != AssessmentState.STARTED:
        return redirect("learning:assessment_result", assessment_id=assessment.pk)
    challenge = assessment.current_challenge
    if challenge is None:  # nothing served (should not happen): end it cleanly
        return redirect("learning:assessment_result", assessment_id=assessment.pk)
    remaining = None
    if challenge.timer is not None and assessment.current_served_at is not None:
        deadline = assessment.current_served_at + datetime.timedelta(seconds=challenge.timer)
        remaining = max(0, int((deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "learning/question.html",
        {
            "assessment": assessment,
            "challenge": challenge,
            "remaining_seconds": remaining,
            "answered_count": assessment.answers.count(),
        },
    )


@login_required
@require_POST
def assessment_focus_lost(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, assessment_id)
    recorded = services.focus_lost_record(
        assessment_id=assessment.pk,
        user_id=request.user.pk,
        challenge_key=request.POST.get("challenge", ""),
    )
    return HttpResponse(status=204 if recorded else 409)


@login_required
@require_safe
def assessment_result(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, assessment_id)
    if assessment.state == AssessmentState.STARTED:
        return redirect("learning:assessment", assessment_id=assessment.pk)
    card = profile_of(request.user.pk).card(assessment.competence.code)
    answers = assessment.answers.select_related("challenge__skill")
    return render(
        request,
        "learning/result.html",
        {"assessment": assessment, "card": card, "answers": answers},
    )
