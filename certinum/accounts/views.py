from typing import Any

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_safe

from certinum.accounts import services
from certinum.accounts.forms import LoginForm, SignupForm
from certinum.accounts.models import CenterMembership, OrganizationMembership, User
from certinum.accounts.permissions import AuthenticatedRequest
from certinum.accounts.throttle import (
    Throttled,
    client_ip,
    hit_or_refuse,
    refused_when_failing,
    throttled,
    too_many_attempts,
)
from certinum.converters import MAX_ID


@method_decorator(refused_when_failing("login-ip"), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            hit_or_refuse("password-reset-ip", client_ip(request))
        except Throttled as refusal:
            return too_many_attempts(request, refusal)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        # Past a few requests for one address, nothing more is sent — but the page says the
        # same as always, so it reveals neither the limit nor whether the account exists.
        try:
            hit_or_refuse("password-reset-email", form.cleaned_data["email"].strip().lower())
        except Throttled:
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@throttled("signup-ip")
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account, log in, and go back where the user came from (e.g. a campaign)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.account_sign_up(
            request=services.SignUpRequest(
                first_name=data["first_name"],
                last_name=data["last_name"],
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                birthdate=data["birthdate"],
            ),
            site_url=request.build_absolute_uri("/").rstrip("/"),
            next_url=next_url,
        )
        if user is None:
            return redirect("accounts:signup_sent")
        login(request, user, backend="certinum.accounts.backends.EmailOrUsernameBackend")
        return redirect(next_url or "learning:dashboard")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@require_safe
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@require_safe
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link of the activation e-mail: activate, log in, go where the pupil was going."""
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        user_id = 0
    user = User.objects.filter(pk=user_id).first() if 0 < user_id <= MAX_ID else None
    if user is None or not services.account_activate(user=user, token=token):
        return render(request, "accounts/activate_invalid.html", status=400)
    login(request, user, backend="certinum.accounts.backends.EmailOrUsernameBackend")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return redirect(next_url or "learning:dashboard")


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
