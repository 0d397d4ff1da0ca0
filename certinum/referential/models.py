"""The competence framework: areas → competences → tubes → skills → challenges.

The framework and the item bank are data loaded from `content/` by `load_content`
(see docs/content-format.md); the admin can browse and edit them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    title = models.CharField(_("titre"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Competence(models.Model):
    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="competences")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Tube(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="tubes")

    class Meta:
        ordering = ["competence__code", "name"]
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")

    def __str__(self) -> str:
        return f"{self.name} ({self.competence.code})"


class Skill(models.Model):
    """An "acquis": `@<tube><level>`; its pix value is derived at load time so that each
    competence totals 8 pix per level."""

    name = models.CharField(_("nom"), max_length=90, unique=True)
    tube = models.ForeignKey(Tube, on_delete=models.PROTECT, related_name="skills")
    level = models.PositiveSmallIntegerField(_("niveau"))
    pix_value = models.FloatField(_("valeur en pix"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["tube__competence__code", "tube__name", "level"]
        verbose_name = _("acquis")
        verbose_name_plural = _("acquis")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=8), name="skill_level_1_to_8"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Challenge(models.Model):
    class Type(models.TextChoices):
        QCU = "QCU", _("QCU — une seule réponse")
        QCM = "QCM", _("QCM — plusieurs réponses")
        QROC = "QROC", _("QROC — réponse libre")
        QROCM_IND = "QROCM-ind", _("QROCM-ind — plusieurs champs indépendants")
        QROCM_DEP = "QROCM-dep", _("QROCM-dep — plusieurs réponses dans le désordre")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposé")
        VALIDATED = "validated", _("validé")
        ARCHIVED = "archived", _("archivé")
        OBSOLETE = "obsolete", _("périmé")

    class Format(models.TextChoices):
        TEXT = "", _("texte")
        NUMBER = "nombre", _("nombre")

    key = models.CharField(_("identifiant"), max_length=80, unique=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="challenges")
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    statement = models.TextField(_("énoncé (Markdown)"))
    proposals = models.JSONField(_("propositions"), default=list, blank=True)
    inputs = models.JSONField(
        _("champs de saisie"),
        default=list,
        blank=True,
        help_text=_("QROC : un champ ; QROCM : liste de {key, label, options}."),
    )
    solution = models.JSONField(_("solution"))
    scoring = models.JSONField(
        _("barème QROCM-dep"),
        default=list,
        blank=True,
        help_text=_("[partiel, complet] : nombre de bonnes réponses pour « partially » et « ok »."),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, blank=True)
    t1_enabled = models.BooleanField(_("T1 : casse, accents, espaces"), default=True)
    t2_enabled = models.BooleanField(_("T2 : ponctuation"), default=True)
    t3_enabled = models.BooleanField(_("T3 : fautes de frappe (Levenshtein)"), default=True)
    timer = models.PositiveIntegerField(_("minuteur (secondes)"), null=True, blank=True)
    focused = models.BooleanField(_("focalisée"), default=False)
    fixed_order = models.BooleanField(
        _("ordre des propositions fixe"),
        default=False,
        help_text=_(
            "Pour une échelle ordonnée (jamais, parfois, souvent…) : les propositions ne sont "
            "pas mélangées."
        ),
    )
    illustration = models.CharField(_("illustration"), max_length=200, blank=True)
    illustration_alt = models.TextField(_("texte alternatif de l'illustration"), blank=True)
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    embed_url = models.CharField(
        _("simulation intégrée"),
        max_length=300,
        blank=True,
        help_text=_("Page de content/sims/ affichée dans un cadre isolé."),
    )
    embed_title = models.CharField(_("titre de la simulation"), max_length=200, blank=True)
    embed_height = models.PositiveIntegerField(
        _("hauteur de la simulation (pixels)"), null=True, blank=True
    )
    timer_reason = models.TextField(
        _("pourquoi la rapidité fait partie de la compétence"), blank=True
    )
    explanation = models.TextField(_("explication"), blank=True)
    expected = models.JSONField(
        _("réponses plausibles"),
        default=dict,
        blank=True,
        help_text=_(
            "Réponses justes et fausses d'élèves que le correcteur doit juger comme prévu."
        ),
    )
    locale = models.CharField(_("langue"), max_length=10, default="fr-fr")
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    reviewed_by = models.CharField(_("relu par"), max_length=100, blank=True)
    reviewed_on = models.DateField(_("relu le"), null=True, blank=True)
    screen_reader_friendly = models.BooleanField(
        _("utilisable avec un lecteur d'écran"), default=True
    )
    colour_blind_friendly = models.BooleanField(
        _("utilisable par une personne daltonienne"), default=True
    )
    visual = models.BooleanField(
        _("visuel"),
        default=False,
        help_text=_("La compétence évaluée demande de voir (lecture d'une image, d'un contraste)."),
    )
    irt_discrimination = models.FloatField(_("discrimination (IRT)"), null=True, blank=True)
    irt_difficulty = models.FloatField(_("difficulté (IRT)"), null=True, blank=True)
    irt_provisional = models.BooleanField(
        _("paramètres IRT provisoires"),
        default=False,
        help_text=_("Déduits du niveau de l'acquis en attendant une calibration sur des réponses."),
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)
    perishable = models.BooleanField(_("périssable"), default=False)
    review_before = models.DateField(_("à revoir avant le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["skill__tube__competence__code", "skill__name", "key"]
        verbose_name = _("épreuve")
        verbose_name_plural = _("épreuves")

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        if self.illustration and not self.illustration_alt.strip():
            raise ValidationError(
                {"illustration_alt": _("Une illustration doit avoir un texte alternatif.")}
            )

    @property
    def competence(self) -> Competence:
        return self.skill.tube.competence


class ContentVersion(models.Model):
    """A single row whose stamp changes whenever the framework or the item bank changes.

    Workers keep the static content (skills, challenges) in memory keyed by this stamp and
    read it inside queries they make anyway, so a reload is seen by every worker at once
    and costs no extra query (see docs/delivery.md)."""

    stamp = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("version du contenu")
        verbose_name_plural = _("versions du contenu")

    def __str__(self) -> str:
        return self.stamp
