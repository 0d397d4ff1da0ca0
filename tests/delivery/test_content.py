"""Static content is read once per content version, and a reload is seen at once."""

import shutil

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from certinum.delivery.content import (
    answer_key_of,
    competence_content,
    current_stamp,
    forget_cached_content,
)
from certinum.referential.models import Challenge, Competence
from tests.learning.bank import MINI_BANK


@pytest.fixture
def competence(mini_bank):
    forget_cached_content()
    return Competence.objects.get(code="1.2")


def test_the_content_is_read_once_per_version(competence, django_assert_num_queries):
    stamp = current_stamp()
    with django_assert_num_queries(2):  # skills, challenges
        first = competence_content(competence.pk, stamp=stamp)
    with django_assert_num_queries(0):
        again = competence_content(competence.pk, stamp=stamp)
    assert again is first
    assert {s.name for s in first.skills} == {
        "@rangement1",
        "@rangement2",
        "@rangement3",
        "@formats1",
        "@formats2",
    }
    assert first.challenge_rows["formats-1-a"].timer == 30
    assert next(c for c in first.challenges if c.key == "formats-1-a").timed


def test_reloading_the_content_gives_a_new_version_and_fresh_content(competence, tmp_path):
    before = current_stamp()
    assert "rangement-3-a" in competence_content(competence.pk, stamp=before).challenge_rows
    bank = {
        **MINI_BANK,
        "challenges": [c for c in MINI_BANK["challenges"] if c["id"] != "rangement-3-a"],
    }
    shutil.copy(settings.CONTENT_DIR / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    call_command("load_content", "--dir", str(tmp_path), verbosity=0)
    after = current_stamp()
    assert after != before
    # rangement-3-a is archived now: no longer servable.
    assert "rangement-3-a" not in competence_content(competence.pk, stamp=after).challenge_rows


def test_a_proposed_item_is_loaded_but_never_served(competence, tmp_path):
    awaiting = {
        key: value
        for key, value in MINI_BANK["challenges"][2].items()
        if key not in ("status", "reviewed_by", "reviewed_on")
    }
    bank = {
        **MINI_BANK,
        "challenges": [*MINI_BANK["challenges"][:2], awaiting, *MINI_BANK["challenges"][3:]],
    }
    shutil.copy(settings.CONTENT_DIR / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), "utf-8")
    call_command("load_content", "--dir", str(tmp_path), verbosity=0)
    assert Challenge.objects.get(key=awaiting["id"]).status == Challenge.Status.PROPOSED
    served = competence_content(competence.pk, stamp=current_stamp()).challenge_rows
    assert awaiting["id"] not in served
    assert "rangement-1-a" in served


def test_an_edit_in_the_admin_gives_a_new_version(competence):
    before = current_stamp()
    challenge = Challenge.objects.get(key="formats-1-a")
    challenge.timer = 45
    challenge.save()
    after = current_stamp()
    assert after != before
    assert competence_content(competence.pk, stamp=after).challenge_rows["formats-1-a"].timer == 45


def test_without_a_version_nothing_is_cached(competence, django_assert_num_queries):
    competence_content(competence.pk, stamp=None)
    with django_assert_num_queries(2):
        competence_content(competence.pk, stamp=None)


def test_the_answer_key_carries_the_enabled_tolerances_and_exact_selects(competence):
    key = answer_key_of(Challenge.objects.get(key="formats-2-a"))
    assert key.type == "QROCM-ind" and key.focused
    assert key.treatments == frozenset({"t1", "t2"})  # t3 deactivated
    assert "tableur" in key.exact_inputs
