import pytest
from django.urls import reverse

from certinum.accounts import throttle
from certinum.results.forms import normalize_code
from certinum.results.models import ResultStatus
from tests.results.conftest import CODE, publish, validate

NOT_FOUND = "Aucun certificat ne correspond à ce code."
FORMAT = "Le code commence par « P- » suivi de 8 lettres ou chiffres"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("P-BCDFGHJK", "P-BCDFGHJK"),
        ("p-bcdfghjk", "P-BCDFGHJK"),
        ("  P- BCDF GHJK ", "P-BCDFGHJK"),
        ("BCDFGHJK", "P-BCDFGHJK"),
        ("bcdf ghjk", "P-BCDFGHJK"),
        ("PBCDFGHJK", "P-BCDFGHJK"),
        ("P\u2013BCDFGHJK", "P-BCDFGHJK"),
        ("P-PPPPPPPP", "P-PPPPPPPP"),
        ("C-BCDFGHJK", None),  # the old prefix
        ("P-BCDFGHJ", None),  # 7 characters
        ("P-BCDFGHJKL", None),  # 9
        ("P-BCDFGHJ0", None),  # 0 is not in the alphabet
        ("P-BCDFGHJA", None),  # nor A
        ("", None),
        ("P-BCDF<b>", None),
    ],
)
def test_codes_are_recognised_whatever_the_case_spaces_and_missing_prefix(typed, code):
    assert normalize_code(typed) == code


def verify(client, code):
    return client.get(reverse("results:verify"), {"code": code})


def test_a_published_validated_certificate_is_shown_to_anyone(client, published):
    page = verify(client, "bcdf ghjk").content.decode()

    assert "Certificat authentique" in page
    for expected in ("Roux", "Lina", "14/03/2012", "15 janvier 2027", "Centre Jean-Moulin"):
        assert expected in page
    assert "72 pix" in page
    assert '<th scope="row">2.1 Interagir</th>\n      <td>4</td>' in page
    assert NOT_FOUND not in page


def test_the_link_of_the_qr_code_shows_the_certificate(client, published):
    page = client.get(reverse("results:verify_code", args=[CODE])).content.decode()

    assert "Certificat authentique" in page
    assert "72 pix" in page


def neutral(response) -> bool:
    page = response.content.decode()
    return (
        response.status_code == 200
        and NOT_FOUND in page
        and "Certificat authentique" not in page
        and "Roux" not in page
    )


def test_an_unknown_code_gets_the_neutral_message(client, published):
    assert neutral(verify(client, "P-2346789B"))
    assert neutral(client.get(reverse("results:verify_code", args=["P-2346789B"])))


def test_an_unpublished_certificate_is_not_revealed(client, course):
    validate(course)

    assert neutral(verify(client, CODE))
    assert neutral(client.get(reverse("results:verify_code", args=[CODE])))


@pytest.mark.parametrize(
    "status", [ResultStatus.REJECTED, ResultStatus.CANCELLED, ResultStatus.ERROR]
)
def test_a_rejected_or_cancelled_certificate_gets_the_same_message(client, course, status):
    validate(course)
    validate(course, status=status, pix=0, marks=[])
    publish(course.session)

    assert neutral(verify(client, CODE))


def test_a_course_without_result_in_a_published_session_gets_the_same_message(client, course):
    publish(course.session)

    assert neutral(verify(client, CODE))


@pytest.mark.parametrize("typed", ["C-BCDFGHJK", "P-123", "x" * 40])
def test_a_wrong_shape_gets_the_format_message(client, published, typed):
    for response in (verify(client, typed), client.get(f"/verifier/{typed}/")):
        page = response.content.decode()
        assert response.status_code == 200
        assert FORMAT in page
        assert NOT_FOUND not in page


def test_the_empty_form_is_shown_without_error(client, db):
    page = client.get(reverse("results:verify")).content.decode()

    assert "Vérifier un certificat" in page
    assert FORMAT not in page


def test_lookups_are_limited_per_address(client, published):
    limit = throttle.RULES["verification-ip"].limit
    for _ in range(limit):
        assert verify(client, "P-2346789B").status_code == 200

    refused = verify(client, CODE)
    assert refused.status_code == 429
    assert "Roux" not in refused.content.decode()
    assert client.get(reverse("results:verify_code", args=[CODE])).status_code == 429
    # Another address is not affected.
    assert (
        client.get(reverse("results:verify_code", args=[CODE]), REMOTE_ADDR="10.0.0.2").status_code
        == 200
    )


def test_the_empty_form_and_format_errors_do_not_count(client, published):
    limit = throttle.RULES["verification-ip"].limit
    for _ in range(limit + 5):
        client.get(reverse("results:verify"))
        verify(client, "C-BCDFGHJK")

    assert verify(client, CODE).status_code == 200
