"""Error pages in the site frame: 400, 403 and 404 are Django's handlers with the templates in
``templates/``; the handler of 500 is here (429.html is shown by the throttled forms of
:mod:`accounts`).

The 500 page renders without the request (the error may sit in a context processor, the
session or the database), from a template that needs nothing but the site name; should even
that fail, a fixed German page answers.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

__all__ = ["server_error"]

logger = logging.getLogger(__name__)

_FALLBACK_500 = (
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Serverfehler</title>'
    "</head><body><h1>Serverfehler</h1><p>Auf dem Server ist ein Fehler aufgetreten. Bitte "
    'versuchen Sie es später erneut.</p><p><a href="/">Zur Startseite</a></p></body></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    except Exception:  # the page of last resort must not fail; the cause is logged
        logger.exception("Die Fehlerseite 500 ließ sich nicht darstellen")
        body = _FALLBACK_500
    return HttpResponseServerError(body)
