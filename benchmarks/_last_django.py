"""Django side of the load benchmark (bench_last.py runs it in a subprocess).

``python benchmarks/_last_django.py vorbereiten`` prints, as JSON, the pages to load (with the
ids of a real partner, measure and body of the demo network) and a session of the office;
``… abfragen PFAD …`` the number of database queries of each page (anonymous and as the office);
``… pruefen PRAEFIX`` what the concurrent progress updates with that text prefix left behind.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plattform.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from accounts.models import User  # noqa: E402
from bodies.models import Body  # noqa: E402
from measures.models import Measure, MeasureUpdate  # noqa: E402
from registry.models import Organisation  # noqa: E402

OFFICE = "geschaeftsstelle"


def session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.throttle.ThrottledModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def prepare() -> dict:
    office = User.objects.get(username=OFFICE)
    partner = (
        Organisation.objects.filter(is_public=True, lon__isnull=False)
        .exclude(kreis="")
        .order_by("pk")
        .first()
    )
    filters = urlencode({"kreis": partner.kreis, "art": partner.kind})
    measure = Measure.objects.filter(is_public=True).order_by("pk").first()
    body = Body.objects.filter(is_public=True).order_by("pk").first()
    return {
        "sitzung": session_for(office),
        "massnahme": measure.pk,
        "oeffentlich": [
            "/",
            f"/partner/?{filters}",
            f"/partner/{partner.pk}/",
            "/massnahmen/",
            f"/massnahmen/{measure.pk}/",
            "/gremien/",
            f"/gremien/{body.pk}/",
            "/faq/",
        ],
        "api": [
            "/api/organisationen/",
            "/api/gremien/",
            "/api/sitzungen/",
            "/api/massnahmen/",
            "/api/empfehlungen/",
            "/api/handlungsfelder/",
        ],
        "geschaeftsstelle": [
            "/konto/",
            "/partner/",
            f"/partner/{partner.pk}/",
            f"/partner/{partner.pk}/bearbeiten/",
            "/massnahmen/",
            f"/massnahmen/{measure.pk}/bearbeiten/",
            "/gremien/",
            "/protokoll/",
        ],
    }


@override_settings(PAGE_CACHE_SECONDS=0)  # the queries of rendering, not of a cache hit
def queries(paths: list[str]) -> list[dict]:
    anonymous, office = Client(), Client()
    office.force_login(User.objects.get(username=OFFICE))
    counted = []
    for path in paths:
        row = {"pfad": path}
        for who, client in (("anonym", anonymous), ("geschaeftsstelle", office)):
            with CaptureQueriesContext(connection) as captured:
                status = client.get(path, secure=True).status_code
            row[who] = {"status": status, "abfragen": len(captured)}
        counted.append(row)
    return counted


def check_updates(prefix: str) -> dict:
    updates = MeasureUpdate.objects.filter(text__startswith=prefix)
    doubled = updates.values("text").annotate(n=Count("id")).filter(n__gt=1).count()
    newest = updates.order_by("-pk").first()
    measure = newest.measure if newest else None
    return {
        "zeilen": updates.count(),
        "texte": sorted(updates.values_list("text", flat=True)),
        "doppelt": doubled,
        "fortschritt_massnahme": measure.progress if measure else None,
        "fortschritt_neuester_sachstand": newest.progress if newest else None,
    }


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "vorbereiten":
        result = prepare()
    elif command == "abfragen":
        result = queries(args)
    else:
        result = check_updates(args[0])
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
