from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from certinum.accounts.forms import LoginForm, SignupForm
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


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account, log in, and go back where the user came from (e.g. a campaign)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="certinum.accounts.backends.EmailOrUsernameBackend")
        return redirect(next_url or "learning:dashboard")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@login_required
@require_safe
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
