"""Reads of the organization space: campaign results, exports and catch-up lists."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from certinum.engine import positioning
from certinum.orga.models import Campaign, Participation, ParticipationStatus
from certinum.referential.models import Competence

ALMOST_NEXT_LEVEL_PIX = 6  # 6 of the 8 pix of a level: the next level is close


@dataclass(frozen=True)
class CompetenceResult:
    code: str
    name: str
    score: positioning.CompetenceScore  # capped for display and export
    uncapped: positioning.CompetenceScore  # for the certifiable rule
    started: bool

    @property
    def level(self) -> int:
        return self.score.level

    @property
    def pix(self) -> int:
        return self.score.pix


@dataclass
class ResultRow:
    participation: Participation
    last_name: str
    first_name: str
    division: str
    external_id: str
    shared_at: datetime.datetime | None
    competences: list[CompetenceResult] = field(default_factory=list)

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def total_pix(self) -> int:
        return sum(c.pix for c in self.competences)

    @property
    def summary(self) -> positioning.ProfileSummary:
        """The engine's certifiable rule, on the uncapped scores."""
        return positioning.profile_summary(c.uncapped for c in self.competences)

    @property
    def certifiable_count(self) -> int:
        return self.summary.certifiable_competences

    @property
    def is_certifiable(self) -> bool:
        return self.summary.is_certifiable

    @property
    def missing(self) -> dict[str, list[CompetenceResult]]:
        """What a non-certifiable pupil lacks, for the teacher's catch-up plan."""
        return {
            "not_started": [c for c in self.competences if not c.started],
            "below_level_1": [
                c for c in self.competences if c.started and not c.uncapped.is_certifiable
            ],
            "almost_next_level": [
                c
                for c in self.competences
                if c.started
                and c.score.pix_ahead_for_next_level >= ALMOST_NEXT_LEVEL_PIX
                and c.level < settings.MAX_REACHABLE_LEVEL
            ],
        }


def _competences() -> list[Competence]:
    return list(Competence.objects.order_by("code"))


def result_row(participation: Participation, competences: list[Competence]) -> ResultRow:
    pupil = participation.pupil
    user = participation.user
    row = ResultRow(
        participation=participation,
        last_name=pupil.last_name if pupil else user.last_name,
        first_name=pupil.first_name if pupil else user.first_name,
        division=pupil.division if pupil else "",
        external_id=participation.external_id,
        shared_at=participation.shared_at
        if participation.status == ParticipationStatus.SHARED
        else None,
    )
    if row.is_shared and participation.snapshot:
        scores = participation.snapshot["competences"]
        for competence in competences:
            stored = scores.get(competence.code, {"pix": 0, "level": 0, "started": False})
            # The snapshot keeps the uncapped pix and level (real pix are not needed here).
            uncapped = positioning.CompetenceScore(
                real_pix=stored["pix"], pix=stored["pix"], level=stored["level"]
            )
            row.competences.append(
                CompetenceResult(
                    code=competence.code,
                    name=competence.name,
                    score=positioning.capped_score(
                        uncapped, max_level=settings.MAX_REACHABLE_LEVEL
                    ),
                    uncapped=uncapped,
                    started=stored["started"],
                )
            )
    return row


SORTS = {
    "nom": lambda r: (r.last_name.lower(), r.first_name.lower()),
    "classe": lambda r: (r.division.lower(), r.last_name.lower(), r.first_name.lower()),
    "pix": lambda r: (-r.total_pix, r.last_name.lower()),
    "certifiables": lambda r: (-r.certifiable_count, r.last_name.lower()),
    "envoi": lambda r: (r.shared_at is None, r.shared_at or timezone.now()),
}


@dataclass
class CampaignResults:
    rows: list[ResultRow]
    competences: list[Competence]
    divisions: list[str]
    certifiable: int
    shared: int
    total: int


def campaign_results(
    campaign: Campaign, *, division: str = "", certifiable: str = "", sort: str = "nom"
) -> CampaignResults:
    """Current participations (one per pupil) with their frozen profiles, filtered and
    sorted. Three queries whatever the number of participants."""
    competences = _competences()
    participations = Participation.objects.filter(
        campaign=campaign, is_improved=False
    ).select_related("pupil", "user")
    rows = [result_row(p, competences) for p in participations]
    divisions = sorted({r.division for r in rows if r.division})
    if division:
        rows = [r for r in rows if r.division == division]
    if certifiable == "oui":
        rows = [r for r in rows if r.is_shared and r.is_certifiable]
    elif certifiable == "non":
        rows = [r for r in rows if r.is_shared and not r.is_certifiable]
    rows.sort(key=SORTS.get(sort, SORTS["nom"]))
    shared = [r for r in rows if r.is_shared]
    return CampaignResults(
        rows=rows,
        competences=competences,
        divisions=divisions,
        certifiable=sum(r.is_certifiable for r in shared),
        shared=len(shared),
        total=len(rows),
    )


def export_table(campaign: Campaign) -> tuple[list[str], list[list[Any]]]:
    """The columns of spec 02 §4, in order; `NA` where a profile was not sent."""
    results = campaign_results(campaign)
    organization = campaign.organization
    header = [
        "Nom de l'organisation",
        "ID Campagne",
        "Code",
        "Nom de la campagne",
        "Nom du Participant",
        "Prénom du Participant",
    ]
    if organization.type == "SCO":
        header.append("Classe")
    if campaign.external_id_label:
        header.append(campaign.external_id_label)
    header += [
        "Envoi (O/N)",
        "Date de l'envoi",
        "Nombre de pix total",
        "Certifiable (O/N)",
        "Nombre de compétences certifiables",
    ]
    for competence in results.competences:
        header += [
            f"Niveau pour la compétence {competence.name}",
            f"Nombre de pix pour la compétence {competence.name}",
        ]
    lines: list[list[Any]] = []
    for row in results.rows:
        line: list[Any] = [
            organization.name,
            campaign.pk,
            campaign.code,
            campaign.name,
            row.last_name,
            row.first_name,
        ]
        if organization.type == "SCO":
            line.append(row.division)
        if campaign.external_id_label:
            line.append(row.external_id)
        if row.is_shared and row.shared_at is not None:
            line += [
                "Oui",
                timezone.localtime(row.shared_at).strftime("%d/%m/%Y"),
                row.total_pix,
                "Oui" if row.is_certifiable else "Non",
                row.certifiable_count,
            ]
            for result in row.competences:
                line += [result.level, result.pix]
        else:
            line += ["Non"] + ["NA"] * (4 + 2 * len(results.competences))
        lines.append(line)
    return header, lines
