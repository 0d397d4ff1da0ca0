import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certinum.evaluation.models import VERIFICATION_ALPHABET, VERIFICATION_PREFIX

_CODE = re.compile(rf"^{re.escape(VERIFICATION_PREFIX)}[{VERIFICATION_ALPHABET}]{{8}}$")
_SEPARATORS = re.compile(r"[\s\u00a0\u202f]+")


def normalize_code(raw: str) -> str | None:
    """The code as stored (« P-3B7KD9XQ »), from what someone typed or a link held: case,
    spaces and a missing « P- » (or its dash) are forgiven. None if it cannot be a code."""
    code = _SEPARATORS.sub("", raw).upper().replace("\u2010", "-").replace("\u2013", "-")
    if len(code) == 8:
        code = VERIFICATION_PREFIX + code
    elif len(code) == 9 and code.startswith(VERIFICATION_PREFIX[0]):
        code = VERIFICATION_PREFIX + code[1:]
    return code if _CODE.match(code) else None


FORMAT_ERROR = _(
    "Le code commence par « P- » suivi de 8 lettres ou chiffres, par exemple P-3B7KD9XQ."
)


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=30,
        error_messages={"max_length": FORMAT_ERROR},
        help_text=_("Il figure sur l'attestation, par exemple P-3B7KD9XQ."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(FORMAT_ERROR)
        return code
