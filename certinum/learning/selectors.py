"""Reads of the learner space: the profile, computed from knowledge elements by the engine."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certinum.delivery.content import KNOWLEDGE_ELEMENT_COLUMNS, knowledge_element_from_row
from certinum.engine import positioning
from certinum.learning.models import Assessment, AssessmentState, KnowledgeElement
from certinum.referential.models import Area, Competence


class CompetenceStatus(StrEnum):
    NOT_STARTED = "not_started"
    STARTED = "started"
    COMPLETED = "completed"


STATUS_LABELS = {
    CompetenceStatus.NOT_STARTED: _("Non commencée"),
    CompetenceStatus.STARTED: _("Commencée"),
    CompetenceStatus.COMPLETED: _("Terminée"),
}


def knowledge_elements_of(
    user_id: int, *, competence: Competence | None = None, until: datetime.datetime | None = None
) -> list[positioning.KnowledgeElement]:
    """The pupil's knowledge elements, oldest first (optionally "as of" a date)."""
    queryset = KnowledgeElement.objects.filter(user_id=user_id)
    if competence is not None:
        queryset = queryset.filter(competence=competence)
    if until is not None:
        queryset = queryset.filter(created_at__lte=until)
    return [
        knowledge_element_from_row(row)
        for row in queryset.order_by("created_at", "pk").values_list(*KNOWLEDGE_ELEMENT_COLUMNS)
    ]


@dataclass(frozen=True)
class CompetenceCard:
    competence: Competence
    score: positioning.CompetenceScore  # capped at MAX_REACHABLE_LEVEL, for display
    uncapped: positioning.CompetenceScore  # for certification
    status: CompetenceStatus
    started_assessment_id: int | None
    remaining_days_before_reset: int
    remaining_days_before_improving: int
    max_level: int

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def progress_percent(self) -> int:
        """Progress towards the next level (0–100), or 100 at the maximum level."""
        if self.score.level >= self.max_level:
            return 100
        return round(100 * self.score.pix_ahead_for_next_level / positioning.PIX_PER_LEVEL)

    @property
    def pix_to_next_level(self) -> int:
        return positioning.PIX_PER_LEVEL - self.score.pix_ahead_for_next_level

    @property
    def is_at_max_level(self) -> bool:
        return self.score.level >= self.max_level

    @property
    def can_reset(self) -> bool:
        return self.status != CompetenceStatus.NOT_STARTED and self.remaining_days_before_reset == 0

    @property
    def can_improve(self) -> bool:
        return (
            self.status == CompetenceStatus.COMPLETED
            and not self.is_at_max_level
            and self.remaining_days_before_improving == 0
        )


@dataclass(frozen=True)
class Profile:
    areas: list[tuple[Area, list[CompetenceCard]]]
    summary: positioning.ProfileSummary  # on uncapped levels (certifiability)

    @property
    def cards(self) -> list[CompetenceCard]:
        return [card for _, cards in self.areas for card in cards]

    @property
    def total_pix(self) -> int:
        """Total shown to the pupil: the sum of the displayed (capped) competence pix."""
        return sum(card.score.pix for card in self.cards)

    def card(self, code: str) -> CompetenceCard:
        return next(card for card in self.cards if card.competence.code == code)


def profile_of(user_id: int, *, now: datetime.datetime | None = None) -> Profile:
    """Every competence of the framework with its score, status and delays — three queries."""
    now = now or timezone.now()
    max_level = settings.MAX_REACHABLE_LEVEL
    elements: dict[int, list[positioning.KnowledgeElement]] = {}
    for row in (
        KnowledgeElement.objects.filter(user_id=user_id)
        .order_by("created_at", "pk")
        .values_list(*KNOWLEDGE_ELEMENT_COLUMNS, "competence_id")
    ):
        elements.setdefault(row[-1], []).append(knowledge_element_from_row(row))
    latest_assessment: dict[int, Assessment] = {}
    for row in Assessment.objects.filter(user_id=user_id).order_by("created_at", "pk"):
        latest_assessment[row.competence_id] = row

    areas = []
    all_cards = []
    for area in Area.objects.prefetch_related("competences"):
        cards = []
        for competence in area.competences.all():
            engine_elements = elements.get(competence.pk, [])
            live = positioning.assessed_skills(engine_elements)
            assessment = latest_assessment.get(competence.pk)
            if assessment is not None and assessment.state == AssessmentState.STARTED:
                status = CompetenceStatus.STARTED
            elif assessment is not None and assessment.state == AssessmentState.COMPLETED:
                status = CompetenceStatus.COMPLETED
            elif live:
                status = CompetenceStatus.STARTED
            else:
                status = CompetenceStatus.NOT_STARTED
            last_at = engine_elements[-1].created_at if engine_elements and live else None
            card = CompetenceCard(
                competence=competence,
                score=positioning.competence_score(engine_elements, max_level=max_level),
                uncapped=positioning.competence_score(engine_elements),
                status=status,
                started_assessment_id=(
                    assessment.pk
                    if assessment is not None and assessment.state == AssessmentState.STARTED
                    else None
                ),
                remaining_days_before_reset=positioning.remaining_days(
                    last_at, now, positioning.DAYS_BEFORE_RESET
                ),
                remaining_days_before_improving=positioning.remaining_days(
                    last_at, now, positioning.DAYS_BEFORE_IMPROVING
                ),
                max_level=max_level,
            )
            cards.append(card)
            all_cards.append(card)
        areas.append((area, cards))
    summary = positioning.profile_summary(card.uncapped for card in all_cards)
    return Profile(areas=areas, summary=summary)
