"""`manage.py build_birthplaces`: rebuild the birthplace referential shipped in
certinum/centers/data/birthplaces.json.gz (docs/birthplaces.md).

Communes come from the official « découpage administratif » published by Etalab on the npm
registry (`npm pack @etalab/decoupage-administratif`, data under the Licence Ouverte):
INSEE code, current name and postal codes. Countries come from ISO 3166-1 with their French
names (the `pycountry` package, `pip install pycountry`, which carries the Debian iso-codes
data and translations). Neither is needed to run Certinum: only to rebuild the file."""

import gettext
import gzip
import json
import tarfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from certinum.centers.birthplaces import DATA_FILE

KEPT_TYPES = (
    "commune-actuelle",
    "commune-deleguee",
    "commune-associee",
    "arrondissement-municipal",
)


class Command(BaseCommand):
    help = "Reconstruit le référentiel des communes et pays de naissance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "package",
            help="l'archive npm @etalab/decoupage-administratif (…tgz, obtenue par npm pack)",
        )

    def handle(self, *args: object, **options: Any) -> None:
        package = Path(options["package"])
        try:
            with tarfile.open(package) as archive:
                meta = json.load(_member(archive, "package/package.json"))
                communes = json.load(_member(archive, "package/data/communes.json"))
        except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
            raise CommandError(f"Archive illisible : {exc}") from None
        communes_by_code: dict[str, str] = {}
        postal_codes: dict[str, list[str]] = {}
        data: dict[str, Any] = {
            "communes_source": (
                f"@etalab/decoupage-administratif {meta['version']} (Licence Ouverte)"
            ),
            "countries_source": _countries_source(),
            "built_on": timezone.localdate().isoformat(),
            "communes": communes_by_code,
            "postal_codes": postal_codes,
            "countries": _countries(),
        }
        for commune in communes:
            if commune.get("type") not in KEPT_TYPES:
                continue
            communes_by_code[commune["code"]] = commune["nom"]
            for postal in commune.get("codesPostaux", []):
                postal_codes.setdefault(postal, []).append(commune["code"])
        with gzip.open(DATA_FILE, "wt", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        self.stdout.write(
            f"{DATA_FILE.name} : {len(data['communes'])} communes, "
            f"{len(data['postal_codes'])} codes postaux, {len(data['countries'])} pays."
        )


def _member(archive: tarfile.TarFile, name: str) -> Any:
    member = archive.extractfile(name)
    if member is None:
        raise KeyError(name)
    return member


def _countries() -> list[list[str]]:
    """[ISO alpha-2, French common name, other French names…] for every country."""
    try:
        import pycountry
    except ImportError:
        raise CommandError(
            "pip install pycountry (seulement pour reconstruire le fichier)"
        ) from None
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    result = []
    for country in pycountry.countries:
        names = [french.gettext(country.name)]
        for attribute in ("common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and french.gettext(value) not in names:
                names.append(french.gettext(value))
        result.append([country.alpha_2, *names])
    return sorted(result)


def _countries_source() -> str:
    import pycountry

    version = getattr(pycountry, "__version__", "")
    return f"ISO 3166-1, noms français des iso-codes Debian (pycountry {version})".strip()
