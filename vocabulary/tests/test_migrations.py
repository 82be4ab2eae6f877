"""Handlungsfeld moved from measures to vocabulary: a database migrated before the move keeps its
Handlungsfelder and every reference to them, and the move can be undone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

#: The last migrations before the move (main's state).
BEFORE = [
    ("measures", "0002_initial"),
    ("bodies", "0002_initial"),
    ("registry", "0001_initial"),
    ("audit", "0002_object_index"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_data_of_the_old_layout_survives_the_move_and_back():
    old = _migrate(BEFORE)
    feld = old.get_model("measures", "Handlungsfeld").objects.create(
        name="Bildung", slug="bildung", order=2
    )
    measure = old.get_model("measures", "Measure").objects.create(
        title="Famulaturen", handlungsfeld_id=feld.pk
    )
    body = old.get_model("bodies", "Body").objects.create(
        name="AG Nachwuchs", kind="arbeitsgruppe", handlungsfeld_id=feld.pk
    )
    organisation = old.get_model("registry", "Organisation").objects.create(
        name="Klinikum", kind="krankenhausstandort"
    )
    organisation.handlungsfelder.add(feld.pk)
    old.get_model("audit", "AuditEntry").objects.create(
        action="create", model="measures.Handlungsfeld", object_id=str(feld.pk), object_repr="x"
    )

    new = _migrate(_leaves())
    moved = new.get_model("vocabulary", "Handlungsfeld").objects.get()
    assert (moved.pk, moved.slug, moved.order) == (feld.pk, "bildung", 2)
    assert new.get_model("measures", "Measure").objects.get(pk=measure.pk).handlungsfeld == moved
    assert new.get_model("bodies", "Body").objects.get(pk=body.pk).handlungsfeld == moved
    organisations = new.get_model("registry", "Organisation").objects
    assert list(organisations.get(pk=organisation.pk).handlungsfelder.all()) == [moved]
    assert "vocabulary_handlungsfeld" in connection.introspection.table_names()
    entry = new.get_model("audit", "AuditEntry").objects.get()
    assert entry.model == "vocabulary.Handlungsfeld"

    back = _migrate(BEFORE)
    assert back.get_model("measures", "Handlungsfeld").objects.get().slug == "bildung"
    assert back.get_model("measures", "Measure").objects.get().handlungsfeld_id == feld.pk
    assert back.get_model("audit", "AuditEntry").objects.get().model == "measures.Handlungsfeld"
    _migrate(_leaves())
