from django.urls import path

from measures import views

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("neu/", views.measure_create, name="create"),
    path("import/", views.measure_import, name="import"),
    path("import/vorlage.csv", views.import_template, name="import_template"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.measure_edit, name="edit"),
    path("<int:pk>/loeschen/", views.measure_delete, name="delete"),
    path("<int:pk>/meilensteine/neu/", views.milestone_create, name="milestone_create"),
    path("meilensteine/<int:pk>/bearbeiten/", views.milestone_edit, name="milestone_edit"),
    path("meilensteine/<int:pk>/loeschen/", views.milestone_delete, name="milestone_delete"),
    path("<int:pk>/sachstand/neu/", views.update_create, name="update_create"),
    path("sachstand/<int:pk>/bearbeiten/", views.update_edit, name="update_edit"),
    path("sachstand/<int:pk>/loeschen/", views.update_delete, name="update_delete"),
    path("handlungsfelder/neu/", views.handlungsfeld_create, name="handlungsfeld_create"),
    path("handlungsfelder/<slug:slug>/", views.handlungsfeld_detail, name="handlungsfeld"),
    path(
        "handlungsfelder/<slug:slug>/bearbeiten/",
        views.handlungsfeld_edit,
        name="handlungsfeld_edit",
    ),
    path("empfehlungen/", views.recommendation_list, name="recommendations"),
    path("empfehlungen/neu/", views.recommendation_create, name="recommendation_create"),
    path("empfehlungen/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path(
        "empfehlungen/<int:pk>/bearbeiten/", views.recommendation_edit, name="recommendation_edit"
    ),
    path(
        "empfehlungen/<int:pk>/loeschen/", views.recommendation_delete, name="recommendation_delete"
    ),
]
