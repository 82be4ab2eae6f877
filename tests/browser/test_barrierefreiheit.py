"""axe-core checks the main pages of the demo network in Chromium and fails on any violation.

axe-core comes from npm (package.json, package-lock.json; ``scripts/setup.sh`` runs ``npm ci``)
and is injected from ``node_modules`` into each page; nothing is downloaded while the tests run.
The browser context bypasses the Content-Security-Policy only so the injected script may run;
the pages' own CSP is tested elsewhere (tests/browser/conftest.py, plattform/tests).

Contrast checks that axe cannot decide (``incomplete``, e.g. text over a gradient or an image)
are reported in the test output, but do not fail the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.1 A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations", "incomplete"],
}


@pytest.fixture
def demo_network(data_dir):
    from demonetz import loader as demo

    demo.load(data_dir)


@pytest.fixture
def axe_page(browser, live_server) -> Iterator:
    if not AXE.exists():
        pytest.fail(
            f"axe-core fehlt ({AXE}): 'npm ci --ignore-scripts' im Checkout ausführen "
            "(scripts/setup.sh tut das, wenn npm installiert ist).",
            pytrace=False,
        )
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="de-DE",
        bypass_csp=True,
    )
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def check(page, path: str) -> tuple[list[str], list[str]]:
    """Violations (each rule with its first elements) and undecided contrast checks of ``path``."""
    page.goto(path)
    page.wait_for_load_state()
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    violations = [
        f"{path}: {v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
    ]
    unclear = [
        f"{path}: {v['id']}: {len(v['nodes'])} Stellen"
        for v in results["incomplete"]
        if v["id"] == "color-contrast"
    ]
    return violations, unclear


def main_pages(page) -> list[str]:
    from bodies.models import Meeting
    from registry.models import Organisation

    partner = Organisation.objects.public().order_by("name").first()
    meeting = Meeting.objects.filter(body__is_public=True).order_by("-start").first()
    return [
        "/",
        "/partner/",
        partner.get_absolute_url(),
        "/gremien/",
        meeting.get_absolute_url(),
        "/massnahmen/",
        "/faq/",
        "/konto/anmelden/",
    ]


def test_the_main_pages_have_no_accessibility_violations(axe_page, demo_network):
    violations, unclear = [], []
    for path in main_pages(axe_page):
        found, undecided = check(axe_page, path)
        violations += found
        unclear += undecided

    # The dashboard and the account management, as the office logs in through the form.
    axe_page.goto("/konto/anmelden/")
    axe_page.get_by_label("Benutzername").fill("geschaeftsstelle")
    axe_page.get_by_label("Passwort").fill("Demo-Passwort-2025")
    axe_page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    axe_page.wait_for_url("**/konto/")
    for path in ("/konto/", "/konto/verwaltung/", "/konto/verwaltung/einladen/"):
        found, undecided = check(axe_page, path)
        violations += found
        unclear += undecided

    if unclear:
        print("Kontrast nicht entscheidbar (kein Fehler):\n" + "\n".join(unclear))
    assert violations == [], "\n".join(violations)
