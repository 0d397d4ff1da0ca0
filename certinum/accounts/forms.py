from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from certinum.accounts.models import User
from certinum.accounts.services import identifier_in_use


def birthdate_field() -> forms.DateField:
    """A birthdate as French people type it (14/03/2012), ISO accepted too."""
    return forms.DateField(
        label=_("Date de naissance"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Au format JJ/MM/AAAA, par exemple 14/03/2012."),
        error_messages={"invalid": _("Date invalide : écris-la au format JJ/MM/AAAA.")},
    )


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


class SignupForm(UserCreationForm[User]):
    """Create an account: pupils may choose a username and give no e-mail address."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    birthdate = birthdate_field()
    email = forms.EmailField(
        label=_("Adresse e-mail (facultative)"),
        required=False,
        help_text=_("Utile pour retrouver ton mot de passe si tu l'oublies."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        # Not "email": the model's unique constraint would say « already used » on the form;
        # the service handles a taken address without revealing it.
        fields = ("first_name", "last_name", "birthdate", "username")
        labels = {"username": _("Identifiant de connexion")}
        help_texts = {"username": _("Lettres, chiffres et . + - _ ; 150 caractères au plus.")}

    def clean_email(self) -> str:
        # Whether the address already has an account is not said here: the service sends a
        # message to the address either way (certinum/accounts/services.py).
        email: str = self.cleaned_data.get("email", "").strip().lower()
        return email

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if "@" in username:
            # Otherwise anyone could take a future user's e-mail address as a username.
            raise forms.ValidationError(
                _(
                    "L'identifiant ne peut pas contenir « @ » : choisis un identifiant "
                    "qui n'est pas une adresse e-mail."
                )
            )
        if identifier_in_use(username):
            raise forms.ValidationError(_("Cet identifiant est déjà pris : choisis-en un autre."))
        return username
