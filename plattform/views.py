"""View helpers shared by the apps' office forms, and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST


def confirm_delete(
    request: HttpRequest, obj, *, back: str, done: str, what: str | None = None
) -> HttpResponse:
    """Ask before deleting ``obj``; delete it on POST and go to ``done``.

    ``back`` is the page the cancel link returns to, ``what`` an optional description of what
    goes with the object (e.g. "das Gremium mit allen Sitzungen").
    """
    if request.method == "POST":
        obj.delete()
        messages.success(request, _("„%(obj)s“ wurde gelöscht.") % {"obj": obj})
        return redirect(done)
    return render(request, "confirm_delete.html", {"obj": obj, "what": what, "back": back})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, resolving ``next`` in the language of its own path.

    With ``prefix_default_language=False`` this view runs in German (its URL has no prefix), so
    Django's ``translate_url`` could not resolve ``/en/…`` and sent the visitor back to the
    English page; resolved in English, the page is reversed in the chosen language.
    """
    next_path = urlsplit(request.POST.get("next", "")).path
    language = translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return i18n.set_language(request)
