"""The inside of a question's form is one template, shared by the question page and the
room test: the item bank's pictures and files by default, our own under a prefix."""

from django.template.loader import render_to_string

from certinum.delivery.forms import AnswerForm
from certinum.referential.models import Challenge


def rendered(**context) -> str:
    challenge = Challenge(
        key="k",
        type=Challenge.Type.QROC,
        statement="Énoncé",
        inputs=[{"key": "r", "label": "Ta réponse"}],
        illustration="media/carte.svg",
        illustration_alt="Une carte",
        attachments=["files/liste.csv"],
    )
    return render_to_string(
        "delivery/question_body.html",
        {"challenge": challenge, "form": AnswerForm(challenge), "remaining_seconds": None}
        | context,
    )


def test_the_item_bank_files_are_served_from_their_static_folder():
    page = rendered()
    assert 'src="/static/content/media/carte.svg"' in page
    assert 'href="/static/content/files/liste.csv"' in page


def test_another_prefix_serves_other_static_files():
    page = rendered(media_prefix="certinum/")
    assert 'src="/static/certinum/media/carte.svg"' in page
