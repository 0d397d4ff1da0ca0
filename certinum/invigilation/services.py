"""State changes of the session day on the invigilator's side (spec 04 §1, §3). Each
refusal is an `InvigilationRefused` with a French message and changes nothing."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from certinum.accounts import identity, throttle
from certinum.accounts.identity import normalize_name
from certinum.accounts.models import User
from certinum.centers.models import PASSWORD_PREFIX, Candidate, Session
from certinum.invigilation.models import InvigilatorAccess

NEUTRAL_REFUSAL = _("Aucune session ouverte ne correspond à ce numéro et à ce mot de passe.")


class InvigilationRefused(Exception):
    """Refused; the message is French and can be shown as is."""


def typed_password(text: str) -> str:
    """The password as stored: « C-b2f7k », « c b2f7k » and « B2F7K » are the same."""
    cleaned = "".join(text.split()).upper()
    return cleaned.removeprefix(PASSWORD_PREFIX) if cleaned.startswith(PASSWORD_PREFIX) else cleaned


def invigilator_enter(*, user: User, number: int, password: str, ip: str) -> Session:
    """Open the portal of a session with its number and password. Failures are counted per
    account and per address and answered with one neutral message (the number is not a
    secret, the password is); a finalized session is closed to invigilators."""
    throttle.check("invigilator-login-ip", ip)
    throttle.check("access-code-account", f"invigilator:{user.pk}")
    session = Session.objects.filter(pk=number).first()
    if session is None or session.invigilator_password != typed_password(password):
        throttle.hit("invigilator-login-ip", ip)
        throttle.hit("access-code-account", f"invigilator:{user.pk}")
        raise InvigilationRefused(str(NEUTRAL_REFUSAL))
    if not session.is_open:
        raise InvigilationRefused(
            _("Cette session est finalisée : l'espace surveillant n'est plus ouvert.")
        )
    InvigilatorAccess.objects.get_or_create(session=session, user=user)
    return session


def _open_session_of(candidate: Candidate) -> Session:
    session = Session.objects.select_for_update().get(pk=candidate.session_id)
    if not session.is_open:
        raise InvigilationRefused(_("Cette session est finalisée."))
    return session


@transaction.atomic
def candidate_authorize(*, candidate: Candidate, authorized: bool) -> Candidate:
    """Confirm presence and authorize the start (or the resumption), or cancel it before
    the candidate enters. Only a candidate who has joined with her account can be
    authorized: the invigilator sees her arrive first."""
    _open_session_of(candidate)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if authorized and candidate.user_id is None:
        raise InvigilationRefused(
            _("Ce candidat n'a pas encore rejoint la session depuis son ordinateur.")
        )
    candidate.authorized_to_start = authorized
    candidate.save(update_fields=["authorized_to_start"])
    return candidate


@transaction.atomic
def details_error_note(*, candidate: Candidate, note: str) -> Candidate:
    """An error in the candidate's names or birthdate, noted for the center to report at
    finalization (the list itself is the center's to change)."""
    _open_session_of(candidate)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    candidate.details_error = note.strip()[:500]
    candidate.save(update_fields=["details_error"])
    return candidate


# --- The candidate's side: joining a session ------------------------------------------------


class _NoMatch(Exception):
    def __init__(self, aimed_at: list[str]) -> None:
        super().__init__("no match")
        self.aimed_at = aimed_at


def join_refusal() -> str:
    return _(
        "Aucun candidat de cette session ne correspond à ces informations. Vérifie le numéro "
        "de session et écris ton prénom, ton nom et ta date de naissance comme sur ta notice ; "
        "si ça ne marche toujours pas, lève la main."
    )


def session_join(
    *,
    user: User,
    number: int,
    first_name: str,
    last_name: str,
    birthdate: datetime.date,
    ip: str,
) -> Candidate:
    """Link the user to her line of the session's candidate list (spec 03 §5): same
    birthdate, same names once accents, case, spaces, hyphens and apostrophes are set aside.
    One candidate per user per session; failures are throttled (throttle.Throttled) and all
    answered with the same message (InvigilationRefused)."""
    identity.match_allowed(account_id=user.pk, ip=ip)
    try:
        with transaction.atomic():
            candidate = _candidate_link(user, number, first_name, last_name, birthdate)
    except _NoMatch as failure:
        identity.match_failed(account_id=user.pk, ip=ip, entry_keys=failure.aimed_at)
        raise InvigilationRefused(join_refusal()) from None
    identity.match_succeeded(account_id=user.pk)
    return candidate


def _candidate_link(
    user: User, number: int, first_name: str, last_name: str, birthdate: datetime.date
) -> Candidate:
    session = Session.objects.filter(pk=number).first()
    if session is None or not session.is_open:
        raise _NoMatch([])
    mine = session.candidates.filter(user=user).first()
    if mine is not None:
        return mine  # already joined: coming back is not a failure
    wanted = (normalize_name(last_name), normalize_name(first_name))
    same_name = [
        c
        for c in session.candidates.all()
        if (normalize_name(c.last_name), normalize_name(c.first_name)) == wanted
    ]
    aimed_at = [f"candidate:{c.pk}" for c in same_name]
    identity.entries_allowed(aimed_at)
    matched = [c for c in same_name if c.birthdate == birthdate]
    if len(matched) != 1:
        raise _NoMatch(aimed_at)
    # Two accounts matching the same line at once must not both take it.
    candidate = Candidate.objects.select_for_update().get(pk=matched[0].pk)
    if candidate.user_id is not None:
        raise _NoMatch(aimed_at)
    candidate.user = user
    candidate.save(update_fields=["user"])
    return candidate


def access_code_check(*, candidate: Candidate, code: str) -> Candidate:
    """The access code the invigilator shows, once she has authorized the candidate.
    Wrong codes are throttled per account (throttle.Throttled)."""
    key = f"candidate:{candidate.user_id}"
    throttle.check("access-code-account", key)
    session = candidate.session
    if not session.is_open:
        raise InvigilationRefused(_("Cette session est terminée."))
    if "".join(code.split()).upper() != session.access_code:
        throttle.hit("access-code-account", key)
        raise InvigilationRefused(
            _("Ce code d'accès n'est pas le bon : recopie celui que le surveillant affiche.")
        )
    if not candidate.authorized_to_start:
        raise InvigilationRefused(
            _("Le surveillant ne t'a pas encore autorisé à commencer : attends son accord.")
        )
    return candidate
