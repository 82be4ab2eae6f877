"""Every main page, as every role: one current navigation item, and German labels only.

The crawl reads what a person sees (tag text, button values, placeholders, titles, aria
labels), not the data, and looks for English words that would show a label Django or a
library left untranslated, or a Python value leaking into the page (None, True, False).
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

#: Words that do not belong on a German page (whole words, case-sensitive).
ENGLISH = [
    "the",
    "and",
    "of",
    "or",
    "to",
    "is",
    "Submit",
    "Save",
    "Search",
    "Delete",
    "Cancel",
    "Edit",
    "Password",
    "Username",
    "Email",
    "First name",
    "Last name",
    "This field",
    "required",
    "Next",
    "Previous",
    "Home",
    "Log in",
    "Log out",
    "Login",
    "Logout",
    "Choose",
    "Select",
    "Unknown",
    "Yes",
    "Active",
    "Staff status",
    "Superuser",
    "Groups",
    "None",
    "True",
    "False",
    "Currently",
    "Change",
    "Clear",
    "Upload",
    "Browse",
    "Page",
]
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
#: Which page attributes a person reads (or hears from a screen reader).
_READ_ATTRIBUTES = {"value", "placeholder", "title", "aria-label", "alt"}


class _Visible(HTMLParser):
    """Text and read attributes of a page, without scripts, styles and drawings. The data on
    the pages is the cast's, all with German names, so every hit is a label."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "svg"}:
            self._skip += 1
        for name, value in attrs:
            if (
                name in _READ_ATTRIBUTES
                and value
                and not (tag == "input" and name == "value" and ("type", "hidden") in attrs)
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "svg"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def site_header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.fixture
def meeting(cast):
    from bodies.models import Meeting

    start = timezone.make_aware(dt.datetime(2025, 5, 6, 14, 0))
    return Meeting.objects.create(body=cast.body, title="Frühjahrssitzung", start=start)


def pages(cast, meeting, role: str) -> dict[str, str | None]:
    """Path → label of the navigation item that must be current (None: no item)."""
    common = {
        reverse("portal:home"): "Start",
        reverse("registry:list"): "Partner",
        cast.clinic_a.get_absolute_url(): "Partner",
        reverse("bodies:list"): "Gremien",
        reverse("measures:list"): "Maßnahmen",
        reverse("measures:recommendations"): "Empfehlungen",
        reverse("portal:faq"): "FAQ",
        reverse("portal:news"): "Aktuelles",
        reverse("portal:process"): "Prozess",
        reverse("portal:contact"): "Kontakt",
        reverse("portal:imprint"): None,
        reverse("portal:privacy"): None,
    }
    if role == "anonymous":
        return {**common, reverse("accounts:login"): None, reverse("accounts:password_reset"): None}
    own = {reverse("accounts:dashboard"): None, reverse("accounts:password_change"): None}
    if role in {"member", "office"}:
        own[cast.body.get_absolute_url()] = "Gremien"
        own[meeting.get_absolute_url()] = "Gremien"
    if role == "editor_a":
        own[reverse("registry:edit", args=[cast.clinic_a.pk])] = "Partner"
    if role == "office":
        own |= {
            reverse("accounts:account_list"): None,
            reverse("accounts:account_invite"): None,
            reverse("accounts:account_edit", args=[cast.editor_a.pk]): None,
            reverse("registry:create"): "Partner",
            reverse("bodies:create"): "Gremien",
            reverse("measures:create"): "Maßnahmen",
            reverse("audit:list"): None,
            reverse("registry:import"): "Partner",
            reverse("registry:edit", args=[cast.clinic_b.pk]): "Partner",
            reverse("registry:person_create", args=[cast.clinic_a.pk]): "Partner",
            reverse("bodies:edit", args=[cast.body.pk]): "Gremien",
            reverse("bodies:member_create", args=[cast.body.pk]): "Gremien",
            reverse("bodies:meeting_create", args=[cast.body.pk]): "Gremien",
            reverse("bodies:meeting_edit", args=[meeting.pk]): "Gremien",
            reverse("bodies:meeting_agenda", args=[meeting.pk]): "Gremien",
            reverse("bodies:meeting_attendance", args=[meeting.pk]): "Gremien",
            reverse("bodies:meeting_minutes", args=[meeting.pk]): "Gremien",
            reverse("bodies:meeting_documents", args=[meeting.pk]): "Gremien",
            reverse("bodies:meeting_decisions", args=[meeting.pk]): "Gremien",
            reverse("measures:import"): "Maßnahmen",
            reverse("measures:handlungsfeld_create"): "Maßnahmen",
            reverse("measures:recommendation_create"): "Empfehlungen",
            reverse("portal:faq_create"): "FAQ",
            reverse("portal:news_create"): "Aktuelles",
            reverse("portal:phase_create"): "Prozess",
        }
    return {**common, **own}


@pytest.mark.parametrize("role", ["anonymous", "editor_a", "member", "office"])
def test_every_main_page_has_one_current_item_and_german_labels(client, cast, meeting, role):
    if role != "anonymous":
        client.force_login(getattr(cast, role))
    problems = []
    for path, expected in pages(cast, meeting, role).items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        current = re.findall(
            r'<a href="([^"]*)"[^>]*aria-current="page"[^>]*>([^<]*)<', site_header(html)
        )
        labels = [label for _href, label in current]
        if (expected is None and labels) or (expected is not None and labels != [expected]):
            problems.append(
                f"{path}: aktuell {labels or 'nichts'}, erwartet {expected or 'nichts'}"
            )
        english = sorted(set(_ENGLISH.findall(visible_text(html))))
        if english:
            problems.append(f"{path}: englische Wörter {english}")
    assert problems == []


def test_the_current_item_follows_the_language_prefix(client, db):
    html = client.get("/en/massnahmen/empfehlungen/").content.decode()
    current = re.findall(r'aria-current="page">([^<]*)<', site_header(html))
    assert current == ["Recommendations"]
