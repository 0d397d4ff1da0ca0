"""Matching people by name: the same person may be typed "Jean-Pierre Lévêque" in a school
export and "jean pierre leveque" by the pupil (spec 03 §5)."""

import re
import unicodedata

_COMBINING = re.compile("[\u0300-\u036f]")
_NOT_ALNUM = re.compile("[^0-9A-Z]")


def normalize_name(value: str) -> str:
    """NFD, accents removed, upper-case, only [0-9A-Z] kept: "Lévêque-D'Arc" → "LEVEQUEDARC"."""
    decomposed = unicodedata.normalize("NFD", value or "")
    return _NOT_ALNUM.sub("", _COMBINING.sub("", decomposed).upper())
