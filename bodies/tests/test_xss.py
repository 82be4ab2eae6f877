"""Entered text is escaped; the Markdown subset cannot smuggle HTML or script links."""

from __future__ import annotations

from django.urls import reverse

from bodies.markup import render

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)> [klick](javascript:alert(1))'


def test_markup_escapes_html_and_drops_script_links():
    html = str(render(ATTACK + "\n\n**fett** und [Quelle](https://example.org/a?b=1&c=2)"))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<strong>fett</strong>" in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_markup_renders_lists_and_headings():
    html = str(render("# Ergebnis\n\n- eins\n- zwei\n\n1. erstens\n2. zweitens"))
    assert html == (
        "<h3>Ergebnis</h3><ul><li>eins</li><li>zwei</li></ul>"
        "<ol><li>erstens</li><li>zweitens</li></ol>"
    )


def test_minutes_and_decision_text_are_sanitised_on_the_page(client, cast, meetings):
    meeting = meetings.public_meeting
    meeting.minutes = ATTACK
    meeting.save()
    decision = meetings.public_decision
    decision.text = ATTACK
    decision.title = '<b onmouseover="x">Titel</b>'
    decision.save()
    page = client.get(reverse("bodies:meeting", args=[meeting.pk])).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'href="javascript' not in page
    assert "&lt;b onmouseover=&quot;x&quot;&gt;Titel&lt;/b&gt;" in page


def test_agenda_and_place_are_escaped(client, meetings):
    meeting = meetings.public_meeting
    meeting.place = "<svg onload=alert(1)>"
    meeting.save()
    meeting.agenda.update(description="<iframe src=//evil>")
    page = client.get(reverse("bodies:meeting", args=[meeting.pk])).content.decode()
    assert "<svg onload" not in page and "<iframe" not in page
