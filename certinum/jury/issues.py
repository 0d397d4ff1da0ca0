"""Issue reports (« signalements », spec 07 §2): the categories, the in-challenge
subcategories (E-codes, also used by the invigilator's live alerts) and the rules of what
each category needs. Defined once here; the form, the services and the invigilation app
read them. This module imports nothing from the other apps, so the session day may use it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

QUESTION_NUMBER_MAX = 500


class IssueCategory(models.TextChoices):
    """The categories a center may report today (deprecated ones are not offered)."""

    CANDIDATE_INFORMATION = "C1-C2", _("C1-C2 · Modification des informations du candidat")
    SIGNATURE = "C4", _("C4 · Présent(e) mais n'a pas signé, ou a signé sur la mauvaise ligne")
    FRAUD = "C6", _("C6 · Suspicion de fraude")
    NON_BLOCKING_TECHNICAL = "C7", _("C7 · Incident technique non bloquant")
    NON_BLOCKING_CANDIDATE = "C8", _("C8 · Incident lié au candidat non bloquant")
    IN_CHALLENGE = "E", _("E1-E12 · Problème technique sur une question")


class IssueSubcategory(models.TextChoices):
    NAME_OR_BIRTHDATE = "C1", _("C1 · Modification du prénom, du nom ou de la date de naissance")
    EXTRA_TIME_PERCENTAGE = "C2", _("C2 · Ajout ou modification du temps majoré")
    IMAGE_NOT_DISPLAYING = "E1", _("L'image ne s'affiche pas")
    EMBED_NOT_WORKING = "E2", _("La simulation ne s'affiche pas")
    FILE_NOT_OPENING = "E3", _("Le fichier ne se télécharge pas ou ne s'ouvre pas")
    WEBSITE_UNAVAILABLE = "E4", _("Le site à visiter est indisponible")
    WEBSITE_BLOCKED = "E5", _("Le site est bloqué par le réseau de l'établissement")
    EXTRA_TIME_EXCEEDED = "E8", _("Le temps majoré n'a pas suffi")
    SOFTWARE_NOT_WORKING = "E9", _("Le logiciel de l'ordinateur n'a pas fonctionné")
    UNINTENTIONAL_FOCUS_OUT = "E10", _("Le candidat a dû sortir de la page (question focalisée)")
    SKIP_ON_OOPS = "E11", _("Page d'erreur : impossible de répondre")
    ACCESSIBILITY_ISSUE = "E12", _("Problème d'accessibilité de la question")


CANDIDATE_SUBCATEGORIES = frozenset({"C1", "C2"})
IN_CHALLENGE_SUBCATEGORIES = tuple(s for s in IssueSubcategory if s.value.startswith("E"))

# Spec 07 §2: reports that need the jury's attention.
IMPACTFUL_CATEGORIES = frozenset({IssueCategory.FRAUD.value})
IMPACTFUL_SUBCATEGORIES = frozenset({"C1", *(s.value for s in IN_CHALLENGE_SUBCATEGORIES)})


@dataclass(frozen=True)
class Needs:
    subcategories: frozenset[str] = frozenset()  # allowed (and then required) subcategories
    description: bool = False
    question_number: bool = False


NEEDS = {
    IssueCategory.CANDIDATE_INFORMATION.value: Needs(CANDIDATE_SUBCATEGORIES, description=True),
    IssueCategory.SIGNATURE.value: Needs(description=True),
    IssueCategory.FRAUD.value: Needs(),
    IssueCategory.NON_BLOCKING_TECHNICAL.value: Needs(description=True),
    IssueCategory.NON_BLOCKING_CANDIDATE.value: Needs(description=True),
    IssueCategory.IN_CHALLENGE.value: Needs(
        frozenset(s.value for s in IN_CHALLENGE_SUBCATEGORIES), question_number=True
    ),
}


def issue_problems(
    *, category: str, subcategory: str, description: str, question_number: int | None
) -> dict[str, str]:
    """What is wrong with a report, by field (empty when it is valid). The one check of
    spec 07 §2, used by the form and by the model."""
    needs = NEEDS.get(category)
    if needs is None:
        return {"category": str(_("Choisissez la catégorie du signalement."))}
    problems: dict[str, str] = {}
    if needs.subcategories and subcategory not in needs.subcategories:
        problems["subcategory"] = str(_("Choisissez la sous-catégorie qui correspond."))
    if not needs.subcategories and subcategory:
        problems["subcategory"] = str(_("Cette catégorie n'a pas de sous-catégorie."))
    if needs.description and not description.strip():
        problems["description"] = str(_("Décrivez ce qui s'est passé."))
    if needs.question_number:
        if question_number is None or not 1 <= question_number <= QUESTION_NUMBER_MAX:
            problems["question_number"] = str(
                _("Indiquez le numéro de la question, entre 1 et %(max)s.")
                % {"max": QUESTION_NUMBER_MAX}
            )
    elif question_number is not None:
        problems["question_number"] = str(
            _("Le numéro de question ne concerne que les problèmes sur une question.")
        )
    return problems


def is_impactful(category: str, subcategory: str) -> bool:
    """Whether the jury must look at the report (spec 07 §2)."""
    return category in IMPACTFUL_CATEGORIES or subcategory in IMPACTFUL_SUBCATEGORIES
