"""Template tags of the site frame (``templates/base.html``): ``{% load site_frame %}``.

``{% main_navigation %}`` renders the main navigation with exactly one current item: the entry
whose address is the longest prefix of the page's path (on /massnahmen/empfehlungen/ that is
"Empfehlungen", not also "Maßnahmen"); "Start" only on the start page itself.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

register = template.Library()

#: (URL name, label) of the main navigation, in order.
MAIN_NAVIGATION = [
    ("portal:home", _("Start")),
    ("registry:list", _("Partner")),
    ("bodies:list", _("Gremien")),
    ("measures:list", _("Maßnahmen")),
    ("measures:recommendations", _("Empfehlungen")),
    ("portal:faq", _("FAQ")),
    ("portal:news", _("Aktuelles")),
    ("portal:process", _("Prozess")),
    ("portal:contact", _("Kontakt")),
]


def current_url(path: str, urls: list[str]) -> str | None:
    """The best match for ``path`` among ``urls``: the longest that is a prefix of it at a
    segment boundary; the start page ("/" or "/en/") only matches itself.

    >>> current_url("/massnahmen/empfehlungen/", ["/", "/massnahmen/", "/massnahmen/empfehlungen/"])
    '/massnahmen/empfehlungen/'
    >>> current_url("/massnahmen/3/", ["/", "/massnahmen/", "/massnahmen/empfehlungen/"])
    '/massnahmen/'
    >>> current_url("/konto/", ["/", "/massnahmen/"]) is None
    True
    """
    home = min(urls, key=len, default="")
    matches = [u for u in urls if (path == u if u == home else path.startswith(u))]
    return max(matches, key=len, default=None)


@register.simple_tag(takes_context=True)
def main_navigation(context) -> SafeString:
    """The ``<li>`` entries of the main navigation; names that do not resolve are left out."""
    items = []
    for name, label in MAIN_NAVIGATION:
        try:
            items.append((reverse(name), label))
        except NoReverseMatch:
            continue
    request = context.get("request")
    current = current_url(request.path if request else "", [url for url, _label in items])
    return format_html_join(
        "\n",
        "<li>{}</li>",
        (
            (
                format_html('<a href="{}" aria-current="page">{}</a>', url, label)
                if url == current
                else format_html('<a href="{}">{}</a>', url, label),
            )
            for url, label in items
        ),
    )
