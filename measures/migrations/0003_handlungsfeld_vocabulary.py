"""Handlungsfeld leaves measures for the vocabulary app (state only, the table stays)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0002_initial"),
        ("vocabulary", "0001_initial"),
        ("bodies", "0003_handlungsfeld_vocabulary"),
        ("registry", "0002_handlungsfeld_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="measure",
                    name="handlungsfeld",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="vocabulary.handlungsfeld",
                        verbose_name="Handlungsfeld",
                    ),
                ),
                migrations.AlterField(
                    model_name="recommendation",
                    name="handlungsfeld",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recommendations",
                        to="vocabulary.handlungsfeld",
                    ),
                ),
                migrations.DeleteModel(name="Handlungsfeld"),
            ],
            database_operations=[],
        ),
    ]
