"""Demo network Südwestsachsen for the platform (``manage.py demo_laden``).

Real: the hospital sites of the five Kreise (InEK site register via Eurostat GISCO, read by
:mod:`gesundheitsregion.demo`), the names of the public institutions and the five
Handlungsfelder. Invented and marked ``is_demo``: the practices, all people, the bodies'
members and meetings, decisions, measures, recommendations, FAQ, news and process phases.
Network memberships of real organisations are invented too; they carry the note
:data:`DEMO_NOTE`. Every step uses ``get_or_create``, so loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from bodies.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyMember,
    Decision,
    Meeting,
)
from demonetz.content import (
    BODIES,
    FAQ,
    GESCHAEFTSSTELLE,
    HANDLUNGSFELDER,
    INSTITUTIONS,
    KLINIKUM_CHEMNITZ,
    KREISE,
    MEASURES,
    MEETINGS,
    MINISTRY,
    NEWS,
    PEOPLE,
    PHASES,
    PRACTICES,
    USERS,
    MeetingSpec,
    Place,
)
from measures.models import Measure, MeasureUpdate, Milestone, Recommendation, RecommendationStatus
from portal.models import Faq, News, ProcessPhase
from registry.models import NetworkMembership, Organisation, Person, Role
from registry.models import OrganisationType as Kind
from vocabulary.models import Handlungsfeld

__all__ = ["DEMO_PASSWORD", "delete", "hospital_sites", "load", "logins", "site_name", "summary"]

#: The one password of all demo logins (printed by the command).
DEMO_PASSWORD = "Demo-Passwort-2025"
#: Note on every invented network membership; ``--neu`` deletes memberships by it.
DEMO_NOTE = "Demo-Mitgliedschaft"
#: Demo users have e-mail addresses in this reserved domain (RFC 2606); only they are deleted.
DEMO_MAIL_DOMAIN = "demo.example.org"

#: Typing errors of the InEK/GISCO list (regular expressions), corrected so that searches
#: find the clinics.
_TYPOS = {
    r"\bKinikum\b": "Klinikum",
    r"\bOlbrnhau\b": "Olbernhau",
    r"\bErtgebirge\b": "Erzgebirge",
    r"\bHauptstandtort\b": "Hauptstandort",
    r"^Klinik am Tharandter$": "Klinik am Tharandter Wald",
}

#: Founding hospitals of the demo network; the rest joined later or not yet (invented).
_FOUNDING_COUNT = 19


# --------------------------------------------------------------------------------------------
# Hospital sites from the open data
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def hospital_sites(data_dir: Path) -> pd.DataFrame:
    """The real hospital sites of the five Kreise, names corrected (see :data:`_TYPOS`)."""
    from gesundheitsregion.demo import build_demo_region

    sites = build_demo_region(data_dir).krankenhaeuser.copy()
    for column in ("name", "standort", "strasse"):
        sites[column] = sites[column].map(_fix_typos)
    sites["ort"] = sites["ort"].str.replace(r", Sachsen$", "", regex=True)
    return sites


def _fix_typos(text: str) -> str:
    for wrong, right in _TYPOS.items():
        text = re.sub(wrong, right, text)
    return text


def _words(text: str) -> list[str]:
    return re.sub(r"[-,/]", " ", text).lower().split()


def site_name(hospital: str, standort: str, city: str, single: bool) -> str:
    """Name of a site: the hospital's name, plus the site where it says more.

    >>> site_name("Klinikum Chemnitz gGmbH", "Schneeberg", "Schneeberg", single=False)
    'Klinikum Chemnitz gGmbH – Schneeberg'
    >>> site_name("Klinikum Döbeln", "Hauptstandort", "Döbeln", single=True)
    'Klinikum Döbeln'
    >>> site_name("Kreiskrankenhaus Freiberg gGmbH", "Kreiskrankenhaus Freiberg gGmbH",
    ...           "Freiberg", single=False)
    'Kreiskrankenhaus Freiberg gGmbH – Freiberg'
    """
    # "Hauptstandort" or a variant of the hospital's own name says nothing about the site.
    generic = standort == "Hauptstandort" or _words(standort)[:2] == _words(hospital)[:2]
    if generic:
        return hospital if single else f"{hospital} – {city}"
    return f"{hospital} – {standort}"


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load(
    data_dir: Path | None, *, fresh: bool = False, today: dt.date | None = None
) -> dict[str, int]:
    """Create the demo network (idempotent) and return counts of what now exists.

    ``data_dir`` None leaves out the hospital sites; ``fresh`` deletes the demo content first,
    in the same transaction, so a failure leaves the old content in place."""
    today = today or timezone.localdate()
    # Read the open data before the transaction: SQLite would stay locked meanwhile.
    sites = hospital_sites(data_dir) if data_dir is not None else None
    centroids = _postcode_centroids(data_dir)
    with transaction.atomic():
        if fresh:
            delete()
        felder = _handlungsfelder()
        _institutions(felder, centroids)
        hospitals = _hospitals(sites, felder) if sites is not None else []
        _practices(felder, centroids)
        _memberships(hospitals)
        people = _people()
        _users(people)
        decisions = _bodies_and_meetings(people, felder, today)
        _measures(felder, decisions, today)
        _recommendations(felder, decisions, today)
        _portal(today)
    return summary()


def summary() -> dict[str, int]:
    return {
        "Krankenhausstandorte": Organisation.objects.filter(
            kind=Kind.KRANKENHAUSSTANDORT, is_demo=False
        )
        .exclude(inek_site_number="")
        .count(),
        "Organisationen": Organisation.objects.count(),
        "Personen (Demo)": Person.objects.filter(is_demo=True).count(),
        "Gremien": Body.objects.count(),
        "Sitzungen": Meeting.objects.count(),
        "Beschlüsse": Decision.objects.count(),
        "Maßnahmen": Measure.objects.count(),
        "Empfehlungen": Recommendation.objects.count(),
        "Häufige Fragen": Faq.objects.count(),
    }


def delete() -> None:
    """Delete all demo content; real organisations stay, their demo memberships go."""
    with transaction.atomic():
        Measure.objects.filter(is_demo=True).delete()
        Recommendation.objects.filter(is_demo=True).delete()
        Body.objects.filter(is_demo=True).delete()
        Meeting.objects.filter(is_demo=True).delete()
        Person.objects.filter(is_demo=True).delete()
        Organisation.objects.filter(is_demo=True).delete()
        NetworkMembership.objects.filter(note=DEMO_NOTE).delete()
        for model in (Faq, News, ProcessPhase):
            model.objects.filter(is_demo=True).delete()
        User.objects.filter(username__in=USERS, email__endswith=f"@{DEMO_MAIL_DOMAIN}").delete()


def _handlungsfelder() -> dict[str, Handlungsfeld]:
    felder = {}
    for order, (slug, name, description) in enumerate(HANDLUNGSFELDER, start=1):
        felder[slug], _ = Handlungsfeld.objects.get_or_create(
            name=name, defaults={"slug": slug, "description": description, "order": order}
        )
    return felder


def _postcode_centroids(data_dir: Path | None) -> dict[str, tuple[float, float]]:
    path = data_dir / "reference" / "plz_centroids_de_2023-09-07.csv" if data_dir else None
    if path is None or not path.is_file():
        return {}
    table = pd.read_csv(path, dtype={"plz": str})
    return {row.plz: (row.lon, row.lat) for row in table.itertuples()}


def _place(postcode: str, centroids: dict) -> dict:
    lon, lat = centroids.get(postcode, (None, None))
    return {"lon": lon, "lat": lat, "location_approximate": lon is not None}


def _institutions(felder: dict, centroids: dict) -> None:
    for spec in INSTITUTIONS:
        _create_place(spec, felder, centroids, is_demo=False)
    Organisation.objects.get_or_create(
        name=KLINIKUM_CHEMNITZ,
        kind=Kind.KLINIKTRAEGER,
        defaults={"city": "Chemnitz", "kreis": "Chemnitz"},
    )
    # Located at the Klinikum but not part of it: the Klinikum's editors must not edit it.
    office, _ = Organisation.objects.get_or_create(
        name=GESCHAEFTSSTELLE,
        kind=Kind.GESCHAEFTSSTELLE,
        defaults={
            "postcode": "09116",
            "city": "Chemnitz",
            "kreis": "Chemnitz",
            "description": "Die Geschäftsstelle koordiniert das Netzwerk; sie ist beim Klinikum "
            "Chemnitz angesiedelt.",
            **_place("09116", centroids),
        },
    )
    # The demo's operator for Impressum, Datenschutz and Kontakt, unless the office named another.
    if not Organisation.objects.filter(is_operator=True).exists():
        Organisation.objects.filter(pk=office.pk).update(is_operator=True)


def _hospitals(sites: pd.DataFrame, felder: dict) -> list[Organisation]:
    """Create the sites (and a Klinikträger where several share a name); return the
    organisations that hold the network membership (one per hospital)."""
    tops = []
    for hospital, group in sites.groupby("name", sort=False):
        single = len(group) == 1
        parent = None
        if not single:
            parent, _ = Organisation.objects.get_or_create(
                name=hospital,
                kind=Kind.KLINIKTRAEGER,
                defaults={"kreis": KREISE[group["kreis"].mode().iloc[0]]},
            )
            iks = {row_id[:9] for row_id in group["id"]}
            if len(iks) == 1 and not parent.ik_number:
                parent.ik_number = iks.pop()
                parent.save()
        for row in group.itertuples():
            site = _site(row, hospital, single, parent)
            if parent is None:
                tops.append(site)
            site.handlungsfelder.add(felder["dienstleistungen"], felder["aus-fort-weiterbildung"])
        if parent is not None:
            tops.append(parent)
    return tops


def _site(row, hospital: str, single: bool, parent: Organisation | None) -> Organisation:
    site, _ = Organisation.objects.get_or_create(
        kind=Kind.KRANKENHAUSSTANDORT,
        inek_site_number=row.id[-6:],
        defaults={
            "name": site_name(hospital, row.standort, row.ort, single),
            "parent": parent,
            "ik_number": row.id[:9],
            "street": row.strasse,
            "postcode": row.plz,
            "city": row.ort,
            "kreis": KREISE[row.kreis],
            "lon": row.lon,
            "lat": row.lat,
            "description": f"Standort laut InEK-Standortverzeichnis: {row.standort}. Name, "
            "Adresse und Lage: Eurostat GISCO (Stand 08.03.2020); Mitgliedschaft und "
            "Handlungsfelder in dieser Demo sind erfunden.",
        },
    )
    return site


def _practices(felder: dict, centroids: dict) -> None:
    for spec in PRACTICES:
        _create_place(spec, felder, centroids, is_demo=True)


def _create_place(spec: Place, felder: dict, centroids: dict, *, is_demo: bool) -> None:
    org, _ = Organisation.objects.get_or_create(
        name=spec.name,
        kind=spec.kind,
        defaults={
            "postcode": spec.postcode,
            "city": spec.city,
            "kreis": spec.kreis,
            "website": spec.website,
            "ags": spec.ags,
            "is_demo": is_demo,
            "description": "Erfundene Einrichtung für die Demo." if is_demo else "",
            **_place(spec.postcode, centroids),
        },
    )
    org.handlungsfelder.add(*(felder[slug] for slug in spec.fields))


def _memberships(hospitals: list[Organisation]) -> None:
    """Invented memberships: 19 founding hospitals, some joined later, some not yet; all
    institutions and practices."""
    founding, later = hospitals[:_FOUNDING_COUNT], hospitals[_FOUNDING_COUNT:]
    starts = [(org, dt.date(2023, 6, 1)) for org in founding]
    starts += [
        (org, dt.date(2024 + i % 2, 1 + 3 * (i % 4), 1))
        for i, org in enumerate(later[: len(later) * 2 // 3])
    ]
    named = [spec.name for spec in INSTITUTIONS + PRACTICES] + [GESCHAEFTSSTELLE]
    starts += [(org, dt.date(2023, 9, 1)) for org in _existing(named)]
    starts += [(org, dt.date(2023, 6, 1)) for org in _existing([KLINIKUM_CHEMNITZ])]
    for org, start in starts:
        NetworkMembership.objects.get_or_create(
            organisation=org, note=DEMO_NOTE, defaults={"start": start}
        )
        for child in org.children.filter(kind=Kind.KRANKENHAUSSTANDORT):
            NetworkMembership.objects.get_or_create(
                organisation=child, note=DEMO_NOTE, defaults={"start": start}
            )


def _org(name: str) -> Organisation | None:
    """The organisation of that name (a Träger before its sites)."""
    found = Organisation.objects.filter(name=name).order_by("parent_id", "pk")
    return found.first()


def _people() -> dict[str, Person]:
    people = {}
    for key, spec in PEOPLE.items():
        person, _ = Person.objects.get_or_create(
            first_name=spec.first,
            last_name=spec.last,
            is_demo=True,
            defaults={
                "title": spec.title,
                "public_consent": spec.consent,
                # Contact data only where the (invented) person agreed to be named.
                "email": f"{spec.first}.{spec.last}@example.org".lower() if spec.consent else "",
            },
        )
        org = _org(spec.organisation)
        if org is not None:
            Role.objects.get_or_create(
                person=person,
                organisation=org,
                function=spec.function,
                defaults={"start": dt.date(2023, 6, 1), "is_contact": spec.consent},
            )
        people[key] = person
    return people


def _users(people: dict[str, Person]) -> None:
    for username, (first, last, office, person_key, edits) in USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_office": office,
                "email": f"{username}@{DEMO_MAIL_DOMAIN}",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif not user.email.endswith(f"@{DEMO_MAIL_DOMAIN}"):
            continue  # a real account of that name: leave it alone
        person = people[person_key]
        if person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person.save()
        if edits and (org := _org(edits)) is not None:
            org.editors.add(user)


def _at(today: dt.date, days: int, hour: int = 14) -> dt.datetime:
    """``days`` from today at ``hour`` o'clock local time, moved from a weekend to Monday."""
    day = today + dt.timedelta(days=days)
    if day.weekday() >= 5:
        day += dt.timedelta(days=7 - day.weekday())
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _bodies_and_meetings(people: dict, felder: dict, today: dt.date) -> dict[str, Decision]:
    bodies = {}
    for name, spec in BODIES.items():
        body, _ = Body.objects.get_or_create(
            name=name,
            is_demo=True,
            defaults={
                "kind": spec.kind,
                "is_public": spec.public,
                "description": spec.task,
                "handlungsfeld": felder.get(spec.field),
            },
        )
        for key, position in spec.members:
            person = people[key]
            role = person.roles.first()
            BodyMember.objects.get_or_create(
                body=body,
                person=person,
                defaults={
                    "position": position,
                    "appointed": dt.date(2023, 9, 1),
                    "organisation": role.organisation if role else None,
                },
            )
        bodies[name] = body
    decisions = {}
    for spec in MEETINGS:
        decisions |= _meeting(bodies[spec.body], spec, today)
    return decisions


def _meeting(body: Body, spec: MeetingSpec, today: dt.date) -> dict[str, Decision]:
    start = _at(today, spec.days)
    online = spec.place == "online"
    meeting, _ = Meeting.objects.get_or_create(
        body=body,
        title=spec.title,
        is_demo=True,
        defaults={
            "start": start,
            "end": start + dt.timedelta(hours=2),
            "place": "" if online else spec.place,
            "online_link": "https://konferenz.example.org/gesundheitsregion" if online else "",
            "is_public": body.is_public,
            "minutes": spec.minutes,
            "minutes_public": spec.minutes_public,
        },
    )
    for number, item in enumerate(spec.agenda, start=1):
        AgendaItem.objects.get_or_create(meeting=meeting, number=number, defaults={"title": item})
    past = spec.days < 0
    for i, member in enumerate(body.members.all()):
        status = AttendanceStatus.ANWESEND if past else AttendanceStatus.EINGELADEN
        if i % 4 == 3:
            status = AttendanceStatus.ENTSCHULDIGT if past else AttendanceStatus.ZUGESAGT
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=member.person,
            defaults={"status": status, "invited_at": start - dt.timedelta(days=21)},
        )
    found = {}
    prefix = BODIES[body.name].prefix
    for n, decision in enumerate(spec.decisions, start=1):
        found[decision.key], _ = Decision.objects.get_or_create(
            meeting=meeting,
            title=decision.title,
            defaults={
                "number": f"{prefix} {start.year}/{n}",
                "text": decision.text,
                "is_public": decision.public,
            },
        )
    return found


def _measures(felder: dict, decisions: dict, today: dt.date) -> None:
    for spec in MEASURES:
        measure, _ = Measure.objects.get_or_create(
            title=spec.title,
            is_demo=True,
            defaults={
                "handlungsfeld": felder[spec.field],
                "status": spec.status,
                "progress": spec.progress,
                "description": spec.description,
                "start": _day(today, spec.start),
                "end": _day(today, spec.end),
            },
        )
        measure.responsible.add(*_existing(spec.responsible))
        measure.decisions.add(*(decisions[k] for k in spec.decisions if k in decisions))
        for name, due, done in spec.milestones:
            Milestone.objects.get_or_create(
                measure=measure,
                title=name,
                defaults={"due": _day(today, due), "done": _day(today, done)},
            )
        for days, text, percent in spec.updates:
            MeasureUpdate.objects.get_or_create(
                measure=measure,
                text=text,
                defaults={"date": _day(today, days), "progress": percent},
            )


def _day(today: dt.date, days: int | None) -> dt.date | None:
    return None if days is None else today + dt.timedelta(days=days)


def _existing(names: Iterable[str]) -> list[Organisation]:
    return [org for org in map(_org, names) if org is not None]


def _recommendations(felder: dict, decisions: dict, today: dt.date) -> None:
    handed_over, _ = Recommendation.objects.get_or_create(
        title="Weiterbildungsförderung in Planungsbereichen mit drohender Unterversorgung",
        is_demo=True,
        defaults={
            "addressee": MINISTRY,
            "status": RecommendationStatus.UEBERGEBEN,
            "date": _day(today, -150),
            "handlungsfeld": felder["aus-fort-weiterbildung"],
            "is_public": True,
            "text": "Das Land möge die Förderung der Weiterbildung Allgemeinmedizin in "
            "Planungsbereichen mit drohender Unterversorgung erhöhen und Verbundstellen, die "
            "Klinik und Praxis verbinden, vorrangig fördern.",
            "evidence": "Regionale Versorgungsanalyse (Fortschreibung der Versorgungsgrade "
            "über 15 Jahre), Experteninterviews mit Praxen und Kliniken.",
        },
    )
    handed_over.decisions.add(*(decisions[k] for k in ("sg-empf",) if k in decisions))
    handed_over.measures.add(
        *Measure.objects.filter(
            title__in=[
                "Regionale Versorgungsanalyse",
                "Weiterbildungsverbund „Hausärzte für Chemnitz“",
            ]
        )
    )
    Recommendation.objects.get_or_create(
        title="Verstetigung der Geschäftsstelle nach 2026",
        is_demo=True,
        defaults={
            "addressee": MINISTRY,
            "status": RecommendationStatus.ENTWURF,
            "date": _day(today, -10),
            "is_public": False,
            "text": "Die Geschäftsstelle soll nach dem Ende des Modellvorhabens gemeinsam von "
            "Land, Kommunen und Kliniken getragen werden.",
            "evidence": "Sachstand der Maßnahmen; Erfahrungen anderer Gesundheitsregionen.",
        },
    )


def _portal(today: dt.date) -> None:
    for order, (question, answer) in enumerate(FAQ, start=1):
        Faq.objects.get_or_create(
            question=question, is_demo=True, defaults={"answer": answer, "order": order}
        )
    for days, title, text in NEWS:
        News.objects.get_or_create(
            title=title, is_demo=True, defaults={"date": _day(today, days), "text": text}
        )
    for order, (title, description, start, end, status) in enumerate(PHASES, start=1):
        ProcessPhase.objects.get_or_create(
            title=title,
            is_demo=True,
            defaults={
                "description": description,
                "start": start,
                "end": end,
                "status": status,
                "order": order,
            },
        )


def logins() -> list[tuple[str, str]]:
    """(username, what it may do) of the demo logins, for the command's output."""
    return [
        ("geschaeftsstelle", "Geschäftsstelle: sieht und ändert alles"),
        ("redaktion-klinikum", f"Redaktion {KLINIKUM_CHEMNITZ} und seiner Standorte"),
        ("mitglied-steuerung", "Mitglied der nicht öffentlichen Steuerungsgruppe"),
    ]
