from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from certinum.accounts.permissions import AuthenticatedRequest
from certinum.centers.access import centers_for, get_center_membership


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
    membership = get_center_membership(request, center_id)
    center = membership.center
    members = center.memberships.select_related("user").order_by("user__last_name")
    return render(
        request,
        "centers/detail.html",
        {"center": center, "membership": membership, "members": members},
    )
