import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers import selectors as center_selectors
from certinum.centers.access import get_session_for_user
from certinum.centers.models import Session
from certinum.jury import services
from certinum.jury.access import get_session_document_for_user
from certinum.jury.forms import FinalizationForms

# Where the page goes back to after a save: a block of the page, never a URL of its own.
ANCHOR = re.compile(r"[a-z][a-z0-9-]{0,40}")


def _context(session: Session, **extra: object) -> dict[str, object]:
    started = session.candidates.filter(started_at__isnull=False).count()
    return {
        "center": session.center,
        "session": session,
        "tab": "finalization",
        "status_label": center_selectors.status_label(session, started),
        "documents": list(session.finalization_documents.all()),
        **extra,
    }


def _summary(request: AuthenticatedRequest, session: Session) -> HttpResponse:
    courses = list(services.courses_to_finalize(session).prefetch_related("issue_reports"))
    return render(request, "jury/finalized.html", _context(session, courses=courses))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finalization(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    """The draft of the finalization: every button saves the whole page (add or remove a
    report, a document), so nothing typed is lost, with or without JavaScript."""
    session = get_session_for_user(request, center_id, session_id)
    if not session.is_open:
        return _summary(request, session)
    services.finalization_prefill(session=session)
    courses = list(services.courses_to_finalize(session).prefetch_related("issue_reports"))
    forms = FinalizationForms(session, courses, request.POST or None, request.FILES or None)
    if request.method == "POST" and courses and forms.is_valid():
        try:
            services.finalization_draft_save(
                session=session, draft=forms.draft(request.POST), by=request.user
            )
        except services.FinalizationRefused as refused:
            messages.error(request, str(refused))
            return redirect("jury:finalization", center_id, session_id)
        if "finalize" in request.POST:
            return redirect("jury:finalization_confirm", center_id, session_id)
        messages.success(request, _("Brouillon enregistré : rien n'est encore transmis."))
        anchor = request.POST.get("focus", "")
        url = reverse("jury:finalization", args=[center_id, session_id])
        return redirect(f"{url}#{anchor}" if ANCHOR.fullmatch(anchor) else url)
    return render(request, "jury/finalization.html", _context(session, forms=forms))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def finalization_confirm(
    request: AuthenticatedRequest, center_id: int, session_id: int
) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    if request.method == "POST":
        try:
            services.session_finalize(session=session, by=request.user)
        except services.FinalizationRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("La session est finalisée : elle part au jury."))
        return redirect("jury:finalization", center_id, session_id)
    if not session.is_open:
        problems = [_("Cette session est déjà finalisée.")]
    elif not session.courses.exists():
        problems = [_("Aucun candidat n'a commencé son test : il n'y a rien à finaliser.")]
    else:
        problems = services.finalization_problems(session)
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect("jury:finalization", center_id, session_id)
    courses = list(services.courses_to_finalize(session).prefetch_related("issue_reports"))
    return render(request, "jury/confirm.html", _context(session, courses=courses))


@login_required
@require_safe
def document_download(
    request: AuthenticatedRequest, center_id: int, session_id: int, document_id: int
) -> FileResponse:
    document = get_session_document_for_user(request, center_id, session_id, document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response
