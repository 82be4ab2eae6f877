"""The overview: measures per Handlungsfeld, progress bars and filters."""

from __future__ import annotations

from django.urls import reverse


def _titles(response) -> dict[str, list[str]]:
    return {feld.slug: [m.title for m in items] for feld, items in response.context["groups"]}


def test_anonymous_sees_public_measures_per_handlungsfeld(client, measures):
    response = client.get(reverse("measures:list"))
    assert _titles(response) == {
        "patienten": ["Entlassmanagement"],
        "bildung": ["Weiterbildungsverbund"],
    }


def test_progress_is_an_accessible_progress_bar(client, measures):
    page = client.get(reverse("measures:list")).content.decode()
    assert (
        '<progress max="100" value="40" aria-label="Fortschritt von „Entlassmanagement“">' in page
    )
    assert "40 %" in page


def test_editor_of_clinic_b_also_sees_its_non_public_measure(client, cast, measures):
    client.force_login(cast.editor_b)
    assert "Interne Personalplanung" in _titles(client.get(reverse("measures:list")))["bildung"]
    client.force_login(cast.editor_a)
    assert "Interne Personalplanung" not in _titles(client.get(reverse("measures:list")))["bildung"]


def test_it_filters_by_status_handlungsfeld_and_organisation(client, cast, measures):
    url = reverse("measures:list")
    assert _titles(client.get(url, {"status": "laufend"})) == {"patienten": ["Entlassmanagement"]}
    assert _titles(client.get(url, {"handlungsfeld": "bildung"})) == {
        "bildung": ["Weiterbildungsverbund"]
    }
    assert _titles(client.get(url, {"organisation": cast.clinic_b.pk})) == {
        "bildung": ["Weiterbildungsverbund"]
    }


def test_unknown_filter_values_are_ignored(client, measures):
    response = client.get(reverse("measures:list"), {"status": "<script>", "handlungsfeld": "x"})
    assert response.status_code == 200
    assert len(_titles(response)) == 2
    assert "<script>" not in response.content.decode()


def test_handlungsfeld_page_lists_its_measures(client, measures):
    response = client.get(reverse("measures:handlungsfeld", args=["bildung"]))
    assert [m.title for m in response.context["measures"]] == ["Weiterbildungsverbund"]
    assert client.get(reverse("measures:handlungsfeld", args=["gibt-es-nicht"])).status_code == 404
