from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationType(models.TextChoices):
    SCO = "SCO", _("Établissement scolaire")
    SUP = "SUP", _("Enseignement supérieur")
    PRO = "PRO", _("Organisation professionnelle")


class Organization(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=3, choices=OrganizationType.choices)
    uai = models.CharField(
        _("UAI"),
        max_length=8,
        blank=True,
        help_text=_("Code UAI (RNE) de l'établissement scolaire, par exemple 0751234A."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Pupil(models.Model):
    """A pupil on a school's list (from the school's administrative export). It may be
    linked to a user account once the pupil has been matched (spec 03 §5)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="pupils")
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupil_records",
    )
    last_name = models.CharField(_("nom"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120)
    birthdate = models.DateField(_("date de naissance"))
    division = models.CharField(_("classe"), max_length=40, blank=True)
    local_id = models.CharField(_("identifiant local"), max_length=40, blank=True)

    class Meta:
        ordering = ["division", "last_name", "first_name"]
        verbose_name = _("élève")
        verbose_name_plural = _("élèves")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "local_id"],
                condition=~models.Q(local_id=""),
                name="pupil_local_id_unique_in_orga",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name} ({self.division})"
