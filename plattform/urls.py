"""URLs of the platform: portal, accounts, the apps and the API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts import urls as accounts_urls
from plattform import dashboard, staff, views

#: /konto/: the accounts app's own pages, the dashboard and the office's account management,
#: in one namespace ``accounts`` (accounts itself does not import the domain apps).
account_patterns = [
    *accounts_urls.urlpatterns,
    path("", dashboard.dashboard, name="dashboard"),
    path("verwaltung/", staff.account_list, name="account_list"),
    path("verwaltung/einladen/", staff.account_invite, name="account_invite"),
    path("verwaltung/<int:pk>/", staff.account_edit, name="account_edit"),
    path("verwaltung/<int:pk>/aktiv/", staff.account_active, name="account_active"),
    path("verwaltung/<int:pk>/einladung/", staff.account_reinvite, name="account_reinvite"),
]

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("api/", include("api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("konto/", include((account_patterns, accounts_urls.app_name))),
    path("partner/", include("registry.urls")),
    path("gremien/", include("bodies.urls")),
    path("massnahmen/", include("measures.urls")),
    path("protokoll/", include("audit.urls")),
    path("verwaltung/", admin.site.urls),
    prefix_default_language=False,
)

# Uploaded documents are never served from MEDIA_URL: bodies.views.document_download checks
# who may read each one.

#: 400, 403 and 404 use Django's handlers with templates/400.html etc. (rendered with the
#: request, in the site frame); 500 renders without it (plattform.errors).
handler500 = "plattform.errors.server_error"
