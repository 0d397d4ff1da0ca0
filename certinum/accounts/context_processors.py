from django.http import HttpRequest

from certinum.accounts.models import CenterMembership, OrganizationMembership


def spaces(request: HttpRequest) -> dict[str, bool]:
    """Which spaces the navigation offers to the current user.

    The answer comes with the user row itself: the login backend loads the user with two
    EXISTS annotations (`EmailOrUsernameBackend.get_user`), so the navigation costs no
    query of its own and is right as soon as a membership is added or removed. A user
    object loaded another way falls back to two queries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"has_orga_space": False, "has_center_space": False}
    has_orga = getattr(user, "has_orga_space", None)
    has_center = getattr(user, "has_center_space", None)
    if has_orga is None or has_center is None:
        has_orga = OrganizationMembership.objects.filter(user=user).exists()
        has_center = CenterMembership.objects.filter(user=user).exists()
    return {"has_orga_space": bool(has_orga), "has_center_space": bool(has_center)}
