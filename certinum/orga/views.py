from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from certinum.accounts.permissions import (
    AuthenticatedRequest,
    get_organization_membership,
    organizations_for,
)


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    organizations = list(organizations_for(request.user))
    if len(organizations) == 1:
        return redirect("orga:detail", organization_id=organizations[0].pk)
    return render(request, "orga/index.html", {"organizations": organizations})


@login_required
def detail(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    membership = get_organization_membership(request, organization_id)
    organization = membership.organization
    members = organization.memberships.select_related("user").order_by("user__last_name")
    centers = organization.certification_centers.all()
    return render(
        request,
        "orga/detail.html",
        {
            "organization": organization,
            "membership": membership,
            "members": members,
            "centers": centers,
        },
    )
