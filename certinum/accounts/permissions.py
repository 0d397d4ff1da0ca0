"""What every app's access helpers share. Each app owns its own `get_<thing>_for_user`
helpers in `<app>/access.py` (orga, centers, learning…): they raise 404 for what the user
may not see (we hide existence) and 403 only when the user knows the object exists but
lacks the role. This module imports no app above `accounts`."""

from django.http import HttpRequest

from certinum.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a `login_required` view: its user is a real account."""

    user: User
