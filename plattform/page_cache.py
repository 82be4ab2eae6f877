"""Whole public pages for anonymous visitors from the shared cache (docs/betrieb.md, Seitencache).

A visitor without login sees the same start page, directory or measure as every other one, so
the platform renders it once and serves the stored answer, headers included, until anything in
the database changes. What makes this safe:

- Only GET and HEAD requests without a session or messages cookie and without an
  ``Authorization`` header are answered from the cache; only pages of :data:`PUBLIC_PAGES`
  answered with 200 as HTML to an anonymous user are stored, and none that sets a cookie, used
  a CSRF token or a CSP nonce, or forbids caching. Everything personal comes with a session.
- The key is the scheme, host, language and full path with its query (the URL prefix decides
  the language: ``prefix_default_language=False`` ignores cookies and Accept-Language).
- Every stored page carries the *generation* that was current when its rendering began. Any
  write to the database (INSERT, UPDATE, DELETE or TRUNCATE through Django's connections, so
  also ``QuerySet.update``, ``bulk_create``, many-to-many changes and the importers) sets a new
  generation once its transaction commits; a page of an older generation is never served. Only
  the session table and the cache tables do not count.
- ``PAGE_CACHE_SECONDS`` (300 s) bounds the age of a page as a safety net for writes from
  outside the platform (``psql`` by hand) and for pages that depend on the date.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.http import split_header_value

#: The cache alias (settings.CACHES): the same store as the counters, apart from them.
CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
#: URL names of the public HTML pages; forms, account, import, export, calendar files and the
#: API are not among them.
PUBLIC_PAGES = frozenset(
    {
        "portal:home",
        "portal:faq",
        "portal:news",
        "portal:news_detail",
        "portal:process",
        "portal:contact",
        "portal:imprint",
        "portal:privacy",
        "registry:list",
        "registry:detail",
        "bodies:list",
        "bodies:detail",
        "bodies:meeting",
        "measures:list",
        "measures:detail",
        "measures:handlungsfeld",
        "measures:recommendations",
        "measures:recommendation",
    }
)
#: Headers a stored page may vary on: the language comes from the path, and the only cookies
#: that change a page (session, messages, CSRF) keep it out of the cache.
_HARMLESS_VARY = {"cookie", "accept-language"}
_WRITE = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)|\s*TRUNCATE", re.I)
_thread = threading.local()
_migrating = threading.Event()
logger = logging.getLogger(__name__)


def _unshared_tables() -> frozenset[str]:
    """Tables whose writes change no page: sessions and the cache tables themselves."""
    cache_tables = {
        str(options["LOCATION"])
        for options in settings.CACHES.values()
        if options["BACKEND"].endswith("DatabaseCache")
    }
    return frozenset({"django_session", *cache_tables})


def new_generation() -> None:
    """Make every stored page stale. A random value instead of ``incr``: no read, so two
    workers bumping at once can never end on a value a page was stored with."""
    _thread.looked_up = _thread.due = False
    try:
        caches[CACHE_ALIAS].set(GENERATION_KEY, secrets.randbits(62), timeout=None)
    except Exception:  # the store is down: lookups fail too and pass to the views meanwhile
        logger.exception("Seitencache: neue Generation nicht gespeichert")


def database_written(connection) -> None:
    """Note a write statement on ``connection``; the new generation follows when it is safe.

    Readers in other transactions see the write only after the commit, so the new generation
    is set then (once per transaction). A reader in the same transaction (a test, or a view
    that writes and then renders) already sees it, so when this thread has looked up a page
    since the last new generation, one is due at once as well. "At once" means before the next
    statement or page lookup of this thread, never inside the write itself: with the database
    cache, a query between an INSERT and the fetch of its RETURNING rows breaks the INSERT.
    """
    if not connection.in_atomic_block:
        _thread.due = True
        return
    if not any(func is new_generation for _ids, func, _robust in connection.run_on_commit):
        connection.on_commit(new_generation)
    if getattr(_thread, "looked_up", False):
        _thread.due = True


def _set_due_generation() -> None:
    if getattr(_thread, "due", False):
        _thread.due = False
        new_generation()


def _watch_writes(execute, sql, params, many, context):
    _set_due_generation()  # the previous statement is complete
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and not _migrating.is_set() and (match.group(1) or "") not in _unshared_tables():
        database_written(context["connection"])
    return result


@atexit.register
def _at_exit() -> None:
    # A management command whose last write ran in autocommit mode ends before another
    # statement. Quietly: at exit the log streams and the database may be closed (tests).
    if getattr(_thread, "due", False):
        _thread.due = False
        with contextlib.suppress(Exception):
            caches[CACHE_ALIAS].set(GENERATION_KEY, secrets.randbits(62), timeout=None)


@receiver(pre_migrate, dispatch_uid="plattform.page_cache.pre")
def _migration_starts(sender, **kwargs) -> None:
    # The page cache's own table may not exist yet; one new generation follows at the end.
    _migrating.set()


@receiver(post_migrate, dispatch_uid="plattform.page_cache.post")
def _migration_ends(sender, **kwargs) -> None:
    _migrating.clear()
    _thread.due = True


@receiver(connection_created, dispatch_uid="plattform.page_cache")
def _install_watch(sender, connection, **kwargs) -> None:
    # Not on the server-level connection Django opens to create or drop a database (no NAME):
    # a due generation written from there would open a session to the database being dropped.
    if connection.alias == NO_DB_ALIAS:
        return
    # The wrapper list survives reconnections (CONN_MAX_AGE), so it is added only once.
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _key(request: HttpRequest) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the view answers 400 as without the cache
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{host}{request.get_full_path()}"
    return f"{language}:{hashlib.sha256(address.encode()).hexdigest()}"


def _anonymous_request(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    vary = {v.lower() for v in split_header_value(response.get("Vary", ""))}
    cache_control = response.get("Cache-Control", "").lower()
    return (
        request.method == "GET"
        and match is not None
        and match.view_name in PUBLIC_PAGES
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
        and not (user is not None and user.is_authenticated)
        and vary <= _HARMLESS_VARY
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class PageCacheMiddleware:
    """Answer anonymous requests for public pages from the cache (see the module docstring).

    Placed before the session, locale, CSRF and authentication middleware, so a hit costs one
    cache lookup and none of their work; a stored answer has all of their headers already.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _set_due_generation()
        key = _key(request) if settings.PAGE_CACHE_SECONDS and _anonymous_request(request) else None
        if key is None:
            response = self.get_response(request)
            _set_due_generation()  # after the last write of a view in autocommit mode
            return response
        cache = caches[CACHE_ALIAS]
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # without its store the platform still answers, uncached
            logger.exception("Seitencache nicht erreichbar")
            return self.get_response(request)
        _thread.looked_up = True
        generation = found.get(GENERATION_KEY)
        if generation is None:
            new_generation()
            generation = cache.get(GENERATION_KEY)
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            _generation, status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            entry = (generation, response.status_code, dict(response.items()), response.content)
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Seitencache: Seite nicht gespeichert")
            response["X-Page-Cache"] = "miss"
        return response
