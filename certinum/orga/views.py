import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from certinum.accounts import throttle
from certinum.accounts.models import Role, User
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.accounts.throttle import client_ip, throttled_message
from certinum.learning.selectors import profile_of
from certinum.orga import member_actions, selectors, services, spreadsheets
from certinum.orga.access import (
    get_campaign_by_code,
    get_campaign_for_user,
    get_export_for_user,
    get_invitation_by_token,
    get_invitation_for_user,
    get_member_for_user,
    get_organization_for_user,
    get_organization_membership,
    get_pupil_for_user,
    get_pupil_import_for_user,
    organizations_for,
)
from certinum.orga.forms import (
    CampaignCodeForm,
    CampaignForm,
    IdentityCheckForm,
    IdentityForm,
    ImportConfirmForm,
    InvitationForm,
    PupilImportForm,
)
from certinum.orga.models import (
    Campaign,
    CampaignStatus,
    Export,
    InvitationStatus,
    ParticipationStatus,
    PupilImport,
)

# --- Organization dashboard and members ------------------------------------------------------


@login_required
@require_safe
def index(request: AuthenticatedRequest) -> HttpResponse:
    organizations = list(organizations_for(request.user))
    if len(organizations) == 1:
        return redirect("orga:detail", organization_id=organizations[0].pk)
    return render(request, "orga/index.html", {"organizations": organizations})


@login_required
@require_safe
def detail(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    membership = get_organization_membership(request, organization_id)
    organization = membership.organization
    campaigns = list(organization.campaigns.all())
    return render(
        request,
        "orga/detail.html",
        {
            "organization": organization,
            "membership": membership,
            "campaigns": [c for c in campaigns if c.status == CampaignStatus.ACTIVE],
            "archived_campaigns": [c for c in campaigns if c.status == CampaignStatus.ARCHIVED],
            "pupil_count": organization.pupils.filter(is_active=True).count(),
            "centers": organization.certification_centers.all(),
        },
    )


@login_required
def members(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    membership = get_organization_membership(request, organization_id)
    organization = membership.organization
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        get_organization_for_user(request, organization_id, role=Role.ADMIN)
        if member_actions.invite(request, form, request.user, organization=organization):
            return redirect("orga:members", organization_id=organization.pk)
    return render(
        request,
        "orga/members.html",
        {
            "organization": organization,
            "membership": membership,
            "members": organization.memberships.select_related("user").order_by("user__last_name"),
            # Pending, expired and revoked ones of the last weeks; accepted ones are members.
            "invitations": organization.invitations.exclude(
                status=InvitationStatus.ACCEPTED
            ).filter(created_at__gte=timezone.now() - datetime.timedelta(days=60)),
            "form": form,
            "roles": Role.choices,
        },
    )


@login_required
@require_POST
def member_role(
    request: AuthenticatedRequest, organization_id: int, member_id: int
) -> HttpResponse:
    member_actions.change_role(request, get_member_for_user(request, organization_id, member_id))
    return redirect("orga:members", organization_id=organization_id)


@login_required
@require_POST
def member_remove(
    request: AuthenticatedRequest, organization_id: int, member_id: int
) -> HttpResponse:
    member = get_member_for_user(request, organization_id, member_id)
    member_actions.remove(request, member, _("%(name)s ne fait plus partie de l'organisation."))
    return redirect("orga:members", organization_id=organization_id)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Public page of an invitation link: log in (or create an account), then accept."""
    invitation = get_invitation_by_token(token)
    if request.method == "POST" and isinstance(request.user, User):
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.OrgaError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Bienvenue dans %(name)s.") % {"name": invitation.target.name}
            )
            if invitation.center_id:
                return redirect("centers:detail", center_id=invitation.center_id)
            return redirect("orga:detail", organization_id=invitation.organization_id)
    return render(request, "orga/invitation.html", {"invitation": invitation})


@login_required
@require_POST
def invitation_revoke(
    request: AuthenticatedRequest, organization_id: int, invitation_id: int
) -> HttpResponse:
    invitation = get_invitation_for_user(request, organization_id, invitation_id)
    member_actions.revoke(request, invitation, request.user)
    return redirect("orga:members", organization_id=organization_id)


@login_required
@require_POST
def invitation_resend(
    request: AuthenticatedRequest, organization_id: int, invitation_id: int
) -> HttpResponse:
    invitation = get_invitation_for_user(request, organization_id, invitation_id)
    member_actions.resend(request, invitation, request.user)
    return redirect("orga:members", organization_id=organization_id)


# --- Pupils -------------------------------------------------------------------------------------


@login_required
@require_safe
def pupils(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    membership = get_organization_membership(request, organization_id)
    organization = membership.organization
    everyone = organization.pupils.filter(is_active=True).select_related("user")
    divisions = sorted({d for d in everyone.values_list("division", flat=True) if d})
    division = request.GET.get("classe", "")
    listed = everyone.filter(division=division) if division in divisions else everyone
    return render(
        request,
        "orga/pupils.html",
        {
            "organization": organization,
            "membership": membership,
            "pupils": listed,
            "divisions": divisions,
            "division": division if division in divisions else "",
            "identity_form": IdentityCheckForm(
                initial={"identity_check": organization.identity_check}
            ),
        },
    )


@login_required
@require_POST
def pupil_unlink(
    request: AuthenticatedRequest, organization_id: int, pupil_id: int
) -> HttpResponse:
    """A teacher frees a list entry linked to the wrong account."""
    pupil = get_pupil_for_user(request, organization_id, pupil_id)
    services.pupil_unlink(pupil=pupil)
    messages.success(
        request,
        _("%(name)s n'est plus relié à un compte : l'élève pourra se relier de nouveau.")
        % {"name": f"{pupil.first_name} {pupil.last_name}"},
    )
    return redirect("orga:pupils", organization_id=organization_id)


@login_required
@require_POST
def identity_settings(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = get_organization_for_user(request, organization_id, role=Role.ADMIN)
    form = IdentityCheckForm(request.POST)
    if form.is_valid():
        services.identity_check_set(
            organization=organization, check=form.cleaned_data["identity_check"]
        )
        messages.success(request, _("La vérification de l'identité des élèves est enregistrée."))
    else:
        messages.error(request, _("Ce mode de vérification n'existe pas."))
    return redirect("orga:pupils", organization_id=organization_id)


@login_required
@require_http_methods(["GET", "POST"])
def pupil_codes(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    """The pupils' personal codes, by class, to print and hand out (POST: give a code to
    those who have none, e.g. after an import)."""
    membership = get_organization_membership(request, organization_id)
    organization = membership.organization
    if request.method == "POST":
        count = services.join_codes_generate(organization=organization)
        messages.success(
            request,
            ngettext("%(n)s code créé.", "%(n)s codes créés.", count) % {"n": count},
        )
        return redirect("orga:pupil_codes", organization_id=organization_id)
    pupils = organization.pupils.filter(is_active=True)
    return render(
        request,
        "orga/pupil_codes.html",
        {"organization": organization, "membership": membership, "pupils": pupils},
    )


@login_required
def pupils_import(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = get_organization_for_user(request, organization_id, role=Role.ADMIN)
    form = PupilImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            pupil_import = services.pupil_import_prepare(
                organization=organization,
                data=form.cleaned_data["file"],
                filename=form.filename,
                by=request.user,
            )
        except services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            return redirect(
                "orga:pupils_import_preview",
                organization_id=organization.pk,
                import_id=pupil_import.pk,
            )
    return render(
        request,
        "orga/pupils_import.html",
        {
            "organization": organization,
            "form": form,
            "errors": errors[:200],
            "more_errors": max(0, len(errors) - 200),
            "limits": spreadsheets,
        },
    )


@login_required
def pupils_import_preview(
    request: AuthenticatedRequest, organization_id: int, import_id: int
) -> HttpResponse:
    pupil_import = get_pupil_import_for_user(request, organization_id, import_id)
    organization = pupil_import.organization
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pupil_import.status == PupilImport.Status.PENDING:
        if "cancel" in request.POST:
            services.pupil_import_cancel(pupil_import=pupil_import, by=request.user)
            messages.info(request, _("Import abandonné : la liste des élèves n'a pas changé."))
            return redirect("orga:pupils", organization_id=organization.pk)
        if form.is_valid():
            try:
                plan = services.pupil_import_apply(
                    pupil_import=pupil_import,
                    remove_absent=form.cleaned_data["remove_absent"],
                    by=request.user,
                )
            except services.OrgaError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Import terminé : %(created)s élève(s) ajouté(s), %(updated)s mis à jour, "
                        "%(unchanged)s inchangé(s)."
                    )
                    % {
                        "created": len(plan.created),
                        "updated": len(plan.updated),
                        "unchanged": plan.unchanged,
                    },
                )
                return redirect("orga:pupils", organization_id=organization.pk)
    preview = (
        services.import_plan(pupil_import)
        if pupil_import.status == PupilImport.Status.PENDING
        else None
    )
    return render(
        request,
        "orga/pupils_import_preview.html",
        {"organization": organization, "pupil_import": pupil_import, "plan": preview, "form": form},
    )


# --- Campaigns (teacher side) ---------------------------------------------------------------


@login_required
def campaign_create(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    membership = get_organization_membership(request, organization_id)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                organization=membership.organization, by=request.user, **form.cleaned_data
            )
        except services.OrgaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Campagne créée. Code à donner aux élèves : %(code)s") % {"code": campaign.code},
            )
            return redirect("orga:campaign", campaign_id=campaign.pk)
    return render(
        request, "orga/campaign_form.html", {"organization": membership.organization, "form": form}
    )


@login_required
@require_safe
def campaign_detail(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, campaign_id)
    sort = request.GET.get("tri", "nom")
    results = selectors.campaign_results(
        campaign,
        division=request.GET.get("classe", ""),
        certifiable=request.GET.get("certifiable", ""),
        sort=sort,
    )
    landing = request.build_absolute_uri(reverse("campaigns:landing", args=[campaign.code]))
    return render(
        request,
        "orga/campaign_detail.html",
        {
            "campaign": campaign,
            "organization": campaign.organization,
            "results": results,
            "sort": sort if sort in selectors.SORTS else "nom",
            "landing_url": landing,
            "filters": {
                "classe": request.GET.get("classe", ""),
                "certifiable": request.GET.get("certifiable", ""),
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_export(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """The results table: downloaded at once for a small campaign; for a large one, a POST
    asks the worker for it and leads to the page that follows its progress."""
    campaign = get_campaign_for_user(request, campaign_id)
    wanted = request.POST.get("format") or request.GET.get("format")
    file_format = Export.Format.ODS if wanted == Export.Format.ODS else Export.Format.CSV
    if request.method == "POST":
        export = services.export_request(campaign=campaign, format=file_format, by=request.user)
        return redirect("orga:export", export_id=export.pk)
    if services.export_is_large(campaign):
        context = {"campaign": campaign, "organization": campaign.organization}
        recent = campaign.exports.all()[:5]
        return render(
            request,
            "orga/export_request.html",
            context | {"format": file_format, "exports": recent},
        )
    content = io.BytesIO()
    services.export_write(campaign=campaign, format=file_format, target=content)
    response = HttpResponse(
        content.getvalue(), content_type=services.EXPORT_CONTENT_TYPES[file_format]
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'attachment; filename="certinum-{campaign.code}-{stamp}.{file_format}"'
    )
    response["Cache-Control"] = "no-store"  # pupils' results: never kept by a shared cache
    return response


@login_required
@require_safe
def export(request: AuthenticatedRequest, export_id: int) -> HttpResponse:
    """The progress of an export; htmx asks for the status region alone every 2 s."""
    export = get_export_for_user(request, export_id)
    context = {"export": export, "campaign": export.campaign, "organization": export.organization}
    if request.headers.get("HX-Request") != "true":
        return render(request, "orga/export.html", context)
    # 286 tells htmx to stop polling: the export has ended.
    status = 286 if export.is_finished else 200
    return render(request, "orga/includes/export_status.html", context, status=status)


@login_required
@require_safe
def export_download(request: AuthenticatedRequest, export_id: int) -> FileResponse:
    export = get_export_for_user(request, export_id)
    if export.status != Export.Status.DONE or not export.file:
        raise Http404
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.download_name,
        content_type=services.EXPORT_CONTENT_TYPES[export.format],
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def campaign_catchup(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, campaign_id)
    results = selectors.campaign_results(
        campaign, division=request.GET.get("classe", ""), certifiable="non", sort="classe"
    )
    return render(
        request,
        "orga/campaign_catchup.html",
        {
            "campaign": campaign,
            "organization": campaign.organization,
            "results": results,
            "division": request.GET.get("classe", ""),
        },
    )


@login_required
@require_POST
def campaign_archive(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """Close the campaign to pupils (or open it again with `unarchive`)."""
    campaign = get_campaign_for_user(request, campaign_id)
    unarchive = "unarchive" in request.POST
    change = services.campaign_unarchive if unarchive else services.campaign_archive
    try:
        change(campaign=campaign, by=request.user)
    except services.OrgaError as error:
        messages.error(request, str(error))
    else:
        done = _("Campagne désarchivée.") if unarchive else _("Campagne archivée.")
        messages.success(request, done)
    return redirect("orga:campaign", campaign_id=campaign.pk)


# --- Campaigns (pupil side) -----------------------------------------------------------------


@require_safe
def campaign_join(request: HttpRequest) -> HttpResponse:
    """ "J'ai un code": the pupil types the code given by the teacher."""
    form = CampaignCodeForm(request.GET or None)
    if request.GET and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            throttle.check("campaign-code-ip", client_ip(request))
        except throttle.Throttled as refusal:
            return throttle.too_many_attempts(request, refusal)
        if Campaign.objects.filter(code=code).exists():
            return redirect("campaigns:landing", code=code)
        throttle.hit("campaign-code-ip", client_ip(request))
        form.add_error(
            "code", _("Aucune campagne ne correspond à ce code : vérifie-le avec ton professeur.")
        )
    return render(request, "orga/campaign_join.html", {"form": form})


def _campaign_from_url(request: HttpRequest, code: str) -> Campaign:
    """The campaign of a code typed in the address bar: wrong codes count as guesses."""
    throttle.check("campaign-code-ip", client_ip(request))
    try:
        return get_campaign_by_code(code)
    except Http404:
        throttle.hit("campaign-code-ip", client_ip(request))
        raise


def campaign_landing(request: HttpRequest, code: str) -> HttpResponse:
    try:
        campaign = _campaign_from_url(request, code)
    except throttle.Throttled as refusal:
        return throttle.too_many_attempts(request, refusal)
    if not isinstance(request.user, User):  # anonymous: offer to log in or sign up
        return render(request, "orga/campaign_landing.html", {"campaign": campaign})
    user = request.user
    participation = services.current_participation(campaign, user)
    form = IdentityForm(
        request.POST or None,
        external_id_label=campaign.external_id_label,
        identity_check=campaign.organization.identity_check,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "birthdate": getattr(user, "birthdate", None),
        },
    )
    if request.method == "POST" and participation is None and form.is_valid():
        try:
            services.participation_start(
                campaign=campaign, user=user, ip=client_ip(request), **form.cleaned_data
            )
        except services.OrgaError as error:
            form.add_error(None, str(error))
        except throttle.Throttled as refusal:
            form.add_error(None, throttled_message(refusal))
        else:
            return redirect("campaigns:landing", code=campaign.code)
    summary = None
    if participation is not None and participation.status == ParticipationStatus.TO_SHARE:
        summary = profile_of(user.pk)
    return render(
        request,
        "orga/campaign_landing.html",
        {"campaign": campaign, "participation": participation, "form": form, "profile": summary},
    )


@login_required
@require_POST
def campaign_share(request: AuthenticatedRequest, code: str) -> HttpResponse:
    campaign = get_campaign_by_code(code)
    participation = services.current_participation(campaign, request.user)
    if participation is None:
        messages.error(request, _("Rejoins d'abord la campagne."))
        return redirect("campaigns:landing", code=campaign.code)
    try:
        if "again" in request.POST:
            participation = services.participation_retry(participation=participation)
        services.participation_share(participation=participation)
    except services.OrgaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Ton profil a été envoyé à %(name)s.") % {"name": campaign.organization.name}
        )
    return redirect("campaigns:landing", code=campaign.code)
