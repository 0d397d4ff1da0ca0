"""State changes of the organization space: members, pupil lists, campaigns, participations."""

import datetime
import re
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certinum.accounts import identity
from certinum.accounts.identity import normalize_name
from certinum.accounts.models import CenterMembership, OrganizationMembership, Role, User
from certinum.centers.models import CertificationCenter
from certinum.learning.selectors import profile_of
from certinum.orga import selectors, spreadsheets, tasks
from certinum.orga.models import (
    CAMPAIGN_MACHINE,
    INVITATION_MACHINE,
    PARTICIPATION_MACHINE,
    PUPIL_IMPORT_MACHINE,
    Campaign,
    CampaignStatus,
    Export,
    IdentityCheck,
    Invitation,
    InvitationStatus,
    Organization,
    OrganizationType,
    Participation,
    ParticipationStatus,
    Pupil,
    PupilImport,
)
from certinum.workflow.machine import StateMachine
from certinum.workflow.services import TransitionRefused, transition_apply


class OrgaError(Exception):
    """A refused action, with a French message. Nothing was changed."""


def _apply(
    obj: models.Model,
    machine: StateMachine,
    name: str,
    *,
    by_id: int | None,
    update_fields: tuple[str, ...] = (),
) -> None:
    """Apply a transition of the tables in orga/models.py; a refusal is an OrgaError."""
    try:
        transition_apply(
            obj=obj, machine=machine, name=name, by_id=by_id, update_fields=update_fields
        )
    except TransitionRefused as refused:
        raise OrgaError(str(refused)) from None


# --- Members ---------------------------------------------------------------------------------


def invitation_send(
    *,
    email: str,
    role: str,
    by: User,
    organization: Organization | None = None,
    center: CertificationCenter | None = None,
) -> Invitation:
    """Record an invitation to join the organization or the certification center; its
    e-mail leaves from the worker once the invitation is committed (a slow mail server never
    holds the request)."""
    email = email.strip().lower()
    if role not in Role.values:
        raise OrgaError(_("Ce rôle n'existe pas."))
    if (
        _members_of(organization=organization, center=center)
        .filter(user__email__iexact=email)
        .exists()
    ):
        raise OrgaError(
            _("Cette personne est déjà membre de l'organisation.")
            if organization
            else _("Cette personne est déjà membre du centre.")
        )
    invitation = Invitation.objects.create(
        organization=organization,
        center=center,
        email=email,
        role=role,
        invited_by=by,
        token=secrets.token_urlsafe(32),
    )
    # On commit: a worker must never pick up an invitation that a rollback then removes.
    enqueue = partial(
        tasks.invitation_email.enqueue,
        invitation_id=invitation.pk,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(enqueue)
    return invitation


def _members_of(
    *, organization: Organization | None, center: CertificationCenter | None
) -> QuerySet[Any]:
    if organization is not None:
        return OrganizationMembership.objects.filter(organization=organization)
    return CenterMembership.objects.filter(center=center)


def invitation_email_send(*, invitation: Invitation, language: str) -> None:
    """E-mail the link of a pending invitation, in the inviter's language (console e-mail by
    default). An invitation accepted or cancelled in the meantime gets no e-mail."""
    if not invitation.is_pending:
        return
    target, by = invitation.target, invitation.invited_by
    who = (by.get_full_name() or by.email) if by is not None else target.name
    link = settings.SITE_URL + reverse("orga:invitation", args=[invitation.token])
    with translation.override(language):
        message = (
            _(
                "Bonjour,\n\n%(who)s vous invite à rejoindre l'organisation « %(name)s » sur "
                "Certinum. Ouvrez ce lien pour accepter l'invitation :\n\n%(link)s\n\n"
                "Si vous ne connaissez pas cette organisation, ignorez ce message."
            )
            if invitation.organization_id
            else _(
                "Bonjour,\n\n%(who)s vous invite à rejoindre le centre de certification "
                "« %(name)s » sur Certinum. Ouvrez ce lien pour accepter l'invitation :\n\n"
                "%(link)s\n\nSi vous ne connaissez pas ce centre, ignorez ce message."
            )
        )
        send_mail(
            subject=_("Invitation à rejoindre %(name)s sur Certinum") % {"name": target.name},
            message=message % {"who": who, "name": target.name, "link": link},
            from_email=None,
            recipient_list=[invitation.email],
        )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User
) -> OrganizationMembership | CenterMembership:
    """Join with the invitation's role — only for the account of the invited address, and
    only before the invitation expires: a forwarded or leaked link is of no use."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_expired:
        raise OrgaError(
            _(
                "Cette invitation a expiré. Demandez à un administrateur du centre de vous "
                "l'envoyer à nouveau."
            )
            if invitation.center_id
            else _(
                "Cette invitation a expiré. Demandez à un administrateur de l'organisation de "
                "vous l'envoyer à nouveau."
            )
        )
    if invitation.status == InvitationStatus.PENDING and (
        user.email.strip().lower() != invitation.email.strip().lower()
    ):
        raise OrgaError(
            _(
                "Cette invitation a été envoyée à une autre adresse e-mail que celle de votre "
                "compte. Connectez-vous avec le compte de l'adresse invitée, ou créez-le."
            )
        )
    invitation.accepted_at = timezone.now()
    _apply(invitation, INVITATION_MACHINE, "accept", by_id=user.pk, update_fields=("accepted_at",))
    if invitation.center_id:
        center_membership, _created = CenterMembership.objects.get_or_create(
            user=user, center_id=invitation.center_id, defaults={"role": invitation.role}
        )
        return center_membership
    membership, _created = OrganizationMembership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _apply(invitation, INVITATION_MACHINE, "revoke", by_id=by.pk)


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """A new link, valid for the full delay again, e-mailed to the same address; the old
    link stops working (it may have been forwarded)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != InvitationStatus.PENDING:
        raise OrgaError(_("Seule une invitation en attente ou expirée peut être renvoyée."))
    _apply(invitation, INVITATION_MACHINE, "revoke", by_id=by.pk)
    return invitation_send(
        organization=invitation.organization,
        center=invitation.center,
        email=invitation.email,
        role=invitation.role,
        by=by,
    )


Membership = OrganizationMembership | CenterMembership


def _scope(membership: Membership) -> dict[str, int]:
    """The organization or center a membership belongs to, as a filter."""
    if isinstance(membership, CenterMembership):
        return {"center_id": membership.center_id}
    return {"organization_id": membership.organization_id}


def _lock_admins(membership: Membership) -> set[int]:
    """Lock every admin membership of the organization (or center) and return their ids.
    Why all of them: two admins removing (or demoting) each other at the same moment would
    each see the other as the admin who stays; with every admin row locked, the second waits
    for the first and then sees the truth."""
    return set(
        type(membership)
        ._default_manager.select_for_update()
        .filter(**_scope(membership), role=Role.ADMIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _check_an_admin_stays(membership: Membership, admins: set[int]) -> None:
    if membership.role == Role.ADMIN and not admins - {membership.pk}:
        raise OrgaError(
            _("Le centre doit garder au moins un administrateur.")
            if isinstance(membership, CenterMembership)
            else _("L'organisation doit garder au moins un administrateur.")
        )


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str) -> None:
    if role not in Role.values:
        raise OrgaError(_("Ce rôle n'existe pas."))
    admins = _lock_admins(membership)
    membership = type(membership)._default_manager.select_for_update().get(pk=membership.pk)
    if role != Role.ADMIN:
        _check_an_admin_stays(membership, admins)
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    admins = _lock_admins(membership)
    membership = type(membership)._default_manager.select_for_update().get(pk=membership.pk)
    _check_an_admin_stays(membership, admins)
    membership.delete()


# --- Pupil lists -----------------------------------------------------------------------------

COLUMNS = {
    "last_name": ("NOM", "NOMDEFAMILLE", "NOMDUSAGE", "NOMELEVE"),
    "first_name": ("PRENOM", "PREMIERPRENOM", "PRENOMELEVE"),
    "birthdate": ("DATEDENAISSANCE", "NELE", "NEELE", "NEELEE", "NAISSANCE", "DATENAISSANCE"),
    "division": ("CLASSE", "DIVISION", "CLASSEDIVISION"),
    "local_id": ("IDENTIFIANT", "IDENTIFIANTLOCAL", "IDENTIFIANTELEVE", "NUMERO", "INE", "ID"),
}
COLUMN_LABELS = {
    "last_name": gettext_lazy("Nom"),
    "first_name": gettext_lazy("Prénom"),
    "birthdate": gettext_lazy("Date de naissance"),
    "division": gettext_lazy("Classe"),
    "local_id": gettext_lazy("Identifiant"),
}
REQUIRED_COLUMNS = ("last_name", "first_name", "birthdate")
_DATE_FORMATS = (
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
)


class ImportRejected(Exception):
    """The file cannot be imported; `errors` lists every problem, line by line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def parse_birthdate(text: str) -> datetime.date | None:
    for pattern, order in _DATE_FORMATS:
        match = pattern.match(text.strip())
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def _columns_of(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = normalize_name(title)
        for name, aliases in COLUMNS.items():
            if key in aliases and name not in positions:
                positions[name] = index
    return positions


def pupil_rows_read(data: bytes, filename: str) -> list[dict[str, Any]]:
    """Read and check a pupil list; raise ImportRejected with every error found."""
    try:
        table = spreadsheets.read_table(data, filename)
    except spreadsheets.SpreadsheetError as error:
        raise ImportRejected([str(error)]) from None
    if len(table) < 2:
        raise ImportRejected([_("Le fichier ne contient aucun élève (seulement un en-tête).")])
    header, lines = table[0], table[1:]
    columns = _columns_of(header)
    missing = [COLUMN_LABELS[c] for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportRejected(
            [
                _(
                    "Colonne introuvable : « %(name)s ». Colonnes attendues : Nom, Prénom, Date de "
                    "naissance, Classe, Identifiant (la première ligne doit contenir ces titres)."
                )
                % {"name": name}
                for name in missing
            ]
        )
    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    seen = _SeenInFile()
    for offset, line in enumerate(lines):
        number = offset + 2  # line 1 is the header
        cell = {name: (line[i].strip() if i < len(line) else "") for name, i in columns.items()}
        if not any(cell.values()):
            continue
        problems, birthdate = _pupil_line_problems(cell, number, seen)
        if problems or birthdate is None:
            errors.append(
                _("Ligne %(line)s : %(problems)s.")
                % {"line": number, "problems": " ; ".join(problems)}
            )
            continue
        rows.append(
            {
                "line": number,
                "last_name": cell["last_name"],
                "first_name": cell["first_name"],
                "birthdate": birthdate.isoformat(),
                "division": cell.get("division", "")[:40],
                "local_id": cell.get("local_id", "")[:40],
            }
        )
    if errors:
        raise ImportRejected(errors)
    return rows


@dataclass
class _SeenInFile:
    """Identifiers and people already met in the file, with their line numbers."""

    ids: dict[str, int] = field(default_factory=dict)
    people: dict[tuple[str, str, str], int] = field(default_factory=dict)


def _pupil_line_problems(
    cell: dict[str, str], number: int, seen: _SeenInFile
) -> tuple[list[str], datetime.date | None]:
    """What is wrong with one line of a pupil list, and its birthdate when it reads."""
    problems = []
    for name in ("last_name", "first_name"):
        if not cell[name]:
            problems.append(_("%(col)s manquant") % {"col": COLUMN_LABELS[name]})
        elif len(cell[name]) > 120:
            problems.append(_("%(col)s trop long") % {"col": COLUMN_LABELS[name]})
    birthdate = parse_birthdate(cell["birthdate"])
    if not cell["birthdate"]:
        problems.append(_("date de naissance manquante"))
    elif birthdate is None:
        problems.append(
            _("date de naissance « %(value)s » invalide (attendu : JJ/MM/AAAA)")
            % {"value": cell["birthdate"][:30]}
        )
    elif not datetime.date(1900, 1, 1) < birthdate < timezone.localdate():
        problems.append(
            _("date de naissance « %(value)s » impossible") % {"value": cell["birthdate"]}
        )
    local_id = cell.get("local_id", "")[:40]
    if local_id:
        if local_id in seen.ids:
            problems.append(
                _("identifiant « %(id)s » déjà utilisé ligne %(line)s")
                % {"id": local_id, "line": seen.ids[local_id]}
            )
        seen.ids[local_id] = number
    if not problems and birthdate is not None:
        person = (
            normalize_name(cell["last_name"]),
            normalize_name(cell["first_name"]),
            birthdate.isoformat(),
        )
        if person in seen.people:
            problems.append(_("même élève que ligne %(line)s") % {"line": seen.people[person]})
        seen.people[person] = number
    return problems, birthdate


@dataclass
class ImportPlan:
    """What confirming an import would do."""

    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[tuple[Pupil, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    absent: list[Pupil] = field(default_factory=list)


def _identity_key(last_name: str, first_name: str, birthdate: str) -> tuple[str, str, str]:
    return normalize_name(last_name), normalize_name(first_name), birthdate


def import_plan(pupil_import: PupilImport) -> ImportPlan:
    """Match the rows with the current list: by local identifier, else by name + birthdate."""
    existing = list(Pupil.objects.filter(organization=pupil_import.organization))
    by_id = {p.local_id: p for p in existing if p.local_id}
    by_identity = {
        _identity_key(p.last_name, p.first_name, p.birthdate.isoformat()): p for p in existing
    }
    plan = ImportPlan()
    matched: set[int] = set()
    for row in pupil_import.rows:
        pupil = by_id.get(row["local_id"]) if row["local_id"] else None
        pupil = pupil or by_identity.get(
            _identity_key(row["last_name"], row["first_name"], row["birthdate"])
        )
        if pupil is None:
            plan.created.append(row)
            continue
        matched.add(pupil.pk)
        current = (
            pupil.last_name,
            pupil.first_name,
            pupil.birthdate.isoformat(),
            pupil.division,
            pupil.local_id,
            pupil.is_active,
        )
        wanted = (
            row["last_name"],
            row["first_name"],
            row["birthdate"],
            row["division"],
            row["local_id"] or pupil.local_id,
            True,
        )
        if current != wanted:
            plan.updated.append((pupil, row))
        else:
            plan.unchanged += 1
    plan.absent = [p for p in existing if p.pk not in matched and p.is_active]
    return plan


def pupil_import_prepare(
    *, organization: Organization, data: bytes, filename: str, by: User
) -> PupilImport:
    rows = pupil_rows_read(data, filename)
    return PupilImport.objects.create(
        organization=organization, created_by=by, filename=filename[:255], rows=rows
    )


@transaction.atomic
def pupil_import_apply(
    *, pupil_import: PupilImport, remove_absent: bool, by: User | None = None
) -> ImportPlan:
    """Apply a previewed import in one transaction. Pupils absent from the file leave their
    class only when the admin asked for it."""
    pupil_import = PupilImport.objects.select_for_update().get(pk=pupil_import.pk)
    pupil_import.applied_at = timezone.now()
    # First: a refused transition (already applied) must stop before any pupil is written.
    _apply(
        pupil_import,
        PUPIL_IMPORT_MACHINE,
        "apply",
        by_id=by.pk if by else None,
        update_fields=("applied_at",),
    )
    plan = import_plan(pupil_import)
    # In bulk: a constant number of queries whatever the size of the list (a school's list is
    # a few thousand pupils), instead of one per pupil.
    Pupil.objects.bulk_create(
        Pupil(
            organization=pupil_import.organization,
            last_name=row["last_name"],
            first_name=row["first_name"],
            birthdate=datetime.date.fromisoformat(row["birthdate"]),
            division=row["division"],
            local_id=row["local_id"],
        )
        for row in plan.created
    )
    for pupil, row in plan.updated:
        pupil.last_name, pupil.first_name = row["last_name"], row["first_name"]
        pupil.birthdate = datetime.date.fromisoformat(row["birthdate"])
        pupil.division = row["division"]
        pupil.local_id = row["local_id"] or pupil.local_id
        pupil.is_active = True
    Pupil.objects.bulk_update(
        [pupil for pupil, _row in plan.updated],
        ["last_name", "first_name", "birthdate", "division", "local_id", "is_active"],
    )
    if remove_absent:
        Pupil.objects.filter(pk__in=[p.pk for p in plan.absent]).update(
            is_active=False, division=""
        )
    return plan


@transaction.atomic
def pupil_import_cancel(*, pupil_import: PupilImport, by: User) -> None:
    """The admin gives up a previewed import: the pupil list does not change."""
    pupil_import = PupilImport.objects.select_for_update().get(pk=pupil_import.pk)
    _apply(pupil_import, PUPIL_IMPORT_MACHINE, "cancel", by_id=by.pk)


# --- Campaigns -------------------------------------------------------------------------------

CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L, O: easy to read aloud and to type
CODE_DIGITS = "23456789"  # no 0, 1


def campaign_code_generate() -> str:
    """6 capital letters then 3 digits (spec 02 §2), unique."""
    for _attempt in range(100):
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(6)) + "".join(
            secrets.choice(CODE_DIGITS) for _ in range(3)
        )
        if not Campaign.objects.filter(code=code).exists():
            return code
    raise OrgaError(_("Impossible de créer un code de campagne : réessayez."))


def campaign_create(
    *,
    organization: Organization,
    name: str,
    external_id_label: str,
    multiple_sendings: bool,
    by: User,
) -> Campaign:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Campaign.objects.create(
                    organization=organization,
                    name=name.strip(),
                    code=campaign_code_generate(),
                    external_id_label=external_id_label.strip(),
                    multiple_sendings=multiple_sendings,
                    created_by=by,
                )
        except IntegrityError:  # two campaigns drew the same code at the same moment
            continue
    raise OrgaError(_("Impossible de créer un code de campagne : réessayez."))


@transaction.atomic
def campaign_archive(*, campaign: Campaign, by: User) -> Campaign:
    """Close a campaign: pupils can no longer join it or send their profile; the results
    stay visible to the organization."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.archived_at = timezone.now()
    _apply(campaign, CAMPAIGN_MACHINE, "archive", by_id=by.pk, update_fields=("archived_at",))
    return campaign


@transaction.atomic
def campaign_unarchive(*, campaign: Campaign, by: User) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign.archived_at = None
    _apply(campaign, CAMPAIGN_MACHINE, "unarchive", by_id=by.pk, update_fields=("archived_at",))
    return campaign


def current_participation(campaign: Campaign, user: User) -> Participation | None:
    return Participation.objects.filter(campaign=campaign, user=user, is_improved=False).first()


class _NoMatch(Exception):
    """The identity given matches no available entry of the list; `aimed_at` are the
    entries whose names matched (their failure counters go up)."""

    def __init__(self, aimed_at: list[str]):
        super().__init__("no match")
        self.aimed_at = aimed_at


def no_match_message(organization: Organization) -> str:
    """The one message of every failed match: it says neither whether a pupil of that name
    is on the list, nor whether the birthdate was right, nor whether the entry is linked."""
    if organization.identity_check == IdentityCheck.LOCAL_ID:
        message = _(
            "Ces informations ne correspondent à aucun élève disponible dans la liste de "
            "%(name)s. Vérifie ton nom, ton prénom, ta date de naissance et ton identifiant, "
            "ou demande à ton professeur."
        )
    elif organization.identity_check == IdentityCheck.CODE:
        message = _(
            "Ces informations ne correspondent à aucun élève disponible dans la liste de "
            "%(name)s. Vérifie ton nom, ton prénom, ta date de naissance et ton code "
            "personnel, ou demande à ton professeur."
        )
    else:
        message = _(
            "Ces informations ne correspondent à aucun élève disponible dans la liste de "
            "%(name)s. Vérifie ton nom, ton prénom et ta date de naissance, ou demande à ton "
            "professeur."
        )
    return message % {"name": organization.name}


def participation_start(
    *,
    campaign: Campaign,
    user: User,
    first_name: str,
    last_name: str,
    birthdate: datetime.date,
    external_id: str = "",
    second_secret: str = "",
    ip: str = "",
) -> Participation:
    """Join a campaign. For a school, the pupil must be on its list: matched by name and
    birthdate, ignoring accents, case, hyphens, apostrophes and spaces (spec 03 §5), plus
    the second secret the school may require. Failed matches are throttled (raises
    throttle.Throttled) and all get the same message (OrgaError)."""
    if campaign.organization.type == OrganizationType.SCO:
        identity.match_allowed(account_id=user.pk, ip=ip)
    try:
        with transaction.atomic():
            participation = _participation_create(
                campaign=campaign,
                user=user,
                person=(last_name, first_name, birthdate, second_secret),
                external_id=external_id,
            )
    except _NoMatch as failure:
        # Counted outside the rolled-back transaction, so the counters stay.
        identity.match_failed(account_id=user.pk, ip=ip, entry_keys=failure.aimed_at)
        raise OrgaError(no_match_message(campaign.organization)) from None
    if participation.pupil_id is not None:
        identity.match_succeeded(account_id=user.pk)
    return participation


def _participation_create(
    *,
    campaign: Campaign,
    user: User,
    person: tuple[str, str, datetime.date, str],
    external_id: str,
) -> Participation:
    if campaign.status == CampaignStatus.ARCHIVED:
        raise OrgaError(_("Cette campagne est terminée : elle n'accepte plus de participation."))
    existing = current_participation(campaign, user)
    if existing is not None:
        return existing
    if campaign.external_id_label and not external_id.strip():
        raise OrgaError(_("Indique ton %(label)s.") % {"label": campaign.external_id_label})
    pupil = None
    if campaign.organization.type == OrganizationType.SCO:
        pupil = _pupil_link(campaign.organization, user, *person)
    return Participation.objects.create(
        campaign=campaign,
        user=user,
        pupil=pupil,
        external_id=external_id.strip()[:80],
        status=ParticipationStatus.TO_SHARE,
    )


def _secret_matches(pupil: Pupil, check: str, given: str) -> bool:
    given = re.sub(r"\s", "", given).upper()
    if check == IdentityCheck.LOCAL_ID:
        return bool(pupil.local_id) and given == re.sub(r"\s", "", pupil.local_id).upper()
    if check == IdentityCheck.CODE:
        return bool(pupil.join_code) and secrets.compare_digest(given, pupil.join_code)
    return True


def _pupil_link(
    organization: Organization,
    user: User,
    last_name: str,
    first_name: str,
    birthdate: datetime.date,
    second_secret: str,
) -> Pupil:
    """The list entry this identity designates, linked to `user`; raises _NoMatch."""
    wanted = (normalize_name(last_name), normalize_name(first_name))
    same_name = [
        p
        for p in Pupil.objects.filter(organization=organization, is_active=True)
        if (normalize_name(p.last_name), normalize_name(p.first_name)) == wanted
    ]
    aimed_at = [f"pupil:{p.pk}" for p in same_name]
    identity.entries_allowed(aimed_at)
    matched = [
        p
        for p in same_name
        if p.birthdate == birthdate
        and _secret_matches(p, organization.identity_check, second_secret)
    ]
    if len(matched) != 1:
        raise _NoMatch(aimed_at)
    # Why the lock: two accounts matching the same entry at once must not both take it.
    pupil = Pupil.objects.select_for_update().get(pk=matched[0].pk)
    if pupil.user_id not in (None, user.pk):
        raise _NoMatch(aimed_at)  # already linked: said no differently than « not found »
    if Pupil.objects.filter(organization=organization, user=user).exclude(pk=pupil.pk).exists():
        raise OrgaError(_("Ton compte est déjà relié à un autre élève de cet établissement."))
    if pupil.user_id is None:
        pupil.user = user
        pupil.linked_at = timezone.now()
        pupil.save(update_fields=["user", "linked_at"])
    return pupil


@transaction.atomic
def pupil_unlink(*, pupil: Pupil) -> None:
    """Free a list entry linked to the wrong account: the pupil can then link again."""
    Pupil.objects.filter(pk=pupil.pk).update(user=None, linked_at=None)


JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed
JOIN_CODE_LENGTH = 6


@transaction.atomic
def join_codes_generate(*, organization: Organization) -> int:
    """Give a personal code to every pupil of the list who has none; returns how many."""
    missing = list(
        Pupil.objects.select_for_update().filter(organization=organization, join_code="")
    )
    for pupil in missing:
        pupil.join_code = "".join(
            secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH)
        )
    Pupil.objects.bulk_update(missing, ["join_code"])
    return len(missing)


@transaction.atomic
def identity_check_set(*, organization: Organization, check: str) -> None:
    if check not in IdentityCheck.values:
        raise OrgaError(_("Ce mode de vérification n'existe pas."))
    organization.identity_check = check
    organization.save(update_fields=["identity_check"])
    if check == IdentityCheck.CODE:
        join_codes_generate(organization=organization)


def profile_snapshot(user_id: int) -> dict[str, Any]:
    """The profile as it is now, uncapped (caps are applied on display and export)."""
    profile = profile_of(user_id)
    return {
        "competences": {
            card.competence.code: {
                "pix": card.uncapped.pix,
                "level": card.uncapped.level,
                "started": card.status != "not_started",
            }
            for card in profile.cards
        },
        "certifiable_competences": profile.summary.certifiable_competences,
    }


@transaction.atomic
def participation_share(*, participation: Participation) -> Participation:
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.status == ParticipationStatus.SHARED:
        return participation  # a second click changes nothing
    if participation.campaign.status == CampaignStatus.ARCHIVED:
        raise OrgaError(_("Cette campagne est terminée : elle n'accepte plus d'envoi."))
    participation.snapshot = profile_snapshot(participation.user_id)
    participation.shared_at = timezone.now()
    _apply(
        participation,
        PARTICIPATION_MACHINE,
        "share",
        by_id=participation.user_id,
        update_fields=("snapshot", "shared_at"),
    )
    return participation


@transaction.atomic
def participation_retry(*, participation: Participation) -> Participation:
    """Reusable campaigns: send the profile again (after improving it)."""
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if not participation.campaign.multiple_sendings:
        raise OrgaError(_("Cette campagne n'accepte qu'un seul envoi."))
    if participation.status != ParticipationStatus.SHARED or participation.is_improved:
        raise OrgaError(_("Envoie d'abord ton profil."))
    participation.is_improved = True
    participation.save(update_fields=["is_improved"])
    return Participation.objects.create(
        campaign=participation.campaign,
        user=participation.user,
        pupil=participation.pupil,
        external_id=participation.external_id,
        status=ParticipationStatus.TO_SHARE,
    )


# --- Campaign exports ------------------------------------------------------------------------

EXPORT_CONTENT_TYPES: dict[str, str] = {
    Export.Format.CSV: "text/csv; charset=utf-8",
    Export.Format.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
# Progress stored while the rows are written (10 → 90 %): reading the results comes before,
# saving the file after. About 20 updates per export, whatever its size.
_PROGRESS_STEP = 5
# A teacher who clicks again while an export is being built gets that export, not a second one.
_EXPORT_REUSE = datetime.timedelta(minutes=10)
# Pupils' results are not kept on disk longer than a teacher needs to download them.
EXPORT_RETENTION = datetime.timedelta(days=7)


def export_is_large(campaign: Campaign) -> bool:
    """Whether the export is built by the worker rather than inside the request."""
    rows = Participation.objects.filter(campaign=campaign, is_improved=False).count()
    return rows > settings.EXPORT_IMMEDIATE_MAX_ROWS


def export_write(
    *,
    campaign: Campaign,
    format: str,
    target: BinaryIO,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the campaign's results table (spec 02 §4) as CSV or ODS into `target`, calling
    `progress` with a percentage now and then."""
    header, rows = selectors.export_table(campaign)
    lines = _reporting(rows, progress) if progress is not None else rows
    if format == Export.Format.ODS:
        sheet_name = campaign.name[:31] or campaign.code
        spreadsheets.ods_write(target, header, lines, sheet_name=sheet_name)
    else:
        spreadsheets.csv_write(target, header, lines)


def _reporting(rows: list[list[Any]], progress: Callable[[int], None]) -> Iterator[list[Any]]:
    reported = 10
    progress(reported)
    for index, row in enumerate(rows):
        done = 10 + 80 * index // len(rows)
        if done >= reported + _PROGRESS_STEP:
            progress(done)
            reported = done
        yield row


def export_request(*, campaign: Campaign, format: str, by: User) -> Export:
    """Ask the worker for the campaign's export; the export is built once this is committed."""
    if format not in Export.Format.values:
        raise OrgaError(_("Ce format d'export n'existe pas : choisissez CSV ou ODS."))
    in_progress = Export.objects.filter(
        campaign=campaign,
        format=format,
        requested_by=by,
        status__in=[Export.Status.PENDING, Export.Status.RUNNING],
        created_at__gte=timezone.now() - _EXPORT_REUSE,
    ).first()
    if in_progress is not None:
        return in_progress
    export = Export.objects.create(
        organization=campaign.organization, campaign=campaign, format=format, requested_by=by
    )
    # On commit: the worker must find the row it is given.
    transaction.on_commit(partial(_export_enqueue, export_id=export.pk))
    return export


def _export_enqueue(*, export_id: int) -> None:
    result = tasks.export_build.enqueue(export_id=export_id)
    # Kept so that staff can go from the export to its task result (traceback) in the admin.
    Export.objects.filter(pk=export_id).update(task_id=str(result.id))


def export_build(*, export: Export) -> None:
    """Build the file of a requested export (run by the worker). A failure marks the export
    « échec » with a message for the teacher, then is raised again so that the task result
    keeps the traceback for staff."""
    # Claim with a conditional UPDATE: a task run twice (retry, two workers) builds it once.
    claimed = Export.objects.filter(pk=export.pk, status=Export.Status.PENDING).update(
        status=Export.Status.RUNNING, progress=0
    )
    if not claimed:
        return
    exports_prune()
    try:
        with tempfile.TemporaryFile() as scratch:
            export_write(
                campaign=export.campaign,
                format=export.format,
                target=scratch,
                progress=partial(_export_progress, export_id=export.pk),
            )
            scratch.seek(0)
            export.file.save(export.download_name, File(scratch), save=False)
    except Exception:
        with translation.override(settings.LANGUAGE_CODE):
            error = _(
                "L'export n'a pas pu être préparé. Réessayez dans quelques minutes ; si l'échec "
                "se répète, écrivez au support en indiquant le nom de la campagne."
            )
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, error=error, finished_at=timezone.now()
        )
        raise
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE, progress=100, file=export.file.name, finished_at=timezone.now()
    )


def exports_prune() -> int:
    """Delete the exports (rows and files) older than EXPORT_RETENTION; run by the worker
    before each build. Returns how many were deleted."""
    expired = list(Export.objects.filter(created_at__lt=timezone.now() - EXPORT_RETENTION))
    for export in expired:
        export.file.delete(save=False)  # nothing happens for an export without a file
    Export.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)


def _export_progress(percent: int, *, export_id: int) -> None:
    Export.objects.filter(pk=export_id).update(progress=percent)
