from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from certinum.accounts.forms import birthdate_field


class InvigilatorEntryForm(forms.Form):
    session_number = forms.IntegerField(
        label=_("Numéro de session"),
        min_value=1,
        max_value=2_147_483_647,
        error_messages={"invalid": _("Le numéro de session ne contient que des chiffres.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Mot de passe surveillant"),
        max_length=9,
        validators=[
            RegexValidator(
                r"^\s*([Cc]\s*-\s*)?[A-Za-z0-9]{5}\s*$",
                _("Le mot de passe s'écrit C- puis 5 lettres ou chiffres, par exemple C-B2F7K."),
            )
        ],
        help_text=_("Il figure sur le kit surveillant : C- puis 5 caractères."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AuthorizeForm(forms.Form):
    authorized = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class DetailsErrorForm(forms.Form):
    note = forms.CharField(
        label=_("Erreur constatée"),
        max_length=500,
        help_text=_("Par exemple : « le nom s'écrit Lefèvre, pas Lefevre »."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SessionJoinForm(forms.Form):
    session_number = forms.IntegerField(
        label=_("Numéro de session"),
        min_value=1,
        max_value=2_147_483_647,
        error_messages={"invalid": _("Le numéro de session ne contient que des chiffres.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=120)
    last_name = forms.CharField(label=_("Nom"), max_length=120)
    birthdate = birthdate_field()


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code d'accès"),
        max_length=12,
        help_text=_("4 lettres et 2 chiffres, affichés par le surveillant."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
