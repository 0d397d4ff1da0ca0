"""The birthplace referential: French communes (INSEE code, current name, postal codes) and
countries, read from the data file that `manage.py build_birthplaces` builds from official
open data (docs/birthplaces.md). Lookups follow spec 03 §4.3: names are compared after
`normalize_name` with their letters sorted, so accents, case, spaces, hyphens and letter
order never matter (« Saint-Étienne » ≡ « ST ETIENNE » is not claimed: abbreviations are
not expanded)."""

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from certinum.accounts.identity import normalize_name

DATA_FILE = Path(__file__).resolve().parent / "data" / "birthplaces.json.gz"
FRANCE = "FR"
FOREIGN_INSEE_CODE = "99"


def sorted_letters(value: str) -> str:
    """`normalize_name`, then the characters sorted (spec's normalizeAndSortChars)."""
    return "".join(sorted(normalize_name(value)))


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # French common name


@dataclass(frozen=True)
class Referential:
    communes: dict[str, str]  # INSEE code → current name
    postal_codes: dict[str, list[str]]  # postal code → INSEE codes
    countries: dict[str, Country]  # sorted letters of any French name → country
    communes_source: str
    countries_source: str
    built_on: str

    def country(self, name: str) -> Country | None:
        return self.countries.get(sorted_letters(name)) if name.strip() else None

    def commune_name(self, insee_code: str) -> str | None:
        return self.communes.get(insee_code)

    def communes_of_postal_code(self, postal_code: str) -> list[str]:
        return self.postal_codes.get(postal_code, [])

    def commune_for(self, postal_code: str, city: str) -> str | None:
        """The INSEE code of the commune named `city` among those of `postal_code`."""
        wanted = sorted_letters(city)
        for code in self.communes_of_postal_code(postal_code):
            if sorted_letters(self.communes[code]) == wanted:
                return code
        return None


@functools.cache
def referential() -> Referential:
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as data_file:
        data = json.load(data_file)
    countries: dict[str, Country] = {}
    for code, name, *other_names in data["countries"]:
        country = Country(code=code, name=name)
        for alias in (name, *other_names):
            countries.setdefault(sorted_letters(alias), country)
    return Referential(
        communes=data["communes"],
        postal_codes=data["postal_codes"],
        countries=countries,
        communes_source=data["communes_source"],
        countries_source=data["countries_source"],
        built_on=data["built_on"],
    )
