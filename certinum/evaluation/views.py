"""The candidate's test pages: instructions, one question at a time, « Je passe »,
« Signaler un problème », the end screen (« Mes certifications » is in results)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.delivery.content import content_stamp
from certinum.delivery.forms import AnswerForm
from certinum.evaluation import services
from certinum.evaluation.models import CertificationCourse, CourseState
from certinum.invigilation import alerts


def get_own_course(request: AuthenticatedRequest, course_id: int) -> CertificationCourse:
    return get_object_or_404(
        CertificationCourse.objects.select_related(
            "session", "session__center", "candidate"
        ).annotate(content_stamp=content_stamp()),
        pk=course_id,
        user=request.user,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instructions(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    """The rules, acknowledged once before the first question (spec 04 §4.4)."""
    course = get_own_course(request, course_id)
    if request.method == "POST":
        if request.POST.get("understood") != "1":
            messages.error(request, _("Coche la case pour dire que tu as lu les consignes."))
        else:
            services.instructions_seen(course=course)
            return redirect("certification:test", course_id=course.pk)
    return render(request, "evaluation/instructions.html", {"course": course})


def _go_to(request: AuthenticatedRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def test(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    """The question being served (GET), or the answer to it (POST). Leaving the page and
    coming back needs the invigilator's « autoriser la reprise » (the access code page).
    An answer reads its course itself, under lock (`answer_record`)."""
    if request.method == "POST":
        return _answer(request, course_id)
    course = get_own_course(request, course_id)
    if not course.has_seen_instructions:
        return redirect("certification:instructions", course_id=course.pk)
    return _question(request, course)


def _question(
    request: AuthenticatedRequest,
    course: CertificationCourse,
    form: AnswerForm | None = None,
    *,
    current: services.Current | None = None,
    just_answered: bool = False,
) -> HttpResponse:
    now = timezone.now()
    if current is None:
        ready = request.method == "GET" and request.GET.get("pret") == "1"
        current = services.current_of(course, now=now, ready_for_timer=ready)
    if current.item is None:
        return _go_to(request, reverse("certification:done", args=[course.pk]))
    if current.awaits_warning:
        return _timer_warning(request, current)
    # Right after an answer recorded with no alert ongoing, the next question has had no
    # alert yet: nothing to read.
    alert, dismissed = (
        (None, False) if just_answered else alerts.alert_state(current.course, current.item)
    )
    context = {
        "course": current.course,
        "current": current,
        "challenge": current.item.challenge,
        "form": form or services.answer_form_for(current.course, current.item.challenge),
        "remaining_seconds": None
        if current.deadline is None
        else current.deadline.remaining_seconds(now),
        "test_minutes_left": -(-current.test_seconds_left(now) // 60),  # rounded up
        "alert": alert,
        "dismissed": dismissed,
    }
    if request.headers.get("HX-Request"):
        context["fragment"] = True
        return render(request, "evaluation/includes/question_region.html", context)
    return render(request, "evaluation/test.html", context)


def _timer_warning(request: AuthenticatedRequest, current: services.Current) -> HttpResponse:
    """Before a timed question: how long the candidate will have (extra time included);
    the countdown starts when she asks for the question."""
    assert current.item is not None  # noqa: S101 (awaits_warning implies an item)
    seconds = current.item.challenge.timer or 0
    multiplier = 1 + (current.course.extra_time_percentage or 0) / 100
    context = {
        "course": current.course,
        "current": current,
        "seconds": round(seconds * multiplier),
        "fragment": bool(request.headers.get("HX-Request")),
    }
    template = (
        "evaluation/includes/timer_warning.html"
        if context["fragment"]
        else "evaluation/timer_warning.html"
    )
    return render(request, template, context)


def _answer(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    try:
        index = int(request.POST.get("index", ""))
    except ValueError:
        index = -1
    try:
        recorded = services.answer_record(
            course_id=course_id,
            user_id=request.user.pk,
            index=index,
            data=request.POST,
            serve_next=bool(request.headers.get("HX-Request")),
        )
    except services.CourseNotFound:
        raise Http404 from None
    except services.AnswerInvalid as invalid:
        return _question(request, get_own_course(request, course_id), invalid.form)
    except services.EvaluationRefused as refused:
        messages.error(request, str(refused))
        return _go_to(request, reverse("certification:test", args=[course_id]))
    if not request.headers.get("HX-Request"):
        return redirect("certification:test", course_id=course_id)
    # The course as the answer read it under its lock; recording an answer leaves the
    # course's row as it was, so there is nothing to fetch again.
    return _question(
        request, recorded.course, current=recorded.current, just_answered=recorded.created
    )


@login_required
@require_POST
def focus_lost(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_own_course(request, course_id)
    try:
        index = int(request.POST.get("index", ""))
    except ValueError:
        return HttpResponse(status=400)
    recorded = services.focus_lost_record(course_id=course.pk, user_id=request.user.pk, index=index)
    return HttpResponse(status=204 if recorded else 409)


@login_required
@require_POST
def alert(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    """« Signaler un problème » on the current question: the candidate waits for the
    invigilator's decision."""
    course = get_own_course(request, course_id)
    try:
        alerts.alert_raise(course=course, index=int(request.POST.get("index", "")))
    except (ValueError, alerts.AlertRefused) as refused:
        messages.error(
            request,
            str(refused) if isinstance(refused, alerts.AlertRefused) else _("Question inconnue."),
        )
    return redirect("certification:test", course_id=course.pk)


@login_required
@require_safe
def alert_status(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    """Polled while an alert waits: once decided, the page reloads the question."""
    course = get_own_course(request, course_id)
    if alerts.ongoing_alert(course) is None:
        return HttpResponse(
            headers={"HX-Redirect": reverse("certification:test", args=[course.pk])}
        )
    return render(request, "evaluation/includes/alert_waiting.html", {"course": course})


@login_required
@require_safe
def done(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    course = get_own_course(request, course_id)
    if course.state == CourseState.STARTED:
        raise Http404
    return render(request, "evaluation/done.html", {"course": course})
