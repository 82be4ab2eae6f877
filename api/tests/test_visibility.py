"""Each member of the cast reads exactly the objects it may see through the API."""

from __future__ import annotations


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_sees_only_public_bodies(api, cast, world):
    assert ids(api.get("/api/gremien/")) == {world.public_body.pk}
    assert api.get(f"/api/gremien/{cast.body.pk}/").status_code == 404


def test_anonymous_sees_only_public_meetings(api, world):
    assert ids(api.get("/api/sitzungen/")) == {world.public_meeting.pk}
    assert api.get(f"/api/sitzungen/{world.internal_meeting.pk}/").status_code == 404


def test_anonymous_sees_only_public_measures(api, world):
    assert ids(api.get("/api/massnahmen/")) == {world.public_measure.pk}
    assert api.get(f"/api/massnahmen/{world.internal_measure.pk}/").status_code == 404


def test_anonymous_sees_only_public_recommendations(api, world):
    assert ids(api.get("/api/empfehlungen/")) == {world.public_recommendation.pk}
    assert api.get(f"/api/empfehlungen/{world.internal_recommendation.pk}/").status_code == 404


def test_anonymous_sees_only_public_organisations(api, cast, world):
    assert ids(api.get("/api/organisationen/")) == {cast.clinic_a.pk, cast.clinic_b.pk}
    assert api.get(f"/api/organisationen/{world.hidden_organisation.pk}/").status_code == 404


def test_member_sees_its_body_and_meetings_after_session_login(api, cast, world):
    api.login(username=cast.member.username, password=cast.password)
    assert ids(api.get("/api/gremien/")) == {world.public_body.pk, cast.body.pk}
    assert ids(api.get("/api/sitzungen/")) == {world.public_meeting.pk, world.internal_meeting.pk}
    meeting = api.get(f"/api/sitzungen/{world.internal_meeting.pk}/").json()
    assert meeting["online_link"] == "https://meet.example.org/klausur"
    assert meeting["minutes"] == "Vertraulich"
    assert [d["number"] for d in meeting["decisions"]] == ["SG-1"]


def test_outsider_does_not_see_the_internal_body(api, cast, world):
    api.force_login(cast.outsider)
    assert ids(api.get("/api/gremien/")) == {world.public_body.pk}
    assert api.get(f"/api/sitzungen/{world.internal_meeting.pk}/").status_code == 404


def test_office_sees_everything(api, cast, world):
    api.force_login(cast.office)
    assert ids(api.get("/api/gremien/")) == {world.public_body.pk, cast.body.pk}
    assert ids(api.get("/api/massnahmen/")) == {world.public_measure.pk, world.internal_measure.pk}
    assert world.hidden_organisation.pk in ids(api.get("/api/organisationen/"))


def test_it_hides_the_online_link_of_a_public_meeting_from_the_public(api, world):
    meeting = api.get(f"/api/sitzungen/{world.public_meeting.pk}/").json()
    assert meeting["online_link"] is None
    assert meeting["minutes"] == "Öffentliches Protokoll"
    assert "meet.example.org" not in str(api.get("/api/sitzungen/").content)


def test_it_hides_unreleased_minutes(api, world):
    world.public_meeting.minutes_public = False
    world.public_meeting.save()
    assert api.get(f"/api/sitzungen/{world.public_meeting.pk}/").json()["minutes"] is None


def test_it_names_only_consenting_members_of_a_public_body(api, world):
    members = api.get(f"/api/gremien/{world.public_body.pk}/").json()["members"]
    assert [m["name"] for m in members] == ["Petra Öffentlich", None]
    assert [m["organisation_name"] for m in members] == ["Klinikum A", "Klinik B"]
    assert "Ungenannt" not in str(api.get("/api/gremien/").content)


def test_it_leaves_hidden_organisations_and_decisions_out_of_a_measure(api, cast, world):
    measure = api.get(f"/api/massnahmen/{world.public_measure.pk}/").json()
    assert measure["responsible"] == [cast.clinic_a.pk]
    assert measure["decisions"] == [world.public_decision.pk]


def test_it_lists_only_consenting_contacts_of_an_organisation(api, cast):
    from registry.models import Person, Role

    named = Person.objects.create(
        first_name="Nina", last_name="Nennbar", public_consent=True, email="nina@example.org"
    )
    unnamed = Person.objects.create(
        first_name="Udo", last_name="Ungenannt", email="udo@example.org"
    )
    Role.objects.create(person=named, organisation=cast.clinic_a, function="Pflegedirektorin")
    Role.objects.create(person=unnamed, organisation=cast.clinic_a, function="Controlling")
    body = api.get(f"/api/organisationen/{cast.clinic_a.pk}/").content.decode()
    assert "nina@example.org" in body
    assert "Ungenannt" not in body and "udo@example.org" not in body


def test_it_never_lists_the_editors_of_an_organisation(api, cast):
    api.force_login(cast.office)
    organisation = api.get(f"/api/organisationen/{cast.clinic_a.pk}/").json()
    assert "editors" not in organisation
    assert cast.editor_a.username not in str(organisation)
