"""What each category of report needs (spec 07 §2): one rule, used by the model, the form
and the service."""

import pytest
from django.core.exceptions import ValidationError

from certinum.invigilation.alerts import SUBCATEGORIES
from certinum.jury.forms import IssueReportForm
from certinum.jury.issues import is_impactful, issue_problems
from certinum.jury.models import IssueReport


def problems(category, subcategory="", description="", question_number=None):
    return issue_problems(
        category=category,
        subcategory=subcategory,
        description=description,
        question_number=question_number,
    )


def test_a_change_of_candidate_information_needs_c1_or_c2_and_a_description():
    assert problems("C1-C2", "C1", "Prénom : Léna") == {}
    assert problems("C1-C2", "C2", "33 %") == {}
    assert set(problems("C1-C2", "", "Prénom : Léna")) == {"subcategory"}
    assert set(problems("C1-C2", "E1", "x")) == {"subcategory"}
    assert set(problems("C1-C2", "C1", "  ")) == {"description"}


@pytest.mark.parametrize("category", ["C4", "C7", "C8"])
def test_signature_and_non_blocking_issues_need_a_description_and_no_subcategory(category):
    assert problems(category, description="Le réseau a coupé deux minutes.") == {}
    assert set(problems(category)) == {"description"}
    assert set(problems(category, "E1", "x")) == {"subcategory"}
    assert set(problems(category, description="x", question_number=3)) == {"question_number"}


def test_a_fraud_needs_nothing_more():
    assert problems("C6") == {}
    assert problems("C6", description="Téléphone sorti") == {}


def test_a_problem_on_a_question_needs_an_e_code_and_a_number_from_1_to_500():
    assert problems("E", "E1", question_number=1) == {}
    assert problems("E", "E12", question_number=500) == {}
    assert set(problems("E", "E1")) == {"question_number"}
    assert set(problems("E", "E1", question_number=0)) == {"question_number"}
    assert set(problems("E", "E1", question_number=501)) == {"question_number"}
    assert set(problems("E", "C1", question_number=2)) == {"subcategory"}
    assert set(problems("E", "E6", question_number=2)) == {"subcategory"}  # no E6 any more


def test_a_deprecated_or_unknown_category_is_refused():
    assert set(problems("A1", description="x")) == {"category"}
    assert set(problems("")) == {"category"}


def test_the_model_checks_the_same_rule():
    with pytest.raises(ValidationError) as refused:
        IssueReport(category="E", subcategory="E1").clean()
    assert "question_number" in refused.value.message_dict
    IssueReport(category="C6").clean()


def test_the_form_shows_the_rule_on_the_field_and_an_empty_form_adds_nothing(db):
    class Course:
        pk = 7

    form = IssueReportForm({"n7-category": "E", "n7-subcategory": "E2"}, course=Course())
    assert not form.is_valid()
    assert "entre 1 et 500" in form.errors["question_number"][0]
    no_category = IssueReportForm({"n7-description": "Écran noir"}, course=Course())
    assert not no_category.is_valid()
    assert no_category.errors["category"] == ["Choisissez la catégorie du signalement."]
    empty = IssueReportForm({}, course=Course())
    assert empty.is_valid() and empty.new_report() is None


def test_impactful_reports_are_fraud_c1_and_the_problems_on_a_question():
    assert is_impactful("C6", "")
    assert is_impactful("C1-C2", "C1")
    assert is_impactful("E", "E10")
    assert not is_impactful("C1-C2", "C2")
    assert not is_impactful("C7", "")
    assert not is_impactful("C4", "")


def test_the_invigilator_chooses_among_the_same_e_codes():
    assert list(SUBCATEGORIES) == ["E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12"]
