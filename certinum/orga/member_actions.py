"""The member and invitation actions shared by the organization and the certification-center
spaces (both follow the same rules): each applies one service and says the outcome in a
message. The views fetch the objects through their space's access helpers and redirect."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from certinum.accounts.models import CenterMembership, OrganizationMembership, User
from certinum.orga import services
from certinum.orga.forms import InvitationForm, RoleForm
from certinum.orga.models import Invitation


def invite(request: HttpRequest, form: InvitationForm, by: User, **target: Any) -> bool:
    """Send the invitation of a valid form; True when sent (form errors otherwise)."""
    if not form.is_valid():
        return False
    try:
        services.invitation_send(
            email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=by, **target
        )
    except services.OrgaError as error:
        form.add_error("email", str(error))
        return False
    messages.success(
        request, _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
    )
    return True


def change_role(request: HttpRequest, member: OrganizationMembership | CenterMembership) -> None:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ce rôle n'existe pas."))
        return
    try:
        services.membership_role_change(membership=member, role=form.cleaned_data["role"])
        messages.success(request, _("Rôle de %(name)s modifié.") % {"name": member.user})
    except services.OrgaError as error:
        messages.error(request, str(error))


def remove(
    request: HttpRequest, member: OrganizationMembership | CenterMembership, done: str
) -> None:
    try:
        services.membership_remove(membership=member)
        messages.success(request, done % {"name": member.user})
    except services.OrgaError as error:
        messages.error(request, str(error))


def revoke(request: HttpRequest, invitation: Invitation, by: User) -> None:
    try:
        services.invitation_revoke(invitation=invitation, by=by)
    except services.OrgaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("L'invitation de %(email)s est révoquée.") % {"email": invitation.email}
        )


def resend(request: HttpRequest, invitation: Invitation, by: User) -> None:
    try:
        services.invitation_resend(invitation=invitation, by=by)
    except services.OrgaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Une nouvelle invitation est envoyée à %(email)s.") % {"email": invitation.email},
        )
