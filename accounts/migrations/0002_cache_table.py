"""The table of the database cache (settings.CACHES without CACHE_URL/REDIS_URL).

Login, password and API counters live in the cache and must be shared by all worker processes,
so the embedded set-up counts in the database; running it here means ``migrate`` (scripts/demo,
the tests, a new installation) creates the table without a separate ``createcachetable``.
With Redis configured nothing is created.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
