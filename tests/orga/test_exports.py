"""Campaign exports: small ones downloaded at once, large ones built by a background task
while the teacher follows the progress, then downloaded by members only."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from certinum.orga import services, spreadsheets
from certinum.orga.models import Campaign, Export, Participation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
ODS = "application/vnd.oasis.opendocument.spreadsheet"


@pytest.fixture
def crowded_campaign(school, teacher, framework, settings):
    """Three participants, over a threshold lowered to 2: a "large" campaign."""
    settings.EXPORT_IMMEDIATE_MAX_ROWS = 2
    campaign = Campaign.objects.create(organization=school, name="Collecte 3e", code="ABCDEF234")
    for name in ("Lina", "Tom", "=Emma"):
        Participation.objects.create(campaign=campaign, user=make_user(name), external_id=name)
    return campaign


def request_export(client, campaign, capture, file_format="ods"):
    with capture(execute=True):  # the task is enqueued on commit
        return client.post(
            reverse("orga:campaign_export", args=[campaign.pk]), {"format": file_format}
        )


def test_a_small_campaign_is_downloaded_at_once_and_not_cached(
    client, teacher, crowded_campaign, settings
):
    settings.EXPORT_IMMEDIATE_MAX_ROWS = 300
    client.force_login(teacher)
    url = reverse("orga:campaign_export", args=[crowded_campaign.pk])
    response = client.get(url, {"format": "ods"})
    assert response["Content-Type"] == ODS and response["Cache-Control"] == "no-store"
    assert len(spreadsheets.read_table(response.content, "export.ods")) == 4
    response = client.get(url, {"format": "csv"})
    assert response["Content-Disposition"].endswith('.csv"') and not Export.objects.exists()


def test_a_large_campaign_offers_to_prepare_the_export_and_a_get_changes_nothing(
    client, teacher, crowded_campaign
):
    client.force_login(teacher)
    page = client.get(
        reverse("orga:campaign_export", args=[crowded_campaign.pk]), {"format": "ods"}
    )
    assert page["Content-Type"].startswith("text/html")
    assert "Préparer l'export (ODS)" in page.content.decode()
    assert not Export.objects.exists()


def test_a_large_export_is_built_by_a_task_then_downloaded(
    client, teacher, crowded_campaign, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    response = request_export(client, crowded_campaign, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert response.url == reverse("orga:export", args=[export.pk])
    assert (export.status, export.progress, export.requested_by) == ("done", 100, teacher)
    assert export.organization == crowded_campaign.organization and export.task_id
    assert export.file.name.startswith("exports/") and export.finished_at is not None

    page = client.get(response.url).content.decode()
    assert "Votre export est prêt." in page and "hx-trigger" not in page
    download = client.get(reverse("orga:export_download", args=[export.pk]))
    assert download["Cache-Control"] == "no-store" and download["Content-Type"] == ODS
    assert "certinum-ABCDEF234-" in download["Content-Disposition"]
    table = spreadsheets.read_table(b"".join(download.streaming_content), "export.ods")
    assert len(table) == 4 and {row[4] for row in table[1:]} == {""}  # no pupil record
    assert len(table[0]) == 12 + 32  # 16 competences × (level, pix)


def test_a_csv_export_is_built_the_same_way(
    client, teacher, crowded_campaign, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    request_export(client, crowded_campaign, django_capture_on_commit_callbacks, "csv")
    export = Export.objects.get()
    with export.file.open("rb") as stored:
        text = stored.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 4 and rows[0][0] == "Nom de l'organisation"


def test_the_progress_page_polls_and_works_without_javascript(client, teacher, crowded_campaign):
    client.force_login(teacher)
    export = services.export_request(campaign=crowded_campaign, format="ods", by=teacher)
    Export.objects.filter(pk=export.pk).update(status="running", progress=40)
    url = reverse("orga:export", args=[export.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in page
    assert 'role="status" aria-live="polite"' in page
    assert '<label for="export-bar">' in page and 'value="40"' in page
    assert f'<a href="{url}">Actualiser</a>' in page  # without JavaScript
    assert client.get(reverse("orga:export_download", args=[export.pk])).status_code == 404

    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and 'hx-swap-oob="innerHTML"' in fragment.content.decode()
    assert "export-sentence" not in fragment.content.decode()  # the live region stays quiet
    Export.objects.filter(pk=export.pk).update(status="done", progress=100)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 286  # htmx stops polling
    assert "Votre export est prêt." in fragment.content.decode()


def test_asking_again_while_an_export_is_built_gives_the_same_export(teacher, crowded_campaign):
    first = services.export_request(campaign=crowded_campaign, format="ods", by=teacher)
    again = services.export_request(campaign=crowded_campaign, format="ods", by=teacher)
    other_format = services.export_request(campaign=crowded_campaign, format="csv", by=teacher)
    assert first == again != other_format
    with pytest.raises(services.OrgaError, match="CSV ou ODS"):
        services.export_request(campaign=crowded_campaign, format="xls", by=teacher)


def test_progress_is_reported_while_the_rows_are_written(crowded_campaign):
    seen: list[int] = []
    services.export_write(
        campaign=crowded_campaign, format="ods", target=io.BytesIO(), progress=seen.append
    )
    assert seen[0] == 10 and seen == sorted(set(seen)) and seen[-1] <= 90 and len(seen) > 1


def test_a_failed_export_says_so_in_french_and_can_be_asked_again(
    client, teacher, crowded_campaign, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(spreadsheets, "ods_write", broken)
    client.force_login(teacher)
    response = request_export(client, crowded_campaign, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert export.status == "failed" and not export.file
    assert export.get_status_display() == "échec"
    page = client.get(response.url).content.decode()
    assert "Échec de l'export." in page and "L&#x27;export n&#x27;a pas pu être préparé" in page
    assert "Relancer l'export" in page
    assert client.get(reverse("orga:export_download", args=[export.pk])).status_code == 404


def test_exports_are_hidden_outside_the_organization(
    client, teacher, other_teacher, pupil, crowded_campaign, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    request_export(client, crowded_campaign, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    for user in (other_teacher, pupil):
        client.force_login(user)
        for name in ("orga:export", "orga:export_download"):
            assert client.get(reverse(name, args=[export.pk])).status_code == 404
        response = client.post(
            reverse("orga:campaign_export", args=[crowded_campaign.pk]), {"format": "ods"}
        )
        assert response.status_code == 404
    assert Export.objects.count() == 1


def test_exports_older_than_a_week_are_deleted_with_their_files(
    client, teacher, crowded_campaign, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    request_export(client, crowded_campaign, django_capture_on_commit_callbacks)
    old = Export.objects.get()
    path = Path(old.file.path)
    assert path.exists()
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    Export.objects.filter(pk=old.pk).update(created_at=eight_days_ago)
    request_export(client, crowded_campaign, django_capture_on_commit_callbacks)  # prunes
    new = Export.objects.get()
    assert new.pk != old.pk
    assert list(path.parent.iterdir()) == [Path(new.file.path)]  # the old file went with it
