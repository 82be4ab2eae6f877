"""URLs of the platform: portal, accounts, the apps and the API."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from plattform import views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("api/", include("api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("konto/", include("accounts.urls")),
    path("partner/", include("registry.urls")),
    path("gremien/", include("bodies.urls")),
    path("massnahmen/", include("measures.urls")),
    path("protokoll/", include("audit.urls")),
    path("verwaltung/", admin.site.urls),
    prefix_default_language=False,
)

# Uploaded documents are never served from MEDIA_URL: bodies.views.document_download checks
# who may read each one.
