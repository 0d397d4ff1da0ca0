from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from certinum.ops.models import FloorHit


def benchmark_floor(request: HttpRequest) -> HttpResponse:
    """The framework floor of `benchmarks/answer_loop.py`: the whole middleware stack, the
    session and the user read, one insert. Off (404) unless `BENCHMARK_FLOOR` is set, and
    checked before anything else so that the URL tells nothing when it is off."""
    if not settings.BENCHMARK_FLOOR:
        raise Http404
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    FloorHit.objects.create(user_id=request.user.pk)
    return HttpResponse(b"ok", content_type="text/plain")
