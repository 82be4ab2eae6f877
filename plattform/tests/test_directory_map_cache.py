"""The directory's map is drawn once per set of dots and language, then taken from the cache."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache


@pytest.fixture
def drawn(cast):
    cache.clear()
    import registry.maps

    with mock.patch.object(
        registry.maps, "partner_map_svg", wraps=registry.maps.partner_map_svg
    ) as spy:
        yield spy
    cache.clear()


def the_map(page: str) -> str:
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="partner-karte"')
    return page[start : page.index("</svg>", start)]


def test_it_draws_the_map_once_for_repeated_visits(client, drawn):
    first = the_map(client.get("/partner/").content.decode())
    second = the_map(client.get("/partner/").content.decode())
    assert drawn.call_count == 1
    assert "Klinikum A – Chemnitz" in second
    assert first == second


def test_it_draws_the_map_again_when_a_dot_changes(client, cast, drawn):
    client.get("/partner/")
    cast.clinic_b.name = "Klinik B Neu"
    cast.clinic_b.save()
    page = client.get("/partner/").content.decode()
    assert drawn.call_count == 2
    assert 'aria-label="Klinik B Neu – Zwickau"' in page


def test_each_language_gets_its_own_map(client, drawn):
    client.get("/partner/")
    page = client.get("/en/partner/").content.decode()
    assert drawn.call_count == 2
    assert 'href="/en/partner/' in page
