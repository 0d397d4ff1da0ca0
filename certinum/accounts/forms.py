from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Adresse e-mail ou identifiant"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail, identifiant ou mot de passe incorrect. "
            "Vérifie ta saisie : les majuscules comptent dans le mot de passe."
        ),
        "inactive": _("Ce compte est désactivé. Adresse-toi à ton établissement."),
    }
