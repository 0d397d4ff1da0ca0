"""Demo data for `make demo`: a collège, its teachers, classes and pupils, a certification
center and a staff user. Idempotent: running it again finds what exists and adds nothing."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from certinum.accounts.models import CenterMembership, OrganizationMembership, Role, User
from certinum.centers.models import CertificationCenter
from certinum.orga.models import Organization, OrganizationType, Pupil

DEMO_PASSWORD = "certinum-demo"
SCHOOL_NAME = "Collège Marie-Curie (démo)"
SCHOOL_UAI = "0999001X"
CENTER_NAME = "Centre de certification du collège Marie-Curie (démo)"
STAFF_EMAIL = "staff@certinum.example"
TEACHERS = [
    ("Camille", "Martin", "camille.martin@college-demo.example", Role.ADMIN),
    ("Karim", "Benali", "karim.benali@college-demo.example", Role.MEMBER),
]
CENTER_ADMIN = ("Sophie", "Nguyen", "sophie.nguyen@college-demo.example")
CLASSES = [("3e A", 2011), ("3e B", 2011), ("4e A", 2012)]
FIRST_NAMES = [
    "Léa",
    "Yanis",
    "Inès",
    "Noah",
    "Chloé",
    "Adam",
    "Aïcha",
    "Lucas",
    "Manon",
    "Ibrahim",
    "Jade",
    "Théo",
    "Sarah",
    "Enzo",
    "Maëlys",
    "Mohamed",
    "Lina",
    "Hugo",
    "Zoé",
    "Samuel",
]
LAST_NAMES = [
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Garcia",
    "Diallo",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Nguyen",
]
PUPILS_PER_CLASS = 20


@dataclass(frozen=True)
class DemoLogin:
    role: str
    login: str


def _user(*, username: str, email: str, first_name: str, last_name: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name, **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def pupil_identity(index: int) -> tuple[str, str, str]:
    """The index-th demo pupil: first name, last name, username (unique, ASCII)."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    ascii_name = f"{first}.{last}".lower()
    for accented, plain in (("é", "e"), ("è", "e"), ("ë", "e"), ("ï", "i"), ("î", "i")):
        ascii_name = ascii_name.replace(accented, plain)
    return first, last, f"{ascii_name}{index + 1:02d}"


@transaction.atomic
def demo_data_load() -> list[DemoLogin]:
    school, _ = Organization.objects.get_or_create(
        name=SCHOOL_NAME, defaults={"type": OrganizationType.SCO, "uai": SCHOOL_UAI}
    )
    center, _ = CertificationCenter.objects.get_or_create(
        name=CENTER_NAME,
        defaults={"type": OrganizationType.SCO, "uai": SCHOOL_UAI, "organization": school},
    )
    logins = [DemoLogin("Personnel de la plateforme (administration)", STAFF_EMAIL)]
    _user(
        username="staff",
        email=STAFF_EMAIL,
        first_name="Alex",
        last_name="Admin",
        is_staff=True,
        is_superuser=True,
    )
    for first, last, email, role in TEACHERS:
        teacher = _user(username=email, email=email, first_name=first, last_name=last)
        OrganizationMembership.objects.get_or_create(
            user=teacher, organization=school, defaults={"role": role}
        )
        label = "Enseignant·e administrateur" if role == Role.ADMIN else "Enseignant·e"
        logins.append(DemoLogin(label.replace("·e", ""), email))
    first, last, email = CENTER_ADMIN
    center_admin = _user(username=email, email=email, first_name=first, last_name=last)
    CenterMembership.objects.get_or_create(
        user=center_admin, center=center, defaults={"role": Role.ADMIN}
    )
    logins.append(DemoLogin("Administratrice du centre de certification", email))

    index = 0
    for division, birth_year in CLASSES:
        for rank in range(PUPILS_PER_CLASS):
            first, last, username = pupil_identity(index)
            birthdate = datetime.date(birth_year, 1 + rank % 12, 1 + (index * 3) % 28)
            user = _user(
                username=username, email="", first_name=first, last_name=last, birthdate=birthdate
            )
            Pupil.objects.get_or_create(
                organization=school,
                local_id=f"DEMO{index + 1:03d}",
                defaults={
                    "user": user,
                    "last_name": last,
                    "first_name": first,
                    "birthdate": birthdate,
                    "division": division,
                },
            )
            if index < 3:
                logins.append(DemoLogin(f"Élève de {division}", username))
            index += 1
    return logins
