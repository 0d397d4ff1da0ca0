import datetime
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certinum.workflow.machine import StateMachine, Transition


class OrganizationType(models.TextChoices):
    SCO = "SCO", _("Établissement scolaire")
    SUP = "SUP", _("Enseignement supérieur")
    PRO = "PRO", _("Organisation professionnelle")


class IdentityCheck(models.TextChoices):
    """What a pupil gives, besides names and birthdate, to be matched to the school list
    (docs/decisions.md: the trade-off between ease and safety is the school's choice)."""

    NONE = "none", _("Nom, prénom et date de naissance")
    LOCAL_ID = "local_id", _("… et l'identifiant de l'élève dans la liste importée")
    CODE = "code", _("… et un code personnel remis par le professeur")


class Organization(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=3, choices=OrganizationType.choices)
    uai = models.CharField(
        _("UAI"),
        max_length=8,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9]{7}[A-Z]$",
                _("Un code UAI compte 7 chiffres puis une lettre majuscule, par exemple 0751234A."),
            )
        ],
        help_text=_("Code UAI (RNE) de l'établissement scolaire, par exemple 0751234A."),
    )
    identity_check = models.CharField(
        _("vérification de l'identité des élèves"),
        max_length=10,
        choices=IdentityCheck.choices,
        default=IdentityCheck.NONE,
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
    is_active = models.BooleanField(
        _("inscrit"),
        default=True,
        help_text=_("Décoché quand l'élève a quitté l'établissement (absent d'un nouvel import)."),
    )
    linked_at = models.DateTimeField(_("relié le"), null=True, blank=True)
    join_code = models.CharField(
        _("code personnel"),
        max_length=8,
        blank=True,
        help_text=_("À remettre à l'élève quand l'organisation demande ce code pour le relier."),
    )

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


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    ACCEPTED = "accepted", _("acceptée")
    REVOKED = "revoked", _("révoquée")


INVITATION_MACHINE = StateMachine(
    field="status",
    states=InvitationStatus,
    transitions=[
        Transition(
            "accept",
            {InvitationStatus.PENDING},
            InvitationStatus.ACCEPTED,
            _("accepter"),
            refused=_("Cette invitation a déjà été utilisée ou a été révoquée."),
        ),
        Transition(
            "revoke",
            {InvitationStatus.PENDING},
            InvitationStatus.REVOKED,
            _("révoquer"),
            refused=_("Seule une invitation en attente peut être révoquée."),
        ),
    ],
)


def invitation_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)


class Invitation(models.Model):
    """An e-mailed link that lets someone join an organization — or a certification center:
    exactly one of the two — with a role. Both spaces follow the same rules."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    center = models.ForeignKey(
        "centers.CertificationCenter",
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=10, default="MEMBER")
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=True) ^ models.Q(center__isnull=True),
                name="invitation_to_an_organization_or_a_center",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.target}"

    @property
    def target(self) -> Any:
        """The organization or the certification center the invitation is for."""
        return self.organization if self.organization_id else self.center

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        """Usable: waiting for its invitee and not expired."""
        return self.status == InvitationStatus.PENDING and not self.is_expired

    @property
    def state_label(self) -> str:
        return str(_("expirée")) if self.is_expired else self.get_status_display()


class PendingImport(models.Model):
    """An uploaded list waiting for its author's confirmation (kept in the database so any
    worker can apply it): pupil lists here, candidate lists in the centers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de confirmation")
        APPLIED = "applied", _("appliqué")
        CANCELLED = "cancelled", _("abandonné")

    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


def pending_import_machine() -> StateMachine:
    """Apply or cancel, once: the table of every PendingImport."""
    return StateMachine(
        field="status",
        states=PendingImport.Status,
        transitions=[
            Transition(
                name,
                {PendingImport.Status.PENDING},
                target,
                label,
                refused=_("Cet import a déjà été appliqué ou abandonné."),
            )
            for name, target, label in (
                ("apply", PendingImport.Status.APPLIED, _("appliquer")),
                ("cancel", PendingImport.Status.CANCELLED, _("abandonner")),
            )
        ],
    )


class PupilImport(PendingImport):
    """A pupil list waiting for the admin's confirmation."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="imports")

    class Meta(PendingImport.Meta):
        verbose_name = _("import d'élèves")
        verbose_name_plural = _("imports d'élèves")


PUPIL_IMPORT_MACHINE = pending_import_machine()


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("en cours")
    ARCHIVED = "archived", _("archivée")


CAMPAIGN_MACHINE = StateMachine(
    field="status",
    states=CampaignStatus,
    transitions=[
        Transition(
            "archive",
            {CampaignStatus.ACTIVE},
            CampaignStatus.ARCHIVED,
            _("archiver"),
            refused=_("Cette campagne est déjà archivée."),
        ),
        Transition(
            "unarchive",
            {CampaignStatus.ARCHIVED},
            CampaignStatus.ACTIVE,
            _("désarchiver"),
            refused=_("Cette campagne n'est pas archivée."),
        ),
    ],
)


class Campaign(models.Model):
    """A profile-collection campaign: pupils send their current profile to the school."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="campaigns"
    )
    name = models.CharField(_("nom de la campagne"), max_length=150)
    code = models.CharField(_("code"), max_length=9, unique=True)
    external_id_label = models.CharField(
        _("libellé de l'identifiant externe"),
        max_length=80,
        blank=True,
        help_text=_("Par exemple « Numéro d'élève ». Laisser vide si inutile."),
    )
    multiple_sendings = models.BooleanField(
        _("envoi multiple"),
        default=False,
        help_text=_("Les élèves peuvent renvoyer leur profil après l'avoir amélioré."),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ParticipationStatus(models.TextChoices):
    # Profile collection has no test: a participation starts "to share" (spec 02 §2).
    TO_SHARE = "TO_SHARE", _("à envoyer")
    SHARED = "SHARED", _("envoyée")


PARTICIPATION_MACHINE = StateMachine(
    field="status",
    states=ParticipationStatus,
    transitions=[
        Transition(
            "share", {ParticipationStatus.TO_SHARE}, ParticipationStatus.SHARED, _("envoyer")
        ),
    ],
)


class Participation(models.Model):
    """A pupil's participation; once shared it holds a frozen copy of the profile as it was
    on the sharing date (uncapped scores; caps are applied when shown and exported)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="participations"
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    external_id = models.CharField(_("identifiant externe"), max_length=80, blank=True)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.TO_SHARE,
    )
    is_improved = models.BooleanField(
        default=False,
        help_text=_("Remplacée par un envoi plus récent (campagne à envoi multiple)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=models.Q(is_improved=False),
                name="one_current_participation_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.campaign} ({self.get_status_display()})"


class Export(models.Model):
    """A campaign's results table built by the worker (large campaigns), kept under
    MEDIA_ROOT and downloaded only through the export view, by members of the organization."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échec")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        ODS = "ods", "ODS"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="exports")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(_("format"), max_length=3, choices=Format.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    file = models.FileField(_("fichier"), upload_to="exports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(
        _("message d'erreur"), blank=True, help_text=_("Montré à l'enseignant, en français.")
    )
    task_id = models.CharField(
        _("tâche"), max_length=64, blank=True, help_text=_("Résultat de la tâche (admin).")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.format} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        day = timezone.localdate(self.created_at)
        return f"certinum-{self.campaign.code}-{day:%Y-%m-%d}.{self.format}"
