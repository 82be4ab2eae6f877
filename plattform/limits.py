"""Refuse oversized request bodies before anything reads them.

Django reads a request body only when a view or middleware touches ``request.POST`` or
``request.body``; the upload settings (``DATA_UPLOAD_MAX_MEMORY_SIZE``,
``FILE_UPLOAD_MAX_MEMORY_SIZE``) bound what it keeps in memory, not what it reads: a 100 MB
multipart body is streamed to a temporary file in full. This middleware looks only at the
``Content-Length`` header and answers 413 while the body is still unread:

- every request: at most ``settings.REQUEST_MAX_BYTES`` (the largest upload plus form fields),
- anonymous requests: at most ``settings.ANONYMOUS_REQUEST_MAX_BYTES`` (login, password reset
  and language forms are a few hundred bytes).

A body without a length (``Transfer-Encoding: chunked``) is refused with 411: Django would not
read it anyway (it takes a missing length as an empty body), so accepting it would only hide
the data from the view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")


def _refusal(status: int, message: str) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    # The unread body must not be taken for the next request on a kept-alive connection: servers
    # that honour the header close it (gunicorn drops it and closes after draining 64 KB).
    response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    """Answer 413 (411) to bodies above the limit (of unknown length) without reading them.

    Sits after ``AuthenticationMiddleware``: whether the sender is logged in decides the
    limit, and ``request.user`` is looked up only for bodies above the anonymous limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.check(request)
        return refusal if refusal is not None else self.get_response(request)

    @staticmethod
    def check(request: HttpRequest) -> HttpResponse | None:
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _refusal(
                411,
                _(
                    "Anfragen ohne Längenangabe (Transfer-Encoding: chunked) werden nicht "
                    "angenommen. Bitte die Daten mit Content-Length senden."
                ),
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None  # Django itself reads an unreadable length as an empty body
        if length > settings.REQUEST_MAX_BYTES:
            message = _(
                "Die Anfrage ist zu groß (%(size)s MB; erlaubt sind höchstens %(limit)s MB). "
                "Bitte eine kleinere Datei senden."
            )
            limit = settings.REQUEST_MAX_BYTES
        elif length > settings.ANONYMOUS_REQUEST_MAX_BYTES and not request.user.is_authenticated:
            message = _(
                "Die Anfrage ist zu groß (%(size)s MB; ohne Anmeldung sind höchstens "
                "%(limit)s MB erlaubt). Bitte zuerst anmelden."
            )
            limit = settings.ANONYMOUS_REQUEST_MAX_BYTES
        else:
            return None
        return _refusal(413, message % {"size": _megabytes(length), "limit": _megabytes(limit)})
