"""Request hygiene shared by every page and endpoint."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


def strip_nul_characters(get_response: Callable[[HttpRequest], HttpResponse]):
    """Remove NUL characters from query parameters (names and values).

    PostgreSQL refuses a NUL in any text it is given, so `?q=%00` in a filter would be a 500;
    no legitimate value holds one. Form bodies are checked by the forms themselves (Django's
    CharField refuses NUL with a message).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", "") or any(
                "\x00" in key or any("\x00" in v for v in request.GET.getlist(key))
                for key in request.GET):
            cleaned = QueryDict(mutable=True)
            for key in request.GET:
                cleaned.setlist(key.replace("\x00", ""),
                                [value.replace("\x00", "") for value in request.GET.getlist(key)])
            cleaned._mutable = False
            request.GET = cleaned
        return get_response(request)

    return middleware
