"""Query parameters of the API lists (``?art=``, ``?handlungsfeld=``, ``?ab=`` …).

Each list view names its filters in ``query_filters``; :class:`QueryFilterBackend` applies them
with plain queryset methods and documents them in the OpenAPI schema. A value that cannot be
read (a date like ``2025-13-01``, an unknown status) ends in status 400 with a German message
per parameter instead of being ignored silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from bodies.models import BodyKind
from measures.models import MeasureStatus, RecommendationStatus
from registry.models import OrganisationType

__all__ = [
    "BODY_FILTERS",
    "MEASURE_FILTERS",
    "MEETING_FILTERS",
    "ORGANISATION_FILTERS",
    "RECOMMENDATION_FILTERS",
    "QueryFilter",
    "QueryFilterBackend",
]


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Longest search text; longer values are no search a person types.
MAX_TEXT = 200
#: Largest id the database stores (a 64-bit BigAutoField); SQLite overflows above it.
MAX_ID = 2**63 - 1


def text(raw: str) -> str:
    # PostgreSQL cannot store or compare NUL in text; other control characters are no search.
    if any(unicodedata.category(char) == "Cc" for char in raw):
        raise ValueError(_("Steuerzeichen (etwa NUL) sind nicht erlaubt."))
    if len(raw) > MAX_TEXT:
        raise ValueError(_("Höchstens %(count)d Zeichen.") % {"count": MAX_TEXT})
    return raw


def date(raw: str) -> dt.date:
    # Only JJJJ-MM-TT: fromisoformat also reads week dates and "20250331".
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(_("Datum im Format JJJJ-MM-TT erwartet, z. B. 2025-03-31.")) from None


def integer(raw: str) -> int:
    # isdigit() alone accepts "²" and other Unicode digits that int() refuses.
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(_("Eine ganze Zahl (Kennung) erwartet."))
    value = int(raw)
    if not 1 <= value <= MAX_ID:
        raise ValueError(_("Eine Kennung von 1 bis %(max)d erwartet.") % {"max": MAX_ID})
    return value


def yes_no(raw: str) -> bool:
    value = raw.lower()
    if value in {"1", "ja", "true", "yes"}:
        return True
    if value in {"0", "nein", "false", "no"}:
        return False
    raise ValueError(_("„ja“ oder „nein“ erwartet."))


def one_of(values: Iterable[str]) -> Callable[[str], str]:
    allowed = list(values)

    def parse(raw: str) -> str:
        if raw not in allowed:
            raise ValueError(_("Erlaubt sind: %(values)s.") % {"values": ", ".join(allowed)})
        return raw

    parse.enum = allowed  # type: ignore[attr-defined]
    return parse


_SCHEMA_TYPES = {
    date: {"type": "string", "format": "date"},
    integer: {"type": "integer"},
    yes_no: {"type": "string", "enum": ["ja", "nein"]},
}


@dataclass(frozen=True)
class QueryFilter:
    """One query parameter: its name, a German description, how to read it, what it does."""

    name: str
    description: str
    apply: Callable[[QuerySet, Any], QuerySet]
    parse: Callable[[str], Any] = field(default=text)

    def schema(self) -> dict:
        if hasattr(self.parse, "enum"):
            return {"type": "string", "enum": self.parse.enum}
        return _SCHEMA_TYPES.get(self.parse, {"type": "string"})


class QueryFilterBackend(BaseFilterBackend):
    """Apply the view's ``query_filters`` to list requests."""

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        if getattr(view, "action", None) != "list":
            return queryset
        errors = {}
        for query_filter in getattr(view, "query_filters", ()):
            raw = request.query_params.get(query_filter.name, "").strip()
            if not raw:
                continue
            try:
                value = query_filter.parse(raw)
            except ValueError as error:
                errors[query_filter.name] = [str(error)]
                continue
            queryset = query_filter.apply(queryset, value)
        if errors:
            raise ValidationError(errors)
        return queryset

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": f.name,
                "in": "query",
                "required": False,
                "description": str(f.description),
                "schema": f.schema(),
            }
            for f in getattr(view, "query_filters", ())
        ]


def _in_field(queryset: QuerySet, slug: str, lookup: str = "handlungsfeld__slug") -> QuerySet:
    return queryset.filter(**{lookup: slug}).distinct()


ORGANISATION_FILTERS = (
    QueryFilter("q", gettext_lazy("Suche in Name und Ort."), lambda qs, v: qs.search(v)),
    QueryFilter(
        "art",
        gettext_lazy("Art der Organisation."),
        lambda qs, v: qs.filter(kind=v),
        one_of(OrganisationType.values),
    ),
    QueryFilter(
        "handlungsfeld",
        gettext_lazy("Kürzel eines Handlungsfelds, für das sich die Organisation interessiert."),
        lambda qs, v: _in_field(qs, v, "handlungsfelder__slug"),
    ),
    QueryFilter(
        "kreis",
        gettext_lazy("Kreis oder kreisfreie Stadt, z. B. „Chemnitz“ oder „Erzgebirgskreis“."),
        lambda qs, v: qs.filter(kreis__iexact=v),
    ),
    QueryFilter(
        "gehoert_zu",
        gettext_lazy("Kennung der übergeordneten Organisation (z. B. des Klinikträgers)."),
        lambda qs, v: qs.filter(parent=v),
        integer,
    ),
    QueryFilter(
        "mitglied",
        gettext_lazy("„ja“: nur heutige Mitglieder des Netzwerks, „nein“: nur andere."),
        lambda qs, v: qs.members() if v else qs.exclude(pk__in=qs.members().values("pk")),
        yes_no,
    ),
)

BODY_FILTERS = (
    QueryFilter("q", gettext_lazy("Suche im Namen."), lambda qs, v: qs.filter(name__icontains=v)),
    QueryFilter(
        "art",
        gettext_lazy("Art des Gremiums."),
        lambda qs, v: qs.filter(kind=v),
        one_of(BodyKind.values),
    ),
    QueryFilter("handlungsfeld", gettext_lazy("Kürzel eines Handlungsfelds."), _in_field),
)

MEETING_FILTERS = (
    QueryFilter("q", gettext_lazy("Suche im Titel."), lambda qs, v: qs.filter(title__icontains=v)),
    QueryFilter(
        "gremium", gettext_lazy("Kennung des Gremiums."), lambda qs, v: qs.filter(body=v), integer
    ),
    QueryFilter(
        "ab",
        gettext_lazy("Sitzungen ab diesem Tag (JJJJ-MM-TT)."),
        lambda qs, v: qs.filter(start__date__gte=v),
        date,
    ),
    QueryFilter(
        "bis",
        gettext_lazy("Sitzungen bis einschließlich diesem Tag (JJJJ-MM-TT)."),
        lambda qs, v: qs.filter(start__date__lte=v),
        date,
    ),
)

MEASURE_FILTERS = (
    QueryFilter(
        "q",
        gettext_lazy("Suche in Titel und Beschreibung."),
        lambda qs, v: qs.filter(Q(title__icontains=v) | Q(description__icontains=v)),
    ),
    QueryFilter("handlungsfeld", gettext_lazy("Kürzel eines Handlungsfelds."), _in_field),
    QueryFilter(
        "status",
        gettext_lazy("Stand der Maßnahme."),
        lambda qs, v: qs.filter(status=v),
        one_of(MeasureStatus.values),
    ),
    QueryFilter(
        "organisation",
        gettext_lazy("Kennung einer verantwortlichen Organisation."),
        lambda qs, v: qs.filter(responsible=v).distinct(),
        integer,
    ),
)

RECOMMENDATION_FILTERS = (
    QueryFilter(
        "q",
        gettext_lazy("Suche in Titel, Text und Adressat."),
        lambda qs, v: qs.filter(
            Q(title__icontains=v) | Q(text__icontains=v) | Q(addressee__icontains=v)
        ),
    ),
    QueryFilter("handlungsfeld", gettext_lazy("Kürzel eines Handlungsfelds."), _in_field),
    QueryFilter(
        "status",
        gettext_lazy("Stand der Empfehlung."),
        lambda qs, v: qs.filter(status=v),
        one_of(RecommendationStatus.values),
    ),
)
