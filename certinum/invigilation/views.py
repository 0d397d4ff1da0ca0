from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from certinum.invigilation.forms import InvigilatorEntryForm


def entry(request: HttpRequest) -> HttpResponse:
    """Invigilators open the portal of a session with its number and password."""
    form = InvigilatorEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Sessions do not exist yet in this version: every pair is unknown.
        form.add_error(None, _("Aucune session ne correspond à ce numéro et ce mot de passe."))
    return render(request, "invigilation/entry.html", {"form": form})
