from django.urls import reverse

from certinum.referential.models import Competence


def test_the_reading_guide_explains_pix_levels_and_lists_the_16_competences(client, framework):
    page = client.get(reverse("results:reading_guide")).content.decode()

    assert "Tableau de lecture des résultats" in page
    assert "chaque niveau vaut 8 pix" in page
    assert "640 pix" in page
    for level in range(1, 9):
        assert f'<th scope="row">{level}</th>' in page
    assert '<th scope="row">8</th><td>Expert<br>64 pix</td>' in page
    competences = Competence.objects.all()
    assert competences.count() == 16
    for competence in competences:
        assert f"<strong>{competence.code}</strong>" in page
    assert "Protéger les données personnelles et la vie privée" in page
    assert "5. Environnement numérique" in page


def test_the_reading_guide_is_public(client, db):
    assert client.get(reverse("results:reading_guide")).status_code == 200
