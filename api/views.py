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
from bodies.models import Body, BodyMember, Decision, Document, Meeting, member_body_ids
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


def _visible_relations(**visible: QuerySet) -> list[Prefetch]:
    """Prefetch each many-to-many relation twice, so a list costs two queries per relation
    instead of two per row: all related ids (the serializer's field reads them) and, as
    ``visible_<name>``, the related objects the user may see (what the API shows)."""
    prefetches = []
    for name, queryset in visible.items():
        prefetches.append(Prefetch(name, queryset.model.objects.only("pk")))
        prefetches.append(Prefetch(name, queryset.only("pk"), to_attr=f"visible_{name}"))
    return prefetches


def _per_request(user) -> dict:
    """What the body and meeting serializers would otherwise ask the database once per row:
    the organisations the user may see and the bodies it belongs to (for the rule of
    ``Body.can_read_internals``: the office and the members)."""
    return {
        "visible_organisations": set(
            Organisation.objects.visible_to(user).values_list("pk", flat=True)
        ),
        "member_bodies": set(
            Body.objects.filter(pk__in=member_body_ids(user)).values_list("pk", flat=True)
        ),
        "is_office": is_office(user),
    }


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
        members = BodyMember.objects.current().by_rank().select_related("person", "organisation")
        return (
            Body.objects.visible_to(self.request.user)
            .select_related("handlungsfeld")
            .prefetch_related(Prefetch("members", members, to_attr="current_members"))
        )

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), **_per_request(self.request.user)}


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
        user = self.request.user
        return (
            Meeting.objects.visible_to(user)
            .select_related("body")
            .prefetch_related(
                "agenda",
                Prefetch(
                    "decisions", Decision.objects.visible_to(user), to_attr="visible_decisions"
                ),
                Prefetch(
                    "documents", Document.objects.visible_to(user), to_attr="visible_documents"
                ),
            )
        )

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), **_per_request(self.request.user)}

    def perform_update(self, serializer: serializers.MeetingSerializer) -> None:
        meeting = serializer.save()
        mails.announce_minutes(meeting, base_url=self.request.build_absolute_uri("/"))


@_documented(gettext_lazy("Maßnahmen"), gettext_lazy("Maßnahme"), gettext_lazy("Maßnahmen"))
class MeasureViewSet(VisibleViewSet):
    """Maßnahmen und Projekte je Handlungsfeld mit Stand, Fortschritt und Meilensteinen."""

    serializer_class = serializers.MeasureSerializer
    query_filters = filters.MEASURE_FILTERS

    def visible(self) -> QuerySet:
        user = self.request.user
        return (
            Measure.objects.visible_to(user)
            .select_related("handlungsfeld")
            .prefetch_related(
                "milestones",
                "updates",
                *_visible_relations(
                    responsible=Organisation.objects.visible_to(user),
                    decisions=Decision.objects.visible_to(user),
                ),
            )
        )


@_documented(gettext_lazy("Empfehlungen"), gettext_lazy("Empfehlung"), gettext_lazy("Empfehlungen"))
class RecommendationViewSet(VisibleViewSet):
    """Empfehlungen des Netzwerks, etwa an das Sozialministerium, mit ihren Grundlagen."""

    serializer_class = serializers.RecommendationSerializer
    query_filters = filters.RECOMMENDATION_FILTERS

    def visible(self) -> QuerySet:
        user = self.request.user
        return (
            Recommendation.objects.visible_to(user)
            .select_related("handlungsfeld")
            .prefetch_related(
                *_visible_relations(
                    decisions=Decision.objects.visible_to(user),
                    measures=Measure.objects.visible_to(user),
                )
            )
        )


@_documented(
    gettext_lazy("Handlungsfelder"), gettext_lazy("Handlungsfeld"), gettext_lazy("Handlungsfelder")
)
class HandlungsfeldViewSet(VisibleViewSet):
    """Die Handlungsfelder der Gesundheitsregion; alle sind öffentlich."""

    serializer_class = serializers.HandlungsfeldSerializer
    lookup_field = "slug"

    def visible(self) -> QuerySet:
        return Handlungsfeld.objects.all()
