from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.referential.models import Area


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    areas = Area.objects.prefetch_related("competences")
    return render(request, "learning/dashboard.html", {"areas": areas})
