"""The content tables of the demo network (see :mod:`demonetz.loader`).

Real: the names of the public institutions, the five Handlungsfelder, the ministry. Everything
else here (people, practices, members of bodies, meetings, decisions, measures, FAQ, news,
phases) is invented. Dates are given as days from the day of loading, so that past meetings stay
past and upcoming ones upcoming whenever the demo is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from bodies.models import BodyKind, Position
from measures.models import MeasureStatus
from portal.models import PhaseStatus
from registry.models import OrganisationType as Kind

KREISE = {
    "14511": "Chemnitz",
    "14521": "Erzgebirgskreis",
    "14522": "Mittelsachsen",
    "14523": "Vogtlandkreis",
    "14524": "Landkreis Zwickau",
}

KLINIKUM_CHEMNITZ = "Klinikum Chemnitz gGmbH"
GESCHAEFTSSTELLE = "Geschäftsstelle der Gesundheitsregion Südwestsachsen"
MINISTRY = "Sächsisches Staatsministerium für Soziales"


class Place(NamedTuple):
    """An institution or an invented practice; ``fields`` are Handlungsfeld slugs."""

    name: str
    kind: str
    postcode: str
    city: str
    kreis: str
    fields: list[str]
    website: str = ""
    ags: str = ""


class PersonSpec(NamedTuple):
    title: str
    first: str
    last: str
    consent: bool
    organisation: str
    function: str


class BodySpec(NamedTuple):
    kind: str
    public: bool
    field: str | None
    task: str
    members: list[tuple[str, str]]
    prefix: str


class DecisionSpec(NamedTuple):
    key: str
    title: str
    text: str
    public: bool = True


class MeetingSpec(NamedTuple):
    body: str
    title: str
    days: int
    place: str
    agenda: list[str]
    minutes: str = ""
    minutes_public: bool = False
    decisions: tuple[DecisionSpec, ...] = ()


class MeasureSpec(NamedTuple):
    title: str
    field: str
    status: str
    progress: int
    start: int
    end: int | None
    responsible: list[str]
    decisions: list[str]
    description: str
    milestones: list[tuple[str, int, int | None]]
    updates: list[tuple[int, str, int]]


HANDLUNGSFELDER = [
    (
        "patientenfokussierung",
        "Patientenfokussierung",
        (
            "Abgestimmte Versorgungswege zwischen den Kliniken, Praxen und der Pflege, "
            "damit Patientinnen und Patienten wohnortnah die richtige Behandlung finden – "
            "auch mit telemedizinischen Angeboten."
        ),
    ),
    (
        "aus-fort-weiterbildung",
        "Aus-, Fort- und Weiterbildung",
        (
            "Nachwuchs für Medizin und Pflege gewinnen und in der Region halten: gemeinsame"
            " Weiterbildungsverbünde, Rotationen zwischen Klinik und Praxis, digitale "
            "Fortbildungen."
        ),
    ),
    (
        "dienstleistungen",
        "Sekundär- und Tertiärdienstleistungen",
        (
            "Kooperationen der Kliniken bei Leistungen hinter der Patientenversorgung: "
            "Radiologie, Pathologie, Hygiene, Logistik, Material- und "
            "Arzneimittelversorgung."
        ),
    ),
    (
        "arbeitswelten",
        "Arbeitswelten",
        (
            "Gute Arbeit im Gesundheitswesen: attraktive Arbeitgeber, flexible Modelle, "
            "Vereinbarkeit von Beruf und Familie, gemeinsame Fachkräftegewinnung."
        ),
    ),
    (
        "nachhaltigkeit",
        "Nachhaltigkeitsmanagement",
        (
            "Ressourcen schonen und Kosten senken: Energie, Emissionen, Einkauf und Abfall "
            "der Kliniken gemeinsam messen und verbessern."
        ),
    ),
]

#: Public institutions: real names and towns; their roles in the demo are invented.
INSTITUTIONS = [
    Place(
        "Kassenärztliche Vereinigung Sachsen",
        Kind.KV,
        "01099",
        "Dresden",
        "",
        ["patientenfokussierung", "aus-fort-weiterbildung"],
        website="https://www.kvsachsen.de",
    ),
    Place(
        "Sächsische Landesärztekammer",
        Kind.KAMMER,
        "01099",
        "Dresden",
        "",
        ["aus-fort-weiterbildung"],
        website="https://www.slaek.de",
    ),
    Place(
        "Krankenhausgesellschaft Sachsen",
        Kind.VERBAND,
        "04105",
        "Leipzig",
        "",
        ["dienstleistungen", "nachhaltigkeit"],
    ),
    Place(
        "AOK PLUS",
        Kind.KRANKENKASSE,
        "01067",
        "Dresden",
        "",
        ["patientenfokussierung"],
        website="https://www.aokplus-online.de",
    ),
    Place(
        "Stadt Chemnitz",
        Kind.KOMMUNE,
        "09111",
        "Chemnitz",
        "Chemnitz",
        ["patientenfokussierung", "arbeitswelten"],
        website="https://www.chemnitz.de",
        ags="14511000",
    ),
    Place(
        "Erzgebirgskreis",
        Kind.KOMMUNE,
        "09456",
        "Annaberg-Buchholz",
        "Erzgebirgskreis",
        ["patientenfokussierung"],
    ),
    Place(
        "Landkreis Mittelsachsen",
        Kind.KOMMUNE,
        "09599",
        "Freiberg",
        "Mittelsachsen",
        ["patientenfokussierung"],
    ),
    Place(
        "Vogtlandkreis", Kind.KOMMUNE, "08523", "Plauen", "Vogtlandkreis", ["patientenfokussierung"]
    ),
    Place(
        "Landkreis Zwickau",
        Kind.KOMMUNE,
        "08056",
        "Zwickau",
        "Landkreis Zwickau",
        ["patientenfokussierung", "arbeitswelten"],
    ),
    Place(
        "Technische Universität Chemnitz",
        Kind.FORSCHUNG,
        "09111",
        "Chemnitz",
        "Chemnitz",
        ["arbeitswelten", "nachhaltigkeit"],
        website="https://www.tu-chemnitz.de",
    ),
]

#: Invented practices and a care service (``is_demo``).
PRACTICES = [
    Place(
        "Hausarztpraxis Beispiel (Demo)",
        Kind.ARZTPRAXIS,
        "09112",
        "Chemnitz",
        "Chemnitz",
        ["aus-fort-weiterbildung", "patientenfokussierung"],
    ),
    Place(
        "Hausarztpraxis Muster (Demo)",
        Kind.ARZTPRAXIS,
        "08523",
        "Plauen",
        "Vogtlandkreis",
        ["aus-fort-weiterbildung"],
    ),
    Place(
        "MVZ Erzgebirge Beispiel (Demo)",
        Kind.ARZTPRAXIS,
        "09456",
        "Annaberg-Buchholz",
        "Erzgebirgskreis",
        ["patientenfokussierung"],
    ),
    Place(
        "Kinderarztpraxis Probe (Demo)",
        Kind.ARZTPRAXIS,
        "08056",
        "Zwickau",
        "Landkreis Zwickau",
        ["patientenfokussierung"],
    ),
    Place(
        "Ambulanter Pflegedienst Beispiel (Demo)",
        Kind.PFLEGE,
        "09599",
        "Freiberg",
        "Mittelsachsen",
        ["arbeitswelten"],
    ),
]

#: Invented people, by key.
PEOPLE = {
    "fiktiv": PersonSpec(
        "", "Frieda", "Fiktiv", True, GESCHAEFTSSTELLE, "Leiterin der Geschäftsstelle"
    ),
    "redaktion": PersonSpec(
        "", "Rita", "Redaktion", False, KLINIKUM_CHEMNITZ, "Referentin Unternehmenskommunikation"
    ),
    "mitglied": PersonSpec(
        "", "Martin", "Mitglied", False, "Helios Klinikum Aue GmbH", "Kaufmännischer Direktor"
    ),
    "mustermann": PersonSpec(
        "Dr.", "Erika", "Mustermann", True, KLINIKUM_CHEMNITZ, "Medizinische Geschäftsführerin"
    ),
    "beispiel": PersonSpec("", "Max", "Beispiel", True, "Landkreis Zwickau", "Dezernent Soziales"),
    "probe": PersonSpec(
        "",
        "Petra",
        "Probe",
        True,
        "Kassenärztliche Vereinigung Sachsen",
        "Leiterin der Bezirksgeschäftsstelle Chemnitz",
    ),
    "testmann": PersonSpec("", "Thomas", "Testmann", False, "AOK PLUS", "Regionalleiter"),
    "muster": PersonSpec(
        "", "Sabine", "Muster", True, "Stadt Chemnitz", "Referentin Gesundheitswirtschaft"
    ),
    "exempel": PersonSpec(
        "Prof. Dr.",
        "Jonas",
        "Exempel",
        True,
        "Technische Universität Chemnitz",
        "Professur für Versorgungsforschung",
    ),
    "platzhalter": PersonSpec(
        "Dr.",
        "Lena",
        "Platzhalter",
        True,
        "Hausarztpraxis Beispiel (Demo)",
        "Fachärztin für Allgemeinmedizin",
    ),
    "annahme": PersonSpec(
        "", "Anke", "Annahme", False, "Kreiskrankenhaus Freiberg gGmbH", "Pflegedirektorin"
    ),
    "vorlage": PersonSpec(
        "", "Heike", "Vorlage", True, "Sächsische Landesärztekammer", "Referentin Weiterbildung"
    ),
    "modell": PersonSpec(
        "",
        "Claudia",
        "Modell",
        False,
        "Heinrich-Braun-Klinikum gemeinnützige GmbH",
        "Leiterin Personalentwicklung",
    ),
    "erfunden": PersonSpec(
        "",
        "Uwe",
        "Erfunden",
        False,
        "Helios Vogtland-Klinikum Plauen",
        "Leiter Einkauf und Logistik",
    ),
    "entwurf": PersonSpec("Dr.", "Paul", "Entwurf", True, KLINIKUM_CHEMNITZ, "Chefarzt Radiologie"),
    "nachhaltig": PersonSpec(
        "",
        "Nora",
        "Nachhaltig",
        False,
        "Zeisigwaldkliniken Bethanien Chemnitz",
        "Umweltmanagementbeauftragte",
    ),
}

#: Demo logins: username → (first name, last name, office?, person key, organisation edited)
USERS = {
    "geschaeftsstelle": ("Frieda", "Fiktiv", True, "fiktiv", None),
    "redaktion-klinikum": ("Rita", "Redaktion", False, "redaktion", KLINIKUM_CHEMNITZ),
    "mitglied-steuerung": ("Martin", "Mitglied", False, "mitglied", None),
}

STEUERUNG = "Steuerungsgruppe"
AG_VERSORGUNG = "Arbeitsgruppe Versorgungssicherheit"
AG_BILDUNG = "Arbeitsgruppe Aus- und Weiterbildung"
AG_ARBEIT = "Arbeitsgruppe Arbeitswelten der Zukunft"
AG_DIENST = "Arbeitsgruppe Dienstleistungskooperationen"
KONFERENZ = "Gesundheitskonferenz Südwestsachsen"

#: The bodies named in DOMAIN.md; ``prefix`` starts the numbers of their Beschlüsse.
BODIES = {
    STEUERUNG: BodySpec(
        BodyKind.STEUERUNGSGRUPPE,
        False,
        None,
        (
            "Steuert das Netzwerk: beschließt Arbeitsprogramm, Kooperationen und "
            "Empfehlungen und setzt die Arbeitsgruppen ein. Tagt nicht öffentlich."
        ),
        [
            ("mustermann", Position.VORSITZ),
            ("beispiel", Position.STELLVERTRETUNG),
            ("mitglied", Position.MITGLIED),
            ("probe", Position.MITGLIED),
            ("testmann", Position.MITGLIED),
            ("muster", Position.MITGLIED),
            ("fiktiv", Position.GAST),
        ],
        "SG",
    ),
    AG_VERSORGUNG: BodySpec(
        BodyKind.ARBEITSGRUPPE,
        True,
        "patientenfokussierung",
        (
            "Analysiert die haus- und fachärztliche Versorgung der Region und schlägt "
            "Maßnahmen gegen drohende Unterversorgung vor."
        ),
        [
            ("probe", Position.VORSITZ),
            ("muster", Position.MITGLIED),
            ("exempel", Position.MITGLIED),
            ("platzhalter", Position.MITGLIED),
        ],
        "AG VS",
    ),
    AG_BILDUNG: BodySpec(
        BodyKind.ARBEITSGRUPPE,
        True,
        "aus-fort-weiterbildung",
        "Koordiniert Weiterbildungsverbünde und Rotationen zwischen Kliniken und Praxen.",
        [
            ("vorlage", Position.VORSITZ),
            ("platzhalter", Position.STELLVERTRETUNG),
            ("annahme", Position.MITGLIED),
            ("modell", Position.MITGLIED),
        ],
        "AG AW",
    ),
    AG_ARBEIT: BodySpec(
        BodyKind.ARBEITSGRUPPE,
        True,
        "arbeitswelten",
        ("Entwickelt gemeinsame Angebote der Kliniken für Fachkräftegewinnung und -bindung."),
        [("modell", Position.VORSITZ), ("annahme", Position.MITGLIED), ("exempel", Position.GAST)],
        "AG AZ",
    ),
    AG_DIENST: BodySpec(
        BodyKind.ARBEITSGRUPPE,
        True,
        "dienstleistungen",
        (
            "Bereitet Kooperationsverträge der Kliniken zu Radiologie, Pathologie, Hygiene,"
            " Logistik sowie Material- und Arzneimittelversorgung vor."
        ),
        [
            ("entwurf", Position.VORSITZ),
            ("erfunden", Position.STELLVERTRETUNG),
            ("nachhaltig", Position.MITGLIED),
            ("mitglied", Position.MITGLIED),
        ],
        "AG DK",
    ),
    KONFERENZ: BodySpec(
        BodyKind.GESUNDHEITSKONFERENZ,
        True,
        None,
        (
            "Jährliche öffentliche Konferenz aller Partner: Bericht der Geschäftsstelle, "
            "Ergebnisse der Arbeitsgruppen, Austausch mit Politik und Öffentlichkeit."
        ),
        [
            ("mustermann", Position.VORSITZ),
            ("fiktiv", Position.MITGLIED),
            ("muster", Position.MITGLIED),
            ("beispiel", Position.MITGLIED),
        ],
        "GK",
    ),
}

#: Meetings, titles unique per body; ``days`` from the day of loading (negative: past).
MEETINGS = [
    MeetingSpec(
        STEUERUNG,
        "1. Sitzung der Steuerungsgruppe",
        -610,
        "Klinikum Chemnitz, Flemmingstraße",
        ["Begrüßung und Konstituierung", "Geschäftsordnung", "Einsetzung der Arbeitsgruppen"],
        minutes=(
            "Die Steuerungsgruppe hat sich konstituiert, die Geschäftsordnung beschlossen "
            "und die vier Arbeitsgruppen eingesetzt."
        ),
        decisions=[
            DecisionSpec(
                "sg-ag",
                "Einsetzung von vier Arbeitsgruppen",
                (
                    "Die Steuerungsgruppe setzt die Arbeitsgruppen Versorgungssicherheit, Aus- und "
                    "Weiterbildung, Arbeitswelten der Zukunft und Dienstleistungskooperationen ein."
                ),
                public=False,
            )
        ],
    ),
    MeetingSpec(
        STEUERUNG,
        "2. Sitzung der Steuerungsgruppe",
        -330,
        "online",
        [
            "Bericht der Geschäftsstelle",
            "Kooperationsverträge Radiologie und Pathologie",
            "Empfehlung an das Sozialministerium",
            "Verschiedenes",
        ],
        minutes=(
            "Die Steuerungsgruppe hat die Kooperationsverträge Radiologie und Pathologie "
            "gebilligt und die Empfehlung zur Weiterbildungsförderung in Auftrag gegeben."
        ),
        decisions=[
            DecisionSpec(
                "sg-koop",
                "Billigung der Kooperationsverträge Radiologie und Pathologie",
                (
                    "Die Steuerungsgruppe billigt die von der AG Dienstleistungskooperationen "
                    "vorgelegten Musterverträge und empfiehlt den Trägern den Abschluss."
                ),
                public=False,
            ),
            DecisionSpec(
                "sg-empf",
                "Auftrag Empfehlung Weiterbildungsförderung",
                (
                    "Die Geschäftsstelle erarbeitet mit der AG Versorgungssicherheit eine "
                    "Empfehlung an das Sozialministerium zur Weiterbildungsförderung in "
                    "unterversorgten Planungsbereichen."
                ),
                public=False,
            ),
        ],
    ),
    MeetingSpec(
        STEUERUNG,
        "3. Sitzung der Steuerungsgruppe",
        -60,
        "Rathaus Chemnitz",
        [
            "Sachstand der Maßnahmen",
            "Weiterbildungsverbund „Hausärzte für Chemnitz“",
            "Planung der Gesundheitskonferenz",
        ],
        minutes=(
            "Sachstand der Maßnahmen; Beschluss über die Aufnahme des "
            "Weiterbildungsverbunds „Hausärzte für Chemnitz“."
        ),
        decisions=[
            DecisionSpec(
                "sg-haeck",
                "Aufnahme des Weiterbildungsverbunds „Hausärzte für Chemnitz“",
                (
                    "Der Weiterbildungsverbund „Hausärzte für Chemnitz“ wird als Maßnahme im "
                    "Handlungsfeld Aus-, Fort- und Weiterbildung in die Gesundheitsregion "
                    "aufgenommen."
                ),
                public=False,
            )
        ],
    ),
    MeetingSpec(
        STEUERUNG,
        "4. Sitzung der Steuerungsgruppe",
        21,
        "Klinikum Chemnitz, Flemmingstraße",
        [
            "Bericht der Geschäftsstelle",
            "Verstetigung nach dem Ende der Förderung",
            "Arbeitsprogramm des nächsten Jahres",
        ],
    ),
    MeetingSpec(
        AG_DIENST,
        "Arbeitsgruppe Dienstleistungskooperationen: Auftakt",
        -520,
        "online",
        ["Bestandsaufnahme", "Auswahl der Kooperationsfelder"],
        minutes=(
            "Bestandsaufnahme der Dienstleistungen, die Kliniken heute einzeln einkaufen; "
            "Auswahl von Radiologie, Pathologie, Hygiene und Logistik als erste "
            "Kooperationsfelder."
        ),
        minutes_public=True,
        decisions=[
            DecisionSpec(
                "dl-felder",
                "Erste Kooperationsfelder",
                (
                    "Die Arbeitsgruppe bereitet Kooperationsverträge für Radiologie, Pathologie, "
                    "Hygiene sowie Logistik, Material- und Arzneimittelversorgung vor."
                ),
            )
        ],
    ),
    MeetingSpec(
        AG_DIENST,
        "Arbeitsgruppe Dienstleistungskooperationen: Musterverträge",
        -360,
        "Helios Vogtland-Klinikum Plauen",
        ["Mustervertrag Radiologie", "Mustervertrag Pathologie", "Hygiene: gemeinsame Fachkraft"],
        minutes=(
            "Die Musterverträge Radiologie und Pathologie sind abgestimmt und gehen an die "
            "Steuerungsgruppe."
        ),
        minutes_public=True,
        decisions=[
            DecisionSpec(
                "dl-radio",
                "Mustervertrag Teleradiologie",
                (
                    "Die Arbeitsgruppe legt den Mustervertrag für teleradiologische Befundung "
                    "zwischen den Kliniken vor."
                ),
            ),
            DecisionSpec(
                "dl-patho",
                "Mustervertrag Pathologie",
                "Die Arbeitsgruppe legt den Mustervertrag für pathologische Befundung vor.",
            ),
            DecisionSpec(
                "dl-hyg",
                "Gemeinsame Krankenhaushygiene",
                "Kliniken ohne eigene Hygienefachkraft erhalten ein gemeinsames Angebot.",
            ),
        ],
    ),
    MeetingSpec(
        AG_DIENST,
        "Arbeitsgruppe Dienstleistungskooperationen: Logistik",
        35,
        "online",
        ["Gemeinsamer Einkauf Medikalprodukte", "Transportlogistik"],
    ),
    MeetingSpec(
        AG_VERSORGUNG,
        "Arbeitsgruppe Versorgungssicherheit: Versorgungsanalyse",
        -250,
        "Technische Universität Chemnitz",
        ["Ergebnisse der Versorgungsanalyse", "Experteninterviews", "Nächste Schritte"],
        minutes=(
            "Vorstellung der Versorgungsanalyse für die fünf Kreise; in mehreren "
            "Planungsbereichen droht Unterversorgung mit Hausärzten."
        ),
        minutes_public=True,
        decisions=[
            DecisionSpec(
                "vs-analyse",
                "Regionale Versorgungsanalyse fortschreiben",
                (
                    "Die Versorgungsanalyse wird jährlich mit den Zahlen der KV Sachsen "
                    "fortgeschrieben."
                ),
            )
        ],
    ),
    MeetingSpec(
        AG_VERSORGUNG,
        "Arbeitsgruppe Versorgungssicherheit: Telemedizin",
        14,
        "online",
        ["Telemedizinische Konsile", "Erfahrungen der Partner"],
    ),
    MeetingSpec(
        AG_BILDUNG,
        "Arbeitsgruppe Aus- und Weiterbildung: Rotation",
        -180,
        "Kreiskrankenhaus Freiberg",
        ["Rotationsplan Allgemeinmedizin", "Fortbildungsprogramm Pflege"],
        minutes=(
            "Abstimmung eines gemeinsamen Rotationsplans für die Weiterbildung Allgemeinmedizin."
        ),
        minutes_public=True,
        decisions=[
            DecisionSpec(
                "wb-rot",
                "Gemeinsamer Rotationsplan",
                (
                    "Die Kliniken und Praxen stimmen die Rotationen der Ärztinnen und Ärzte in "
                    "Weiterbildung Allgemeinmedizin gemeinsam ab."
                ),
            )
        ],
    ),
    MeetingSpec(
        AG_ARBEIT,
        "Arbeitsgruppe Arbeitswelten der Zukunft: Arbeitgebermarke",
        -120,
        "online",
        ["Kampagne", "Kinderbetreuung für Schichtdienste"],
        minutes="Erste Entwürfe einer gemeinsamen Kampagne zur Fachkräftegewinnung.",
        decisions=[
            DecisionSpec(
                "aw-kampagne",
                "Gemeinsame Fachkräftekampagne",
                (
                    "Die Kliniken werben gemeinsam unter der Marke der Gesundheitsregion um "
                    "Fachkräfte."
                ),
            )
        ],
    ),
    MeetingSpec(
        KONFERENZ,
        "1. Gesundheitskonferenz Südwestsachsen",
        -400,
        "Stadthalle Chemnitz",
        ["Begrüßung", "Die fünf Handlungsfelder", "Podiumsgespräch", "Ausblick"],
        minutes=(
            "Rund 150 Teilnehmende; Vorstellung der Handlungsfelder und der Arbeitsgruppen,"
            " Podiumsgespräch mit Vertretern von Land, Kommunen und Kliniken."
        ),
        minutes_public=True,
        decisions=[
            DecisionSpec(
                "gk-leitbild",
                "Leitbild der Gesundheitsregion",
                (
                    "Die Konferenz begrüßt das Leitbild: bedarfsgerechte, wohnortnahe und "
                    "hochwertige Versorgung durch Zusammenarbeit."
                ),
            )
        ],
    ),
    MeetingSpec(
        KONFERENZ,
        "2. Gesundheitskonferenz Südwestsachsen",
        70,
        "Stadthalle Chemnitz",
        ["Bericht der Geschäftsstelle", "Ergebnisse der Arbeitsgruppen", "Verstetigung"],
    ),
]

#: Measures; dates as days from the day of loading.
MEASURES = [
    MeasureSpec(
        title="Regionale Versorgungsanalyse",
        field="patientenfokussierung",
        status=MeasureStatus.LAUFEND,
        progress=60,
        start=-500,
        end=400,
        responsible=["Technische Universität Chemnitz", "Kassenärztliche Vereinigung Sachsen"],
        decisions=["vs-analyse"],
        description="Versorgungsgrad je Planungsbereich und Stadtteil heute und "
        "in 10 bis 15 Jahren.",
        milestones=[
            ("Datengrundlage abgestimmt", -400, -410),
            ("Erster Bericht", -250, -250),
            ("Fortschreibung", 120, None),
        ],
        updates=[
            (-250, "Erster Bericht in der AG Versorgungssicherheit vorgestellt.", 45),
            (-30, "Fortschreibung mit neuen Bevölkerungszahlen begonnen.", 60),
        ],
    ),
    MeasureSpec(
        title="Telemedizinische Konsile zwischen den Standorten",
        field="patientenfokussierung",
        status=MeasureStatus.LAUFEND,
        progress=35,
        start=-300,
        end=300,
        responsible=[KLINIKUM_CHEMNITZ, "Helios Klinikum Aue GmbH"],
        decisions=[],
        description="Fachärztliche Konsile per Video für kleinere Standorte.",
        milestones=[("Technik ausgewählt", -200, -190), ("Pilotbetrieb", 60, None)],
        updates=[(-190, "Videoplattform ausgewählt, Datenschutzprüfung läuft.", 35)],
    ),
    MeasureSpec(
        title="Weiterbildungsverbund „Hausärzte für Chemnitz“",
        field="aus-fort-weiterbildung",
        status=MeasureStatus.LAUFEND,
        progress=70,
        start=-700,
        end=500,
        responsible=[KLINIKUM_CHEMNITZ, "Hausarztpraxis Beispiel (Demo)", "Stadt Chemnitz"],
        decisions=["sg-haeck"],
        description=(
            "Der Verbund begleitet seit 2015 Ärztinnen und Ärzte in Weiterbildung "
            "Allgemeinmedizin und ist jetzt Teil der Gesundheitsregion."
        ),
        milestones=[
            ("Aufnahme in die Gesundheitsregion", -60, -60),
            ("Erweiterung ins Erzgebirge", 200, None),
        ],
        updates=[(-60, "Die Steuerungsgruppe hat die Aufnahme beschlossen.", 70)],
    ),
    MeasureSpec(
        title="Gemeinsamer Rotationsplan Allgemeinmedizin",
        field="aus-fort-weiterbildung",
        status=MeasureStatus.LAUFEND,
        progress=25,
        start=-180,
        end=360,
        responsible=["Kreiskrankenhaus Freiberg gGmbH", "Sächsische Landesärztekammer"],
        decisions=["wb-rot"],
        description=(
            "Rotationen zwischen Kliniken und Praxen nach der Weiterbildungsordnung abstimmen."
        ),
        milestones=[("Plan für das erste Jahr", 30, None)],
        updates=[
            (-180, "Arbeitsgruppe hat den gemeinsamen Plan beschlossen.", 10),
            (-20, "Zwölf Rotationsstellen gemeldet.", 25),
        ],
    ),
    MeasureSpec(
        title="Gemeinsames Fortbildungsprogramm Pflege",
        field="aus-fort-weiterbildung",
        status=MeasureStatus.GEPLANT,
        progress=0,
        start=90,
        end=450,
        responsible=["Kreiskrankenhaus Freiberg gGmbH"],
        decisions=[],
        description="Digitale Fortbildungen für Pflegekräfte aller Partnerkliniken.",
        milestones=[("Bedarf erhoben", 120, None)],
        updates=[],
    ),
    MeasureSpec(
        title="Kooperationsvertrag Radiologie",
        field="dienstleistungen",
        status=MeasureStatus.ABGESCHLOSSEN,
        progress=100,
        start=-520,
        end=-200,
        responsible=[KLINIKUM_CHEMNITZ, "Helios Vogtland-Klinikum Plauen"],
        decisions=["dl-radio", "sg-koop"],
        description="Teleradiologische Befundung nachts und am Wochenende für kleinere Standorte.",
        milestones=[("Mustervertrag", -360, -360), ("Vertrag unterzeichnet", -220, -200)],
        updates=[
            (-360, "Mustervertrag abgestimmt.", 60),
            (-200, "Vertrag unterzeichnet, Betrieb läuft.", 100),
        ],
    ),
    MeasureSpec(
        title="Kooperationsvertrag Pathologie",
        field="dienstleistungen",
        status=MeasureStatus.LAUFEND,
        progress=80,
        start=-520,
        end=60,
        responsible=[KLINIKUM_CHEMNITZ, "Kreiskrankenhaus Stollberg gGmbH"],
        decisions=["dl-patho", "sg-koop"],
        description="Pathologische Befundung für Kliniken ohne eigenes Institut.",
        milestones=[("Mustervertrag", -360, -360), ("Unterzeichnung", 30, None)],
        updates=[(-90, "Zwei von drei Kliniken haben unterschrieben.", 80)],
    ),
    MeasureSpec(
        title="Gemeinsame Krankenhaushygiene",
        field="dienstleistungen",
        status=MeasureStatus.LAUFEND,
        progress=50,
        start=-360,
        end=240,
        responsible=[
            "Zeisigwaldkliniken Bethanien Chemnitz",
            "DRK Krankenhaus Chemnitz-Rabenstein",
        ],
        decisions=["dl-hyg"],
        description="Eine gemeinsame Hygienefachkraft und abgestimmte Hygienepläne.",
        milestones=[("Stelle besetzt", -150, -140), ("Hygienepläne abgestimmt", 90, None)],
        updates=[(-140, "Hygienefachkraft hat die Arbeit aufgenommen.", 50)],
    ),
    MeasureSpec(
        title="Logistik, Material- und Arzneimittelversorgung",
        field="dienstleistungen",
        status=MeasureStatus.LAUFEND,
        progress=30,
        start=-300,
        end=420,
        responsible=["Helios Vogtland-Klinikum Plauen"],
        decisions=["dl-felder"],
        description="Gemeinsamer Einkauf und Transport von Medikalprodukten und Arzneimitteln.",
        milestones=[("Bedarfe erhoben", -100, -90), ("Ausschreibung", 150, None)],
        updates=[(-90, "Bedarfe von neun Kliniken liegen vor.", 30)],
    ),
    MeasureSpec(
        title="Gemeinsame Fachkräftekampagne",
        field="arbeitswelten",
        status=MeasureStatus.LAUFEND,
        progress=40,
        start=-120,
        end=300,
        responsible=["Heinrich-Braun-Klinikum gemeinnützige GmbH", "Stadt Chemnitz"],
        decisions=["aw-kampagne"],
        description=(
            "Eine Kampagne und ein gemeinsamer Auftritt auf Messen für Medizin- und Pflegeberufe."
        ),
        milestones=[("Kampagnenkonzept", -30, -40), ("Erster Messeauftritt", 100, None)],
        updates=[(-40, "Kampagnenkonzept steht.", 40)],
    ),
    MeasureSpec(
        title="Kinderbetreuung für Schichtdienste",
        field="arbeitswelten",
        status=MeasureStatus.AUSGESETZT,
        progress=15,
        start=-200,
        end=None,
        responsible=["Landkreis Zwickau"],
        decisions=[],
        description="Randzeitenbetreuung für Kinder von Beschäftigten im Schichtdienst.",
        milestones=[("Bedarfsumfrage", -150, -150)],
        updates=[(-100, "Ausgesetzt, bis die Finanzierung geklärt ist.", 15)],
    ),
    MeasureSpec(
        title="Energie- und Emissionsbilanz der Kliniken",
        field="nachhaltigkeit",
        status=MeasureStatus.LAUFEND,
        progress=45,
        start=-250,
        end=250,
        responsible=["Zeisigwaldkliniken Bethanien Chemnitz", "Technische Universität Chemnitz"],
        decisions=[],
        description="Einheitliche Erhebung von Energieverbrauch und Emissionen "
        "aller Partnerkliniken.",
        milestones=[("Erhebungsbogen", -180, -180), ("Erste Bilanz", 60, None)],
        updates=[
            (-180, "Erhebungsbogen an alle Kliniken verschickt.", 20),
            (-10, "Daten von 14 Kliniken liegen vor.", 45),
        ],
    ),
    MeasureSpec(
        title="Gemeinsamer Einkauf von Ökostrom",
        field="nachhaltigkeit",
        status=MeasureStatus.GEPLANT,
        progress=5,
        start=60,
        end=500,
        responsible=["Krankenhausgesellschaft Sachsen"],
        decisions=[],
        description="Bündelung der Stromverträge der Kliniken.",
        milestones=[("Vertragslaufzeiten erhoben", 90, None)],
        updates=[],
    ),
]

FAQ = [
    (
        "Was ist die Gesundheitsregion Südwestsachsen?",
        (
            "Ein Netzwerk der Akteure im Gesundheitswesen von Chemnitz bis ins Erzgebirge "
            "und ins Vogtland. Es will die medizinische Versorgung der Region nachhaltig "
            "sichern. Der Freistaat Sachsen fördert das Modellvorhaben bis Ende 2026."
        ),
    ),
    (
        "Wer kann mitmachen?",
        (
            "Kliniken, Praxen, Pflegeeinrichtungen, Krankenkassen, Kammern, Kommunen, "
            "Hochschulen und Unternehmen der Region. Die Geschäftsstelle berät gern."
        ),
    ),
    (
        "Was sind die Handlungsfelder?",
        (
            "Patientenfokussierung; Aus-, Fort- und Weiterbildung; Sekundär- und "
            "Tertiärdienstleistungen; Arbeitswelten; Nachhaltigkeitsmanagement."
        ),
    ),
    (
        "Wie entstehen Maßnahmen?",
        (
            "Die Arbeitsgruppen bereiten Vorschläge vor, die Steuerungsgruppe beschließt "
            "sie. Jede Maßnahme zeigt hier ihren Stand, ihre Meilensteine und die "
            "Beschlüsse, auf denen sie beruht."
        ),
    ),
    (
        "Sind die Inhalte dieser Seite echt?",
        (
            "Dies ist eine Demonstration. Namen und Adressen der Krankenhausstandorte und "
            "der Institutionen sind echt; Personen, Praxen, Sitzungen, Beschlüsse und "
            "Maßnahmen sind erfunden und als Demo-Inhalt gekennzeichnet."
        ),
    ),
]

#: (days from the day of loading, title, text)
NEWS = [
    (
        -60,
        "Hausärzte für Chemnitz jetzt Teil der Gesundheitsregion",
        (
            "Der Weiterbildungsverbund für Allgemeinmedizin gehört jetzt zur "
            "Gesundheitsregion. Seit 2015 hat er über 100 Ärztinnen und Ärzte in "
            "Weiterbildung begleitet."
        ),
    ),
    (
        -200,
        "Erster Kooperationsvertrag unterzeichnet",
        (
            "Kliniken der Region befunden Röntgenbilder jetzt gemeinsam: Der "
            "Kooperationsvertrag Radiologie ist unterzeichnet."
        ),
    ),
    (
        -400,
        "Gesundheitskonferenz mit 150 Gästen",
        "Auf der Gesundheitskonferenz stellten die Arbeitsgruppen ihre Vorhaben vor.",
    ),
]

#: Prozessverlauf after the LVG&AFS guide; the dates are invented.
PHASES = [
    (
        "Vorbereitung",
        "Gespräche der Kliniken, Antrag auf Förderung als Modellvorhaben.",
        dt.date(2022, 9, 1),
        dt.date(2023, 5, 31),
        PhaseStatus.ABGESCHLOSSEN,
    ),
    (
        "Strukturbildung",
        ("Gründung durch 19 Kliniken, Geschäftsstelle, Steuerungsgruppe und Arbeitsgruppen."),
        dt.date(2023, 6, 1),
        dt.date(2024, 3, 31),
        PhaseStatus.ABGESCHLOSSEN,
    ),
    (
        "Analyse und Planung",
        "Versorgungsanalyse, Experteninterviews, Arbeitsprogramm.",
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
        PhaseStatus.ABGESCHLOSSEN,
    ),
    (
        "Umsetzung",
        "Kooperationsverträge, Weiterbildungsverbund, gemeinsame Kampagnen.",
        dt.date(2025, 1, 1),
        dt.date(2026, 12, 31),
        PhaseStatus.AKTUELL,
    ),
    (
        "Evaluation und Verstetigung",
        "Bewertung der Maßnahmen und Trägerschaft nach dem Ende der Förderung.",
        dt.date(2026, 7, 1),
        dt.date(2027, 6, 30),
        PhaseStatus.GEPLANT,
    ),
]
