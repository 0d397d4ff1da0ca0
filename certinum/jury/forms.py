"""The finalization page's forms: the session's values, one form per candidate who started,
one « new report » form per candidate, and the upload of a scan. The rules of a report are
those of `issues.issue_problems`, shared with the services."""

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from certinum.centers.models import EXAMINER_COMMENT_MAX
from certinum.evaluation.models import AbortReason, CertificationCourse, CourseState
from certinum.jury import documents
from certinum.jury.issues import (
    IN_CHALLENGE_SUBCATEGORIES,
    QUESTION_NUMBER_MAX,
    IssueCategory,
    IssueSubcategory,
    issue_problems,
)
from certinum.jury.models import DocumentKind
from certinum.jury.services import CourseValues, Draft, NewDocument, NewReport


class SessionFinalizationForm(forms.Form):
    examiner_global_comment = forms.CharField(
        label=_("Commentaire global sur la session"),
        max_length=EXAMINER_COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif, 500 caractères au plus."),
    )
    has_incident = forms.BooleanField(
        label=_("Un incident ou un problème technique a eu lieu pendant la session"),
        required=False,
    )
    has_joining_issue = forms.BooleanField(
        label=_("Un ou plusieurs candidats n'ont pas pu rejoindre la session"), required=False
    )


class CourseFinalizationForm(forms.Form):
    has_seen_end_test_screen = forms.BooleanField(
        label=_("Écran de fin du test vu"), required=False
    )
    abort_reason = forms.ChoiceField(
        label=_("Motif de l'arrêt du test"),
        choices=[("", _("— Choisir —")), *AbortReason.choices],
        required=False,
    )
    examiner_comment = forms.CharField(
        label=_("Commentaire sur ce candidat"),
        max_length=EXAMINER_COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, course: CertificationCourse, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"c{course.pk}")
        kwargs.setdefault(
            "initial",
            {
                "has_seen_end_test_screen": course.has_seen_end_test_screen,
                "abort_reason": course.abort_reason,
                "examiner_comment": course.examiner_comment,
            },
        )
        super().__init__(*args, **kwargs)
        self.course = course
        self.is_completed = course.state == CourseState.COMPLETED
        if self.is_completed:
            del self.fields["abort_reason"]

    def values(self) -> CourseValues:
        data = self.cleaned_data
        return CourseValues(
            course_id=self.course.pk,
            has_seen_end_test_screen=data["has_seen_end_test_screen"],
            abort_reason=data.get("abort_reason", ""),
            examiner_comment=data["examiner_comment"].strip(),
        )


def _subcategory_choices() -> list[Any]:
    candidate = [
        (s.value, s.label)
        for s in (IssueSubcategory.NAME_OR_BIRTHDATE, IssueSubcategory.EXTRA_TIME_PERCENTAGE)
    ]
    in_challenge = [(s.value, f"{s.value} · {s.label}") for s in IN_CHALLENGE_SUBCATEGORIES]
    return [
        ("", _("— Aucune —")),
        (_("Modification des informations du candidat"), candidate),
        (_("Problème technique sur une question"), in_challenge),
    ]


class IssueReportForm(forms.Form):
    """A new report on one candidate; left empty, it adds nothing."""

    category = forms.ChoiceField(
        label=_("Catégorie"),
        choices=[("", _("— Choisir —")), *IssueCategory.choices],
        required=False,
    )
    subcategory = forms.ChoiceField(
        label=_("Sous-catégorie"),
        choices=_subcategory_choices,
        required=False,
        help_text=_("Pour C1-C2 et pour un problème sur une question."),
    )
    question_number = forms.IntegerField(
        label=_("Numéro de la question"),
        min_value=1,
        max_value=QUESTION_NUMBER_MAX,
        required=False,
        help_text=_("Pour un problème sur une question."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, course: CertificationCourse, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"n{course.pk}")
        super().__init__(*args, **kwargs)
        self.course = course

    def is_filled(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("category")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if not data.get("category"):
            typed = (
                data.get("subcategory") or data.get("description") or data.get("question_number")
            )
            if typed:  # something was typed for a report: say what is missing, lose nothing
                self.add_error("category", _("Choisissez la catégorie du signalement."))
            return data
        problems = issue_problems(
            category=data["category"],
            subcategory=data.get("subcategory", ""),
            description=data.get("description", ""),
            question_number=data.get("question_number"),
        )
        for name, message in problems.items():
            self.add_error(name, message)
        return data

    def new_report(self) -> NewReport | None:
        data = self.cleaned_data
        if not data.get("category"):
            return None
        return NewReport(
            course_id=self.course.pk,
            category=data["category"],
            subcategory=data.get("subcategory", ""),
            description=data.get("description", ""),
            question_number=data.get("question_number"),
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de document"),
        choices=[("", _("— Choisir —")), *DocumentKind.choices],
        required=False,
    )
    file = forms.FileField(
        label=_("Fichier (PDF, PNG ou JPEG)"),
        required=False,
        help_text=_("Une photo ou un scan lisible, %(size)s au plus."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = str(self.fields["file"].help_text) % {
            "size": filesizeformat(settings.SESSION_DOCUMENT_MAX_BYTES)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if not upload:
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Choisissez le type de document."))
        if upload.size > settings.SESSION_DOCUMENT_MAX_BYTES:
            self.add_error(
                "file",
                _("Ce fichier est trop lourd : %(size)s au plus.")
                % {"size": filesizeformat(settings.SESSION_DOCUMENT_MAX_BYTES)},
            )
            return data
        upload.seek(0)
        content_type = documents.sniffed_type(upload.read(16))
        upload.seek(0)
        if content_type is None:
            self.add_error("file", _("Seuls les fichiers PDF, PNG ou JPEG sont acceptés."))
        elif not documents.name_matches(upload.name or "", content_type):
            self.add_error(
                "file",
                _(
                    "Le contenu de ce fichier ne correspond pas à son nom : envoyez le vrai "
                    "fichier PDF, PNG ou JPEG."
                ),
            )
        data["content_type"] = content_type
        return data

    def new_document(self) -> NewDocument | None:
        data = self.cleaned_data
        if not data.get("file"):
            return None
        return NewDocument(kind=data["kind"], file=data["file"], content_type=data["content_type"])


class CandidateBlock:
    """One candidate who started: her values, her reports and the form of a new one."""

    def __init__(self, course: CertificationCourse, data: Any = None) -> None:
        self.course = course
        self.candidate = course.candidate
        self.reports = list(course.issue_reports.all())
        self.form = CourseFinalizationForm(data, course=course)
        self.new_report = IssueReportForm(data, course=course)

    def is_valid(self) -> bool:
        # Both forms are checked, so that every error shows at once.
        valid = self.form.is_valid()
        return self.new_report.is_valid() and valid


class FinalizationForms:
    """Every form of the finalization page, bound together: one submit saves them all."""

    def __init__(
        self, session: Any, courses: list[CertificationCourse], data: Any = None, files: Any = None
    ) -> None:
        self.session_form = SessionFinalizationForm(
            data,
            prefix="session",
            initial={
                "examiner_global_comment": session.examiner_global_comment,
                "has_incident": session.has_incident,
                "has_joining_issue": session.has_joining_issue,
            },
        )
        self.blocks = [CandidateBlock(course, data) for course in courses]
        self.document_form = DocumentForm(data, files, prefix="document")

    def is_valid(self) -> bool:
        results = [self.session_form.is_valid(), self.document_form.is_valid()]
        results += [block.is_valid() for block in self.blocks]
        return all(results)

    @property
    def errors(self) -> list[tuple[str, str, str]]:
        """Every error of the page, for the summary at its top: (field id, label, error)."""
        forms = [self.session_form, self.document_form]
        forms += [f for block in self.blocks for f in (block.form, block.new_report)]
        names = {id(block.form): block.candidate for block in self.blocks}
        names |= {id(block.new_report): block.candidate for block in self.blocks}
        return [
            (
                field.id_for_label,
                f"{names[id(form)]} — {field.label}" if id(form) in names else str(field.label),
                str(error),
            )
            for form in forms
            if form.is_bound and form.errors
            for field in form
            for error in field.errors
        ]

    def draft(self, data: Any) -> Draft:
        session_data = self.session_form.cleaned_data
        new_document = self.document_form.new_document()
        return Draft(
            examiner_global_comment=session_data["examiner_global_comment"].strip(),
            has_incident=session_data["has_incident"],
            has_joining_issue=session_data["has_joining_issue"],
            courses=[block.form.values() for block in self.blocks],
            new_reports=[r for block in self.blocks if (r := block.new_report.new_report())],
            removed_report_ids=_ids(data.getlist("remove_report")),
            new_documents=[new_document] if new_document else [],
            removed_document_ids=_ids(data.getlist("remove_document")),
        )


def _ids(values: list[str]) -> list[int]:
    """Tampered ids are ignored (the service only touches rows of this session)."""
    return [int(v) for v in values if v.isdigit() and len(v) < 12]
