"""Template helpers of the portal: navigation entries and sanitised rich text.

``{% load portal_tags %}`` then ``{% nav_item "registry:list" _("Partner") %}`` and
``{{ news.text|richtext }}``.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from bodies import markup

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_item(context, url_name: str, label: str, exact: bool = False) -> str:
    """One ``<li>`` of the main navigation, marked ``aria-current`` on its own section.

    Renders nothing while the URL name does not exist yet, so a page never fails because
    another app is not installed or not finished.
    """
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    path = request.path if request is not None else ""
    current = path == url if exact else path.startswith(url)
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)


@register.filter(is_safe=True)
def richtext(value: str | None) -> SafeString:
    """FAQ answers, news and phase descriptions in the platform's Markdown subset
    (:mod:`bodies.markup`: paragraphs, lists, **fett**, *kursiv*, links); HTML is escaped."""
    return markup.render(str(value or ""))


@register.filter
def teaser(value: str | None, words: int = 30) -> str:
    """The first ``words`` words of a text in the Markdown subset, as plain text (escaped by
    the template like any other string)."""
    html = str(markup.render(str(value or "")))
    # Block ends become spaces so paragraphs and list items do not run together.
    text = strip_tags(re.sub(r"</(p|li|h3|h4)>|<br>", " ", html))
    return Truncator(html_unescape(text)).words(int(words), truncate=" …")
