from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class InvigilatorEntryForm(forms.Form):
    session_number = forms.IntegerField(
        label=_("Numéro de session"),
        min_value=1,
        max_value=2_147_483_647,
        error_messages={"invalid": _("Le numéro de session ne contient que des chiffres.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Mot de passe de la session"),
        max_length=5,
        min_length=5,
        validators=[
            RegexValidator(r"^[A-Za-z0-9]{5}$", _("Le mot de passe compte 5 lettres ou chiffres."))
        ],
        help_text=_("5 caractères, indiqués sur le procès-verbal de la session."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
