from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from certinum.centers import roomtest
from certinum.centers.candidates import CandidateError
from certinum.centers.models import BillingMode, Session, SessionStatus, Sex
from certinum.orga.forms import SpreadsheetUploadForm
from certinum.orga.models import OrganizationType


class SessionForm(forms.ModelForm[Session]):
    class Meta:
        model = Session
        fields = [
            "date",
            "time",
            "duration_minutes",
            "address",
            "room",
            "examiners",
            "invigilator_count",
            "description",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"description": _("Observations (facultatif)")}


STATUS_FILTERS = [
    ("", _("Tous les statuts")),
    (SessionStatus.CREATED.value, _("Créées")),
    ("started", _("En cours")),
    (SessionStatus.FINALIZED.value, _("Finalisées")),
    (SessionStatus.IN_PROCESS.value, _("En cours de traitement")),
    (SessionStatus.PROCESSED.value, _("Résultats transmis")),
]


class SessionFilterForm(forms.Form):
    statut = forms.ChoiceField(label=_("Statut"), choices=STATUS_FILTERS, required=False)
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CandidateForm(forms.Form):
    """Every field is text: `validate_candidate` does the checking, with the same rules and
    messages as the spreadsheet import; its errors are attached to the fields here."""

    last_name = forms.CharField(label=_("Nom de naissance"), max_length=120, required=False)
    first_name = forms.CharField(label=_("Prénom"), max_length=120, required=False)
    sex = forms.ChoiceField(label=_("Sexe"), choices=[("", "—"), *Sex.choices], required=False)
    birthdate = forms.CharField(
        label=_("Date de naissance"),
        help_text=_("Au format jj/mm/aaaa, par exemple 14/03/2012."),
        max_length=10,
        required=False,
    )
    birth_country = forms.CharField(
        label=_("Pays de naissance"), max_length=100, required=False, initial="France"
    )
    birth_insee_code = forms.CharField(
        label=_("Code INSEE de la commune"),
        help_text=_("Ou bien le code postal et la commune ci-dessous. Pays étranger : 99."),
        max_length=5,
        required=False,
    )
    birth_postal_code = forms.CharField(label=_("Code postal"), max_length=5, required=False)
    birth_city = forms.CharField(label=_("Commune de naissance"), max_length=120, required=False)
    email = forms.CharField(label=_("E-mail de convocation"), max_length=254, required=False)
    result_recipient_email = forms.CharField(
        label=_("E-mail du destinataire des résultats"),
        help_text=_("Par exemple le professeur principal."),
        max_length=254,
        required=False,
    )
    external_id = forms.CharField(label=_("Identifiant local"), max_length=60, required=False)
    extra_time_percentage = forms.CharField(
        label=_("Temps majoré (%)"),
        help_text=_("Par exemple 33 pour un tiers-temps. Laisser vide sinon."),
        max_length=5,
        required=False,
    )
    billing_mode = forms.ChoiceField(
        label=_("Tarification"), choices=[("", "—"), *BillingMode.choices], required=False
    )
    prepayment_code = forms.CharField(label=_("Code de prépaiement"), max_length=40, required=False)

    def __init__(self, *args: Any, center_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.center_type = center_type
        if center_type == OrganizationType.SCO:
            del self.fields["billing_mode"]
            del self.fields["prepayment_code"]

    def add_candidate_errors(self, errors: list[CandidateError]) -> None:
        for error in errors:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message)


class EnrolForm(forms.Form):
    pupils = forms.TypedMultipleChoiceField(
        label=_("Élèves à inscrire"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, pupil_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["pupils"])
        field.choices = [(pk, str(pk)) for pk in pupil_ids]
        field.error_messages["required"] = _("Cochez au moins un élève.")


class CandidateImportForm(SpreadsheetUploadForm):
    file = forms.FileField(
        label=_("Liste des candidats (ODS, XLSX ou CSV)"),
        help_text=_("Le modèle de la session, complété. 5 Mo et 500 candidats au plus."),
    )


class RoomCheckAttachForm(forms.Form):
    """The code a technician noted on a computer after the room test, and its name."""

    code = forms.CharField(label=_("Code du poste"), max_length=20)
    label = forms.CharField(
        label=_("Nom du poste (facultatif)"),
        max_length=60,
        required=False,
        help_text=_("Par exemple « Salle 12, poste 4 »."),
    )

    def clean_code(self) -> str:
        code = roomtest.normalize_code(self.cleaned_data["code"])
        if len(code) != roomtest.CODE_LENGTH or any(
            char not in roomtest.CODE_ALPHABET for char in code
        ):
            raise forms.ValidationError(
                _("Un code de poste a 8 caractères, lettres et chiffres (par exemple BCDF2346).")
            )
        return code
