"""Between the database and the engine: the one converter from rows to engine data, and
the static content of a competence kept in memory per content version.

Skills and challenges change only when the item bank is reloaded (`load_content`) or
edited in the admin; both give the content a new version stamp
(`referential.services.content_version_bump`). Each worker keeps, per competence, the
engine's view of that content *and* the full challenge rows, keyed by the stamp it was
read under. The stamp itself is read inside a query the caller makes anyway (an
annotation on the assessment row: `content_stamp()`), so a warm cache costs no query and a
reload is seen by every worker at its next request. See docs/delivery.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Subquery
from django.db.models.signals import post_delete, post_save

from certinum.engine import answers, positioning
from certinum.referential.models import Challenge, Competence, ContentVersion, Skill, Tube

# --- Rows → engine data -------------------------------------------------------------------


def answer_key_of(challenge: Challenge) -> answers.AnswerKey:
    """What the answer checker needs of a challenge (never sent to the browser)."""
    return answers.answer_key_for(challenge)


def engine_challenge(challenge: Challenge) -> positioning.Challenge:
    return positioning.Challenge(
        key=challenge.key,
        skill=challenge.skill.name,
        timed=challenge.timer is not None,
        validated=challenge.status == Challenge.Status.VALIDATED,
    )


# The columns a knowledge element row is read with (`values_list(*KNOWLEDGE_ELEMENT_COLUMNS)`),
# in the order `knowledge_element_from_row` expects them.
KNOWLEDGE_ELEMENT_COLUMNS = (
    "skill__name",
    "status",
    "source",
    "earned_pix",
    "created_at",
    "assessment_id",
)


def knowledge_element_from_row(row: tuple[Any, ...]) -> positioning.KnowledgeElement:
    skill, status, source, earned_pix, created_at, assessment_id = row[:6]
    return positioning.KnowledgeElement(
        skill=skill,
        status=positioning.KEStatus(status),
        source=positioning.KESource(source),
        earned_pix=earned_pix,
        created_at=created_at,
        assessment_id=assessment_id,
    )


# --- Static content of a competence, cached per content version ---------------------------


@dataclass(frozen=True)
class CompetenceContent:
    """The target skills and the servable challenges of one competence (validated, in
    French), as the engine sees them, plus the full challenge rows to serve them."""

    skills: tuple[positioning.Skill, ...]
    challenges: tuple[positioning.Challenge, ...]
    skill_ids: Mapping[str, int]  # skill name → primary key, to store knowledge elements
    challenge_rows: Mapping[str, Challenge]  # key → row (read-only: shared between requests)

    def skill(self, name: str) -> positioning.Skill:
        return next(s for s in self.skills if s.name == name)


def content_stamp() -> Subquery:
    """The current content version, to annotate a query the caller makes anyway."""
    return Subquery(ContentVersion.objects.filter(pk=1).values("stamp")[:1])


def current_stamp() -> str | None:
    """The current content version, in a query of its own (off the hot path)."""
    return ContentVersion.objects.filter(pk=1).values_list("stamp", flat=True).first()


# competence id → (stamp, content). Plain dict: gunicorn workers are processes, and under
# threads a lost race only means one redundant load.
_cache: dict[int, tuple[str, CompetenceContent]] = {}


def competence_content(competence_id: int, *, stamp: str | None) -> CompetenceContent:
    """The competence's static content under content version `stamp` — two queries the
    first time in this process, none afterwards. Without a stamp (no content loaded
    through `load_content`) nothing is cached."""
    cached = _cache.get(competence_id)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    content = _read_content(competence_id)
    if stamp is not None:
        _cache[competence_id] = (stamp, content)
    return content


def _read_content(competence_id: int) -> CompetenceContent:
    skill_rows = list(
        Skill.objects.filter(tube__competence_id=competence_id).values_list(
            "pk", "name", "tube__name", "level", "pix_value"
        )
    )
    rows = list(
        Challenge.objects.filter(
            skill__tube__competence_id=competence_id,
            status=Challenge.Status.VALIDATED,
            locale="fr-fr",
        )
        .select_related("skill")
        .order_by("key")
    )
    return CompetenceContent(
        skills=tuple(
            positioning.Skill(name=name, tube=tube, level=level, pix_value=pix)
            for _pk, name, tube, level, pix in skill_rows
        ),
        challenges=tuple(engine_challenge(row) for row in rows),
        skill_ids={name: pk for pk, name, *_rest in skill_rows},
        challenge_rows={row.key: row for row in rows},
    )


# challenge id → (stamp, row): the challenges a certification serves, by primary key (a
# course keeps its challenges even if the bank later archives one).
_rows: dict[int, tuple[str, Challenge]] = {}


def challenge_row(pk: int, *, stamp: str | None, along: QuerySet[Any] | None = None) -> Challenge:
    """The challenge row `pk` (with its skill) under content version `stamp`, from this
    worker's memory; uncached without a stamp. On a miss, the challenges whose ids `along`
    selects are read in the same query (a certification reads all of its test's: another
    worker may have served the previous questions). Shared between requests: read-only."""
    cached = _rows.get(pk)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    query = Challenge.objects.select_related("skill")
    rows = list(query.filter(pk__in=along) if along is not None else query.filter(pk=pk))
    if stamp is not None:
        _rows.update({row.pk: (stamp, row) for row in rows})
    return next(row for row in rows if row.pk == pk)


def forget_cached_content() -> None:
    """Empty this process's caches (tests; never needed for correctness)."""
    _cache.clear()
    _rows.clear()


# --- Edits outside load_content ------------------------------------------------------------


def _content_changed(sender: type, **kwargs: Any) -> None:
    # Imported here: referential.services imports the content loader, heavier than needed
    # at app loading time.
    from certinum.referential import services

    if kwargs.get("raw") or services.content_is_loading():
        return
    services.content_version_bump()


def connect_content_signals() -> None:
    """An admin edit of a competence, tube, skill or challenge bumps the content version,
    like a reload does (`load_content` bumps it once itself)."""
    for model in (Competence, Tube, Skill, Challenge):
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"content-{model.__name__}")
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"content-del-{model.__name__}"
        )


def proposal_order(challenge: Challenge, seed: str) -> tuple[int, ...] | None:
    """The order the proposals of a QCU or QCM are shown in, for the evaluation or test
    whose seed is `seed`: shuffled per (seed, challenge), unless the content keeps them in
    order (`fixed_order`, an ordered scale). None for other types."""
    if challenge.type not in (Challenge.Type.QCU, Challenge.Type.QCM):
        return None
    count = len(challenge.proposals)
    if challenge.fixed_order:
        return tuple(range(1, count + 1))
    return answers.display_order(f"{seed}:{challenge.key}", count)
