"""`manage.py content_report` counts the bank, and the content states honestly that its IRT
parameters are provisional until a calibration exists."""

from io import StringIO

import pytest
from django.core.management import call_command

from certinum.referential.models import Challenge

pytestmark = pytest.mark.django_db


def report() -> str:
    out = StringIO()
    call_command("content_report", stdout=out)
    return out.getvalue()


def test_the_report_counts_per_competence_level_type_and_status(mini_bank):
    Challenge.objects.filter(key="rangement-2-a").update(status=Challenge.Status.PROPOSED)
    Challenge.objects.filter(key="rangement-1-a").update(screen_reader_friendly=False)
    Challenge.objects.filter(key="formats-1-a").update(irt_provisional=True)
    text = report()
    served = Challenge.objects.filter(status=Challenge.Status.VALIDATED).count()
    line_12 = next(line for line in text.splitlines() if line.startswith("1.2 "))
    assert line_12.split()[-1] == str(served)
    assert "proposed         1" in text
    assert (
        f"Accessibles (lecteur d'écran et daltonisme, non visuelles) : {served - 1} sur {served}"
        in text
    )
    assert f"Paramètres IRT provisoires (déduits du niveau) : 1 sur {served}" in text
    assert "En attente de relecture : 1\n  rangement-2-a" in text


def test_every_item_of_the_bank_says_its_irt_parameters_are_provisional(item_bank):
    served = Challenge.objects.filter(status=Challenge.Status.VALIDATED)
    assert served.count() > 500
    assert not served.filter(irt_provisional=False).exists()
    assert "100 %" in report().split("Paramètres IRT provisoires")[1]
