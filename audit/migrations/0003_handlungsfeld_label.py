"""Entries about Handlungsfelder keep their model after its move to the vocabulary app."""

from django.db import migrations

OLD, NEW = "measures.Handlungsfeld", "vocabulary.Handlungsfeld"


def relabel(apps, schema_editor, source=OLD, target=NEW):
    entries = apps.get_model("audit", "AuditEntry").objects.using(schema_editor.connection.alias)
    entries.filter(model=source).update(model=target)


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, source=NEW, target=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_object_index"),
        ("vocabulary", "0001_initial"),
    ]

    operations = [migrations.RunPython(relabel, relabel_back)]
