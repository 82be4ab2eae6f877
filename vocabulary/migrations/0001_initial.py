"""Handlungsfeld moves here from measures.

On a database migrated before the move the table ``measures_handlungsfeld`` already exists:
only the migration state moves (the table is renamed in 0002, once every foreign key points
here). The content type follows, so permissions and admin history stay attached.
"""

from django.db import migrations, models


def move_content_type(apps, schema_editor, source="measures", target="vocabulary"):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.using(schema_editor.connection.alias).filter(
        app_label=source, model="handlungsfeld"
    ).update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="vocabulary", target="measures")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("measures", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Handlungsfeld",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=150, unique=True, verbose_name="Name"),
                        ),
                        ("slug", models.SlugField(unique=True, verbose_name="Kürzel")),
                        ("description", models.TextField(blank=True, verbose_name="Beschreibung")),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="Reihenfolge"),
                        ),
                    ],
                    options={
                        "verbose_name": "Handlungsfeld",
                        "verbose_name_plural": "Handlungsfelder",
                        "ordering": ["order", "name"],
                        "db_table": "measures_handlungsfeld",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
