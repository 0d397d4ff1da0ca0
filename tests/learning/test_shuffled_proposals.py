"""The proposals of a QCU or QCM are shown in an order drawn per evaluation and challenge:
where the key sits in the content says nothing about where it sits on screen. Answers are
recorded in the content's positions, with the order the pupil saw."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from certinum.delivery.content import answer_key_of, proposal_order
from certinum.engine.answers import AnswerStatus, check_answer, display_order
from certinum.learning.models import Answer
from certinum.referential.models import Challenge, Competence
from tests.learning.test_services import answer, serve, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def competence(mini_bank):
    return Competence.objects.get(code="1.2")


def test_the_display_order_is_a_permutation_fixed_by_its_seed():
    order = display_order("abc:rangement-1-a", 4)
    assert sorted(order) == [1, 2, 3, 4]
    assert display_order("abc:rangement-1-a", 4) == order
    assert len({display_order(f"seed{n}:x", 4) for n in range(200)}) == 24  # all 4! orders


def test_each_proposal_comes_first_about_as_often():
    firsts = Counter(display_order(f"seed{n}:x", 4)[0] for n in range(4000))
    assert all(850 <= firsts[position] <= 1150 for position in (1, 2, 3, 4)), firsts


def test_the_page_shows_the_drawn_order_and_records_the_answer_in_content_positions(
    client, pupil, competence
):
    assessment = start(pupil, competence)
    serve(assessment, "rangement-3-a")  # QCM, right answer: proposals 1 and 4
    challenge = Challenge.objects.get(key="rangement-3-a")
    order = proposal_order(challenge, assessment.seed)
    client.force_login(pupil)
    page = client.get(reverse("learning:assessment", args=[assessment.pk])).content.decode()
    shown = [int(p) for p in re.findall(r'id="proposition-(\d+)"', page)]
    assert shown == list(order)
    recorded = answer(pupil, assessment, key="rangement-3-a")
    assert recorded.answer.value == "1,4"
    assert recorded.answer.result == AnswerStatus.OK
    assert Answer.objects.get(pk=recorded.answer.pk).display_order == list(order)


def test_an_ordered_scale_is_never_shuffled(pupil, competence):
    assessment = start(pupil, competence)
    Challenge.objects.filter(key="rangement-3-a").update(fixed_order=True)
    challenge = Challenge.objects.get(key="rangement-3-a")
    assert proposal_order(challenge, assessment.seed) == (1, 2, 3, 4)


def test_other_types_have_no_order(competence):
    assert proposal_order(Challenge.objects.get(key="rangement-2-a"), "seed") is None


def test_always_picking_the_first_option_scores_no_better_than_chance(item_bank):
    """The review found the key first in 79 % of single-choice items: over the whole bank
    and many evaluations, the first option shown is right about 1/n of the time."""
    single_choice = list(
        Challenge.objects.filter(type=Challenge.Type.QCU, status=Challenge.Status.VALIDATED)
    )
    assert len(single_choice) > 200
    right = chance = tries = 0
    for challenge in single_choice:
        key = answer_key_of(challenge)
        for seed in range(20):
            first = proposal_order(challenge, f"pupil{seed}")[0]
            verdict = check_answer(str(first), key)
            right += verdict.status == AnswerStatus.OK
            chance += 1 / len(challenge.proposals)
            tries += 1
    assert right / tries < chance / tries + 0.03, (right / tries, chance / tries)
