from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

VERIFICATION_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=20,
        help_text=_("Il figure sur l'attestation, par exemple C-3B7KD9XQ."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper().replace(" ", "")
        RegexValidator(
            rf"^C-[{VERIFICATION_ALPHABET}]{{8}}$",
            _("Le code commence par « C- » suivi de 8 caractères, par exemple C-3B7KD9XQ."),
        )(code)
        return code
