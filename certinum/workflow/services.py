"""Apply a transition: check it against the table, change the state, log it."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from certinum.workflow.machine import StateMachine
from certinum.workflow.models import TransitionLog


class TransitionRefused(Exception):
    """The transitions table does not allow this change from the current state. The French
    message can be shown as is; nothing was changed."""

    def __init__(self, message: str, *, transition: str, state: str) -> None:
        super().__init__(message)
        self.transition = transition
        self.state = state


def transition_apply(
    *,
    obj: models.Model,
    machine: StateMachine,
    name: str,
    by_id: int | None,
    reason: str = "",
    update_fields: Iterable[str] = (),
) -> TransitionLog:
    """Move `obj` through the transition `name`, save the state field (and `update_fields`,
    set by the caller beforehand) and log the change.

    Runs in the caller's transaction, which must lock the row (`select_for_update`) when two
    requests may change the same object: the check and the write are then one step."""
    if not transaction.get_connection().in_atomic_block:
        # The state and its log must be written together or not at all.
        raise RuntimeError("transition_apply must run inside transaction.atomic().")
    transition = machine.get(name)
    current = str(getattr(obj, machine.field))
    if current not in transition.sources:
        message = transition.refused or _(
            "%(object)s : « %(action)s » est impossible dans l'état « %(state)s »."
        ) % {
            "object": str(obj._meta.verbose_name).capitalize(),
            "action": transition.label,
            "state": machine.label_of(current),
        }
        raise TransitionRefused(str(message), transition=name, state=current)
    setattr(obj, machine.field, transition.target)
    obj.save(update_fields=[machine.field, *update_fields])
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        transition=name,
        from_state=current,
        to_state=transition.target,
        by_id=by_id,
        reason=reason,
    )


def transitions_of(obj: models.Model) -> models.QuerySet[TransitionLog]:
    """The history of one object, oldest first."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")
