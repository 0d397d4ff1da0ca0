"""The hostile-input corpus on URLs and headers: odd ids, encodings and traversal in
paths, forged or broken headers and cookies — never a server error."""

import pytest
from django.test import Client

from certinum.orga.models import Campaign

pytestmark = pytest.mark.django_db

ODD_SEGMENTS = [
    "abc",
    "-1",
    "0",
    "1.5",
    "1e3",
    "%00",
    "%ff",
    "%c0%af",
    "..%2f..%2f",
    "%2e%2e",
    "99999999999999999999",
    "9223372036854775808",
    "18446744073709551616",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
    "x" * 3000,
    "%E2%80%AE",
    "<script>",
    "'%20OR%201=1",
    "é",
]
PATTERNS = [
    "/organisations/{}/",
    "/organisations/{}/membres/",
    "/organisations/{}/eleves/import/{}/",
    "/organisations/campagnes/{}/",
    "/organisations/campagnes/{}/export/",
    "/mon-profil/competences/{}/",
    "/mon-profil/evaluations/{}/",
    "/mon-profil/evaluations/{}/resultat/",
    "/campagnes/{}/",
    "/centres/{}/",
    "/compte/mot-de-passe/{}/{}/",
    "/compte/inscription/activer/{}/{}/",
    "/static/{}",
    "/admin/{}/",
]


def read_to_the_end(response) -> None:
    """Static files are streamed: reading them to the end closes the file. (Not
    `response.close()`: it fires `request_finished`, which closes the test's database
    connection on PostgreSQL.)"""
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture
def clients(pupil, teacher, center_admin, staff, school, framework):
    Campaign.objects.create(organization=school, name="Collecte", code="ABCDEF234")
    by_role = {"anonymous": Client()}
    for name, user in (
        ("pupil", pupil),
        ("teacher", teacher),
        ("center", center_admin),
        ("staff", staff),
    ):
        by_role[name] = Client()
        by_role[name].force_login(user)
    return by_role


def test_odd_paths_are_never_a_server_error(clients):
    problems = []
    for pattern in PATTERNS:
        for segment in ODD_SEGMENTS:
            path = pattern.format(segment, segment)
            for role, client in clients.items():
                response = client.get(path)
                read_to_the_end(response)
                status = response.status_code
                if status >= 500:
                    problems.append(f"{role} GET {path[:80]}: {status}")
    assert problems == []


HEADERS = [
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "127.0.0.1:8000\r\nX-Injected: 1"},
    {"HTTP_HX_REQUEST": "true"},
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "<script>"},
    {"HTTP_ACCEPT_LANGUAGE": "xx-YY;q=abc, ,,,"},
    {"HTTP_ACCEPT_LANGUAGE": "en" * 5000},
    {"HTTP_X_FORWARDED_FOR": "not-an-ip, , ::::"},
    {"HTTP_X_FORWARDED_PROTO": "gopher"},
    {"HTTP_COOKIE": "sessionid=../../etc/passwd; csrftoken=x"},
    {"HTTP_COOKIE": "django_language=xx; sessionid=" + "A" * 5000},
    {"HTTP_COOKIE": "=;;;=;\x7f"},
    {"HTTP_USER_AGENT": "\x00" * 10},
    {"HTTP_REFERER": "javascript:alert(1)"},
    {"HTTP_RANGE": "bytes=999999999-"},
    {"HTTP_IF_MODIFIED_SINCE": "not a date"},
    {"CONTENT_TYPE": "multipart/form-data"},  # no boundary
    {"CONTENT_TYPE": "application/json"},
    {"CONTENT_TYPE": "text/plain; charset=utf-99"},
]


@pytest.mark.parametrize("headers", HEADERS, ids=range(len(HEADERS)))
def test_odd_headers_are_never_a_server_error(clients, headers, settings):
    settings.NUM_PROXIES = 1
    problems = []
    for role in ("anonymous", "pupil", "teacher"):
        client = clients[role]
        for method, path in (
            ("get", "/"),
            ("get", "/mon-profil/"),
            ("get", "/static/certinum/css/certinum.css"),
            ("post", "/compte/connexion/"),
            ("post", "/campagnes/ABCDEF234/"),
        ):
            response = getattr(client, method)(path, **headers)
            read_to_the_end(response)
            if response.status_code >= 500:
                problems.append(f"{role} {method.upper()} {path} {headers}: {response.status_code}")
    assert problems == []


def test_a_raw_body_that_is_not_a_form_is_refused_cleanly(clients):
    client = clients["teacher"]
    for body, content_type in (
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b"a=" + b"%" * 1000, "application/x-www-form-urlencoded"),
        (b"&".join(b"k%d=v" % n for n in range(2000)), "application/x-www-form-urlencoded"),
    ):
        response = client.generic("POST", "/organisations/campagnes/", body, content_type)
        assert response.status_code < 500
        response = client.generic("POST", "/compte/connexion/", body, content_type)
        assert response.status_code < 500
