import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certinum.accounts.models import Role
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers import documents, imports, selectors, services
from certinum.centers.access import (
    centers_for,
    get_candidate_for_user,
    get_candidate_import_for_user,
    get_center_invitation_for_user,
    get_center_member_for_user,
    get_center_membership,
    get_session_for_user,
)
from certinum.centers.forms import (
    STATUS_FILTERS,
    CandidateForm,
    CandidateImportForm,
    EnrolForm,
    SessionFilterForm,
    SessionForm,
)
from certinum.centers.models import Candidate, CandidateImport, Session
from certinum.orga import member_actions
from certinum.orga.forms import InvitationForm
from certinum.orga.models import InvitationStatus, Pupil
from certinum.workflow.services import TransitionRefused


@login_required
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    centers = list(centers_for(request.user))
    if len(centers) == 1:
        return redirect("centers:detail", center_id=centers[0].pk)
    return render(request, "centers/index.html", {"centers": centers})


@login_required
@require_safe
def detail(request: AuthenticatedRequest, center_id: int) -> HttpResponse:
    """The center's dashboard: its sessions by status and what the next ones still need."""
    membership = get_center_membership(request, center_id)
    center = membership.center
    sessions = list(selectors.sessions_of(center))
    keys = [selectors.status_key(s, s.started_count) for s in sessions]  # type: ignore[attr-defined]
    counts = [(key, label, keys.count(key)) for key, label in STATUS_FILTERS if key]
    members = center.memberships.select_related("user").order_by("user__last_name")
    return render(
        request,
        "centers/detail.html",
        {
            "center": center,
            "membership": membership,
            "members": members,
            "counts": counts,
            "session_total": len(sessions),
            "preparations": selectors.upcoming_preparations(center),
        },
    )


@login_required
@require_safe
def session_list(request: AuthenticatedRequest, center_id: int) -> HttpResponse:
    membership = get_center_membership(request, center_id)
    form = SessionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = selectors.sessions_of(
        membership.center,
        status=filters.get("statut", ""),
        date_from=filters.get("du"),
        date_to=filters.get("au"),
    )
    rows = [(s, selectors.status_label(s, s.started_count)) for s in sessions]  # type: ignore[attr-defined]
    return render(
        request,
        "centers/session_list.html",
        {"center": membership.center, "membership": membership, "form": form, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_create(request: AuthenticatedRequest, center_id: int) -> HttpResponse:
    membership = get_center_membership(request, center_id)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = services.session_create(
            center=membership.center, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("Session %(number)s créée.") % {"number": session.number})
        for warning in services.session_warnings(session, candidate_count=0):
            messages.warning(request, warning)
        return redirect("centers:session", center_id=center_id, session_id=session.pk)
    return render(
        request,
        "centers/session_form.html",
        {"center": membership.center, "form": form, "session": None},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    if not session.is_open:
        messages.error(request, _("Cette session est finalisée : elle ne peut plus être modifiée."))
        return redirect("centers:session", center_id=center_id, session_id=session.pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_update(session=session, data=form.cleaned_data)
        except services.CenterRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Session modifiée."))
            for warning in services.session_warnings(session):
                messages.warning(request, warning)
        return redirect("centers:session", center_id=center_id, session_id=session.pk)
    return render(
        request,
        "centers/session_form.html",
        {"center": session.center, "form": form, "session": session},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_delete(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    if request.method == "POST":
        try:
            services.session_delete(session=session)
        except services.CenterRefused as refused:
            messages.error(request, str(refused))
            return redirect("centers:session", center_id=center_id, session_id=session_id)
        messages.success(request, _("Session %(number)s supprimée.") % {"number": session_id})
        return redirect("centers:sessions", center_id=center_id)
    return render(
        request, "centers/session_delete.html", {"center": session.center, "session": session}
    )


def _session_context(session: Session, tab: str) -> dict[str, object]:
    started = session.candidates.filter(started_at__isnull=False).count()
    return {
        "center": session.center,
        "session": session,
        "tab": tab,
        "status_label": selectors.status_label(session, started),
        "warnings": services.session_warnings(session),
    }


@login_required
@require_safe
def session_detail(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    context = _session_context(session, "details")
    context["preparation"] = selectors.preparation_of(session)
    return render(request, "centers/session_detail.html", context)


@login_required
@require_safe
def session_candidates(
    request: AuthenticatedRequest, center_id: int, session_id: int
) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    context = _session_context(session, "candidates")
    context["rows"] = selectors.candidates_of(session)
    return render(request, "centers/session_candidates.html", context)


def _candidate_raw(form: CandidateForm) -> dict[str, str]:
    return {name: form.data.get(name, "") for name in form.fields}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_add(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    form = CandidateForm(request.POST or None, center_type=session.center.type)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_add(session=session, raw=_candidate_raw(form))
        except services.CandidateInvalid as invalid:
            form.add_candidate_errors(invalid.errors)
        except services.CenterRefused as refused:
            messages.error(request, str(refused))
            return redirect("centers:session_candidates", center_id, session_id)
        else:
            messages.success(request, _("%(name)s est inscrit(e).") % {"name": candidate})
            return redirect("centers:session_candidates", center_id, session_id)
    return render(
        request,
        "centers/candidate_form.html",
        {"center": session.center, "session": session, "form": form, "candidate": None},
    )


def _initial_of(candidate: Candidate) -> dict[str, object]:
    initial = {name: getattr(candidate, name) for name in CandidateForm.base_fields}
    initial["birthdate"] = candidate.birthdate.strftime("%d/%m/%Y")
    initial["extra_time_percentage"] = candidate.extra_time_percentage or ""
    if candidate.birth_insee_code and candidate.birth_postal_code:
        initial["birth_insee_code"] = ""  # found from the postal code and the city
    elif candidate.birth_insee_code and candidate.birth_country_code == "FR":
        initial["birth_city"] = ""  # the INSEE code says it
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_edit(
    request: AuthenticatedRequest, center_id: int, session_id: int, candidate_id: int
) -> HttpResponse:
    candidate = get_candidate_for_user(request, center_id, session_id, candidate_id)
    session = candidate.session
    form = CandidateForm(
        request.POST or None, initial=_initial_of(candidate), center_type=session.center.type
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(candidate=candidate, raw=_candidate_raw(form))
        except services.CandidateInvalid as invalid:
            form.add_candidate_errors(invalid.errors)
        except services.CenterRefused as refused:
            messages.error(request, str(refused))
            return redirect("centers:session_candidates", center_id, session_id)
        else:
            messages.success(request, _("Informations enregistrées."))
            return redirect("centers:session_candidates", center_id, session_id)
    return render(
        request,
        "centers/candidate_form.html",
        {"center": session.center, "session": session, "form": form, "candidate": candidate},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_remove(
    request: AuthenticatedRequest, center_id: int, session_id: int, candidate_id: int
) -> HttpResponse:
    candidate = get_candidate_for_user(request, center_id, session_id, candidate_id)
    if request.method == "POST":
        try:
            services.candidate_remove(candidate=candidate)
        except services.CenterRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("%(name)s est retiré(e) de la session.") % {"name": candidate}
            )
        return redirect("centers:session_candidates", center_id, session_id)
    return render(
        request,
        "centers/candidate_remove.html",
        {"center": candidate.session.center, "session": candidate.session, "candidate": candidate},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidate_enrol(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    """SCO: enrol pupils of the linked school by class, seeing who is certifiable."""
    session = get_session_for_user(request, center_id, session_id)
    organization = session.center.organization
    if organization is None:
        messages.error(request, _("Ce centre n'est rattaché à aucun établissement."))
        return redirect("centers:session_candidates", center_id, session_id)
    pupils_here = Pupil.objects.filter(organization=organization, is_active=True)
    divisions = sorted(set(pupils_here.values_list("division", flat=True)) - {""})
    division = request.GET.get("classe", "")
    only_certifiable = request.GET.get("certifiables") == "1"
    listed = list(pupils_here.filter(division=division)) if division in divisions else []
    known = selectors.certifiability_of(listed)
    rows = [(p, known.get(p.pk, selectors.UNKNOWN)) for p in listed]
    if only_certifiable:
        rows = [(p, c) for p, c in rows if c.is_certifiable]
    form = EnrolForm(request.POST or None, pupil_ids=[p.pk for p in listed])
    if request.method == "POST" and form.is_valid():
        return _enrol(request, session, form.cleaned_data["pupils"])
    enrolled = set(session.candidates.exclude(pupil=None).values_list("pupil_id", flat=True))
    return render(
        request,
        "centers/candidate_enrol.html",
        {
            "center": session.center,
            "session": session,
            "form": form,
            "divisions": divisions,
            "division": division,
            "only_certifiable": only_certifiable,
            "rows": rows,
            "enrolled": enrolled,
        },
    )


def _enrol(request: AuthenticatedRequest, session: Session, pupil_ids: list[int]) -> HttpResponse:
    pupils = Pupil.objects.filter(pk__in=pupil_ids, organization=session.center.organization)
    try:
        with transaction.atomic():
            report = services.enrol_pupils(session=session, pupils=pupils)
    except (services.CenterRefused, services.CandidateInvalid) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            ngettext("%(count)s élève inscrit.", "%(count)s élèves inscrits.", report.enrolled)
            % {"count": report.enrolled},
        )
        if report.already:
            messages.info(
                request,
                ngettext(
                    "%(count)s élève était déjà inscrit.",
                    "%(count)s élèves étaient déjà inscrits.",
                    report.already,
                )
                % {"count": report.already},
            )
    return redirect("centers:session_candidates", session.center_id, session.pk)


@login_required
@require_safe
def candidates_template(
    request: AuthenticatedRequest, center_id: int, session_id: int
) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    response = HttpResponse(
        imports.template_bytes(session),
        content_type="application/vnd.oasis.opendocument.spreadsheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="candidats-session-{session.number}.ods"'
    )
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidates_import(
    request: AuthenticatedRequest, center_id: int, session_id: int
) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    form = CandidateImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            candidate_import = services.candidate_import_prepare(
                session=session,
                data=form.cleaned_data["file"],
                filename=form.filename,
                by=request.user,
            )
        except (imports.ImportRefused, services.CenterRefused) as refused:
            errors = getattr(refused, "errors", [str(refused)])
        else:
            return redirect(
                "centers:candidates_import_preview", center_id, session_id, candidate_import.pk
            )
    return render(
        request,
        "centers/candidates_import.html",
        {"center": session.center, "session": session, "form": form, "errors": errors},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidates_import_preview(
    request: AuthenticatedRequest, center_id: int, session_id: int, import_id: int
) -> HttpResponse:
    candidate_import = get_candidate_import_for_user(request, center_id, session_id, import_id)
    session = candidate_import.session
    if request.method == "POST":
        return _import_decision(request, candidate_import)
    return render(
        request,
        "centers/candidates_import_preview.html",
        {
            "center": session.center,
            "session": session,
            "candidate_import": candidate_import,
            "plan": services.candidate_import_plan(candidate_import),
        },
    )


def _import_decision(
    request: AuthenticatedRequest, candidate_import: CandidateImport
) -> HttpResponse:
    session = candidate_import.session
    try:
        if "cancel" in request.POST:
            services.candidate_import_cancel(candidate_import=candidate_import, by=request.user)
            messages.info(request, _("Import abandonné : la liste n'a pas changé."))
        else:
            plan = services.candidate_import_apply(
                candidate_import=candidate_import, by=request.user
            )
            messages.success(
                request,
                _(
                    "Liste importée : %(created)s ajoutés, %(updated)s mis à jour, "
                    "%(removed)s retirés."
                )
                % {
                    "created": len(plan.created),
                    "updated": len(plan.updated),
                    "removed": len(plan.removed),
                },
            )
    except (TransitionRefused, services.CenterRefused) as refused:
        messages.error(request, str(refused))
    return redirect("centers:session_candidates", session.center_id, session.pk)


@login_required
@require_safe
def sessions_template(request: AuthenticatedRequest, center_id: int) -> HttpResponse:
    get_center_membership(request, center_id)
    response = HttpResponse(imports.sessions_template_bytes(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="modele-sessions.csv"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sessions_import(request: AuthenticatedRequest, center_id: int) -> HttpResponse:
    """Plan several sessions at once from a `;`-separated file: all of them or none."""
    membership = get_center_membership(request, center_id)
    form = CandidateImportForm(request.POST or None, request.FILES or None)
    form.fields["file"].label = _("Fichier des sessions (CSV, ODS ou XLSX)")
    form.fields["file"].help_text = _("Le modèle complété, une ligne par session. 100 au plus.")
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.sessions_create_from_file(
                center=membership.center,
                data=form.cleaned_data["file"],
                filename=form.filename,
                by=request.user,
            )
        except imports.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s session créée : %(numbers)s.",
                    "%(count)s sessions créées : %(numbers)s.",
                    len(created),
                )
                % {"count": len(created), "numbers": ", ".join(str(s.number) for s in created)},
            )
            return redirect("centers:sessions", center_id)
    return render(
        request,
        "centers/sessions_import.html",
        {"center": membership.center, "form": form, "errors": errors},
    )


# --- Members ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request: AuthenticatedRequest, center_id: int) -> HttpResponse:
    membership = get_center_membership(request, center_id)
    center = membership.center
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        get_center_membership(request, center_id, role=Role.ADMIN)
        if member_actions.invite(request, form, request.user, center=center):
            return redirect("centers:members", center_id=center.pk)
    recent = timezone.now() - datetime.timedelta(days=60)
    return render(
        request,
        "centers/members.html",
        {
            "center": center,
            "membership": membership,
            "members": center.memberships.select_related("user").order_by("user__last_name"),
            # Pending, expired and revoked ones of the last weeks; accepted ones are members.
            "invitations": center.invitations.exclude(status=InvitationStatus.ACCEPTED).filter(
                created_at__gte=recent
            ),
            "form": form,
            "roles": Role.choices,
        },
    )


@login_required
@require_POST
def member_role(request: AuthenticatedRequest, center_id: int, member_id: int) -> HttpResponse:
    member_actions.change_role(request, get_center_member_for_user(request, center_id, member_id))
    return redirect("centers:members", center_id=center_id)


@login_required
@require_POST
def member_remove(request: AuthenticatedRequest, center_id: int, member_id: int) -> HttpResponse:
    member = get_center_member_for_user(request, center_id, member_id)
    member_actions.remove(request, member, _("%(name)s ne fait plus partie du centre."))
    return redirect("centers:members", center_id=center_id)


@login_required
@require_POST
def invitation_revoke(
    request: AuthenticatedRequest, center_id: int, invitation_id: int
) -> HttpResponse:
    invitation = get_center_invitation_for_user(request, center_id, invitation_id)
    member_actions.revoke(request, invitation, request.user)
    return redirect("centers:members", center_id=center_id)


@login_required
@require_POST
def invitation_resend(
    request: AuthenticatedRequest, center_id: int, invitation_id: int
) -> HttpResponse:
    invitation = get_center_invitation_for_user(request, center_id, invitation_id)
    member_actions.resend(request, invitation, request.user)
    return redirect("centers:members", center_id=center_id)


# --- Documents ---------------------------------------------------------------------------


@login_required
@require_safe
def session_documents(
    request: AuthenticatedRequest, center_id: int, session_id: int
) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    context = _session_context(session, "documents")
    context["documents"] = documents.DOCUMENTS.values()
    return render(request, "centers/session_documents.html", context)


def _document_links(request: AuthenticatedRequest) -> documents.Links:
    return documents.Links(
        invigilation=request.build_absolute_uri(reverse("invigilation:entry")),
        practice=request.build_absolute_uri(reverse("certification_practice")),
    )


def _download(
    request: AuthenticatedRequest, session: Session, content: bytes, filename: str, mime: str
) -> HttpResponse:
    if request.method == "GET":
        services.session_documents_downloaded(session=session)
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def session_document(
    request: AuthenticatedRequest, center_id: int, session_id: int, slug: str
) -> HttpResponse:
    """One PDF of the session (documents.DOCUMENTS), built on the fly: a session of a few
    dozen candidates takes well under a second."""
    session = get_session_for_user(request, center_id, session_id)
    document = documents.DOCUMENTS.get(slug)
    if document is None:
        raise Http404
    content = document.build(session, _document_links(request))
    return _download(request, session, content, document.filename(session), "application/pdf")


@login_required
@require_safe
def session_attendance_ods(
    request: AuthenticatedRequest, center_id: int, session_id: int
) -> HttpResponse:
    session = get_session_for_user(request, center_id, session_id)
    filename = documents.DOCUMENTS["feuille-emargement"].filename(session, "ods")
    return _download(
        request,
        session,
        documents.attendance_sheet_ods(session),
        filename,
        "application/vnd.oasis.opendocument.spreadsheet",
    )


@login_required
@require_safe
def session_prepare(request: AuthenticatedRequest, center_id: int, session_id: int) -> HttpResponse:
    """« Préparer la session »: the school's checklist from planning to the documents, each
    step with its state for this session and a link to the page that does it."""
    session = get_session_for_user(request, center_id, session_id)
    context = _session_context(session, "prepare")
    context["preparation"] = selectors.preparation_of(session)
    context["room_checks"] = list(session.room_checks.order_by("created_at"))
    return render(request, "centers/session_prepare.html", context)
