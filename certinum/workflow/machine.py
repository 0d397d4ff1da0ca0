"""The transitions table of one state field: named transitions, each from a set of states
to one state. Declared next to the model it governs, for example:

    CAMPAIGN_MACHINE = StateMachine(
        field="status",
        states=CampaignStatus,
        transitions=[
            Transition("archive", {CampaignStatus.ACTIVE}, CampaignStatus.ARCHIVED, _("archiver")),
        ],
    )

Applying a transition (and logging it) is `certinum.workflow.services.transition_apply`."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

Text = str | Promise  # a plain or a lazily translated string


@dataclass(frozen=True)
class Transition:
    name: str  # stored in the log: never rename one that has been used
    sources: Collection[str]
    target: str
    label: Text  # French infinitive shown when the transition is refused: « archiver »
    # A message of our own for the usual refusal (« Cet import a déjà été appliqué »),
    # instead of the generic one.
    refused: Text | None = None

    def __post_init__(self) -> None:
        # Enum members become plain strings: the table compares what the database holds.
        object.__setattr__(self, "sources", frozenset(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))


class StateMachine:
    """The allowed changes of `field`, whose choices are the `states` enum."""

    def __init__(
        self, *, field: str, states: type[models.TextChoices], transitions: Iterable[Transition]
    ) -> None:
        self.field = field
        self.states = states
        self.transitions = tuple(transitions)
        self._check()

    def _check(self) -> None:
        # A typo in a table must stop the start, not surface as a refusal in production.
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ImproperlyConfigured(f"{self.states.__name__}: a transition name is repeated.")
        known = set(self.states.values)
        for transition in self.transitions:
            unknown = ({*transition.sources, transition.target}) - known
            if unknown or not transition.sources:
                raise ImproperlyConfigured(
                    f"{self.states.__name__}: transition {transition.name!r} has unknown or no "
                    f"source states ({', '.join(sorted(unknown)) or 'none'})."
                )

    def get(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(f"{self.states.__name__} has no transition {name!r}.")

    def allows(self, state: str, name: str) -> bool:
        return state in self.get(name).sources

    def available(self, state: str) -> list[Transition]:
        """The transitions allowed from `state` (to offer only the buttons that work)."""
        return [t for t in self.transitions if state in t.sources]

    def label_of(self, state: str) -> str:
        return str(self.states(state).label)
