"""Template tags of the site frame (``templates/base.html``): ``{% load site_frame %}``.

``{% language_links %}`` renders the DE/EN switch as plain links to the same page in the other
language (the URL prefix decides the language, so no form, no session and no CSRF token are
needed and the page stays the same for every visitor).

``{% main_navigation %}`` renders the main navigation with exactly one current item: the entry
whose address is the longest prefix of the page's path (on /massnahmen/empfehlungen/ that is
"Empfehlungen", not also "Maßnahmen"); "Start" only on the start page itself.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
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


def in_language(full_path: str, code: str) -> str:
    """``full_path`` (with its query) in the language ``code``.

    ``translate_url`` resolves the path in the active language, which is the page's own; a path
    that resolves nowhere (an error page) only changes its language prefix.

    >>> in_language("/en/partner/?q=Chemnitz", "de")
    '/partner/?q=Chemnitz'
    """
    current = translation.get_language_from_path(full_path)
    with translation.override(current or settings.LANGUAGE_CODE):
        translated = translate_url(full_path, code)
    if translated != full_path or code == (current or settings.LANGUAGE_CODE):
        return translated
    bare = full_path.removeprefix(f"/{current}") if current else full_path
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


@register.simple_tag(takes_context=True)
def language_links(context) -> SafeString:
    """One link per language of ``settings.LANGUAGES`` to this page in that language; the
    current language is marked with ``aria-current``."""
    request = context.get("request")
    full_path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            format_html(
                '<a href="{}" lang="{}" hreflang="{}" title="{}"{}>'
                '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></a>',
                in_language(full_path, code),
                code,
                code,
                info["name_local"],
                SafeString(' aria-current="true"') if code == current else "",
                code.upper(),
                info["name_local"],
            )
        )
    return SafeString("".join(links))
