"""Demo data for `make demo`: a collège, its teachers, classes and pupils, a certification
center and a staff user. Idempotent: running it again finds what exists and adds nothing."""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F

from certinum.accounts.models import CenterMembership, OrganizationMembership, Role, User
from certinum.centers.models import CertificationCenter, Session
from certinum.centers.services import enrol_pupils, session_create
from certinum.engine.answers import SKIP_MARKER
from certinum.learning.models import Assessment, KnowledgeElement
from certinum.learning.services import answer_record, assessment_start
from certinum.orga.models import Campaign, Organization, OrganizationType, Participation, Pupil
from certinum.orga.services import campaign_create, participation_share
from certinum.referential.models import Challenge, Competence

DEMO_PASSWORD = "certinum-demo"  # noqa: S105 - demo accounts only; `make demo` prints it
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
    # Shifted each class so that the same first name gets another last name.
    last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
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


# --- Demo profiles ----------------------------------------------------------------------------
# Profiles are produced by the real engine: simulated pupils with a hidden true level per
# tube answer the real evaluations through the same services as the web pages.

PROFILE_GROUPS = ("certifiable", "close", "barely_started")


def right_answer(challenge: Challenge) -> Any:
    solution = challenge.solution
    if challenge.type == "QCM":
        return solution.split(",")
    if challenge.type in ("QCU", "QROC"):
        return solution if isinstance(solution, str) else solution[0]
    if challenge.type == "QROCM-ind":
        return {key: variants[0] for key, variants in solution.items()}
    groups = list(solution.values())
    return {field["key"]: groups[i][0] for i, field in enumerate(challenge.inputs)}


def wrong_answer(challenge: Challenge) -> Any:
    if challenge.type == "QCU":
        return next(
            str(p) for p in range(1, len(challenge.proposals) + 1) if str(p) != challenge.solution
        )
    return SKIP_MARKER


def _evaluate(user: User, competence: Competence, true_levels: dict[str, int]) -> None:
    assessment = assessment_start(user_id=user.pk, competence=competence)
    for _step in range(60):
        assessment.refresh_from_db()
        if assessment.state != "started" or assessment.current_challenge is None:
            return
        challenge = assessment.current_challenge
        skill = challenge.skill
        succeeds = skill.level <= true_levels.get(skill.tube.name, 0)
        answer_record(
            assessment_id=assessment.pk,
            user_id=user.pk,
            challenge_key=challenge.key,
            raw_value=right_answer(challenge) if succeeds else wrong_answer(challenge),
        )


def demo_profiles_load(
    *,
    seed: int = 2026,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Give the demo pupils varied profiles (a third certifiable, a third close to it, a
    third barely started). Pupils who already have an evaluation are left as they are.
    Returns how many pupils got a profile."""
    # Seeded for a reproducible demo, not for secrecy.
    rng = random.Random(seed)  # noqa: S311
    competences = list(Competence.objects.prefetch_related("tubes").order_by("code"))
    if not competences or not Challenge.objects.exists():
        return 0
    done = 0
    pupils = list(
        User.objects.filter(pupil_records__organization__name=SCHOOL_NAME).order_by(
            "pupil_records__local_id"
        )[:limit]
    )
    for index, user in enumerate(pupils):
        if progress is not None:
            progress(index, len(pupils))
        if Assessment.objects.filter(user=user).exists():
            continue
        group = PROFILE_GROUPS[index % 3]
        chosen = rng.sample(
            competences, k={"certifiable": 7, "close": 4, "barely_started": 2}[group]
        )
        for rank, competence in enumerate(chosen):
            if group == "certifiable":
                top = rng.randint(1, 4)
            elif group == "close":
                # Three competences reach level 1; the others stay just below it.
                top = rng.randint(1, 3) if rank < 3 else 0
            else:
                top = rng.randint(0, 1) if rank == 0 else 0
            true_levels = {
                tube.name: max(0, top + rng.randint(-1, 1)) for tube in competence.tubes.all()
            }
            if top >= 1:  # make sure level 1 really is within reach on every tube
                true_levels = {name: max(1, level) for name, level in true_levels.items()}
            with transaction.atomic():
                _evaluate(user, competence, true_levels)
        # Spread the history over the last two weeks so delays (reset, retry) vary.
        shift = datetime.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 23))
        KnowledgeElement.objects.filter(user=user).update(created_at=F("created_at") - shift)
        Assessment.objects.filter(user=user).update(created_at=F("created_at") - shift)
        done += 1
    return done


DEMO_CAMPAIGN_NAME = "Certificabilité des 3e (démo)"


def demo_campaign_load() -> Campaign | None:
    """A campaign to which two pupils in three have already sent their profile."""
    school = Organization.objects.filter(name=SCHOOL_NAME).first()
    if (
        school is None
        or Campaign.objects.filter(organization=school, name=DEMO_CAMPAIGN_NAME).exists()
    ):
        return None
    teacher = User.objects.get(username=TEACHERS[0][2])
    campaign = campaign_create(
        organization=school,
        name=DEMO_CAMPAIGN_NAME,
        external_id_label="",
        multiple_sendings=True,
        by=teacher,
    )
    for index, pupil in enumerate(
        Pupil.objects.filter(organization=school, user__isnull=False).order_by("local_id")
    ):
        if index % 3 == 2 or pupil.user is None:
            continue  # these pupils have not joined yet: the teacher sees who is missing
        participation = Participation.objects.create(
            campaign=campaign, user=pupil.user, pupil=pupil
        )
        if index % 3 == 0 or index % 2 == 0:
            participation_share(participation=participation)
    return campaign


# --- Demo certification sessions --------------------------------------------------------------

FEMALE_FIRST_NAMES = {
    "Léa",
    "Inès",
    "Chloé",
    "Aïcha",
    "Manon",
    "Jade",
    "Sarah",
    "Maëlys",
    "Lina",
    "Zoé",
}
DEMO_BIRTHPLACES = [
    ("69123", "69001", "Lyon"),
    ("75056", "75001", "Paris"),
    ("13055", "13001", "Marseille"),
]
DEMO_SESSION_CANDIDATES = 25


def demo_sessions_load(today: datetime.date | None = None) -> list[Session]:
    """Two planned sessions of the demo center: one with 25 pupils of the school enrolled
    (certifiable or not, from the shared profiles), one still empty."""
    center = CertificationCenter.objects.filter(name=CENTER_NAME).first()
    if center is None or center.sessions.exists():
        return []
    admin = User.objects.get(username=CENTER_ADMIN[2])
    day = (today or datetime.date.today()) + datetime.timedelta(days=14)  # noqa: DTZ011
    common = {"address": "12 avenue des Sciences, 69001 Lyon", "duration_minutes": 105}
    full = session_create(
        center=center,
        data={
            **common,
            "date": day,
            "time": datetime.time(9, 0),
            "room": "Salle informatique B12",
            "examiners": "Sophie Nguyen, Karim Benali",
            "invigilator_count": 2,
            "description": "Classe de 3e A et cinq élèves de 3e B.",
        },
        by=admin,
    )
    empty = session_create(
        center=center,
        data={
            **common,
            "date": day + datetime.timedelta(days=1),
            "time": datetime.time(14, 0),
            "room": "Salle informatique B14",
            "examiners": "Sophie Nguyen",
            "invigilator_count": 1,
            "description": "",
        },
        by=admin,
    )
    pupils = Pupil.objects.filter(organization=center.organization).order_by("division", "local_id")
    enrol_pupils(session=full, pupils=list(pupils[:DEMO_SESSION_CANDIDATES]))
    for index, candidate in enumerate(full.candidates.order_by("pk")):
        insee, postal, city = DEMO_BIRTHPLACES[index % len(DEMO_BIRTHPLACES)]
        candidate.sex = "F" if candidate.first_name in FEMALE_FIRST_NAMES else "M"
        candidate.birth_country, candidate.birth_country_code = "France", "FR"
        candidate.birth_insee_code, candidate.birth_postal_code, candidate.birth_city = (
            insee,
            postal,
            city,
        )
        candidate.extra_time_percentage = 33 if index in (3, 17) else None
        candidate.save()
    return [full, empty]


def demo_sessions_lines() -> list[str]:
    """What `make demo` prints of the demo sessions (numbers and codes for the session day)."""
    sessions = Session.objects.filter(center__name=CENTER_NAME).order_by("date", "time")
    return [
        f"Session de certification {session.number} le {session.date:%d/%m/%Y} à "
        f"{session.time:%H:%M} : {session.candidates.count()} candidats, mot de passe "
        f"surveillant {session.password_display}, code d'accès {session.access_code}."
        for session in sessions
    ]
