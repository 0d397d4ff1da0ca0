"""State changes of the framework: loading the item bank from content files."""

from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from django.db import models, transaction

from certinum.referential.content import Bank
from certinum.referential.models import Area, Challenge, Competence, Skill, Tube


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} créé(s), {self.updated} mis à jour, "
            f"{self.unchanged} inchangé(s), {self.archived} archivé(s)"
        )


M = TypeVar("M", bound=models.Model)


def _upsert(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    existing: dict[Any, M],
    report: LoadReport,
) -> M:
    """Create the row, or update it only where a value changed (so a re-run writes nothing)."""
    key = next(iter(lookup.values()))
    obj = existing.get(key)
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        report.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated += 1
    else:
        report.unchanged += 1
    return obj


@transaction.atomic
def content_load(*, bank: Bank) -> LoadReport:
    """Store a validated bank. Challenges missing from the files are archived, never
    deleted, so answers that reference them stay valid."""
    report = LoadReport()
    areas = {a.code: a for a in Area.objects.all()}
    for area in bank.areas:
        areas[area.code] = _upsert(Area, {"code": area.code}, {"title": area.title}, areas, report)
    competences = {c.code: c for c in Competence.objects.all()}
    for competence in bank.competences:
        competences[competence.code] = _upsert(
            Competence,
            {"code": competence.code},
            {
                "name": competence.name,
                "area": areas[competence.area_code],
                "description": competence.description,
            },
            competences,
            report,
        )
    tubes = {t.name: t for t in Tube.objects.all()}
    for tube in bank.tubes:
        tubes[tube.name] = _upsert(
            Tube,
            {"name": tube.name},
            {"title": tube.title, "competence": competences[tube.competence_code]},
            tubes,
            report,
        )
    skills = {s.name: s for s in Skill.objects.all()}
    for skill in bank.skills:
        skills[skill.name] = _upsert(
            Skill,
            {"name": skill.name},
            {
                "tube": tubes[skill.tube_name],
                "level": skill.level,
                "pix_value": skill.pix_value,
                "description": skill.description,
            },
            skills,
            report,
        )
    challenges = {c.key: c for c in Challenge.objects.all()}
    for challenge in bank.challenges:
        values = asdict(challenge)
        key = values.pop("key")
        values["skill"] = skills[values.pop("skill_name")]
        _upsert(Challenge, {"key": key}, values, challenges, report)
    in_files = {c.key for c in bank.challenges}
    gone = [
        c.pk
        for key, c in challenges.items()
        if key not in in_files and c.status != Challenge.Status.ARCHIVED
    ]
    report.archived = Challenge.objects.filter(pk__in=gone).update(status=Challenge.Status.ARCHIVED)
    return report
