"""The English interface: a user who picks "English" in the footer gets our templates in
English, and the English catalogue (certinum/locale/en) is complete and compiled."""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LC_MESSAGES = Path(settings.BASE_DIR) / "certinum" / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_CONTINUATION = re.compile(r'^"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def po_entries() -> list[dict]:
    """Every entry of the .po file (header excluded): its fields, flags and references.
    Obsolete entries (#~) are skipped, as msgfmt does."""
    entries = []
    for block in PO_FILE.read_text("utf-8").strip().split("\n\n"):
        entry: dict = {"flags": set(), "references": [], "fields": {}}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry["references"].extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                field = match.group(1)
                entry["fields"][field] = _unescape(match.group(2))
            elif (match := _CONTINUATION.match(line)) and field:
                entry["fields"][field] += _unescape(match.group(1))
            else:
                raise AssertionError(f"Unexpected line in {PO_FILE.name}: {line!r}")
        if entry["fields"].get("msgid"):
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry["fields"].items() if key.startswith("msgstr")]


# French strings of our templates a pupil would see on these pages, and their English.
HOME = {
    "Choisir son espace": "Choose your area",
    "Espace élève": "Pupil area",
    "Vérifier un certificat": "Verify a certificate",
    "Se connecter": "Log in",
    "Aller au contenu": "Skip to content",
    "Langue": "Language",
}
LOGIN = {
    "Adresse e-mail ou identifiant": "Email address or username",
    "Mot de passe oublié": "Forgotten your password?",
}
PROFILE = {
    "Mon profil de compétences": "My competence profile",
    "pix au total": "pix in total",
    "Pas encore certifiable": "Not yet eligible for certification",
    "Il te manque": "You need 5 more competences at level 1 or above",
    "Se déconnecter": "Log out (",
    "Encore 8 pix pour le niveau 1": "8 more pix to reach level 1",
}


def assert_in_english(page: str, expected: dict[str, str]) -> None:
    assert 'lang="en"' in page
    for french, english in expected.items():
        assert html.escape(english) in page, english
        assert html.escape(french) not in page, french
    # No multi-word French string of our templates is left untranslated.
    for entry in po_entries():
        msgid, msgstr = entry["fields"]["msgid"], entry["fields"].get("msgstr", "")
        from_template = any(".html:" in ref for ref in entry["references"])
        if from_template and " " in msgid and "%" not in msgid and msgid != msgstr:
            assert html.escape(msgid) not in page, msgid


@pytest.fixture
def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_home_page_is_in_english(english, db):
    assert_in_english(english.get("/").content.decode(), HOME)


def test_the_login_page_is_in_english(english, db):
    assert_in_english(english.get(reverse("accounts:login")).content.decode(), LOGIN)


def test_the_profile_of_a_pupil_is_in_english(english, pupil, framework):
    english.force_login(pupil)
    page = english.get("/mon-profil/").content.decode()
    assert_in_english(page, PROFILE)
    assert "Level 0" in page


def test_the_competence_status_on_the_profile_is_in_english(english, pupil, framework):
    english.force_login(pupil)
    page = english.get("/mon-profil/").content.decode()
    assert "Non commencée" not in page


def test_french_stays_the_default(client, db):
    page = client.get("/").content.decode()
    assert 'lang="fr"' in page
    assert "Choisir son espace" in page


def test_every_entry_of_the_english_catalogue_is_translated():
    entries = po_entries()
    assert entries
    untranslated = [e["fields"]["msgid"] for e in entries if not all(translations(e))]
    assert not untranslated
    fuzzy = [e["fields"]["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy
    plurals = [e for e in entries if "msgid_plural" in e["fields"]]
    assert all(len(translations(e)) == 2 for e in plurals)


def test_the_english_catalogue_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in po_entries():
        expected = sorted(placeholder.findall(entry["fields"]["msgid"]))
        for msgstr in translations(entry):
            assert sorted(placeholder.findall(msgstr)) == expected, entry["fields"]["msgid"]


def test_the_compiled_catalogue_matches_the_po_file():
    """django.mo is committed (CI has no gettext): it must be compiled from this .po."""
    with MO_FILE.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in PO_FILE.read_text("utf-8")
    for entry in po_entries():
        msgid = entry["fields"]["msgid"]
        if "msgid_plural" in entry["fields"]:
            plural = entry["fields"]["msgid_plural"]
            assert catalogue.ngettext(msgid, plural, 1) == entry["fields"]["msgstr[0]"]
            assert catalogue.ngettext(msgid, plural, 2) == entry["fields"]["msgstr[1]"]
        else:
            assert catalogue.gettext(msgid) == entry["fields"]["msgstr"], msgid
