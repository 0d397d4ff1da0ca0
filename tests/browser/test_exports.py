"""A teacher follows a large export being built: the page updates itself (htmx polling),
announces the end once, then offers the file."""

import pytest

from certinum.orga import services
from certinum.orga.models import Campaign, Export, Participation
from tests.browser.conftest import check_accessibility
from tests.browser.test_campaign import log_in
from tests.conftest import make_user


@pytest.fixture
def download_page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_the_export_page_follows_the_progress_and_offers_the_file(
    download_page, teacher, school, framework
):
    page = download_page
    campaign = Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    Participation.objects.create(campaign=campaign, user=make_user("lina"))
    export = Export.objects.create(
        organization=school, campaign=campaign, format="ods", status="running", progress=30
    )
    log_in(page, "prof@college.example")
    page.goto(f"/organisations/exports/{export.pk}/")
    assert page.get_by_label("Avancement de l'export").get_attribute("value") == "30"
    assert check_accessibility(page, "30-export-en-cours") == []

    Export.objects.filter(pk=export.pk).update(progress=70)
    page.wait_for_function("() => document.getElementById('export-bar')?.value === 70")
    # The worker's part, run here: the file is built and the export marked done.
    Export.objects.filter(pk=export.pk).update(status="pending")
    services.export_build(export=Export.objects.get(pk=export.pk))

    link = page.get_by_role("link", name="Télécharger le fichier (ODS)")
    link.wait_for()
    assert page.get_by_role("status").inner_text() == "Votre export est prêt."
    assert check_accessibility(page, "31-export-pret") == []
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("certinum-ABCDEF234-")
