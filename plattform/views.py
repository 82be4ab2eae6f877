"""View helpers shared by the apps' office forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


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
