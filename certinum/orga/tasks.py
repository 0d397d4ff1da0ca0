"""Background tasks of the organization space (django.tasks API, run by `manage.py db_worker`).

Each task takes ids, not objects (arguments are stored as JSON until a worker picks them up),
loads the rows and hands over to a service: the work itself is written, and tested, there.
Services enqueue these tasks, so this module imports them at call time, keeping the import
graph one-way.
"""

from django_tasks import task

from certinum.orga.models import Export, Invitation


@task()
def invitation_email(*, invitation_id: int, language: str) -> None:
    from certinum.orga import services

    invitations = Invitation.objects.select_related("organization", "invited_by")
    invitation = invitations.filter(pk=invitation_id).first()
    if invitation is not None:  # deleted since: nobody left to invite
        services.invitation_email_send(invitation=invitation, language=language)


@task()
def export_build(*, export_id: int) -> None:
    from certinum.orga import services

    export = Export.objects.select_related("campaign__organization").filter(pk=export_id).first()
    if export is not None:
        services.export_build(export=export)
