from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy

from certinum.accounts.forms import LoginForm
from certinum.accounts.models import CenterMembership, OrganizationMembership
from certinum.accounts.permissions import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def after_login(request: AuthenticatedRequest) -> HttpResponse:
    """Send each user to the space they most likely came for."""
    user = request.user
    if user.is_staff:
        return redirect("admin:index")
    if CenterMembership.objects.filter(user=user).exists():
        return redirect("centers:index")
    if OrganizationMembership.objects.filter(user=user).exists():
        return redirect("orga:index")
    return redirect("learning:dashboard")
