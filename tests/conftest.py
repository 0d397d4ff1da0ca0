"""The cast every test can call by name: pupil, other pupil, teacher, other teacher,
center admin, staff — and the framework loaded from content/ once per database."""

import shutil

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from certinum.accounts.models import CenterMembership, OrganizationMembership, Role, User
from certinum.centers.models import CertificationCenter
from certinum.orga.models import Organization, OrganizationType
from tests.learning.bank import MINI_BANK

PASSWORD = "un mot de passe de test"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests do not need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _french_by_default():
    # A request in English (tests/test_english.py) leaves English active in the thread.
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    # django-axes needs the request in authenticate(), which the test client's login() does
    # not pass; the tests of the lockout itself (tests/accounts/test_throttle.py) turn it on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings, tmp_path):
    """Background tasks run inside the test, and the files they write go to a temporary
    folder. One test runs the real database worker (tests/orga/test_tasks.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(username: str, **extra) -> User:
    user = User.objects.create(username=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def school(db):
    return Organization.objects.create(
        name="Collège Jean-Moulin", type=OrganizationType.SCO, uai="0990001A"
    )


@pytest.fixture
def other_school(db):
    return Organization.objects.create(name="Collège Rosa-Parks", type=OrganizationType.SCO)


@pytest.fixture
def center(school):
    return CertificationCenter.objects.create(
        name="Centre Jean-Moulin", type=OrganizationType.SCO, organization=school
    )


@pytest.fixture
def pupil(db):
    return make_user("lina.roux", first_name="Lina", last_name="Roux")


@pytest.fixture
def other_pupil(db):
    return make_user("tom.petit", first_name="Tom", last_name="Petit")


@pytest.fixture
def teacher(school):
    user = make_user(
        "prof@college.example", email="prof@college.example", first_name="Nadia", last_name="Haddad"
    )
    OrganizationMembership.objects.create(user=user, organization=school, role=Role.ADMIN)
    return user


@pytest.fixture
def other_teacher(other_school):
    user = make_user("autre@college.example", email="autre@college.example")
    OrganizationMembership.objects.create(user=user, organization=other_school, role=Role.ADMIN)
    return user


@pytest.fixture
def center_admin(center):
    user = make_user(
        "centre@college.example",
        email="centre@college.example",
        first_name="Paul",
        last_name="Girard",
    )
    CenterMembership.objects.create(user=user, center=center, role=Role.ADMIN)
    return user


@pytest.fixture
def staff(db):
    return make_user(
        "staff@certinum.example", email="staff@certinum.example", is_staff=True, is_superuser=True
    )


@pytest.fixture
def framework(db, tmp_path_factory):
    """The 5 areas and 16 competences only (fast); `item_bank` loads everything."""
    folder = tmp_path_factory.mktemp("framework")
    shutil.copy(settings.CONTENT_DIR / "framework.yaml", folder / "framework.yaml")
    call_command("load_content", "--dir", str(folder), verbosity=0)


@pytest.fixture
def mini_bank(db, tmp_path):
    """A small item bank (competence 1.2, two tubes, every challenge type)."""
    shutil.copy(settings.CONTENT_DIR / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "1.2.yaml").write_text(yaml.safe_dump(MINI_BANK, allow_unicode=True), "utf-8")
    call_command("load_content", "--dir", str(tmp_path), verbosity=0)


@pytest.fixture
def item_bank(db):
    call_command("load_content", verbosity=0)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A STATIC_ROOT filled by collectstatic with production settings, as deployed: the
    WSGI entry point refuses to start without its manifest."""
    import os
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("static")
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "certinum.example",
        "STATIC_ROOT": str(root),
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return root
