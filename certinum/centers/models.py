import secrets

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from certinum.orga.models import OrganizationType, PendingImport, pending_import_machine
from certinum.workflow.machine import StateMachine, Transition


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


class SessionStatus(models.TextChoices):
    """Spec 03 §2.3. « En cours » (a candidate has started) is shown, not stored."""

    CREATED = "created", _("créée")
    FINALIZED = "finalized", _("finalisée")
    IN_PROCESS = "in_process", _("en cours de traitement")
    PROCESSED = "processed", _("résultats transmis")


SESSION_MACHINE = StateMachine(
    field="status",
    states=SessionStatus,
    transitions=[
        Transition(
            "finalize",
            {SessionStatus.CREATED},
            SessionStatus.FINALIZED,
            _("finaliser"),
            refused=_("Cette session est déjà finalisée."),
        ),
        Transition(
            "assign", {SessionStatus.FINALIZED}, SessionStatus.IN_PROCESS, _("prendre en charge")
        ),
        Transition(
            "publish",
            {SessionStatus.FINALIZED, SessionStatus.IN_PROCESS},
            SessionStatus.PROCESSED,
            _("publier les résultats"),
        ),
        Transition("unpublish", {SessionStatus.PROCESSED}, SessionStatus.FINALIZED, _("dépublier")),
    ],
)

# Spec 03 §2.1–2.2: no vowels, no look-alike characters.
CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
CODE_DIGITS = "2346789"
PASSWORD_PREFIX = "C-"  # noqa: S105 (a display prefix, not a password)
RECOMMENDED_MAX_MINUTES = 120
CANDIDATES_PER_INVIGILATOR = 20
EXAMINER_COMMENT_MAX = 500  # spec 07 §1, also for the comment on one candidate


def new_access_code() -> str:
    """4 letters then 2 digits, drawn uniformly: « BCDF23 »."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(4)) + "".join(
        secrets.choice(CODE_DIGITS) for _ in range(2)
    )


def new_invigilator_password() -> str:
    """5 characters from the same alphabet; shown and typed as « C-XXXXX »."""
    return "".join(secrets.choice(CODE_DIGITS + CODE_LETTERS) for _ in range(5))


class Session(models.Model):
    """A certification session. Its number, shown to everyone, is its primary key."""

    center = models.ForeignKey(
        CertificationCenter, on_delete=models.PROTECT, related_name="sessions"
    )
    address = models.CharField(_("adresse"), max_length=200)
    room = models.CharField(_("salle"), max_length=100)
    date = models.DateField(_("date"))
    time = models.TimeField(_("heure de début"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée prévue (minutes)"),
        default=105,
        validators=[MinValueValidator(30), MaxValueValidator(480)],
        help_text=_("Une session dure au plus 2 heures : au-delà, un avertissement s'affiche."),
    )
    examiners = models.CharField(
        _("surveillant(s)"),
        max_length=300,
        help_text=_("Nom et prénom de chaque surveillant, séparés par des virgules."),
    )
    invigilator_count = models.PositiveSmallIntegerField(
        _("nombre de surveillants"), default=1, validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("observations"), blank=True)
    access_code = models.CharField(_("code d'accès"), max_length=6, default=new_access_code)
    invigilator_password = models.CharField(
        _("mot de passe surveillant"), max_length=5, default=new_invigilator_password
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.CREATED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalized_at = models.DateTimeField(_("finalisée le"), null=True, blank=True)
    documents_downloaded_at = models.DateTimeField(
        _("documents téléchargés le"), null=True, blank=True
    )
    # Finalization by the center (spec 07 §1).
    examiner_global_comment = models.TextField(
        _("commentaire global de la session"),
        blank=True,
        validators=[MaxLengthValidator(EXAMINER_COMMENT_MAX)],
    )
    has_incident = models.BooleanField(
        _("incident ou problème technique pendant la session"), default=False
    )
    has_joining_issue = models.BooleanField(
        _("candidat(s) n'ayant pas pu rejoindre la session"), default=False
    )
    auto_jury_done_at = models.DateTimeField(_("jury automatique passé le"), null=True, blank=True)

    class Meta:
        ordering = ["date", "time", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"Session {self.pk} — {self.date:%d/%m/%Y}"

    @property
    def number(self) -> int:
        return self.pk

    @property
    def password_display(self) -> str:
        return f"{PASSWORD_PREFIX}{self.invigilator_password}"

    @property
    def is_open(self) -> bool:
        """Candidates can join and invigilators log in only while the session is created."""
        return self.status == SessionStatus.CREATED


class Sex(models.TextChoices):
    F = "F", _("femme")
    M = "M", _("homme")


class BillingMode(models.TextChoices):
    FREE = "FREE", _("Gratuite")
    PAID = "PAID", _("Payante")
    PREPAID = "PREPAID", _("Prépayée")


class Candidate(models.Model):
    """A person enrolled in a session (spec 03 §3). `user` is set when the pupil joins
    with her account on the day; `pupil` when enrolled from the school's list."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="candidates")
    last_name = models.CharField(_("nom de naissance"), max_length=120)
    first_name = models.CharField(_("prénom"), max_length=120)
    # Sex and birthplace may stay empty for a pupil enrolled from the school's list, which
    # does not carry them (docs/decisions.md); the center completes them before the day.
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, blank=True)
    birthdate = models.DateField(_("date de naissance"))
    birth_country = models.CharField(_("pays de naissance"), max_length=100, blank=True)
    birth_country_code = models.CharField(_("code du pays"), max_length=2, blank=True)
    birth_insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    birth_postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    birth_city = models.CharField(_("commune de naissance"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail de convocation"), blank=True)
    result_recipient_email = models.EmailField(
        _("e-mail du destinataire des résultats"), blank=True
    )
    external_id = models.CharField(_("identifiant local"), max_length=60, blank=True)
    extra_time_percentage = models.PositiveSmallIntegerField(
        _("temps majoré (%)"), null=True, blank=True
    )
    billing_mode = models.CharField(
        _("tarification"), max_length=8, choices=BillingMode.choices, blank=True
    )
    prepayment_code = models.CharField(_("code de prépaiement"), max_length=40, blank=True)
    pupil = models.ForeignKey(
        "orga.Pupil", on_delete=models.SET_NULL, null=True, blank=True, related_name="candidacies"
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
    )
    started_at = models.DateTimeField(_("test commencé le"), null=True, blank=True)
    authorized_to_start = models.BooleanField(
        _("autorisé à commencer"),
        default=False,
        help_text=_(
            "Donné par le surveillant, consommé quand le candidat entre dans le test : "
            "revenir ensuite demande « autoriser la reprise »."
        ),
    )
    details_error = models.TextField(
        _("erreur signalée dans les informations du candidat"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="one_candidate_per_user_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def has_started(self) -> bool:
        return self.started_at is not None

    @property
    def is_incomplete(self) -> bool:
        """Enrolled from the school's list without sex or birthplace: to complete."""
        return not (self.sex and self.birth_country)


class RoomCheck(models.Model):
    """The result of the room test (« test technique des salles ») on one computer, kept
    under a short code the technician notes; the center attaches codes to a session."""

    code = models.CharField(_("code du poste"), max_length=8, unique=True)
    passed = models.BooleanField(_("poste prêt"))
    results = models.JSONField(_("vérifications"), default=dict)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="room_checks"
    )
    label = models.CharField(
        _("poste"), max_length=60, blank=True, help_text=_("Par exemple « Salle 12, poste 4 ».")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("test d'un poste")
        verbose_name_plural = _("tests des postes")

    def __str__(self) -> str:
        return self.code


class CandidateImport(PendingImport):
    """A validated candidate list waiting for confirmation; `rows` hold the validated values,
    one dict per line."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="imports")

    class Meta(PendingImport.Meta):
        verbose_name = _("import de candidats")
        verbose_name_plural = _("imports de candidats")


CANDIDATE_IMPORT_MACHINE = pending_import_machine()
