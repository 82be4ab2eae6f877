"""The API under /api/: the resources, the OpenAPI schema and its Swagger UI."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("organisationen", views.OrganisationViewSet, basename="organisation")
router.register("gremien", views.BodyViewSet, basename="body")
router.register("sitzungen", views.MeetingViewSet, basename="meeting")
router.register("massnahmen", views.MeasureViewSet, basename="measure")
router.register("empfehlungen", views.RecommendationViewSet, basename="recommendation")
router.register("handlungsfelder", views.HandlungsfeldViewSet, basename="handlungsfeld")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script as a file, so the CSP needs no exception.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
