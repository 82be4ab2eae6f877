"""Endpoints of the API.

Every queryset starts from the model's ``visible_to(user)``: anonymous callers get the public
objects, members of a body also that body's internals, the office everything; an object
outside that set answers 404. Writing is for the office (``api.permissions``); editors of an
organisation may PATCH it, except the fields only the office sets.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from accounts.decorators import is_office
from api import filters, serializers
from api.permissions import EditorsPatchOwnOrganisation
from bodies import mails
from bodies.models import Body, Meeting
from measures.models import Measure, Recommendation
from registry.forms import OrganisationForm
from registry.models import Organisation, Role
from vocabulary.models import Handlungsfeld


def _documented(tag, one, many, note=None):
    """German summaries and descriptions of the six operations of a resource (lazy, so the
    schema can be translated), and the names the browsable API shows."""
    read = gettext_lazy("Öffentliche Einträge für alle, nicht öffentliche für Berechtigte.")
    if note:
        read = format_lazy("{} {}", read, note)
    office = gettext_lazy("Nur für die Geschäftsstelle.")

    def operation(summary, one_or_many, description) -> dict:
        return extend_schema(
            tags=[tag], summary=format_lazy(summary, one_or_many), description=description
        )

    def decorate(viewset: type) -> type:
        viewset.labels = (one, many)
        return documented(viewset)

    documented = extend_schema_view(
        list=operation(gettext_lazy("{}: Liste"), many, read),
        retrieve=operation(gettext_lazy("{}: Einzelansicht"), one, read),
        create=operation(gettext_lazy("{} anlegen"), one, office),
        update=operation(gettext_lazy("{} ersetzen"), one, office),
        partial_update=operation(gettext_lazy("{} ändern"), one, office),
        destroy=operation(gettext_lazy("{} löschen"), one, office),
    )
    return decorate


class VisibleViewSet(viewsets.ModelViewSet):
    """Rows narrowed to what the user may see, filtered by ``query_filters`` on lists."""

    filter_backends = (filters.QueryFilterBackend,)
    query_filters: tuple[filters.QueryFilter, ...] = ()
    labels: tuple[str, str] = ("", "")

    def get_view_name(self) -> str:
        """German titles in the browsable API (“Maßnahmen”, “Maßnahme”)."""
        one, many = self.labels
        return str(one if self.detail else many)

    def visible(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return self.visible()


@_documented(
    gettext_lazy("Organisationen"),
    gettext_lazy("Organisation"),
    gettext_lazy("Organisationen"),
    gettext_lazy(
        "Redakteure einer Organisation dürfen sie mit PATCH ändern, außer den Feldern, die nur "
        "die Geschäftsstelle setzt (übergeordnete Organisation, Demo-Kennzeichen)."
    ),
)
class OrganisationViewSet(VisibleViewSet):
    """Organisationen des Netzwerks: Träger, Standorte, Praxen, Kassen, Kommunen …"""

    serializer_class = serializers.OrganisationSerializer
    permission_classes = (EditorsPatchOwnOrganisation,)
    query_filters = filters.ORGANISATION_FILTERS

    def visible(self) -> QuerySet:
        contacts = Role.objects.public().select_related("person")
        return (
            Organisation.objects.visible_to(self.request.user)
            .select_related("parent")
            .prefetch_related(
                "handlungsfelder", Prefetch("roles", queryset=contacts, to_attr="public_roles")
            )
        )

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if getattr(self, "action", None) == "list":
            context["member_ids"] = set(Organisation.objects.members().values_list("pk", flat=True))
        return context

    def perform_update(self, serializer: serializers.OrganisationSerializer) -> None:
        if not is_office(self.request.user):
            office_only = sorted(set(self.request.data) & set(OrganisationForm.OFFICE_ONLY))
            if office_only:
                raise PermissionDenied(
                    _("Diese Felder ändert nur die Geschäftsstelle: %(fields)s.")
                    % {"fields": ", ".join(office_only)}
                )
        serializer.save(updated_by=self.request.user)


@_documented(gettext_lazy("Gremien"), gettext_lazy("Gremium"), gettext_lazy("Gremien"))
class BodyViewSet(VisibleViewSet):
    """Gremien: Steuerungsgruppe, Arbeitsgruppen, Gesundheitskonferenz."""

    serializer_class = serializers.BodySerializer
    query_filters = filters.BODY_FILTERS

    def visible(self) -> QuerySet:
        return Body.objects.visible_to(self.request.user).select_related("handlungsfeld")


@_documented(
    gettext_lazy("Sitzungen"),
    gettext_lazy("Sitzung"),
    gettext_lazy("Sitzungen"),
    gettext_lazy(
        "Online-Link und nicht freigegebene Protokolle sehen nur Mitglieder und die "
        "Geschäftsstelle."
    ),
)
class MeetingViewSet(VisibleViewSet):
    """Sitzungen der Gremien mit Tagesordnung, Beschlüssen und Dokumenten."""

    serializer_class = serializers.MeetingSerializer
    query_filters = filters.MEETING_FILTERS

    def visible(self) -> QuerySet:
        meetings = Meeting.objects.visible_to(self.request.user)
        return meetings.select_related("body").prefetch_related("agenda")

    def perform_update(self, serializer: serializers.MeetingSerializer) -> None:
        meeting = serializer.save()
        mails.announce_minutes(meeting, base_url=self.request.build_absolute_uri("/"))


@_documented(gettext_lazy("Maßnahmen"), gettext_lazy("Maßnahme"), gettext_lazy("Maßnahmen"))
class MeasureViewSet(VisibleViewSet):
    """Maßnahmen und Projekte je Handlungsfeld mit Stand, Fortschritt und Meilensteinen."""

    serializer_class = serializers.MeasureSerializer
    query_filters = filters.MEASURE_FILTERS

    def visible(self) -> QuerySet:
        measures = Measure.objects.visible_to(self.request.user)
        return measures.select_related("handlungsfeld").prefetch_related("milestones", "updates")


@_documented(gettext_lazy("Empfehlungen"), gettext_lazy("Empfehlung"), gettext_lazy("Empfehlungen"))
class RecommendationViewSet(VisibleViewSet):
    """Empfehlungen des Netzwerks, etwa an das Sozialministerium, mit ihren Grundlagen."""

    serializer_class = serializers.RecommendationSerializer
    query_filters = filters.RECOMMENDATION_FILTERS

    def visible(self) -> QuerySet:
        return Recommendation.objects.visible_to(self.request.user).select_related("handlungsfeld")


@_documented(
    gettext_lazy("Handlungsfelder"), gettext_lazy("Handlungsfeld"), gettext_lazy("Handlungsfelder")
)
class HandlungsfeldViewSet(VisibleViewSet):
    """Die Handlungsfelder der Gesundheitsregion; alle sind öffentlich."""

    serializer_class = serializers.HandlungsfeldSerializer
    lookup_field = "slug"

    def visible(self) -> QuerySet:
        return Handlungsfeld.objects.all()
