"""Organisations of the network, people and their roles over time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_office


class OrganisationType(models.TextChoices):
    KLINIKTRAEGER = "klinikträger", _("Klinikträger")
    KRANKENHAUSSTANDORT = "krankenhausstandort", _("Krankenhausstandort")
    FACHABTEILUNG = "fachabteilung", _("Fachabteilung")
    ARZTPRAXIS = "arztpraxis", _("Arztpraxis/MVZ")
    PFLEGE = "pflege", _("Pflegeeinrichtung")
    KRANKENKASSE = "krankenkasse", _("Krankenkasse")
    KV = "kv", _("Kassenärztliche Vereinigung")
    KAMMER = "kammer", _("Kammer")
    KOMMUNE = "kommune", _("Kommune")
    FORSCHUNG = "forschung", _("Hochschule/Forschung")
    UNTERNEHMEN = "unternehmen", _("Unternehmen")
    VERBAND = "verband", _("Verband")
    GESCHAEFTSSTELLE = "geschäftsstelle", _("Geschäftsstelle")
    SONSTIGE = "sonstige", _("Sonstige")


def _digits(count: int, label: str) -> RegexValidator:
    return RegexValidator(
        rf"^\d{{{count}}}$",
        _("%(label)s hat %(count)d Ziffern.") % {"label": label, "count": count},
    )


def _digits_or_empty(field: str, count: int) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": rf"^[0-9]{{{count}}}$"}),
        name=f"organisation_{field}_digits",
    )


def _end_not_before_start(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end": _("Das Ende liegt vor dem Beginn.")})


def hierarchy_root(pk: int | None, parent_of: dict[int, int | None]) -> int | None:
    """The topmost organisation above ``pk`` (``pk`` itself without parent).

    ``parent_of`` maps each organisation to its parent as it is or will be; a loop returns
    None (the loop itself is reported by :meth:`Organisation.clean`).
    """
    seen: set[int | None] = set()
    node = pk
    while node is not None and parent_of.get(node) is not None:
        if node in seen:
            return None
        seen.add(node)
        node = parent_of[node]
    return node


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations shown in the public directory."""
        return self.filter(is_public=True)

    def visible_to(self, user):
        if is_office(user):
            return self
        if user.is_authenticated:
            return self.filter(Q(is_public=True) | Q(pk__in=self.editable_by(user).values("pk")))
        return self.public()

    def editable_by(self, user):
        """Organisations the user may change: the office all, an editor its own and their
        sub-organisations (Träger → Standort → Fachabteilung)."""
        if not user.is_authenticated:
            return self.none()
        if is_office(user):
            return self
        own = Q(editors=user) | Q(parent__editors=user) | Q(parent__parent__editors=user)
        return self.filter(own).distinct()

    def search(self, text: str):
        """Organisations whose name or city contains ``text`` (case-insensitive)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(city__icontains=text))

    def located(self):
        """Organisations with coordinates (for the map)."""
        return self.filter(lon__isnull=False, lat__isnull=False)

    def members(self, on: dt.date | None = None):
        """Organisations with a network membership running on ``on`` (default today)."""
        on = on or timezone.localdate()
        running = NetworkMembership.objects.filter(start__lte=on).filter(
            Q(end__isnull=True) | Q(end__gte=on)
        )
        return self.filter(pk__in=running.values("organisation"))


class Organisation(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=OrganisationType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("gehört zu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    ik_number = models.CharField(
        _("IK-Nummer"), max_length=9, blank=True, validators=[_digits(9, "Die IK-Nummer")]
    )
    bsnr = models.CharField(
        _("BSNR"), max_length=9, blank=True, validators=[_digits(9, "Die Betriebsstättennummer")]
    )
    inek_site_number = models.CharField(
        _("InEK-Standortnummer"),
        max_length=6,
        blank=True,
        validators=[_digits(6, "Die InEK-Standortnummer")],
    )
    ags = models.CharField(
        _("Gemeindeschlüssel (AGS)"), max_length=8, blank=True, validators=[_digits(8, "Der AGS")]
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(
        _("PLZ"), max_length=5, blank=True, validators=[_digits(5, "Die PLZ")]
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    kreis = models.CharField(_("Kreis"), max_length=100, blank=True)
    lon = models.FloatField(
        _("Längengrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    lat = models.FloatField(
        _("Breitengrad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    location_approximate = models.BooleanField(
        _("Lage nur ungefähr (PLZ-Schwerpunkt)"), default=False
    )
    website = models.URLField(_("Website"), blank=True)
    handlungsfelder = models.ManyToManyField(
        "vocabulary.Handlungsfeld",
        verbose_name=_("Handlungsfelder"),
        blank=True,
        related_name="organisations",
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bearbeiter"),
        blank=True,
        related_name="editable_organisations",
    )
    is_public = models.BooleanField(_("im öffentlichen Verzeichnis"), default=True)
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)
    is_operator = models.BooleanField(
        _("Betreiber der Plattform"),
        default=False,
        help_text=_(
            "Impressum, Datenschutz und Kontakt nennen diese Organisation, soweit die "
            "Einstellungen PLATTFORM_BETREIBER_* nichts anderes angeben. Nur eine Organisation; "
            "setzt nur die Geschäftsstelle."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    #: Counts the saves; a form or API client sends the version it read, so a save over a
    #: change made meanwhile by someone else is refused instead of silently undoing it.
    version = models.PositiveIntegerField(_("Version"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt geändert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.CheckConstraint(
                condition=Q(lon__isnull=True, lat__isnull=True)
                | Q(lon__isnull=False, lat__isnull=False),
                name="organisation_lon_lat_together",
            ),
            models.CheckConstraint(
                condition=Q(lon__isnull=True) | Q(lon__gte=-180, lon__lte=180),
                name="organisation_lon_range",
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90),
                name="organisation_lat_range",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
            models.UniqueConstraint(
                fields=["is_operator"],
                condition=Q(is_operator=True),
                name="organisation_one_operator",
                violation_error_message=_(
                    "Betreiber der Plattform ist schon eine andere Organisation; bitte dort "
                    "zuerst abwählen."
                ),
            ),
            _digits_or_empty("ik_number", 9),
            _digits_or_empty("bsnr", 9),
            _digits_or_empty("inek_site_number", 6),
            _digits_or_empty("ags", 8),
            _digits_or_empty("postcode", 5),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:detail", args=[self.pk])

    def can_edit(self, user) -> bool:
        return Organisation.objects.editable_by(user).filter(pk=self.pk).exists()

    def save(self, *args, **kwargs) -> None:
        self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated"}
        super().save(*args, **kwargs)

    # --- domain rules: every write path (forms, API, import) calls full_clean() ---------------

    def clean(self) -> None:
        """The rules of one organisation; :meth:`clean_relations` those involving others."""
        self.clean_own()
        self.clean_relations()

    def clean_own(self) -> None:
        """Rules that need no other row (mirrored by the database constraints)."""
        if (self.lon is None) != (self.lat is None):
            raise ValidationError(
                {
                    "lat" if self.lat is None else "lon": _(
                        "Bitte Längen- und Breitengrad zusammen angeben oder beide leer lassen."
                    )
                }
            )

    def clean_relations(
        self,
        parent_of: dict[int, int | None] | None = None,
        ik_holders: list[tuple[int, str]] | None = None,
        *,
        key: int | None = None,
    ) -> None:
        """No loop in the hierarchy; an IK-Nummer shared only within one Träger hierarchy.

        The importer passes the hierarchy and the other holders of the IK-Nummer as they will
        be after the import (``parent_of``: id → parent id, including this organisation under
        ``key``; ``ik_holders``: (id, name) of the others); without them they are read from the
        database.
        """
        if key is None:
            key = self.pk if self.pk is not None else 0
            around = self._hierarchy_around() if parent_of is None else parent_of
            parent_of = {**around, key: self.parent_id}
        root = hierarchy_root(key, parent_of)
        if root is None:
            raise ValidationError(
                {
                    "parent": _(
                        "Die Zuordnung ergibt einen Kreis: die Organisation gehörte zu sich selbst."
                    )
                }
            )
        if not self.ik_number:
            return
        if ik_holders is None:
            ik_holders = list(
                Organisation.objects.filter(ik_number=self.ik_number)
                .exclude(pk=self.pk)
                .values_list("pk", "name")
            )
        foreign = [name for pk, name in ik_holders if hierarchy_root(pk, parent_of) != root]
        if foreign:
            raise ValidationError(
                {
                    "ik_number": _(
                        "Die IK-Nummer %(ik)s hat schon „%(other)s“. Dieselbe IK-Nummer dürfen "
                        "nur Organisationen eines Trägers teilen (Träger, Standorte, "
                        "Fachabteilungen); bitte die eigene IK-Nummer angeben."
                    )
                    % {"ik": self.ik_number, "other": foreign[0]}
                }
            )

    def _hierarchy_around(self) -> dict[int, int | None]:
        """Parents of the chain above this organisation and of the other IK holders' chains."""
        parent_of: dict[int, int | None] = {}
        level = {self.parent_id} - {None}
        if self.ik_number:
            level |= set(
                Organisation.objects.filter(ik_number=self.ik_number).values_list("pk", flat=True)
            )
        while level:
            rows = Organisation.objects.filter(pk__in=level).values_list("pk", "parent_id")
            parent_of.update(rows)
            level = {p for _, p in rows if p is not None and p not in parent_of}
        return parent_of

    def check_version(self, version: int | None) -> None:
        """Refuse a save based on an older version than the stored one (lost update)."""
        if version is None or self.pk is None:
            return
        stored = Organisation.objects.filter(pk=self.pk).select_related("updated_by").first()
        if stored is not None and stored.version != version:
            who = (
                stored.updated_by.get_full_name() or stored.updated_by.get_username()
                if stored.updated_by
                else _("jemand anderem")
            )
            raise ValidationError(
                _(
                    "Inzwischen von %(who)s geändert (%(when)s); bitte neu laden und die "
                    "Änderung erneut eintragen."
                )
                % {
                    "who": who,
                    "when": timezone.localtime(stored.updated).strftime("%d.%m.%Y %H:%M"),
                },
                code="stale",
            )

    def is_member(self, on: dt.date | None = None) -> bool:
        return Organisation.objects.members(on).filter(pk=self.pk).exists()

    def descendant_ids(self) -> set[int]:
        """Ids of all sub-organisations, at any depth (to keep the hierarchy free of loops)."""
        found: set[int] = set()
        level = {self.pk}
        while level:
            level = (
                set(Organisation.objects.filter(parent__in=level).values_list("pk", flat=True))
                - found
            )
            found |= level
        return found

    def place_by_postcode(self) -> bool:
        """Put the organisation at its postcode's centroid and mark the location approximate.

        Used when no coordinates of its own are known. Returns False (and clears the
        coordinates) when the postcode is missing or unknown or no centroid table is available.
        """
        from registry.geo import postcode_centroid

        point = postcode_centroid(self.postcode) if self.postcode else None
        self.lon, self.lat = point if point else (None, None)
        self.location_approximate = point is not None
        return point is not None

    def fill_kreis(self) -> None:
        """Name the Kreis from the coordinates when nobody entered one."""
        from registry.geo import kreis_at

        if not self.kreis and self.lon is not None and self.lat is not None:
            self.kreis = kreis_at(self.lon, self.lat)


class NetworkMembership(models.Model):
    """Membership of an organisation in the network, with start and end."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    start = models.DateField(_("Beginn"))
    end = models.DateField(_("Ende"), null=True, blank=True)
    note = models.CharField(_("Bemerkung"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("Netzwerkmitgliedschaft")
        verbose_name_plural = _("Netzwerkmitgliedschaften")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.start:%d.%m.%Y}–{self.end or ''})"

    def clean(self) -> None:
        _end_not_before_start(self.start, self.end)


class PersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_consent=True)

    def editable_by(self, user):
        """People the user may change: the office all, an editor those with a role at one of
        its organisations, everybody their own person (as in :meth:`Person.can_edit`)."""
        if not user.is_authenticated:
            return self.none()
        if is_office(user):
            return self
        editable = Organisation.objects.editable_by(user)
        return self.filter(Q(user=user) | Q(roles__organisation__in=editable)).distinct()


class Person(models.Model):
    """A person in the network. Contact data only as far as needed; shown publicly only with
    consent (``public_consent``)."""

    title = models.CharField(_("Titel"), max_length=50, blank=True)
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    email = models.EmailField(_("E-Mail (dienstlich)"), blank=True)
    phone = models.CharField(_("Telefon (dienstlich)"), max_length=50, blank=True)
    public_consent = models.BooleanField(
        _("Einwilligung in öffentliche Nennung"),
        default=False,
        help_text=_("Nur mit Einwilligung erscheinen Name und Funktion öffentlich."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registry_person",
    )
    is_demo = models.BooleanField(_("Demo-Inhalt"), default=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")

    def __str__(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    def may_set_consent(self, user) -> bool:
        """Whether ``user`` may change :attr:`public_consent`.

        The consent is the person's own: an editor may record it only for a person whose roles
        all lie at organisations the editor edits. For a person shared with other organisations
        only the office or the person itself may change it.
        """
        if not user.is_authenticated:
            return False
        if is_office(user) or (self.pk and self.user_id == user.pk):
            return True
        if self.pk is None:
            return True  # a new person gets its first role from this editor
        editable = Organisation.objects.editable_by(user)
        return not self.roles.exclude(organisation__in=editable).exists()

    def roles_visible_to(self, user):
        """The roles ``user`` may see on the person's page: the office and the person itself
        all; an editor those at organisations it edits, and, with the person's consent, the
        current ones at organisations it may see. Never a role at an organisation that
        answers 404 for the user."""
        roles = self.roles.select_related("organisation")
        if is_office(user) or (user.is_authenticated and self.user_id == user.pk):
            return roles
        own = Q(organisation__in=Organisation.objects.editable_by(user))
        if self.public_consent:
            visible = Organisation.objects.visible_to(user)
            own |= Q(pk__in=Role.objects.current().filter(organisation__in=visible).values("pk"))
        return roles.filter(own)

    def can_edit(self, user) -> bool:
        """Office, the person's own user, or an editor of an organisation it has a role at."""
        if not user.is_authenticated:
            return False
        if is_office(user) or self.user_id == user.pk:
            return True
        editable = Organisation.objects.editable_by(user)
        return self.roles.filter(organisation__in=editable).exists()


class RoleQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None):
        """Roles running on ``on`` (default today)."""
        on = on or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on)).filter(
            Q(end__isnull=True) | Q(end__gte=on)
        )

    def public(self):
        """Current roles of people who agreed to be named publicly."""
        return self.current().filter(person__public_consent=True)


class Role(models.Model):
    """A person's function at an organisation over time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="roles")
    function = models.CharField(_("Funktion"), max_length=150)
    start = models.DateField(_("Beginn"), null=True, blank=True)
    end = models.DateField(_("Ende"), null=True, blank=True)
    is_contact = models.BooleanField(_("Ansprechperson"), default=False)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "person__last_name"]
        verbose_name = _("Funktion")
        verbose_name_plural = _("Funktionen")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="role_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.function}, {self.organisation}"

    def clean(self) -> None:
        _end_not_before_start(self.start, self.end)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.start is None or self.start <= today) and (
            self.end is None or self.end >= today
        )
