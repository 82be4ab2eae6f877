"""The OpenAPI schema and its Swagger UI."""

from __future__ import annotations

import re

RESOURCES = ("organisationen", "gremien", "sitzungen", "massnahmen", "empfehlungen")


def test_the_schema_lists_every_endpoint(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in RESOURCES:
        assert f"/api/{resource}/" in paths
        assert f"/api/{resource}/{{id}}/" in paths
    assert "/api/handlungsfelder/{slug}/" in paths
    assert set(paths["/api/massnahmen/{id}/"]) == {"get", "put", "patch", "delete"}


def test_the_schema_describes_in_german(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/sitzungen/"]["get"]
    assert operation["summary"] == "Sitzungen: Liste"
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["ab"]["description"] == "Sitzungen ab diesem Tag (JJJJ-MM-TT)."
    assert parameters["ab"]["schema"] == {"type": "string", "format": "date"}
    assert parameters["page_size"]["description"] == "Einträge je Seite (höchstens 200)."


def test_the_swagger_ui_comes_from_this_server(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources and all(src.startswith("/") for src in sources)
    assert "<script>" not in html  # the start script is a file, so the CSP applies unchanged
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
