from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import office_required
from audit.forms import AuditFilterForm
from audit.models import AuditEntry


@office_required
@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # invalid filters are shown with their error and ignored
    found = form.apply(AuditEntry.objects.select_related("user"))
    page = Paginator(found, 50).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )
