from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.orga.models import OrganizationType


class CertificationCenter(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=3, choices=OrganizationType.choices)
    uai = models.CharField(_("UAI"), max_length=8, blank=True)
    organization = models.ForeignKey(
        "orga.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certification_centers",
        help_text=_("Pour un centre scolaire : l'établissement dont il certifie les élèves."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre de certification")
        verbose_name_plural = _("centres de certification")

    def __str__(self) -> str:
        return self.name
