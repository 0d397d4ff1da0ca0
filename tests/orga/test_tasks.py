"""Background tasks: invitation e-mails leave on commit, and the real database worker runs
what the application enqueues (the other tests run tasks immediately, see conftest)."""

import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from certinum.orga import services, spreadsheets
from certinum.orga.models import Campaign, Export, Invitation, Participation
from tests.conftest import make_user
from tests.test_settings import run_check


@pytest.mark.django_db
def test_an_invitation_e_mail_is_enqueued_on_commit_only(
    teacher, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invitation_send(
            organization=school, email="Nouveau@College.example", role="MEMBER", by=teacher
        )
    assert mail.outbox == [] and len(callbacks) == 1  # nothing leaves before the commit
    callbacks[0]()
    assert mail.outbox[0].to == ["nouveau@college.example"]
    assert "Nadia Haddad vous invite" in mail.outbox[0].body
    assert reverse("orga:invitation", args=[invitation.token]) in mail.outbox[0].body


@pytest.mark.django_db
def test_a_rolled_back_invitation_sends_nothing(
    teacher, school, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.invitation_send(
            organization=school, email="x@example.org", role="MEMBER", by=teacher
        )
        raise RuntimeError("the request failed later on")
    assert mail.outbox == [] and not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_invitation_accepted_before_the_worker_runs_gets_no_e_mail(
    teacher, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.invitation_send(
            organization=school, email="x@example.org", role="MEMBER", by=teacher
        )
    invitee = make_user("x@example.org", email="x@example.org")
    services.invitation_accept(invitation=invitation, user=invitee)
    callbacks[0]()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_enqueued_tasks_and_keeps_failures_for_staff(
    settings, client, teacher, school, staff, framework, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    campaign = Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    Participation.objects.create(campaign=campaign, user=make_user("lina"))
    # Outside any transaction the tasks are stored at once; nothing runs before the worker.
    services.invitation_send(organization=school, email="x@example.org", role="MEMBER", by=teacher)
    export = services.export_request(campaign=campaign, format="ods", by=teacher)
    failing = services.export_request(campaign=campaign, format="csv", by=teacher)
    assert DBTaskResult.objects.filter(status="READY").count() == 3 and mail.outbox == []

    real_csv_write = spreadsheets.csv_write

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(spreadsheets, "csv_write", broken)
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in handlers.items():  # the worker installs its own
            signal.signal(sig, handler)
    monkeypatch.setattr(spreadsheets, "csv_write", real_csv_write)

    assert mail.outbox[0].to == ["x@example.org"]
    export.refresh_from_db()
    failing.refresh_from_db()
    assert (export.status, export.progress) == ("done", 100) and export.file
    assert failing.status == "failed" and "n'a pas pu être préparé" in failing.error
    results = {str(r.id): r for r in DBTaskResult.objects.all()}
    assert results[export.task_id].status == "SUCCESSFUL"
    assert results[failing.task_id].status == "FAILED"
    assert "disk full" in results[failing.task_id].traceback
    # Staff find the failure in the admin, with its traceback.
    client.force_login(staff)
    admin_url = reverse("admin:django_tasks_database_dbtaskresult_change", args=[failing.task_id])
    assert "disk full" in client.get(admin_url).content.decode()
    exports_admin = client.get(reverse("admin:orga_export_changelist")).content.decode()
    assert "échec" in exports_admin
    assert Export.objects.count() == 2


def test_an_unknown_tasks_backend_is_refused_loudly():
    result = run_check(TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate, got 'celery'" in result.stderr
