from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.directory, name="list"),
    path("neu/", views.create, name="create"),
    path("import/", views.import_upload, name="import"),
    path("import/uebernehmen/", views.import_confirm, name="import_confirm"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("<int:pk>/mitgliedschaft/", views.membership_create, name="membership_create"),
    path("mitgliedschaft/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("<int:pk>/person/", views.person_create, name="person_create"),
    path("<int:pk>/funktion/", views.role_create, name="role_create"),
    path("person/<int:pk>/", views.person_edit, name="person_edit"),
    path("funktion/<int:pk>/", views.role_edit, name="role_edit"),
    path("funktion/<int:pk>/beenden/", views.role_end, name="role_end"),
]
