"""State changes of the certification-center space: sessions and their candidates. One
function per use case; each checks the rule it enforces and changes nothing when it
refuses (a `CenterRefused` with a French message)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certinum.accounts.models import User
from certinum.centers import imports, roomtest
from certinum.centers.candidates import CandidateError, identity_key, validate_candidate
from certinum.centers.models import (
    CANDIDATE_IMPORT_MACHINE,
    CANDIDATES_PER_INVIGILATOR,
    RECOMMENDED_MAX_MINUTES,
    SESSION_MACHINE,
    Candidate,
    CandidateImport,
    CertificationCenter,
    RoomCheck,
    Session,
    SessionStatus,
)
from certinum.orga.models import Pupil
from certinum.workflow.services import transition_apply


class CenterRefused(Exception):
    """A refused change; the message is French and can be shown as is."""


class RoomCheckUnknown(CenterRefused):
    """No computer was tested under this code (or it was mistyped)."""


class CandidateInvalid(Exception):
    def __init__(self, errors: list[CandidateError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


SESSION_FIELDS = (
    "address",
    "room",
    "date",
    "time",
    "duration_minutes",
    "examiners",
    "invigilator_count",
    "description",
)


# --- Sessions -----------------------------------------------------------------------------


def session_create(*, center: CertificationCenter, data: Mapping[str, Any], by: User) -> Session:
    return Session.objects.create(
        center=center, created_by=by, **{name: data[name] for name in SESSION_FIELDS}
    )


@transaction.atomic
def session_update(*, session: Session, data: Mapping[str, Any]) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    _ensure_open(session)
    for name in SESSION_FIELDS:
        setattr(session, name, data[name])
    session.save(update_fields=list(SESSION_FIELDS))
    return session


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Only while no candidate has started (spec 03 §2.3) and the session is not finalized."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _ensure_open(session)
    if session.candidates.filter(started_at__isnull=False).exists() or session.courses.exists():
        raise CenterRefused(
            _("Un candidat a commencé son test : cette session ne peut plus être supprimée.")
        )
    session.candidates.all().delete()
    session.delete()


def session_finalize(*, session: Session, by: User) -> None:
    """Issue 12 builds finalization; the transition is here so the table is whole."""
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        locked.finalized_at = timezone.now()
        transition_apply(
            obj=locked,
            machine=SESSION_MACHINE,
            name="finalize",
            by_id=by.pk,
            update_fields=["finalized_at"],
        )


def _ensure_open(session: Session) -> None:
    if session.status != SessionStatus.CREATED:
        raise CenterRefused(_("Cette session est finalisée : elle ne peut plus être modifiée."))


def session_warnings(session: Session, *, candidate_count: int | None = None) -> list[str]:
    """Advice, never refusals: a session over 2 hours, over 20 candidates per invigilator."""
    warnings = []
    if session.duration_minutes > RECOMMENDED_MAX_MINUTES:
        warnings.append(
            _("La durée prévue (%(minutes)s min) dépasse 2 heures : prévoyez plutôt deux sessions.")
            % {"minutes": session.duration_minutes}
        )
    count = session.candidates.count() if candidate_count is None else candidate_count
    if count > CANDIDATES_PER_INVIGILATOR * session.invigilator_count:
        warnings.append(
            ngettext(
                "%(count)s candidats pour %(invigilators)s surveillant : prévoyez un surveillant "
                "pour 20 candidats.",
                "%(count)s candidats pour %(invigilators)s surveillants : prévoyez un "
                "surveillant pour 20 candidats.",
                session.invigilator_count,
            )
            % {"count": count, "invigilators": session.invigilator_count}
        )
    return warnings


# --- Candidates ---------------------------------------------------------------------------


def _duplicate_error() -> CandidateError:
    return CandidateError(
        "DUPLICATE_CANDIDATE",
        "last_name",
        _(
            "Un candidat avec les mêmes nom, prénom et date de naissance est déjà inscrit à "
            "cette session."
        ),
    )


def _ensure_no_duplicate(
    session: Session, values: Mapping[str, Any], *, exclude: int | None
) -> None:
    key = identity_key(values["first_name"], values["last_name"], values["birthdate"])
    others = session.candidates.filter(birthdate=values["birthdate"])
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if any(identity_key(c.first_name, c.last_name, c.birthdate) == key for c in others):
        raise CandidateInvalid([_duplicate_error()])


@transaction.atomic
def candidate_add(
    *,
    session: Session,
    raw: Mapping[str, Any],
    pupil: Pupil | None = None,
) -> Candidate:
    session = Session.objects.select_for_update().select_related("center").get(pk=session.pk)
    _ensure_open(session)
    values, errors = validate_candidate(
        raw, center_type=session.center.type, from_school_list=pupil is not None
    )
    if values is None:
        raise CandidateInvalid(errors)
    _ensure_no_duplicate(session, values, exclude=None)
    return Candidate.objects.create(session=session, pupil=pupil, **values)


@transaction.atomic
def candidate_update(*, candidate: Candidate, raw: Mapping[str, Any]) -> Candidate:
    session = (
        Session.objects.select_for_update().select_related("center").get(pk=candidate.session_id)
    )
    _ensure_open(session)
    candidate = Candidate.objects.get(pk=candidate.pk)
    if candidate.user_id is not None:
        raise CenterRefused(
            _("Ce candidat a rejoint la session : ses informations ne peuvent plus changer ici.")
        )
    values, errors = validate_candidate(
        raw, center_type=session.center.type, from_school_list=candidate.pupil_id is not None
    )
    if values is None:
        raise CandidateInvalid(errors)
    _ensure_no_duplicate(session, values, exclude=candidate.pk)
    for name, value in values.items():
        setattr(candidate, name, value)
    candidate.save()
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: Candidate) -> None:
    session = Session.objects.select_for_update().get(pk=candidate.session_id)
    _ensure_open(session)
    candidate = Candidate.objects.get(pk=candidate.pk)
    if candidate.user_id is not None or candidate.started_at is not None:
        raise CenterRefused(_("Ce candidat a rejoint la session : il ne peut plus être retiré."))
    candidate.delete()


def pupil_values(pupil: Pupil) -> dict[str, Any]:
    """What the school's list knows of a pupil, as candidate values to validate."""
    return {
        "first_name": pupil.first_name,
        "last_name": pupil.last_name,
        "birthdate": pupil.birthdate,
        "external_id": pupil.local_id,
    }


@dataclass(frozen=True)
class EnrolReport:
    enrolled: int
    already: int


@transaction.atomic
def enrol_pupils(*, session: Session, pupils: Iterable[Pupil]) -> EnrolReport:
    """Enrol pupils of the center's school; a pupil already in the session is skipped."""
    session = Session.objects.select_for_update().select_related("center").get(pk=session.pk)
    _ensure_open(session)
    organization_id = session.center.organization_id
    existing = {
        identity_key(c.first_name, c.last_name, c.birthdate) for c in session.candidates.all()
    }
    enrolled = already = 0
    for pupil in pupils:
        if pupil.organization_id != organization_id or not pupil.is_active:
            raise CenterRefused(_("Cet élève n'est pas sur la liste de l'établissement."))
        key = identity_key(pupil.first_name, pupil.last_name, pupil.birthdate)
        if key in existing:
            already += 1
            continue
        values, errors = validate_candidate(
            pupil_values(pupil), center_type=session.center.type, from_school_list=True
        )
        if values is None:
            raise CandidateInvalid(errors)
        Candidate.objects.create(session=session, pupil=pupil, **values)
        existing.add(key)
        enrolled += 1
    return EnrolReport(enrolled=enrolled, already=already)


# --- Spreadsheet import -------------------------------------------------------------------


def _ensure_nobody_joined(session: Session) -> None:
    if session.candidates.filter(user__isnull=False).exists():
        raise CenterRefused(
            _(
                "Des candidats ont déjà rejoint la session : la liste ne peut plus être "
                "remplacée par un import. Ajoutez ou modifiez les candidats un par un."
            )
        )


def candidate_import_prepare(
    *, session: Session, data: bytes, filename: str, by: User
) -> CandidateImport:
    """Read and validate the whole file (ImportRefused lists every problem); keep the
    validated rows for the preview. Nothing changes in the session yet."""
    _ensure_open(session)
    _ensure_nobody_joined(session)
    rows = imports.read_candidates(session, data, filename)
    return CandidateImport.objects.create(
        session=session, created_by=by, filename=filename[:255], rows=rows
    )


@dataclass(frozen=True)
class ImportPlan:
    created: list[dict[str, Any]]
    updated: list[tuple[Candidate, dict[str, Any]]]
    removed: list[Candidate]


def candidate_import_plan(candidate_import: CandidateImport) -> ImportPlan:
    """The file replaces the list: a person already enrolled is updated in place (keeping
    her link to the school's list), a new one is added, one absent from the file removed."""
    existing = {
        identity_key(c.first_name, c.last_name, c.birthdate): c
        for c in candidate_import.session.candidates.all()
    }
    created, updated, kept = [], [], set()
    for row in candidate_import.rows:
        values = imports.row_values(row)
        key = identity_key(values["first_name"], values["last_name"], values["birthdate"])
        if key in existing:
            updated.append((existing[key], values))
            kept.add(existing[key].pk)
        else:
            created.append(values)
    removed = [c for c in existing.values() if c.pk not in kept]
    return ImportPlan(created=created, updated=updated, removed=removed)


@transaction.atomic
def candidate_import_apply(*, candidate_import: CandidateImport, by: User) -> ImportPlan:
    candidate_import = CandidateImport.objects.select_for_update().get(pk=candidate_import.pk)
    session = Session.objects.select_for_update().get(pk=candidate_import.session_id)
    candidate_import.applied_at = timezone.now()
    transition_apply(
        obj=candidate_import,
        machine=CANDIDATE_IMPORT_MACHINE,
        name="apply",
        by_id=by.pk,
        update_fields=["applied_at"],
    )
    _ensure_open(session)
    _ensure_nobody_joined(session)
    plan = candidate_import_plan(candidate_import)
    Candidate.objects.filter(pk__in=[c.pk for c in plan.removed]).delete()
    for candidate, values in plan.updated:
        for name, value in values.items():
            setattr(candidate, name, value)
    Candidate.objects.bulk_update([c for c, _v in plan.updated], list(imports.CANDIDATE_FIELDS))
    Candidate.objects.bulk_create(Candidate(session=session, **values) for values in plan.created)
    return plan


@transaction.atomic
def candidate_import_cancel(*, candidate_import: CandidateImport, by: User) -> None:
    candidate_import = CandidateImport.objects.select_for_update().get(pk=candidate_import.pk)
    transition_apply(
        obj=candidate_import, machine=CANDIDATE_IMPORT_MACHINE, name="cancel", by_id=by.pk
    )


@transaction.atomic
def sessions_create_from_file(
    *, center: CertificationCenter, data: bytes, filename: str, by: User
) -> list[Session]:
    """All the file's sessions, or none (ImportRefused with every line problem)."""
    rows = imports.read_sessions(data, filename)
    return [session_create(center=center, data=row, by=by) for row in rows]


# --- Documents ----------------------------------------------------------------------------


def session_documents_downloaded(*, session: Session) -> None:
    """Remember the first download of a session document (the preparation checklist reads
    it). A conditional UPDATE: two downloads at once keep the earlier moment."""
    Session.objects.filter(pk=session.pk, documents_downloaded_at__isnull=True).update(
        documents_downloaded_at=timezone.now()
    )


# --- Room test -----------------------------------------------------------------------------


def room_check_record(*, measurements: dict[str, Any], user_agent: str) -> RoomCheck:
    """Store one computer's room test under a new code; the verdicts are computed here from
    the measurements, whatever the page showed."""
    verdicts = roomtest.verdicts_of(measurements)
    for _attempt in range(5):
        try:
            with transaction.atomic():  # a savepoint: a code drawn twice is drawn again
                return RoomCheck.objects.create(
                    code=roomtest.new_code(),
                    passed=roomtest.passed(verdicts),
                    results={"measurements": measurements, "verdicts": verdicts},
                    user_agent=user_agent[:300],
                )
        except IntegrityError:
            continue
    raise RuntimeError("no free room check code after 5 draws")


@transaction.atomic
def room_check_attach(*, session: Session, code: str, label: str) -> RoomCheck:
    """Attach the computer tested under `code` to `session` (again: only its label
    changes). Refused for a finalized session or a code attached to another session."""
    # Locked: two centers typing the same code at once must not both get it.
    check = RoomCheck.objects.select_for_update().filter(code=code).first()
    if check is None:
        raise RoomCheckUnknown(
            _("Aucun poste testé ne correspond à ce code. Vérifiez le code noté sur le poste.")
        )
    _ensure_open(session)
    if check.session_id not in (None, session.pk):
        raise CenterRefused(_("Ce code est déjà rattaché à une autre session."))
    check.session = session
    check.label = label or check.label
    check.save(update_fields=["session", "label"])
    return check
