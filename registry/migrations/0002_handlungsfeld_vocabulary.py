"""Organisation.handlungsfelder points to vocabulary.Handlungsfeld (state only, the tables stay)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        ("vocabulary", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="handlungsfelder",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="organisations",
                        to="vocabulary.handlungsfeld",
                        verbose_name="Handlungsfelder",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
