"""Record changes of the audited models (registry entries, decisions, measures, ...).

A ``pre_save`` handler keeps the stored field values, ``post_save`` compares them with the new
ones and writes one :class:`audit.models.AuditEntry` with the changed fields.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from audit.middleware import current_user

#: The models whose changes are recorded.
AUDITED = (
    "registry.Organisation",
    "registry.NetworkMembership",
    "registry.Person",
    "registry.Role",
    "bodies.Body",
    "bodies.BodyMember",
    "bodies.Meeting",
    "bodies.Decision",
    "bodies.Document",
    "vocabulary.Handlungsfeld",
    "measures.Measure",
    "measures.Milestone",
    "measures.MeasureUpdate",
    "measures.Recommendation",
    "portal.Faq",
    "portal.News",
    "portal.ProcessPhase",
)

#: Bookkeeping, not content: timestamps, and the save counter and last editor of an organisation
#: (registry.Organisation.version/updated_by, kept for the lost-update check).
_IGNORED = {"created", "updated", "version", "updated_by_id"}


def _values(instance) -> dict[str, str]:
    return {
        f.attname: "" if getattr(instance, f.attname) is None else str(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname not in _IGNORED
    }


def _remember(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        instance._audit_before = None
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _values(stored) if stored is not None else None


def _record(action: str, instance, changes: dict) -> None:
    from audit.models import AuditEntry

    AuditEntry.objects.create(
        user=current_user(),
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def _saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures is not an edit
        return
    after = _values(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        _record("angelegt", instance, {k: [None, v] for k, v in after.items() if v})
        return
    changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changed:
        _record("geändert", instance, changed)


def _deleted(sender, instance, **kwargs) -> None:
    _record("gelöscht", instance, {})


def _related(instance, name: str) -> list[str]:
    return sorted(str(o) for o in getattr(instance, name).all())


def _m2m_handler(name: str):
    """Record a change of the many-to-many field ``name`` (e.g. an organisation's editors)
    as one entry with the related objects before and after."""

    def handler(sender, instance, action, reverse, **kwargs) -> None:
        if reverse:  # changed from the other side; the forward side is what people edit
            return
        if action.startswith("pre_"):
            instance._audit_m2m_before = _related(instance, name)
            return
        if not action.startswith("post_"):
            return
        before = getattr(instance, "_audit_m2m_before", None)
        after = _related(instance, name)
        if before is not None and before != after:
            _record("geändert", instance, {name: [", ".join(before), ", ".join(after)]})

    return handler


def connect() -> None:
    for label in AUDITED:
        model = apps.get_model(label)
        uid = f"audit-{label}"
        pre_save.connect(_remember, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-del")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _m2m_handler(field.name),
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-m2m-{field.name}",
                weak=False,
            )
