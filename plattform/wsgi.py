"""WSGI entry point, and the warm-up each gunicorn worker runs before its first request."""

from __future__ import annotations

import io
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plattform.settings")
application = get_wsgi_application()

#: Pages whose first request imports and reads what every later one reuses: the map code with
#: numpy and shapely, the Kreis boundaries and the projection (registry.geo), the compiled
#: templates, the translations, the API's serializers.
WARM_UP_PATHS = ("/", "/partner/", "/massnahmen/", "/gremien/", "/faq/", "/en/", "/api/")

logger = logging.getLogger(__name__)


def _host() -> str:
    from django.conf import settings

    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


def warm_up() -> None:
    """Answer each of WARM_UP_PATHS once in this process, then drop its connections.

    gunicorn calls this in every new worker before it accepts requests
    (``plattform/gunicorn_conf.py``): a worker, also one that replaces a crashed or recycled
    one, serves its first visitors warm instead of spending a second or more on each of its
    first pages. The connections opened here are closed again, so the worker starts clean.
    """
    from django.core.cache import caches
    from django.db import connections

    def start_response(status, headers, exc_info=None):
        if not status.startswith(("200", "301", "302")):
            logger.warning("Aufwärmen: %s antwortet %s", path, status)

    try:
        for path in WARM_UP_PATHS:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": _host(),
                "SERVER_PORT": "443",
                "HTTP_HOST": _host(),
                "HTTP_X_FORWARDED_PROTO": "https",
                "wsgi.url_scheme": "https",
                "wsgi.input": io.BytesIO(),
                "wsgi.errors": io.StringIO(),
                "wsgi.version": (1, 0),
                "wsgi.multithread": True,
                "wsgi.multiprocess": True,
                "wsgi.run_once": False,
            }
            response = application(environ, start_response)
            try:
                for _ in response:
                    pass
            finally:
                response.close()
    except Exception:  # the workers start anyway; they warm up on their first requests
        logger.exception("Aufwärmen vor dem Start der Worker fehlgeschlagen")
    finally:
        connections.close_all()
        caches.close_all()
