"""State changes of results: recording a result (append-only), and the batches of
attestations built by the worker (the pattern of orga's exports: claim with a conditional
UPDATE, progress stored now and then, a French message on failure)."""

import tempfile
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certinum.accounts.models import User
from certinum.centers.models import Session
from certinum.evaluation.models import CertificationCourse
from certinum.referential.models import Competence
from certinum.results import selectors, tasks
from certinum.results.attestation import AttestationLinks, attestations_zip
from certinum.results.models import (
    MAX_LEVEL,
    MIN_LEVEL,
    AttestationBatch,
    CertificationResult,
    CompetenceMark,
    Emitter,
    ResultStatus,
)

Mark = tuple[str, int, int]  # competence code, level, score


class ResultRefused(ValueError):
    """Inconsistent result data (a programming error of the caller): nothing was written."""


def _check(status: str, emitter: str, author: User | None, marks: Sequence[Mark]) -> None:
    if status not in ResultStatus.values:
        raise ResultRefused(f"unknown status {status!r}")
    if emitter not in Emitter.values:
        raise ResultRefused(f"unknown emitter {emitter!r}")
    if (emitter == Emitter.JURY) != (author is not None):
        raise ResultRefused("a jury member's result, and only it, has an author")
    codes = [code for code, _level, _score in marks]
    if len(set(codes)) != len(codes):
        raise ResultRefused("one mark per competence")
    if any(not MIN_LEVEL <= level <= MAX_LEVEL for _code, level, _score in marks):
        raise ResultRefused(f"levels run from {MIN_LEVEL} to {MAX_LEVEL}")


def result_record(
    course: CertificationCourse,
    *,
    status: str,
    pix_score: int,
    reproducibility_rate: float | Decimal,
    marks: Sequence[Mark],
    emitter: str,
    author: User | None = None,
    comment_for_candidate: str = "",
    comment_for_organization: str = "",
    comment_for_jury: str = "",
    error_message: str = "",
) -> CertificationResult:
    """Add a result and its competence marks, which becomes the course's current result.
    Earlier results stay as they were (append-only history)."""
    _check(status, emitter, author, marks)
    areas = dict(
        Competence.objects.filter(code__in=[code for code, _l, _s in marks]).values_list(
            "code", "area__code"
        )
    )
    unknown = sorted({code for code, _l, _s in marks} - set(areas))
    if unknown:
        raise ResultRefused(f"unknown competences: {', '.join(unknown)}")
    with transaction.atomic():
        result = CertificationResult.objects.create(
            course=course,
            status=status,
            pix_score=pix_score,
            reproducibility_rate=Decimal(str(reproducibility_rate)).quantize(Decimal("0.01")),
            emitter=emitter,
            author=author,
            comment_for_candidate=comment_for_candidate,
            comment_for_organization=comment_for_organization,
            comment_for_jury=comment_for_jury,
            error_message=error_message,
        )
        CompetenceMark.objects.bulk_create(
            CompetenceMark(
                result=result, competence_code=code, area_code=areas[code], level=level, score=score
            )
            for code, level, score in marks
        )
    return result


# --- Batches of attestations ----------------------------------------------------------------


def attestation_links(site_url: str) -> AttestationLinks:
    verify = reverse("results:verify")
    return AttestationLinks(
        site_url=site_url.rstrip("/"),
        verify_path=verify,
        reading_guide_path=reverse("results:reading_guide"),
    )


def attestation_batch_request(*, session: Session, by: User | None) -> AttestationBatch:
    """Ask the worker for the attestations of the session's published certificates."""
    batch = AttestationBatch.objects.create(session=session, requested_by=by)
    # On commit: the worker must find the row it is given.
    transaction.on_commit(partial(_batch_enqueue, batch_id=batch.pk))
    return batch


def _batch_enqueue(*, batch_id: int) -> None:
    result = tasks.attestation_batch_build.enqueue(batch_id=batch_id)
    AttestationBatch.objects.filter(pk=batch_id).update(task_id=str(result.id))


def _batch_progress(percent: int, *, batch_id: int) -> None:
    AttestationBatch.objects.filter(pk=batch_id).update(progress=min(percent, 99))


def attestation_batch_build(*, batch: AttestationBatch) -> None:
    """Build the zip of a requested batch (run by the worker). A failure marks the batch
    « échec » with a French message, then is raised again for the task's traceback."""
    # Claim with a conditional UPDATE: a task run twice (retry, two workers) builds it once.
    claimed = AttestationBatch.objects.filter(
        pk=batch.pk, status=AttestationBatch.Status.PENDING
    ).update(status=AttestationBatch.Status.RUNNING, progress=0)
    if not claimed:
        return
    try:
        with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as scratch:
            certificates = selectors.session_certificates(batch.session)
            links = attestation_links(settings.SITE_URL)
            attestations_zip(
                certificates, links, scratch, partial(_batch_progress, batch_id=batch.pk)
            )
            scratch.seek(0)
            batch.file.save(batch.download_name, File(scratch), save=False)
    except Exception:
        with translation.override(settings.LANGUAGE_CODE):
            error = _("Les attestations n'ont pas pu être préparées. Réessayez dans un moment.")
        AttestationBatch.objects.filter(pk=batch.pk).update(
            status=AttestationBatch.Status.FAILED, error=error, finished_at=timezone.now()
        )
        raise
    AttestationBatch.objects.filter(pk=batch.pk).update(
        status=AttestationBatch.Status.DONE,
        progress=100,
        count=len(certificates),
        file=batch.file.name,
        finished_at=timezone.now(),
    )
