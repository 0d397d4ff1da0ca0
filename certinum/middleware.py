from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """French unless the user picked another language in the footer (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a pupil on a
    school computer configured in English would get a half-translated interface; our users
    are French schools, so the browser setting is not enough to switch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class FriendlyErrorsMiddleware:
    """Our French 403 and 404 pages for what views refuse, also while DEBUG is on (the
    demo runs with DEBUG): Django would otherwise show its English technical page. URLs that
    match no view are left to Django (with DEBUG off they get our 404.html as well)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", status=403)
        return None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: the Content-Security-Policy, and
    `Cache-Control: no-store` on every page and file served to a logged-in user (profiles,
    results, exports hold personal data that a shared school computer must not keep)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.policy: str = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            patch_vary_headers(response, ("Cookie",))
        return response


class RefuseNulCharactersMiddleware:
    """A NUL character has no business in a URL or a form field, and PostgreSQL refuses it
    in text (the query would fail with a server error): such a request is answered 400, in
    French, before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        fields = [request.GET]
        if request.method == "POST":
            fields.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in fields
            for key, values in query.lists()
        )
