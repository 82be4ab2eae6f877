"""The page cache (plattform.page_cache): public pages for anonymous visitors come from the cache,
nothing personal is ever stored, and no page older than the last change is ever served."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from plattform import page_cache

pytestmark = pytest.mark.django_db


def answered(response) -> str | None:
    """``hit`` (from the cache), ``miss`` (rendered and stored) or None (not cached)."""
    return response.get("X-Page-Cache")


def test_the_second_anonymous_visit_is_answered_from_the_cache(client, cast):
    first = client.get("/partner/")
    second = client.get("/partner/")
    assert (answered(first), answered(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "de"


def test_head_requests_are_answered_from_the_cache(client, cast):
    client.get("/faq/")
    assert answered(client.head("/faq/")) == "hit"


def test_german_english_and_each_query_are_stored_apart(client, cast):
    client.get("/partner/")
    english = client.get("/en/partner/")
    filtered = client.get("/partner/?q=Klinik+B")
    assert answered(english) == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert answered(filtered) == "miss"
    assert "Klinikum A" not in filtered.content.decode()


def test_an_editors_page_is_never_served_to_an_anonymous_visitor(client, cast):
    page = f"/partner/{cast.clinic_a.pk}/"
    client.force_login(cast.editor_a)
    editor = client.get(page)
    assert answered(editor) is None
    assert f"/partner/{cast.clinic_a.pk}/bearbeiten/" in editor.content.decode()
    client.logout()
    client.cookies.clear()
    anonymous = client.get(page)
    assert answered(anonymous) == "miss"
    assert "/bearbeiten/" not in anonymous.content.decode()
    assert "Abmelden" not in anonymous.content.decode()


def test_a_logged_in_visitor_never_gets_the_anonymous_page(client, cast):
    client.get("/faq/")
    client.force_login(cast.office)
    page = client.get("/faq/")
    assert answered(page) is None
    assert "Abmelden" in page.content.decode()


def test_a_change_to_an_organisation_shows_at_once_on_the_cached_directory(client, cast):
    client.get("/partner/")
    cast.clinic_a.name = "Klinikum Aue-Neu"
    cast.clinic_a.save()
    page = client.get("/partner/")
    assert answered(page) == "miss"
    assert "Klinikum Aue-Neu" in page.content.decode()


def test_a_change_without_signals_shows_at_once_as_well(client, cast):
    # QuerySet.update and bulk_create send no model signals; the write itself counts.
    from registry.models import Organisation, OrganisationType

    client.get("/partner/")
    Organisation.objects.filter(pk=cast.clinic_b.pk).update(name="Klinikum Zwickau-Süd")
    assert "Klinikum Zwickau-Süd" in client.get("/partner/").content.decode()
    Organisation.objects.bulk_create(
        [Organisation(name="Praxis Massenimport", kind=OrganisationType.ARZTPRAXIS)]
    )
    assert "Praxis Massenimport" in client.get("/partner/").content.decode()


def test_a_non_public_organisation_never_appears_in_a_cached_page(client, cast):
    detail = f"/partner/{cast.clinic_b.pk}/"
    assert "Klinik B" in client.get("/partner/").content.decode()
    assert client.get(detail).status_code == 200
    cast.clinic_b.is_public = False
    cast.clinic_b.save()
    assert "Klinik B" not in client.get("/partner/").content.decode()
    assert client.get(detail).status_code == 404


def test_a_new_faq_entry_shows_at_once(client, cast):
    from portal.models import Faq

    client.get("/faq/")
    Faq.objects.create(question="Wer darf mitmachen?", answer="Alle Akteure der Region.")
    assert "Wer darf mitmachen?" in client.get("/faq/").content.decode()


def test_a_visitor_with_a_session_or_messages_cookie_is_never_answered_from_the_cache(client, cast):
    client.get("/faq/")
    client.cookies["sessionid"] = "irgendeine"
    assert answered(client.get("/faq/")) is None
    del client.cookies["sessionid"]
    client.cookies["messages"] = "irgendwelche"
    assert answered(client.get("/faq/")) is None


def test_forms_and_the_api_are_not_stored(client, cast):
    for page in ("/konto/anmelden/", "/api/organisationen/", "/gremien/kalender.ics"):
        client.get(page)
        assert answered(client.get(page)) is None, page


def run_middleware(make_response) -> HttpResponse:
    """One anonymous request for the directory through the middleware, answered by
    ``make_response(request)`` instead of the view."""
    request = RequestFactory().get("/partner/")

    def view(request):
        request.resolver_match = mock.Mock(view_name="registry:list")
        return make_response(request)

    middleware = page_cache.PageCacheMiddleware(view)
    middleware(request)
    return middleware(RequestFactory().get("/partner/"))


def test_a_response_that_sets_a_cookie_is_not_stored(cast):
    def with_cookie(request):
        response = HttpResponse("<p>Seite</p>")
        response.set_cookie("vorliebe", "1")
        return response

    assert answered(run_middleware(with_cookie)) is None


def test_a_page_with_a_csrf_token_is_not_stored(cast):
    def with_form(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    assert answered(run_middleware(with_form)) is None


def test_a_page_with_a_csp_nonce_is_not_stored(cast):
    from django.utils.csp import LazyNonce

    def with_nonce(request):
        request._csp_nonce = LazyNonce()
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    assert answered(run_middleware(with_nonce)) is None


def test_a_page_marked_private_is_not_stored(cast):
    def private(request):
        return HttpResponse("<p>Seite</p>", headers={"Cache-Control": "private"})

    assert answered(run_middleware(private)) is None


def test_many_writes_in_one_transaction_set_one_generation_at_the_commit(cast):
    from registry.models import Organisation, OrganisationType

    with transaction.atomic():
        for n in range(3):
            Organisation.objects.create(name=f"Praxis {n}", kind=OrganisationType.ARZTPRAXIS)
        due = [f for _ids, f, _robust in connection.run_on_commit if f is page_cache.new_generation]
    assert len(due) == 1


@pytest.mark.django_db(transaction=True)
def test_a_commit_sets_a_new_generation_and_not_before():
    # A page rendered by another worker before the commit shows the old data; it must not be
    # stored under a generation that outlives the commit.
    from django.core.cache import caches

    from registry.models import Organisation, OrganisationType

    store = caches[page_cache.CACHE_ALIAS]
    page_cache.new_generation()
    before = store.get(page_cache.GENERATION_KEY)
    with transaction.atomic():
        Organisation.objects.create(name="Praxis Neu", kind=OrganisationType.ARZTPRAXIS)
        assert store.get(page_cache.GENERATION_KEY) == before
    assert store.get(page_cache.GENERATION_KEY) != before


def test_without_its_store_the_platform_answers_uncached(client, cast):
    from django.core.cache import caches

    store = caches[page_cache.CACHE_ALIAS]
    with mock.patch.object(store, "get_many", side_effect=ConnectionError("Redis weg")):
        page = client.get("/partner/")
    assert page.status_code == 200
    assert answered(page) is None


def test_the_page_cache_can_be_switched_off(client, cast, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/faq/")
    assert answered(client.get("/faq/")) is None


def test_the_server_level_connection_is_not_watched():
    """Django's connection without a database (to create or drop the test database) must not
    write a due generation: that would open a session to the database being dropped."""
    from types import SimpleNamespace

    from django.db.backends.base.base import NO_DB_ALIAS

    from plattform import page_cache

    nodb = SimpleNamespace(alias=NO_DB_ALIAS, execute_wrappers=[])
    page_cache._install_watch(sender=None, connection=nodb)
    assert nodb.execute_wrappers == []
    named = SimpleNamespace(alias="default", execute_wrappers=[])
    page_cache._install_watch(sender=None, connection=named)
    assert named.execute_wrappers == [page_cache._watch_writes]
