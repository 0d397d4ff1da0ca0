import pytest
from django.urls import reverse

from certinum.learning import services
from certinum.learning.models import Answer
from certinum.referential.models import Challenge, Competence
from tests.learning.test_services import RIGHT, serve


@pytest.fixture
def competence(mini_bank):
    return Competence.objects.get(code="1.2")


@pytest.fixture
def assessment(pupil, competence):
    return services.assessment_start(user_id=pupil.pk, competence=competence)


def test_the_dashboard_shows_levels_pix_and_what_is_missing_to_be_certifiable(
    client, pupil, competence
):
    client.force_login(pupil)
    page = client.get(reverse("learning:dashboard")).content.decode()
    assert "0 compétence certifiable sur 5 nécessaires" in page
    assert "Il te manque 5 compétences" in page
    assert page.count('data-status="not_started"') == 16


def test_the_dashboard_makes_a_constant_number_of_queries(
    client, pupil, competence, django_assert_max_num_queries
):
    client.force_login(pupil)
    with django_assert_max_num_queries(12):
        client.get(reverse("learning:dashboard"))


def test_starting_from_the_competence_page_opens_the_first_question(client, pupil, competence):
    client.force_login(pupil)
    page = client.get(reverse("learning:competence", args=["1.2"])).content.decode()
    assert "Commencer l'évaluation" in page
    response = client.post(reverse("learning:competence_start", args=["1.2"]))
    assert response.status_code == 302
    question = client.get(response.url)
    assert "Question 1" in question.content.decode()


@pytest.mark.parametrize("key", list(RIGHT))
def test_no_solution_reaches_the_page_before_the_answer(client, pupil, assessment, key):
    serve(assessment, key)
    client.force_login(pupil)
    page = client.get(reverse("learning:assessment", args=[assessment.pk])).content.decode()
    challenge = Challenge.objects.get(key=key)
    assert "solution" not in page.lower()
    if challenge.type in ("QROC", "QROCM-dep"):
        variants = (
            challenge.solution
            if isinstance(challenge.solution, list)
            else [v for group in challenge.solution.values() for v in group]
        )
        for variant in variants:
            assert f">{variant}<" not in page and f'"{variant}"' not in page


def test_each_question_type_renders_accessible_inputs(client, pupil, assessment):
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    serve(assessment, "rangement-1-a")
    assert client.get(url).content.decode().count('type="radio"') == 3
    serve(assessment, "rangement-3-a")
    assert "Choisis une ou plusieurs réponses" in client.get(url).content.decode()
    serve(assessment, "rangement-2-a")
    assert '<label for="reponse">Nom du dossier</label>' in client.get(url).content.decode()
    serve(assessment, "formats-2-a")
    page = client.get(url).content.decode()
    assert '<select name="input-tableur"' in page and "reste sur cette page" in page
    serve(assessment, "formats-1-a")
    page = client.get(url).content.decode()
    assert 'data-timer data-remaining="30"' in page or 'data-remaining="29"' in page


def test_answering_through_the_form_moves_on(client, pupil, assessment):
    client.force_login(pupil)
    serve(assessment, "rangement-2-a")
    url = reverse("learning:assessment", args=[assessment.pk])
    response = client.post(url, {"challenge": "rangement-2-a", "answer": "Géographie"})
    assert response.status_code == 302
    assert Answer.objects.get().result == "ok"
    # The same form sent again (a double click, a re-sent request) changes nothing.
    client.post(url, {"challenge": "rangement-2-a", "answer": "Géographie"})
    assert Answer.objects.count() == 1


def test_a_refused_answer_shows_a_french_message(client, pupil, assessment):
    client.force_login(pupil)
    serve(assessment, "rangement-1-a")
    url = reverse("learning:assessment", args=[assessment.pk])
    page = client.post(url, {"challenge": "rangement-1-a", "answer": "7"}, follow=True)
    assert "ne fait pas partie des propositions" in page.content.decode()
    page = client.post(url, {"challenge": "nimporte-quoi", "answer": "1"}, follow=True)
    assert "Cette question ne t&#x27;a pas été proposée." in page.content.decode()
    assert not Answer.objects.exists()


def test_skipping_through_the_form_records_aband(client, pupil, assessment):
    client.force_login(pupil)
    key = assessment.current_challenge.key
    client.post(
        reverse("learning:assessment", args=[assessment.pk]), {"challenge": key, "skip": "1"}
    )
    assert Answer.objects.get().result == "aband"


def test_another_pupils_assessment_is_a_404(client, other_pupil, assessment):
    client.force_login(other_pupil)
    for name in ("learning:assessment", "learning:assessment_result"):
        assert client.get(reverse(name, args=[assessment.pk])).status_code == 404
    response = client.post(
        reverse("learning:assessment", args=[assessment.pk]),
        {"challenge": assessment.current_challenge.key, "answer": "1"},
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_the_focus_endpoint_records_a_loss_for_the_served_focused_question(
    client, pupil, assessment
):
    client.force_login(pupil)
    serve(assessment, "formats-2-a")
    url = reverse("learning:assessment_focus_lost", args=[assessment.pk])
    assert client.post(url, {"challenge": "formats-2-a"}).status_code == 204
    assert client.post(url, {"challenge": "rangement-1-a"}).status_code == 409
    assessment.refresh_from_db()
    assert assessment.current_focus_lost


def test_the_result_page_lists_every_answer(client, pupil, assessment):
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    for _ in range(10):
        assessment.refresh_from_db()
        if assessment.state != "started":
            break
        key = assessment.current_challenge.key
        raw = RIGHT[key]
        data = {"challenge": key}
        if isinstance(raw, dict):
            data.update({f"input-{k}": v for k, v in raw.items()})
        else:
            data["answer"] = raw
        client.post(url, data)
    page = client.get(url, follow=True).content.decode()
    assert "Évaluation terminée" in page
    assert page.count("réussie") == Answer.objects.count()
    assert "Niveau 3 · 24 pix" in page


def test_an_unknown_competence_code_is_a_404(client, pupil, mini_bank):
    client.force_login(pupil)
    assert client.get(reverse("learning:competence", args=["9.9"])).status_code == 404
    assert client.post(reverse("learning:competence_start", args=["9.9"])).status_code == 404


def htmx_post(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_an_answer_sent_by_htmx_gets_the_next_question_as_a_fragment(client, pupil, assessment):
    client.force_login(pupil)
    serve(assessment, "rangement-2-a")
    url = reverse("learning:assessment", args=[assessment.pk])
    response = htmx_post(client, url, {"challenge": "rangement-2-a", "answer": "Géographie"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assessment.refresh_from_db()
    assert '<div id="question"' in fragment and "<html" not in fragment
    assert f'name="challenge" value="{assessment.current_challenge.key}"' in fragment
    assert fragment.startswith("<title>Question 2 — compétence 1.2 — Certinum</title>")
    assert "Question 2</h1>" in fragment
    assert f'hx-post="{url}"' in fragment  # the URL stays the page's: a reload is right
    assert Answer.objects.get().result == "ok"


def test_a_malformed_answer_comes_back_with_what_was_typed_and_stores_nothing(
    client, pupil, assessment
):
    client.force_login(pupil)
    serve(assessment, "formats-2-a")
    url = reverse("learning:assessment", args=[assessment.pk])
    data = {"challenge": "formats-2-a", "input-tableur": "virus.exe", "input-dossier": "mon b"}
    for response in (htmx_post(client, url, data), client.post(url, data)):
        assert response.status_code == 200
        page = response.content.decode()
        assert "Cette réponse ne fait pas partie des propositions." in page
        assert 'value="mon b"' in page
        assert 'name="challenge" value="formats-2-a"' in page
    assert not Answer.objects.exists()


def test_the_last_answer_sent_by_htmx_redirects_to_the_result(client, pupil, assessment):
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    for _ in range(10):
        assessment.refresh_from_db()
        if assessment.state != "started":
            break
        response = htmx_post(
            client, url, {"challenge": assessment.current_challenge.key, "skip": "1"}
        )
    assert assessment.state == "completed"
    assert response.status_code == 200
    result = reverse("learning:assessment_result", args=[assessment.pk])
    assert response.headers["HX-Redirect"] == result
    assert client.get(url).url == result  # a reload of the question URL lands there too


def test_a_refused_answer_sent_by_htmx_reloads_the_page_with_the_message(client, pupil, assessment):
    client.force_login(pupil)
    url = reverse("learning:assessment", args=[assessment.pk])
    response = htmx_post(client, url, {"challenge": "nimporte-quoi", "answer": "1"})
    assert response.headers["HX-Redirect"] == url
    assert "ne t&#x27;a pas été proposée" in client.get(url).content.decode()


def test_htmx_is_loaded_only_on_the_question_page_and_without_eval(client, pupil, assessment):
    client.force_login(pupil)
    dashboard = client.get(reverse("learning:dashboard")).content.decode()
    assert "htmx" not in dashboard
    page = client.get(reverse("learning:assessment", args=[assessment.pk])).content.decode()
    assert "vendor/htmx-2.0.11.min.js" in page
    assert '"allowEval": false' in page
