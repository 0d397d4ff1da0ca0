"""The public room test (« test technique des salles »): no account, on each computer of a
room before the day. The sample questions go through the question page's own form and
templates, one request per answer like on the day; the results come back as JSON and are
stored under a short code the technician notes (certinum/centers/roomtest.py)."""

import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certinum.accounts import throttle
from certinum.centers import roomtest, services
from certinum.delivery.forms import AnswerForm


@require_http_methods(["GET", "HEAD", "POST"])
def room_test(request: HttpRequest) -> HttpResponse:
    """The page, with the first sample question; a POST answers the question it names and
    gets the next one (the question region only, for htmx). Nothing is stored or scored."""
    samples = roomtest.sample_questions()
    position, form = 0, AnswerForm(samples[0])
    keys = [sample.key for sample in samples]
    answered = request.POST.get("challenge", "") if request.method == "POST" else ""
    if answered in keys:
        position = keys.index(answered)
        form = AnswerForm(samples[position], data=request.POST)
        if form.is_valid():
            position += 1
            form = AnswerForm(samples[position]) if position < len(samples) else form
    context = {
        "samples_count": len(samples),
        "position": position,
        "done": position >= len(samples),
        "challenge": form.challenge,
        "form": form,
        "remaining_seconds": form.challenge.timer,
        "media_prefix": roomtest.MEDIA_PREFIX,
    }
    if request.headers.get("HX-Request"):
        return render(request, "centers/includes/room_test_question.html", context)
    context["rules"] = roomtest.rules_for_page()
    context["checks"] = roomtest.checks_for_page()
    return render(request, "centers/room_test.html", context)


@never_cache
@require_safe
def room_test_ping(request: HttpRequest) -> JsonResponse:
    """The server's clock in milliseconds: the page times the round trip and compares the
    clocks."""
    return JsonResponse({"now": int(time.time() * 1000)})


@require_POST
def room_test_result(request: HttpRequest) -> JsonResponse:
    """Store one computer's measurements (JSON) and answer its code: 201, or 400 with a
    French message and nothing stored, or 429 past the limit per address."""
    try:
        throttle.hit_or_refuse("room-check-ip", throttle.client_ip(request))
    except throttle.Throttled as refusal:
        response = JsonResponse({"error": throttle.throttled_message(refusal)}, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    if request.content_type != "application/json":
        return _bad_request(_("Les résultats doivent être envoyés en JSON."))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = roomtest.MAX_BODY_BYTES + 1
    if declared > roomtest.MAX_BODY_BYTES:
        return _bad_request(_("Les résultats envoyés sont trop volumineux."))
    try:
        measurements = roomtest.parse_measurements(request.body)
    except roomtest.RoomTestInvalid as invalid:
        return _bad_request(str(invalid))
    check = services.room_check_record(
        measurements=measurements, user_agent=request.headers.get("User-Agent", "")
    )
    verdicts = check.results["verdicts"]
    return JsonResponse(
        {"code": check.code, "passed": check.passed, "verdicts": verdicts}, status=201
    )


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)
