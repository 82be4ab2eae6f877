"""Empfehlungen: public only when published; the office keeps them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies.models import Body, Decision, Meeting
from measures.models import Recommendation


@pytest.fixture
def recommendations(cast, measures):
    published = Recommendation.objects.create(
        title="Weiterbildungsverbund stärken",
        text="Das Land möge **fördern**.",
        addressee="Sächsisches Sozialministerium",
        status="übergeben",
        date=dt.date(2025, 6, 1),
        evidence="Versorgungsanalyse 2025 <script>x</script>",
        handlungsfeld=measures.bildung,
        is_public=True,
    )
    draft = Recommendation.objects.create(
        title="Entwurf Notfallversorgung", text="…", addressee="Landkreis"
    )
    return published, draft


def test_anonymous_sees_only_published_recommendations(client, recommendations):
    published, draft = recommendations
    response = client.get(reverse("measures:recommendations"))
    assert list(response.context["recommendations"]) == [published]
    assert client.get(reverse("measures:recommendation", args=[draft.pk])).status_code == 404


def test_detail_shows_status_addressee_evidence_and_links(client, cast, measures, recommendations):
    published, _draft = recommendations
    body = Body.objects.create(name="Konferenz", kind="gesundheitskonferenz")
    meeting = Meeting.objects.create(body=body, title="K", start=timezone.now())
    decision = Decision.objects.create(meeting=meeting, number="K-9", title="Empfehlen", text=".")
    internal = Decision.objects.create(
        meeting=Meeting.objects.create(body=cast.body, title="S", start=timezone.now()),
        number="S-9",
        title="Intern",
        text=".",
    )
    published.decisions.add(decision, internal)
    published.measures.add(measures.of_b, measures.internal)
    page = client.get(reverse("measures:recommendation", args=[published.pk])).content.decode()
    assert "übergeben" in page and "Sächsisches Sozialministerium" in page
    assert "<strong>fördern</strong>" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert decision.get_absolute_url() in page and "Intern" not in page
    assert measures.of_b.get_absolute_url() in page
    assert "Interne Personalplanung" not in page


def test_office_sees_drafts_and_creates_recommendations(client, cast, recommendations):
    client.force_login(cast.office)
    assert len(client.get(reverse("measures:recommendations")).context["recommendations"]) == 2
    response = client.post(
        reverse("measures:recommendation_create"),
        {
            "title": "Hausarztsitze",
            "text": "Mehr Sitze.",
            "addressee": "KV Sachsen",
            "status": "entwurf",
        },
    )
    created = Recommendation.objects.get(title="Hausarztsitze")
    assert response.url == created.get_absolute_url()
    assert not created.is_public


@pytest.mark.parametrize("who", ["editor_a", "member"])
def test_others_cannot_change_recommendations(client, cast, recommendations, who):
    published, _draft = recommendations
    client.force_login(getattr(cast, who))
    url = reverse("measures:recommendation_edit", args=[published.pk])
    assert client.post(url, {"title": "X"}).status_code == 403
    assert (
        client.post(reverse("measures:recommendation_delete", args=[published.pk])).status_code
        == 403
    )
    published.refresh_from_db()
    assert published.title == "Weiterbildungsverbund stärken"
