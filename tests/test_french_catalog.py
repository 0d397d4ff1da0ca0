"""The French catalog only repeats the French texts (for French plural rules, D21): a
translation that differs from its text would show the wrong message to every user."""

import gettext
from pathlib import Path

MO = Path(__file__).resolve().parents[1] / "certinum/locale/fr/LC_MESSAGES/django.mo"


def test_every_french_entry_is_its_own_text():
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    different = {
        key: value
        for key, value in catalog.items()
        if key and (value != key if isinstance(key, str) else key[1] == 0 and value != key[0])
    }
    assert different == {}


def test_french_plural_rules_apply():
    with MO.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.plural(0) == 0 and translations.plural(1) == 0
    assert translations.plural(2) == 1
