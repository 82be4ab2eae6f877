"""The registry survives its own round trip: export, re-import the unchanged file."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from registry.models import Organisation


@pytest.fixture
def demo_network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_laden", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_demo_network_reimports_unchanged_without_a_problem(client, cast, demo_network, fmt):
    client.force_login(cast.office)
    # Sites share their Träger's IK-Nummer: they are told apart by their InEK-Standortnummer.
    shared = Organisation.objects.exclude(ik_number="").values_list("ik_number", flat=True)
    assert len(shared) > len(set(shared))
    exported = client.get(reverse("registry:export"), {"format": fmt}).content
    before = {o.pk: (o.version, o.parent_id) for o in Organisation.objects.all()}

    preview = client.post(
        reverse("registry:import"), {"file": SimpleUploadedFile(f"partner.{fmt}", exported)}
    )

    assert preview.context["problems"] is None, preview.context["problems"][:5]
    plan = preview.context["plan"]
    assert len(plan.rows) == len(before)
    assert [(r.organisation.name, r.changed) for r in plan.rows if r.created or r.changed] == []
    html = preview.content.decode()
    assert f"0 neu, 0 aktualisiert, {len(before)} unverändert" in html
    assert 'class="preview"' not in html  # unchanged rows are counted, not listed
    response = client.post(reverse("registry:import_confirm"), {"token": preview.context["token"]})
    assert response.status_code == 302
    after = {o.pk: (o.version, o.parent_id) for o in Organisation.objects.all()}
    assert after == before  # nothing was written, not even a new version
