"""Background tasks of results (django.tasks API, run by `manage.py db_worker`). Tasks take
ids, load the rows and hand over to a service; services enqueue these tasks, so this module
imports them at call time (one-way import graph, as in orga/tasks.py)."""

from django_tasks import task

from certinum.results.models import AttestationBatch


@task()
def attestation_batch_build(*, batch_id: int) -> None:
    from certinum.results import services

    batch = AttestationBatch.objects.select_related("session").filter(pk=batch_id).first()
    if batch is not None:
        services.attestation_batch_build(batch=batch)
