"""The table of the page cache (settings.CACHES["pages"], plattform.page_cache) for
installations migrated before it existed; ``createcachetable`` skips tables that exist."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_analyst")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
