from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.delivery.forms import AnswerForm
from certinum.learning import services
from certinum.learning.access import get_assessment_for_user
from certinum.learning.models import Assessment, AssessmentState
from certinum.learning.selectors import profile_of
from certinum.referential.models import Competence


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


@login_required
def assessment_question(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    """The question being served (GET), or the answer to it (POST).

    One request per answer: sent by htmx, the answer gets the next question back as a
    fragment swapped into the page (or an HX-Redirect to the result); a plain form post is
    redirected to this same URL, so the page works without JavaScript."""
    if request.method == "POST":
        return _answer(request, assessment_id)
    assessment = get_assessment_for_user(request, assessment_id)
    if assessment.state != AssessmentState.STARTED or assessment.current_challenge is None:
        return redirect("learning:assessment_result", assessment_id=assessment.pk)
    form = services.answer_form_for(assessment, assessment.current_challenge)
    return _question(request, assessment, form, answered_count=assessment.answers.count())


def _answer(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    try:
        recorded = services.answer_record(
            assessment_id=assessment_id,
            user_id=request.user.pk,
            challenge_key=request.POST.get("challenge", ""),
            data=request.POST,
        )
    except services.AssessmentNotFound:
        raise Http404 from None
    except services.AnswerInvalid as invalid:  # shown again with what the pupil typed
        answered_count = invalid.assessment.answers.count()
        return _question(request, invalid.assessment, invalid.form, answered_count)
    except services.LearningError as error:
        messages.error(request, str(error))
        return _go_to(request, reverse("learning:assessment", args=[assessment_id]))
    assessment = recorded.assessment
    if assessment.state != AssessmentState.STARTED or assessment.current_challenge is None:
        return _go_to(request, reverse("learning:assessment_result", args=[assessment.pk]))
    if not request.headers.get("HX-Request"):
        return redirect("learning:assessment", assessment_id=assessment.pk)
    form = services.answer_form_for(assessment, assessment.current_challenge)
    return _question(request, assessment, form, answered_count=recorded.answered_count)


def _go_to(request: AuthenticatedRequest, url: str) -> HttpResponse:
    """A redirect, or for htmx a full page load of `url`."""
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def _question(
    request: AuthenticatedRequest, assessment: Assessment, form: AnswerForm, answered_count: int
) -> HttpResponse:
    """The question page, or only its region for htmx."""
    deadline = services.question_deadline(assessment)
    context = {
        "assessment": assessment,
        "challenge": assessment.current_challenge,
        "form": form,
        "remaining_seconds": None if deadline is None else deadline.remaining_seconds(now()),
        "answered_count": answered_count,
    }
    if request.headers.get("HX-Request"):
        context["fragment"] = True
        return render(request, "learning/includes/question_region.html", context)
    return render(request, "learning/question.html", context)


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
