"""Accounts and memberships. Roles are data: a membership row says what a user may do in
an organization or a certification center (each app checks them in its `access.py`)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Staff and teachers log in with their e-mail address; pupils may also use a
    username (many collège pupils have no e-mail address)."""

    birthdate = models.DateField(_("date de naissance"), null=True, blank=True)

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Un compte utilise déjà cette adresse e-mail."),
            ),
        ]

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return full_name or self.username


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Administrateur")
    MEMBER = "MEMBER", _("Membre")


class OrganizationMembership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="organization_memberships"
    )
    organization = models.ForeignKey(
        "orga.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'organisation")
        verbose_name_plural = _("membres d'organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="one_membership_per_orga"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class CenterMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="center_memberships")
    center = models.ForeignKey(
        "centers.CertificationCenter", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre de centre de certification")
        verbose_name_plural = _("membres de centre de certification")
        constraints = [
            models.UniqueConstraint(fields=["user", "center"], name="one_membership_per_center"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.center} ({self.get_role_display()})"


class ThrottleCounter(models.Model):
    """One fixed window of one rate limit (certinum/accounts/throttle.py): how many hits a
    key (an IP, an account, a school-list entry…) made in it. Incremented with an atomic
    UPDATE, so concurrent requests on several workers all count."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("compteur de limitation")
        verbose_name_plural = _("compteurs de limitation")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
