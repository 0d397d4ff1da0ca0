from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from certinum.referential.models import Area


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    areas = Area.objects.prefetch_related("competences")
    return render(request, "learning/dashboard.html", {"areas": areas})
