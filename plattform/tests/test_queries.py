"""Database queries per page: at most 20, and not growing with the number of rows (no N+1).

Every main page is loaded once with a network of N extra rows of each kind (organisations
with contacts, memberships and sub-organisations, bodies with members and meetings, meetings
with agenda, decisions and documents, measures with milestones, updates and decisions,
recommendations, FAQ, news) and once with 2N; the number of queries must be the same.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

LIMIT = 20
_serial = itertools.count()


def grow(cast, count: int) -> None:
    """Add ``count`` rows of every kind, linked the way the demo network links them."""
    from bodies.models import AgendaItem, Body, BodyKind, BodyMember, Decision, Document, Meeting
    from measures.models import Measure, MeasureUpdate, Milestone, Recommendation
    from portal.models import Faq, News
    from registry.models import NetworkMembership, Organisation, OrganisationType, Person, Role

    today = dt.date(2025, 3, 1)
    conference, _ = Body.objects.get_or_create(
        name="Gesundheitskonferenz", kind=BodyKind.GESUNDHEITSKONFERENZ
    )
    for _ in range(count):
        n = next(_serial)
        org = Organisation.objects.create(
            name=f"Praxis {n}",
            kind=OrganisationType.ARZTPRAXIS,
            parent=cast.clinic_a,
            postcode="09111",
            city="Chemnitz",
            kreis="Chemnitz",
            lon=12.9 + n / 1000,
            lat=50.8,
        )
        org.handlungsfelder.add(cast.handlungsfeld)
        org.editors.add(cast.editor_a)
        NetworkMembership.objects.create(organisation=org, start=today)
        person = Person.objects.create(first_name="Vera", last_name=f"Kontakt {n}")
        person.public_consent = True
        person.save()
        Role.objects.create(person=person, organisation=org, function="Leitung", is_contact=True)
        Role.objects.create(person=person, organisation=cast.clinic_a, function=f"Referat {n}")
        public_body = Body.objects.create(name=f"AG {n}", kind=BodyKind.ARBEITSGRUPPE)
        for target in (cast.body, conference, public_body):
            BodyMember.objects.create(body=target, person=person, organisation=org)
        meeting = Meeting.objects.create(
            body=public_body, title=f"Sitzung {n}", start=dt.datetime(2025, 4, 1, 10, tzinfo=dt.UTC)
        )
        Meeting.objects.create(
            body=cast.body, title=f"Intern {n}", start=dt.datetime(2025, 4, 2, 10, tzinfo=dt.UTC)
        )
        Meeting.objects.create(
            body=conference,
            title=f"Konferenz {n}",
            start=dt.datetime(2025, 5, 2, 10, tzinfo=dt.UTC),
            minutes="Protokoll",
        )
        AgendaItem.objects.create(meeting=meeting, number=1, title="Begrüßung")
        decision = Decision.objects.create(meeting=meeting, title=f"Beschluss {n}", text="…")
        Document.objects.create(meeting=meeting, title=f"Vorlage {n}", file="dokumente/x.pdf")
        measure = Measure.objects.create(title=f"Maßnahme {n}", handlungsfeld=cast.handlungsfeld)
        measure.responsible.add(org, cast.clinic_a)
        measure.decisions.add(decision)
        Milestone.objects.create(measure=measure, title="Start", due=today)
        MeasureUpdate.objects.create(measure=measure, date=today, text="läuft", progress=10)
        recommendation = Recommendation.objects.create(
            title=f"Empfehlung {n}",
            text="…",
            addressee="SMS",
            handlungsfeld=cast.handlungsfeld,
            is_public=True,
        )
        recommendation.decisions.add(decision)
        recommendation.measures.add(measure)
        Faq.objects.create(question=f"Frage {n}?", answer="Antwort")
        News.objects.create(title=f"Meldung {n}", date=today, text="Text")


def first(model_path: str, **lookup):
    from django.apps import apps

    return apps.get_model(model_path).objects.filter(**lookup).order_by("pk").first()


#: (who, page) with the page as a function of the cast, so ids come from the grown network.
PAGES = {
    "start": lambda c: "/",
    "verzeichnis": lambda c: "/partner/",
    "verzeichnis gefiltert": lambda c: (
        f"/partner/?kreis=Chemnitz&handlungsfeld={c.handlungsfeld.pk}"
    ),
    "partner": lambda c: f"/partner/{c.clinic_a.pk}/",
    "massnahmen": lambda c: "/massnahmen/",
    "massnahme": lambda c: f"/massnahmen/{first('measures.Measure').pk}/",
    "handlungsfeld": lambda c: f"/massnahmen/handlungsfelder/{c.handlungsfeld.slug}/",
    "empfehlungen": lambda c: "/massnahmen/empfehlungen/",
    "gremien": lambda c: "/gremien/",
    "gremium": lambda c: f"/gremien/{first('bodies.Body', name='Gesundheitskonferenz').pk}/",
    "sitzung": lambda c: f"/gremien/sitzungen/{first('bodies.Meeting').pk}/",
    "faq": lambda c: "/faq/",
    "aktuelles": lambda c: "/aktuelles/",
    "api organisationen": lambda c: "/api/organisationen/",
    "api gremien": lambda c: "/api/gremien/",
    "api sitzungen": lambda c: "/api/sitzungen/",
    "api massnahmen": lambda c: "/api/massnahmen/",
    "api empfehlungen": lambda c: "/api/empfehlungen/",
    "api handlungsfelder": lambda c: "/api/handlungsfelder/",
}
EDITOR_PAGES = {
    "uebersicht": lambda c: "/konto/",
    "partner bearbeiten": lambda c: f"/partner/{c.clinic_a.pk}/bearbeiten/",
    "sachstand": lambda c: f"/massnahmen/{first('measures.Measure').pk}/sachstand/neu/",
}
OFFICE_PAGES = {
    **EDITOR_PAGES,
    "protokoll": lambda c: "/protokoll/",
    "massnahme bearbeiten": lambda c: f"/massnahmen/{first('measures.Measure').pk}/bearbeiten/",
    "gremium bearbeiten": lambda c: f"/gremien/{c.body.pk}/bearbeiten/",
}
CASES = [
    *(
        (who, name)
        for who in ("anonym", "redaktion", "mitglied", "geschaeftsstelle")
        for name in PAGES
    ),
    *(("redaktion", name) for name in EDITOR_PAGES),
    *(("geschaeftsstelle", name) for name in OFFICE_PAGES),
]


def count_queries(client, url: str) -> int:
    client.get(url)  # sessions, content types and other per-process caches warm up first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(("who", "page"), CASES, ids=[f"{w}: {p}" for w, p in CASES])
def test_the_page_needs_few_queries_whatever_the_number_of_rows(client, cast, settings, who, page):
    # Counted as rendered, not as answered from the page cache (plattform.page_cache).
    settings.PAGE_CACHE_SECONDS = 0
    user = {
        "anonym": None,
        "redaktion": cast.editor_a,
        "mitglied": cast.member,
        "geschaeftsstelle": cast.office,
    }[who]
    if user is not None:
        client.force_login(user)
    url_of = {**PAGES, **OFFICE_PAGES}[page]
    grow(cast, 3)
    with_n = count_queries(client, url_of(cast))
    grow(cast, 3)
    with_2n = count_queries(client, url_of(cast))
    assert with_n <= LIMIT
    assert with_2n == with_n, f"{with_n} Abfragen mit N Zeilen, {with_2n} mit 2N"


def test_the_handlungsfeld_page_names_no_hidden_responsible_organisation(client, cast):
    # Found with the N+1 on this page: its measures listed every responsible organisation,
    # also non-public ones, to anonymous visitors (the measures list already filtered them).
    from measures.models import Measure
    from registry.models import Organisation, OrganisationType

    hidden = Organisation.objects.create(
        name="Verdeckte Stelle", kind=OrganisationType.SONSTIGE, is_public=False
    )
    measure = Measure.objects.create(title="Lotsen", handlungsfeld=cast.handlungsfeld)
    measure.responsible.add(hidden, cast.clinic_a)
    page = client.get(f"/massnahmen/handlungsfelder/{cast.handlungsfeld.slug}/").content.decode()
    assert "Klinikum A" in page
    assert "Verdeckte Stelle" not in page
