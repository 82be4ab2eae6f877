"""Body.handlungsfeld points to vocabulary.Handlungsfeld (state only, the column stays)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0002_initial"),
        ("vocabulary", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="body",
                    name="handlungsfeld",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="bodies",
                        to="vocabulary.handlungsfeld",
                        verbose_name="Handlungsfeld",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
