"""Background tasks of the jury (django.tasks API, run by `manage.py db_worker`). Each task
takes ids and hands over to a service, where the work is written and tested."""

from django_tasks import task


@task()
def auto_jury(*, session_id: int) -> None:
    from certinum.jury import services

    services.auto_jury_run(session_id=session_id)
