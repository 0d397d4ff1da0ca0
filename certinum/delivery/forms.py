"""The answer form of a question: one class, built from the challenge, for the page (it
renders the fields), the view (it reads the request) and the service (it validates the
shape and returns the value the engine checks).

Every shape error has a French message addressed to the pupil (« tu ») and nothing is
stored; whether the answer is *right* is the engine's business (`engine.answers`).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from certinum.engine.answers import MAX_ANSWER_LENGTH, SKIP_MARKER
from certinum.referential.models import Challenge

AnswerValue = str | dict[str, str]

_POSITION = re.compile(r"[0-9]{1,4}")


def _not_a_proposal() -> ValidationError:
    return ValidationError(_("Cette réponse ne fait pas partie des propositions."), code="unknown")


class _ProposalsField(forms.Field):
    """The ticked proposals of a QCU or QCM: positions 1..count → "1,3"."""

    widget = forms.SelectMultiple  # reads every value sent under the name (getlist)

    def __init__(self, *, count: int, single: bool) -> None:
        super().__init__(required=False)
        self.count = count
        self.single = single

    def clean(self, value: Any) -> str:
        chosen = list(value) if isinstance(value, list | tuple) else [value]
        if not chosen or chosen == [""] or chosen == [None]:
            raise ValidationError(
                _("Choisis une réponse, ou clique sur « Je passe »."), code="required"
            )
        positions = set()
        for item in chosen:
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise _not_a_proposal()
            if not _POSITION.fullmatch(str(item)) or not 1 <= int(item) <= self.count:
                raise _not_a_proposal()
            positions.add(int(item))
        if self.single and len(positions) != 1:
            raise ValidationError(_("Choisis une seule réponse."), code="single")
        return ",".join(str(p) for p in sorted(positions))


class _TextField(forms.Field):
    """One typed answer (or a select's option): trimmed, at most MAX_ANSWER_LENGTH
    characters, no control character."""

    widget = forms.TextInput

    def __init__(self, *, label: str, options: tuple[str, ...] = ()) -> None:
        super().__init__(required=False, label=label)
        self.options = options

    def clean(self, value: Any) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(_("Cette réponse n'est pas un texte."), code="type")
        text = value.strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise ValidationError(
                _("Ta réponse est trop longue (%(max)s caractères au plus).")
                % {"max": MAX_ANSWER_LENGTH},
                code="max_length",
            )
        if any(ord(char) < 32 and char not in "\t\n\r" for char in text) or "\ufffd" in text:
            raise ValidationError(
                _("Ta réponse contient des caractères non valides."), code="chars"
            )
        if self.options and text and text not in self.options:
            raise _not_a_proposal()
        return text


@dataclass(frozen=True)
class Proposal:
    position: int
    label: str
    checked: bool


@dataclass(frozen=True)
class TextInput:
    name: str
    id: str
    label: str
    value: str  # what the pupil typed, kept when the form comes back with an error
    options: tuple[str, ...]


class AnswerForm(forms.Form):
    """The answer to `challenge`: QCU, QCM, QROC, QROCM-ind or QROCM-dep, or « Je passe ».

    `form.is_valid()` then `form.value` gives what `engine.answers.check_answer` takes:
    "2" (QCU), "1,3" (QCM), "texte" (QROC), {"key": "texte", …} (QROCM), "#ABAND#" (skip).
    """

    template_name = "delivery/answer_fields.html"

    def __init__(
        self,
        challenge: Challenge,
        data: Mapping[str, Any] | None = None,
        *,
        order: tuple[int, ...] | None = None,
    ) -> None:
        super().__init__(data=data)
        self.challenge = challenge
        # The proposals' display order (content positions); the values sent stay the
        # content's positions, so the order never changes what an answer means.
        self.order = order
        # "Je passe" wins over whatever else was filled in.
        self.skipped = data is not None and "skip" in data
        if self.skipped:
            return
        if challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM):
            self.fields["answer"] = _ProposalsField(
                count=len(challenge.proposals), single=challenge.type == Challenge.Type.QCU
            )
        elif challenge.type == Challenge.Type.QROC:
            label = challenge.inputs[0].get("label", "") if challenge.inputs else ""
            self.fields["answer"] = _TextField(label=label)
        else:
            for field in challenge.inputs:
                self.fields[f"input-{field['key']}"] = _TextField(
                    label=field.get("label", ""), options=tuple(field.get("options") or ())
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.skipped:
            cleaned["value"] = SKIP_MARKER
        elif self.errors:
            pass  # field errors already explain what is wrong
        elif self.challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM):
            cleaned["value"] = cleaned["answer"]
        elif self.challenge.type == Challenge.Type.QROC:
            if cleaned["answer"]:
                cleaned["value"] = cleaned["answer"]
            else:
                self.add_error("answer", _("Écris une réponse, ou clique sur « Je passe »."))
        else:
            value = {f["key"]: cleaned[f"input-{f['key']}"] for f in self.challenge.inputs}
            if not any(value.values()):
                raise ValidationError(
                    _("Remplis au moins un champ, ou clique sur « Je passe »."), code="empty"
                )
            cleaned["value"] = value
        return cleaned

    @property
    def value(self) -> AnswerValue:
        """The checked value (only after `is_valid()` returned True)."""
        value: AnswerValue = self.cleaned_data["value"]
        return value

    def messages(self) -> list[str]:
        """Every error, in the order of the fields, for the error summary."""
        return [str(m) for errors in self.errors.values() for m in errors]

    # --- Rendering ---------------------------------------------------------------------

    def render(
        self, template_name: str | None = None, context: Any = None, renderer: Any = None
    ) -> SafeString:
        """The fields' HTML. A blank form is the same for every pupil shown the same
        proposal order, so it is kept on the challenge row (workers keep the rows of the
        current content in memory: `delivery.content`) and rendered once per order and
        language; a filled form (an error to show) is rendered each time."""
        if self.is_bound or template_name or context or renderer:
            return SafeString(super().render(template_name, context, renderer))
        rendered: dict[tuple[object, ...], SafeString] = self.challenge.__dict__.setdefault(
            "_blank_forms", {}
        )
        key = (self.order, translation.get_language())
        html = rendered.get(key)
        if html is None:
            html = rendered[key] = SafeString(super().render())
        return html

    def get_context(self) -> dict[str, Any]:
        context = super().get_context()
        context.update(
            challenge=self.challenge,
            proposals=self._proposals(),
            inputs=self._inputs(),
            max_length=MAX_ANSWER_LENGTH,
            error_messages=self.messages() if self.is_bound else [],
        )
        return context

    def _typed(self, name: str) -> str:
        value = self.data.get(name, "") if self.is_bound else ""
        return value if isinstance(value, str) else ""

    def _proposals(self) -> list[Proposal]:
        if self.challenge.type not in (Challenge.Type.QCU, Challenge.Type.QCM):
            return []
        ticked: list[Any] = []
        if self.is_bound:
            getlist = getattr(self.data, "getlist", None)
            ticked = getlist("answer") if getlist else [self.data.get("answer")]
        labels = dict(enumerate(self.challenge.proposals, start=1))
        positions = self.order if self.order and sorted(self.order) == list(labels) else labels
        chosen = {str(t) for t in ticked}
        return [Proposal(p, labels[p], str(p) in chosen) for p in positions]

    def _inputs(self) -> list[TextInput]:
        if self.challenge.type == Challenge.Type.QROC:
            label = self.challenge.inputs[0].get("label", "") if self.challenge.inputs else ""
            return [TextInput("answer", "reponse", label, self._typed("answer"), ())]
        if self.challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM):
            return []
        return [
            TextInput(
                name=f"input-{field['key']}",
                id=f"champ-{field['key']}",
                label=field.get("label", ""),
                value=self._typed(f"input-{field['key']}"),
                options=tuple(field.get("options") or ()),
            )
            for field in self.challenge.inputs
        ]


def answer_data(challenge: Challenge, value: Any) -> dict[str, Any]:
    """The form data a browser would send for an engine-shaped value ("2", ["1", "3"],
    {"key": "texte"}, "#ABAND#"): how scripts and tests answer through the same form."""
    if isinstance(value, str) and value == SKIP_MARKER:
        return {"skip": "1"}
    if challenge.type in (Challenge.Type.QCU, Challenge.Type.QCM):
        return {"answer": list(value) if isinstance(value, list | tuple) else [value]}
    if challenge.type == Challenge.Type.QROC:
        return {"answer": value.get("answer") if isinstance(value, dict) else value}
    if isinstance(value, dict):
        return {f"input-{key}": text for key, text in value.items()}
    return {}


def seeded_answer_form(
    challenge: Challenge, seed: str, data: Mapping[str, Any] | None = None, raw_value: Any = None
) -> "AnswerForm":
    """The answer form of `challenge` for the evaluation or certification whose seed is
    `seed`: its proposals in the order that pupil sees them. The answer comes as submitted
    form `data`, or as an engine-shaped `raw_value` (scripts, tests)."""
    from certinum.delivery.content import proposal_order  # content imports the models only

    if data is None and raw_value is not None:
        data = answer_data(challenge, raw_value)
    return AnswerForm(challenge, data, order=proposal_order(challenge, seed))
