"""Matching people by name: the same person may be typed "Jean-Pierre Lévêque" in a school
export and "jean pierre leveque" by the pupil (spec 03 §5)."""

import re
import unicodedata

from certinum.accounts import throttle

_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_ALNUM = re.compile("[^0-9A-Z]")


def normalize_name(value: str) -> str:
    """NFD, accents removed, upper-case, only [0-9A-Z] kept: "Lévêque-D'Arc" → "LEVEQUEDARC"."""
    decomposed = unicodedata.normalize("NFD", value or "")
    return _NOT_ALNUM.sub("", _COMBINING.sub("", decomposed).upper())


# --- Guarded matching ---------------------------------------------------------------------
#
# Matching a person to a list entry by names and birthdate (a campaign now, a certification
# session next) is a guessable secret: a classmate knows the names and can step through
# birthdates. Failed matches are counted per account, per address and per list entry; past
# the limits the attempt is refused for a while, and every failure gets one neutral message.


def match_allowed(*, account_id: int, ip: str) -> None:
    """Raise throttle.Throttled when this account or address failed too often lately."""
    throttle.check("identity-account", str(account_id))
    throttle.check("identity-ip", ip)


def entries_allowed(entry_keys: list[str]) -> None:
    """Raise throttle.Throttled when one of these list entries was aimed at too often."""
    for key in entry_keys:
        throttle.check("identity-entry", key)


def match_failed(*, account_id: int, ip: str, entry_keys: list[str]) -> None:
    """Count a failed match against the account, the address and the entries aimed at
    (those whose names matched). Call it outside the transaction that is rolled back."""
    throttle.hit("identity-account", str(account_id))
    throttle.hit("identity-ip", ip)
    for key in entry_keys:
        throttle.hit("identity-entry", key)


def match_succeeded(*, account_id: int) -> None:
    throttle.clear("identity-account", str(account_id))
