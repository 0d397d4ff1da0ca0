from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_safe
def certification_practice(request: HttpRequest) -> HttpResponse:
    """Public: what pupils should know before their certification (the notice links here)."""
    return render(request, "certification_practice.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check, most often sent from a page left open too long or
    after logging in again in another tab: say so in French and how to recover."""
    return render(request, "403_csrf.html", status=403)
