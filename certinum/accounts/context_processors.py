from django.http import HttpRequest

from certinum.accounts.models import CenterMembership, OrganizationMembership


def spaces(request: HttpRequest) -> dict[str, bool]:
    """Which spaces the navigation offers to the current user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"has_orga_space": False, "has_center_space": False}
    return {
        "has_orga_space": OrganizationMembership.objects.filter(user=user).exists(),
        "has_center_space": CenterMembership.objects.filter(user=user).exists(),
    }
