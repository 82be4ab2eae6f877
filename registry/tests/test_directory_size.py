"""G11: /partner/ with 10,000 organisations stays small: the list and the map's data are paged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Organisation
from registry.views import PAGE_SIZE


def _many(count: int) -> None:
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Praxis {i:05d}",
            kind="arztpraxis",
            postcode="09111",
            city="Chemnitz",
            kreis=f"Kreis {i % 13}",
            lon=12.5 + (i % 100) / 200,
            lat=50.6 + (i // 100) / 400,
        )
        for i in range(count)
    )


def _get(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registry:list"), query)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("who", [None, "editor_a", "office"])
def test_ten_thousand_organisations_give_a_small_page_with_bounded_queries(
    client, cast, settings, who
):
    # Counted as rendered, not as answered from the page cache (plattform.page_cache).
    settings.PAGE_CACHE_SECONDS = 0
    if who:
        client.force_login(getattr(cast, who))
    _many(100)
    _, few = _get(client)
    _many(9_900)
    response, many = _get(client, seite=7)

    assert len(response.content) < 300_000, len(response.content)
    assert many == few and many <= 15
    assert response.context["count"] >= 10_000
    assert len(response.context["page"].object_list) == PAGE_SIZE
    karte = response.content.decode().split('class="partner-karte"')[1]
    assert karte.count("<circle") == PAGE_SIZE
