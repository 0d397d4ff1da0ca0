import re

from django import forms
from django.utils.translation import gettext_lazy as _

from certinum.accounts.forms import birthdate_field
from certinum.accounts.models import Role
from certinum.orga import spreadsheets
from certinum.orga.models import IdentityCheck


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)


class SpreadsheetUploadForm(forms.Form):
    """One spreadsheet file, read whole up to the size limit (`read_table` checks the rest)."""

    file = forms.FileField(label=_("Fichier (ODS, XLSX ou CSV)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."))
        self.filename = upload.name or "import"
        data: bytes = upload.read(spreadsheets.MAX_UPLOAD_BYTES + 1)
        return data


class PupilImportForm(SpreadsheetUploadForm):
    file = forms.FileField(
        label=_("Liste des élèves (ODS, XLSX ou CSV)"),
        help_text=_(
            "Première ligne : Nom, Prénom, Date de naissance, Classe, Identifiant. 5 Mo au plus."
        ),
    )


class ImportConfirmForm(forms.Form):
    remove_absent = forms.BooleanField(
        label=_("Retirer de leur classe les élèves absents du fichier"), required=False
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Nom de la campagne"), max_length=150)
    external_id_label = forms.CharField(
        label=_("Identifiant externe demandé aux élèves (facultatif)"),
        max_length=80,
        required=False,
        help_text=_("Par exemple « Numéro d'élève ». Laisser vide si inutile."),
    )
    multiple_sendings = forms.BooleanField(
        label=_("Les élèves peuvent renvoyer leur profil après l'avoir amélioré"), required=False
    )


class CampaignCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de la campagne"),
        max_length=20,
        help_text=_("9 caractères donnés par ton professeur, par exemple ABCDEF234."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()
        if not re.fullmatch(r"[A-Z0-9]{9}", code):
            raise forms.ValidationError(
                _("Un code de campagne compte 9 lettres et chiffres, par exemple ABCDEF234.")
            )
        return code


class IdentityForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=120)
    last_name = forms.CharField(label=_("Nom"), max_length=120)
    birthdate = birthdate_field()
    second_secret = forms.CharField(max_length=40, required=True)
    external_id = forms.CharField(max_length=80, required=False)

    def __init__(
        self,
        *args: object,
        external_id_label: str = "",
        identity_check: str = IdentityCheck.NONE,
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if external_id_label:
            self.fields["external_id"].label = external_id_label
            self.fields["external_id"].required = True
        else:
            del self.fields["external_id"]
        secret = self.fields["second_secret"]
        if identity_check == IdentityCheck.LOCAL_ID:
            secret.label = _("Ton identifiant d'élève")
            secret.help_text = _(
                "Celui de la liste de l'établissement : demande-le à ton professeur."
            )
        elif identity_check == IdentityCheck.CODE:
            secret.label = _("Ton code personnel")
            secret.help_text = _("6 lettres et chiffres, sur le papier donné par ton professeur.")
        else:
            del self.fields["second_secret"]


class IdentityCheckForm(forms.Form):
    identity_check = forms.ChoiceField(
        label=_("Pour relier un élève à la liste, demander"), choices=IdentityCheck.choices
    )
