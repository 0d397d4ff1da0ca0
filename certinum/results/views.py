from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from certinum.results.forms import VerificationForm


@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone can check a certificate with the code printed on its attestation."""
    form = VerificationForm(request.GET or None)
    if request.GET and form.is_valid():
        # No certificate has been published by this version yet.
        form.add_error("code", _("Aucun certificat ne correspond à ce code."))
    return render(request, "results/verify.html", {"form": form})
