from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest

from certinum.accounts.models import CenterMembership, OrganizationMembership, User


class EmailOrUsernameBackend(ModelBackend):
    """Log in with an e-mail address or a username, case-insensitively."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        identifier = username.strip()
        user = (
            User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
            .order_by("pk")
            .first()
        )
        if user is None:
            # Same cost as a real check, so timing does not reveal which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The user of a session, with what the navigation needs (`has_orga_space`,
        `has_center_space`) read in the same query: see `context_processors.spaces`."""
        user = (
            User.objects.annotate(
                has_orga_space=Exists(OrganizationMembership.objects.filter(user=OuterRef("pk"))),
                has_center_space=Exists(CenterMembership.objects.filter(user=OuterRef("pk"))),
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
