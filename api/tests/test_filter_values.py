"""Every filter of every API list answers a value it cannot use with 400 and a German message
under the parameter's name, never with 500: NUL bytes (PostgreSQL refuses them in text), ids
beyond 64 bits (SQLite overflows), dates in other forms, overlong searches (finding G6)."""

from __future__ import annotations

import pytest

from api import filters
from api.urls import router

LISTS = [(f"/api/{prefix}/", viewset) for prefix, viewset, _basename in router.registry]
FILTERS = [
    pytest.param(url, query_filter, id=f"{url}?{query_filter.name}")
    for url, viewset in LISTS
    for query_filter in viewset.query_filters
]


def _bad_values(query_filter) -> list[str]:
    bad = ["a\x00b", "\x00", "x\x1fy"]
    if query_filter.parse is filters.integer:
        bad += ["99999999999999999999999", str(filters.MAX_ID + 1), "0", "-1", "²", "1e3"]
    elif query_filter.parse is filters.date:
        bad += ["2025-13-01", "2025-02-30", "20250301", "2025-W01-1", "99999-01-01", "01.03.2025"]
    elif query_filter.parse is filters.text:
        bad += ["x" * (filters.MAX_TEXT + 1)]
    return bad


def _good_values(query_filter) -> list[str]:
    if query_filter.parse is filters.integer:
        return ["1", str(filters.MAX_ID)]
    if query_filter.parse is filters.date:
        return ["0001-01-01", "9999-12-31"]
    if query_filter.parse is filters.text:
        return ["ä%_'\\", "ß" * filters.MAX_TEXT]
    if query_filter.parse is filters.yes_no:
        return ["ja", "nein"]
    return list(query_filter.parse.enum)


@pytest.fixture(params=["anonymous", "office"])
def caller(request, api, cast):
    if request.param == "office":
        api.force_login(cast.office)
    return api


@pytest.mark.parametrize(("url", "query_filter"), FILTERS)
def test_unusable_filter_values_answer_400_naming_the_parameter(caller, url, query_filter):
    for value in _bad_values(query_filter):
        response = caller.get(url, {query_filter.name: value})
        assert response.status_code == 400, (value, response.content)
        (message,) = response.json()[query_filter.name]
        assert message.endswith("."), message  # a German sentence, not a Python error


@pytest.mark.parametrize(("url", "query_filter"), FILTERS)
def test_extreme_but_valid_values_are_answered(caller, url, query_filter):
    for value in _good_values(query_filter):
        response = caller.get(url, {query_filter.name: value})
        assert response.status_code == 200, (value, response.content)


@pytest.mark.parametrize("url", [url for url, _viewset in LISTS])
@pytest.mark.parametrize(
    "query",
    [
        {"page": "\x00"},
        {"page": "99999999999999999999999"},
        {"page_size": "\x00"},
        {"page_size": "99999999999999999999999"},
    ],
)
def test_paging_values_never_break_a_list(api, cast, url, query):
    assert api.get(url, query).status_code in {200, 404}


def test_the_messages_name_the_fix(api, cast):
    response = api.get(
        "/api/organisationen/", {"gehoert_zu": "99999999999999999999999", "q": "\x00"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "q": ["Steuerzeichen (etwa NUL) sind nicht erlaubt."],
        "gehoert_zu": ["Eine Kennung von 1 bis 9223372036854775807 erwartet."],
    }
