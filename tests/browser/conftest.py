"""Browser tests: headless Chromium from the distribution, driven by Playwright, against the
platform served by pytest-django's ``live_server``.

Chromium comes from the system (``apt-get install chromium``; ``scripts/setup.sh`` installs it
as root); Playwright's own browser download is not used. ``CHROMIUM=/pfad`` names another
binary. Screenshots of the main pages go to ``test-artefakte/screenshots/`` at 1280 and 390 px
width; CI keeps them as artefacts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artefakte" / "screenshots"
#: Desktop and phone widths of the screenshots.
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


#: The innermost elements reaching past the window's right edge, named for the report.
_WIDEST_ELEMENTS = """(width) => {
    // An element's box, or its content (a long word overflows a box that fits).
    const reach = (e) => Math.max(e.getBoundingClientRect().right,
        e.getBoundingClientRect().left + e.scrollWidth);
    const wide = [...document.body.querySelectorAll("*")].filter((e) => reach(e) > width + 0.5);
    const innermost = wide.filter((e) => !wide.some((o) => o !== e && e.contains(o)));
    return innermost.slice(0, 5).map((e) =>
        `<${e.tagName.toLowerCase()}${e.className && typeof e.className === "string"
            ? "." + e.className.trim().split(/\\s+/).join(".") : ""}> `
        + `"${(e.textContent || "").trim().slice(0, 30)}"`);
}"""


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium fehlt ({CHROMIUM}): Die Browsertests brauchen Chromium aus der "
            "Distribution. Installieren mit 'apt-get install chromium' (scripts/setup.sh tut das "
            "als root) oder den Pfad in der Umgebungsvariable CHROMIUM angeben.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse the
    # tests' own database calls as "async-unsafe" although they run synchronously.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    # PBKDF2 takes about a second per password on a busy CI machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def problems() -> list[str]:
    """What went wrong in the browser; the test fails at its end when this is not empty, so
    the whole path runs and every problem is reported at once."""
    return []


@pytest.fixture
def page(browser, live_server, problems) -> Iterator:
    """A fresh browser tab (own cookies) on the live server; fails the test on script errors,
    on anything the Content-Security-Policy blocked and on pages wider than a phone."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="de-DE"
    )
    # Generous: CI machines run other jobs, and the first request compiles templates.
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.on("pageerror", lambda error: problems.append(f"Skriptfehler: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"CSP: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def shoot(page, problems):
    """``shoot(name)``: screenshot the whole page at desktop and phone width into
    test-artefakte/screenshots/<name>-1280.png and -390.png."""

    def take(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
            # Reflow (WCAG 1.4.10): nothing may need sideways scrolling, not even on a phone.
            actual = page.evaluate("document.documentElement.scrollWidth")
            if actual > width:
                culprits = ", ".join(page.evaluate(_WIDEST_ELEMENTS, width))
                problems.append(
                    f"{name} ({page.url}): {actual} px breit bei {width} px Fenster; "
                    f"zu breit: {culprits}"
                )
        page.set_viewport_size(original)

    return take


@pytest.fixture
def login(page):
    """``login(username, password)``: log in through the login form, as a person would."""

    def log_in(username: str, password: str) -> None:
        page.goto("/konto/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("main").get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()
        assert "/konto/anmelden/" not in page.url, "Anmeldung fehlgeschlagen"

    return log_in
