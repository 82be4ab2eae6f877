"""The table takes the app's name once every foreign key points to vocabulary.Handlungsfeld."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("vocabulary", "0001_initial"),
        ("measures", "0003_handlungsfeld_vocabulary"),
        ("bodies", "0003_handlungsfeld_vocabulary"),
        ("registry", "0002_handlungsfeld_vocabulary"),
    ]

    operations = [
        migrations.AlterModelTable(name="handlungsfeld", table=None),
    ]
