"""``manage.py demo_laden``: the demo network Südwestsachsen."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import User
from bodies.models import AgendaItem, Attendance, Body, BodyMember, Decision, Meeting
from demonetz import loader as demo
from measures.models import Measure, MeasureUpdate, Milestone, Recommendation
from portal.models import Faq, News, ProcessPhase
from registry.models import NetworkMembership, Organisation, OrganisationType, Person, Role
from vocabulary.models import Handlungsfeld

pytestmark = pytest.mark.django_db

MODELS = (
    Organisation,
    NetworkMembership,
    Person,
    Role,
    User,
    Handlungsfeld,
    Body,
    BodyMember,
    Meeting,
    AgendaItem,
    Attendance,
    Decision,
    Measure,
    Milestone,
    MeasureUpdate,
    Recommendation,
    Faq,
    News,
    ProcessPhase,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The demo users' passwords are hashed on every load; PBKDF2 takes about a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(*args: str) -> str:
    out = StringIO()
    call_command("demo_laden", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def sites():
    return Organisation.objects.filter(kind=OrganisationType.KRANKENHAUSSTANDORT, is_demo=False)


def test_it_loads_the_real_hospital_sites_of_the_region():
    load()
    assert sites().count() > 20
    assert set(sites().values_list("kreis", flat=True)) == set(demo.KREISE.values())
    # Every site lies in Südwestsachsen (a box around the five Kreise).
    for site in sites():
        assert 11.8 < site.lon < 13.7 and 50.1 < site.lat < 51.3, site


def test_it_keeps_real_names_addresses_and_identifiers():
    load()
    klinikum = Organisation.objects.get(name="Klinikum Chemnitz gGmbH")
    assert klinikum.kind == OrganisationType.KLINIKTRAEGER
    flemming = klinikum.children.get(street="Flemmingstraße 2")
    assert flemming.postcode == "09116" and flemming.city == "Chemnitz"
    # The id 261401416_001_772794 of the open data: IK number and InEK Standortnummer.
    assert (flemming.ik_number, flemming.inek_site_number) == ("261401416", "772794")
    assert klinikum.children.count() == 3
    assert sites().filter(name="Helios Klinikum Aue GmbH", parent=None).exists()
    assert not sites().filter(name__contains="Kinikum").exists()  # typo of the source fixed


def test_every_handlungsfeld_has_measures():
    load()
    assert Handlungsfeld.objects.count() == 5
    for feld in Handlungsfeld.objects.all():
        assert feld.measures.exists(), feld
    statuses = set(Measure.objects.values_list("status", flat=True))
    assert statuses == {"geplant", "laufend", "abgeschlossen", "ausgesetzt"}
    assert Measure.objects.filter(title__contains="Hausärzte für Chemnitz").exists()
    assert Measure.objects.filter(decisions__isnull=False).exists()


def test_it_creates_the_bodies_with_past_and_upcoming_meetings():
    load()
    steering = Body.objects.get(name="Steuerungsgruppe")
    assert not steering.is_public
    assert Body.objects.get(name="Gesundheitskonferenz Südwestsachsen").is_public
    assert Body.objects.filter(kind="arbeitsgruppe").count() == 4
    assert steering.members.filter(position="vorsitz").count() == 1
    assert Meeting.objects.past().exists() and Meeting.objects.upcoming().exists()
    assert Meeting.objects.filter(minutes_public=True, body__is_public=True).exists()
    assert Decision.objects.exists()
    recommendation = Recommendation.objects.get(status="übergeben")
    assert "Staatsministerium für Soziales" in recommendation.addressee


def test_loading_twice_adds_nothing():
    load()
    first = counts()
    load()
    assert counts() == first


def test_neu_replaces_the_demo_content_and_keeps_real_organisations():
    load()
    first = counts()
    klinikum_pk = Organisation.objects.get(name="Klinikum Chemnitz gGmbH").pk
    Measure.objects.filter(is_demo=True).update(title="Geändert")
    own = Organisation.objects.create(name="Eigener Partner", kind=OrganisationType.VERBAND)
    NetworkMembership.objects.create(organisation=own, start=dt.date(2025, 1, 1))

    load("--neu")

    assert not Measure.objects.filter(title="Geändert").exists()
    assert Organisation.objects.get(name="Klinikum Chemnitz gGmbH").pk == klinikum_pk
    assert own.memberships.count() == 1
    expected = first | {
        "Organisation": first["Organisation"] + 1,
        "NetworkMembership": first["NetworkMembership"] + 1,
    }
    assert counts() == expected


def test_invented_content_is_marked_as_demo():
    load()
    assert not Person.objects.filter(is_demo=False).exists()
    assert not Body.objects.filter(is_demo=False).exists()
    assert not Measure.objects.filter(is_demo=False).exists()
    practices = Organisation.objects.filter(kind=OrganisationType.ARZTPRAXIS)
    assert practices.exists() and not practices.filter(is_demo=False).exists()
    assert all("(Demo)" in name for name in practices.values_list("name", flat=True))
    real = Organisation.objects.filter(is_demo=False)
    assert real.filter(name="Kassenärztliche Vereinigung Sachsen").exists()
    memberships = NetworkMembership.objects.filter(organisation__in=real)
    assert memberships.exists()
    assert set(memberships.values_list("note", flat=True)) == {demo.DEMO_NOTE}
    # Contact data only for people who agreed to be named.
    assert not Person.objects.filter(public_consent=False).exclude(email="").exists()


def test_demo_logins_have_their_roles():
    output = load()
    for username in ("geschaeftsstelle", "redaktion-klinikum", "mitglied-steuerung"):
        assert username in output
        assert Client().login(username=username, password=demo.DEMO_PASSWORD)
    assert demo.DEMO_PASSWORD in output
    office = User.objects.get(username="geschaeftsstelle")
    editor = User.objects.get(username="redaktion-klinikum")
    member = User.objects.get(username="mitglied-steuerung")
    assert office.is_office and not editor.is_office and not member.is_office
    klinikum = Organisation.objects.get(name="Klinikum Chemnitz gGmbH")
    assert klinikum.can_edit(editor)
    assert all(site.can_edit(editor) for site in klinikum.children.all())
    assert not Organisation.objects.get(name="Helios Klinikum Aue GmbH").can_edit(editor)
    assert not Organisation.objects.get(kind=OrganisationType.GESCHAEFTSSTELLE).can_edit(editor)
    assert Body.objects.get(name="Steuerungsgruppe").is_member(member)
    assert not Body.objects.get(name="Steuerungsgruppe").is_member(editor)


def test_it_refuses_to_load_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="Produktionsmodus"):
        load()
    assert not Organisation.objects.exists()


def test_it_names_a_missing_data_directory(tmp_path):
    with pytest.raises(CommandError, match="fehlt-hier"):
        load("--daten", str(tmp_path / "fehlt-hier"))


def test_it_loads_without_open_data_but_without_hospital_sites():
    demo.load(None)
    assert not sites().exists()
    assert Organisation.objects.filter(name="Klinikum Chemnitz gGmbH").exists()
    assert Measure.objects.count() == len(demo.MEASURES)
    assert User.objects.get(username="redaktion-klinikum").editable_organisations.exists()
