"""JSON shapes of the API.

What a user may not see never reaches the output: related objects come from querysets the
views narrow with ``visible_to`` (see ``api.views``), and fields that only members of a body or
the office may read (online links, unreleased minutes, names of people without consent) are
emptied here with the models' own rules (``can_read_internals``, ``minutes_visible_to``).
"""

from __future__ import annotations

import copy

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from bodies.models import Body, BodyMember, Decision, Document, Meeting
from measures.models import Measure, Milestone, Recommendation
from registry.models import Organisation, Role
from vocabulary.models import Handlungsfeld

__all__ = [
    "BodySerializer",
    "HandlungsfeldSerializer",
    "MeasureSerializer",
    "MeetingSerializer",
    "OrganisationSerializer",
    "RecommendationSerializer",
]


def _user(serializer: serializers.Serializer):
    return serializer.context["request"].user


class ModelRulesSerializer(serializers.ModelSerializer):
    """Writes pass the model's own rules (``full_clean()``: ``clean()`` and its constraints),
    the same the forms and importers apply, before anything is saved."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {field.name for field in model._meta.many_to_many}
        candidate = model()
        if self.instance is not None:
            for field in model._meta.concrete_fields:
                setattr(candidate, field.attname, getattr(self.instance, field.attname))
            candidate._state.adding = False
        for name, value in attrs.items():
            if name not in many:
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=many)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class WebUrlMixin(serializers.Serializer):
    web_url = serializers.SerializerMethodField(help_text=_("Seite des Objekts im Portal."))

    def get_web_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class HandlungsfeldSerializer(ModelRulesSerializer):
    web_url = serializers.SerializerMethodField(help_text=_("Seite des Handlungsfelds im Portal."))

    class Meta:
        model = Handlungsfeld
        fields = ("id", "slug", "name", "description", "order", "web_url")

    def get_web_url(self, obj: Handlungsfeld) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class ContactSerializer(serializers.ModelSerializer):
    """A current role of a person who agreed to be named publicly (work contact data only)."""

    name = serializers.CharField(source="person.__str__", read_only=True)
    email = serializers.EmailField(source="person.email", read_only=True)
    phone = serializers.CharField(source="person.phone", read_only=True)

    class Meta:
        model = Role
        fields = ("name", "function", "email", "phone", "is_contact")


class OrganisationSerializer(WebUrlMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    handlungsfelder = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Handlungsfeld.objects.all(),
        help_text=_("Kürzel der Handlungsfelder, für die sich die Organisation interessiert."),
    )
    is_member = serializers.SerializerMethodField(
        help_text=_("Heute Mitglied im Netzwerk (laufende Netzwerkmitgliedschaft).")
    )
    contacts = serializers.SerializerMethodField(
        help_text=_("Ansprechpersonen, die in die öffentliche Nennung eingewilligt haben.")
    )

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "kind",
            "kind_display",
            "parent",
            "description",
            "ik_number",
            "bsnr",
            "inek_site_number",
            "ags",
            "street",
            "postcode",
            "city",
            "kreis",
            "lon",
            "lat",
            "location_approximate",
            "website",
            "handlungsfelder",
            "is_member",
            "contacts",
            "is_public",
            "is_demo",
            "is_operator",
            "updated",
            "version",
            "web_url",
        )
        read_only_fields = ("location_approximate", "updated")
        extra_kwargs = {
            "version": {
                "required": False,
                "help_text": _(
                    "Stand der Organisation (steigt mit jeder Änderung). Beim Ändern mitsenden: "
                    "hat inzwischen jemand anderes geändert, antwortet die API mit 409."
                ),
            }
        }

    def get_is_member(self, obj: Organisation) -> bool:
        member_ids = self.context.get("member_ids")
        return obj.pk in member_ids if member_ids is not None else obj.is_member()

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, obj: Organisation) -> list[dict]:
        roles = getattr(obj, "public_roles", None)
        if roles is None:
            roles = Role.objects.public().filter(organisation=obj).select_related("person")
        return ContactSerializer(roles, many=True).data

    def validate(self, data: dict) -> dict:
        """The model's own rules (``Organisation.full_clean``: lon and lat together, no loop in
        the hierarchy, an IK-Nummer shared only within one Träger, ...), and no lost update:
        a ``version`` sent along must be the stored one."""
        instance = copy.copy(self.instance) if self.instance is not None else Organisation()
        version = data.pop("version", None)
        if self.instance is not None and version is not None and version != self.instance.version:
            try:
                self.instance.check_version(version)
            except DjangoValidationError as error:
                raise StaleVersion(error.messages[0]) from error
        for name, value in data.items():
            if name != "handlungsfelder":
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=["handlungsfelder", "editors", "updated_by"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return data

    def to_representation(self, instance: Organisation) -> dict:
        data = super().to_representation(instance)
        parent = instance.parent
        # A non-public parent is named only to those who may see it.
        if parent is not None and not parent.is_public:
            visible = Organisation.objects.visible_to(_user(self)).filter(pk=parent.pk)
            if not visible.exists():
                data["parent"] = None
        return data

    def create(self, validated_data: dict) -> Organisation:
        handlungsfelder = validated_data.pop("handlungsfelder", [])
        organisation = Organisation(**validated_data)
        _locate(organisation, coordinates_given="lon" in validated_data)
        organisation.save()
        organisation.handlungsfelder.set(handlungsfelder)
        return organisation

    def update(self, organisation: Organisation, validated_data: dict) -> Organisation:
        handlungsfelder = validated_data.pop("handlungsfelder", None)
        for name, value in validated_data.items():
            setattr(organisation, name, value)
        _locate(organisation, coordinates_given="lon" in validated_data)
        organisation.save()
        if handlungsfelder is not None:
            organisation.handlungsfelder.set(handlungsfelder)
        return organisation


class StaleVersion(exceptions.APIException):
    """409: the organisation changed since the client read it (lost update, G7)."""

    status_code = 409
    default_code = "stale_version"


def _locate(organisation: Organisation, *, coordinates_given: bool) -> None:
    """Place the organisation as the registry's form does: at its postcode's centroid when no
    coordinates are known (or only approximate ones and none were sent), Kreis from the
    coordinates."""
    if organisation.lon is None or (organisation.location_approximate and not coordinates_given):
        organisation.place_by_postcode()
    else:
        organisation.location_approximate = False
    organisation.fill_kreis()


class MemberSerializer(serializers.ModelSerializer):
    position_display = serializers.CharField(source="get_position_display", read_only=True)
    name = serializers.SerializerMethodField(
        help_text=_("Name, wenn die Person eingewilligt hat oder Sie das Gremium intern sehen.")
    )
    organisation = serializers.SerializerMethodField()
    organisation_name = serializers.SerializerMethodField()

    class Meta:
        model = BodyMember
        fields = (
            "position",
            "position_display",
            "name",
            "organisation",
            "organisation_name",
            "appointed",
        )

    def get_name(self, member: BodyMember) -> str | None:
        if member.person.public_consent or self.context.get("internals"):
            return str(member.person)
        return None

    def _organisation(self, member: BodyMember) -> Organisation | None:
        org = member.organisation
        return org if org is not None and org.pk in self.context["visible_organisations"] else None

    def get_organisation(self, member: BodyMember) -> int | None:
        org = self._organisation(member)
        return org.pk if org else None

    def get_organisation_name(self, member: BodyMember) -> str | None:
        org = self._organisation(member)
        return org.name if org else None


class BodySerializer(WebUrlMixin, ModelRulesSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    handlungsfeld = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Handlungsfeld.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Kürzel des Handlungsfelds."),
    )
    members = serializers.SerializerMethodField(help_text=_("Heutige Mitglieder nach Position."))

    class Meta:
        model = Body
        fields = (
            "id",
            "name",
            "kind",
            "kind_display",
            "description",
            "handlungsfeld",
            "is_public",
            "is_demo",
            "members",
            "web_url",
        )

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, body: Body) -> list[dict]:
        user = _user(self)
        members = getattr(body, "current_members", None)  # prefetched by api.views for lists
        if members is None:
            members = BodyMember.objects.filter(body=body).current().by_rank()
            members = members.select_related("person", "organisation")
        visible = self.context.get("visible_organisations")
        if visible is None:
            visible = set(Organisation.objects.visible_to(user).values_list("pk", flat=True))
        context = {"internals": _internals(self, body), "visible_organisations": visible}
        return MemberSerializer(members, many=True, context=context).data


def _internals(serializer: serializers.Serializer, body: Body) -> bool:
    """``body.can_read_internals(user)``, from the per-request facts api.views puts in the
    context when there are many rows (office, or member of the body)."""
    context = serializer.context
    if "member_bodies" not in context:
        return body.can_read_internals(_user(serializer))
    return context["is_office"] or body.pk in context["member_bodies"]


def _prefetched_or(obj, name: str, query):
    """The visible related objects api.views prefetched as ``name``, else ``query()``."""
    found = getattr(obj, name, None)
    return found if found is not None else query()


class AgendaItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ("id", "number", "title", "text", "is_public")


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ("id", "title", "download_url")

    def get_download_url(self, document: Document) -> str:
        from django.urls import reverse

        url = reverse("bodies:document", args=[document.pk])
        return self.context["request"].build_absolute_uri(url)


class MeetingSerializer(WebUrlMixin, ModelRulesSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    agenda = serializers.SerializerMethodField(help_text=_("Tagesordnung."))
    decisions = serializers.SerializerMethodField(help_text=_("Beschlüsse, die Sie sehen dürfen."))
    documents = serializers.SerializerMethodField(help_text=_("Dokumente, die Sie sehen dürfen."))

    class Meta:
        model = Meeting
        fields = (
            "id",
            "body",
            "body_name",
            "title",
            "start",
            "end",
            "place",
            "online_link",
            "is_public",
            "minutes",
            "minutes_public",
            "agenda",
            "decisions",
            "documents",
            "is_demo",
            "web_url",
        )
        extra_kwargs = {
            "online_link": {
                "help_text": _("Nur für Mitglieder des Gremiums und die Geschäftsstelle.")
            },
            "minutes": {"help_text": _("Protokoll; öffentlich erst nach Freigabe.")},
        }

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting: Meeting) -> list[dict]:
        return AgendaItemSerializer(meeting.agenda.all(), many=True).data

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, meeting: Meeting) -> list[dict]:
        decisions = _prefetched_or(
            meeting,
            "visible_decisions",
            lambda: Decision.objects.visible_to(_user(self)).filter(meeting=meeting),
        )
        return DecisionSerializer(decisions, many=True).data

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, meeting: Meeting) -> list[dict]:
        documents = _prefetched_or(
            meeting,
            "visible_documents",
            lambda: Document.objects.visible_to(_user(self)).filter(meeting=meeting),
        )
        return DocumentSerializer(documents, many=True, context=self.context).data

    def to_representation(self, meeting: Meeting) -> dict:
        data = super().to_representation(meeting)
        internals = _internals(self, meeting.body)  # Meeting.can_read_internals
        if not internals:
            data["online_link"] = None
        # Meeting.minutes_visible_to(user), with the internals known already: what the public
        # may read (asked as an anonymous visitor: no query), or everything with internals.
        if not (internals or meeting.minutes_visible_to(AnonymousUser())):
            data["minutes"] = None
        return data


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ("title", "due", "done")


class MeasureUpdateSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField()
    progress = serializers.IntegerField(allow_null=True)


def _visible_pks(obj, name: str, visible: QuerySet) -> list[int]:
    """Ids of the related ``name`` the user may see: prefetched by api.views as
    ``visible_<name>`` for lists, else asked from the database."""
    prefetched = getattr(obj, f"visible_{name}", None)
    if prefetched is not None:
        return [related.pk for related in prefetched]
    related = getattr(obj, name).all()
    return list(related.filter(pk__in=visible.values("pk")).values_list("pk", flat=True))


class MeasureSerializer(WebUrlMixin, ModelRulesSerializer):
    handlungsfeld = serializers.SlugRelatedField(
        slug_field="slug", queryset=Handlungsfeld.objects.all(), help_text=_("Kürzel.")
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    updates = serializers.SerializerMethodField(help_text=_("Sachstände, neueste zuerst."))

    class Meta:
        model = Measure
        fields = (
            "id",
            "title",
            "handlungsfeld",
            "description",
            "status",
            "status_display",
            "progress",
            "start",
            "end",
            "responsible",
            "decisions",
            "milestones",
            "updates",
            "is_public",
            "is_demo",
            "updated",
            "web_url",
        )
        read_only_fields = ("updated",)

    def update(self, measure: Measure, validated_data: dict) -> Measure:
        """A new progress becomes a Sachstand of its own; concurrent changes queue up on the
        measure's row, so none is lost and the last one counts."""
        wanted = validated_data.pop("progress", None)
        changed = wanted is not None and wanted != measure.progress  # as the caller saw it
        with transaction.atomic():
            measure.progress = Measure.objects.select_for_update().get(pk=measure.pk).progress
            measure = super().update(measure, validated_data)
            if changed:
                measure.record_progress(
                    text=_("Fortschritt über die Schnittstelle auf %(progress)d %% gesetzt.")
                    % {"progress": wanted},
                    progress=wanted,
                    author=_user(self),
                )
        return measure

    @extend_schema_field(MeasureUpdateSerializer(many=True))
    def get_updates(self, measure: Measure) -> list[dict]:
        return MeasureUpdateSerializer(measure.updates.all(), many=True).data

    def to_representation(self, measure: Measure) -> dict:
        data = super().to_representation(measure)
        user = _user(self)
        data["responsible"] = _visible_pks(
            measure, "responsible", Organisation.objects.visible_to(user)
        )
        data["decisions"] = _visible_pks(measure, "decisions", Decision.objects.visible_to(user))
        return data


class RecommendationSerializer(WebUrlMixin, ModelRulesSerializer):
    handlungsfeld = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Handlungsfeld.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Kürzel des Handlungsfelds."),
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Recommendation
        fields = (
            "id",
            "title",
            "text",
            "addressee",
            "status",
            "status_display",
            "date",
            "evidence",
            "handlungsfeld",
            "decisions",
            "measures",
            "is_public",
            "is_demo",
            "web_url",
        )

    def to_representation(self, recommendation: Recommendation) -> dict:
        data = super().to_representation(recommendation)
        user = _user(self)
        data["decisions"] = _visible_pks(
            recommendation, "decisions", Decision.objects.visible_to(user)
        )
        data["measures"] = _visible_pks(
            recommendation, "measures", Measure.objects.visible_to(user)
        )
        return data
