"""State changes of the framework: loading the item bank from content files."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from django.db import models, transaction

from certinum.referential.content import Bank
from certinum.referential.models import Area, Challenge, Competence, ContentVersion, Skill, Tube

# While a whole bank is being stored, row-by-row change signals must not bump the content
# version thousands of times: `content_load` bumps it once, at the end.
_bulk_loading: ContextVar[bool] = ContextVar("bulk_loading", default=False)


def content_version_bump() -> str:
    """Give the content a new version stamp: every worker's in-memory copy of skills and
    challenges becomes stale and is reloaded on its next use. A random stamp, not a
    counter, so a rolled-back database can never bring an old stamp back with new rows."""
    stamp = secrets.token_hex(8)
    ContentVersion.objects.update_or_create(pk=1, defaults={"stamp": stamp})
    return stamp


def content_is_loading() -> bool:
    return _bulk_loading.get()


@contextmanager
def _loading() -> Iterator[None]:
    token = _bulk_loading.set(True)
    try:
        yield
    finally:
        _bulk_loading.reset(token)


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
    deleted, so answers that reference them stay valid. Every load bumps the content
    version (even an unchanged one: a reload is the documented way to refresh workers)."""
    with _loading():
        report = _store(bank)
    content_version_bump()
    return report


def _store(bank: Bank) -> LoadReport:
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
