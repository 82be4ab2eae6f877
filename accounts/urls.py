from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.login, name="login"),
    path("abmelden/", views.logout, name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("passwort/aendern/", views.password_change, name="password_change"),
    path("passwort/geaendert/", views.password_change_done, name="password_change_done"),
    path("passwort/vergessen/", views.password_reset, name="password_reset"),
    path("passwort/vergessen/gesendet/", views.password_reset_done, name="password_reset_done"),
    path(
        "passwort/neu/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("passwort/neu/fertig/", views.password_reset_complete, name="password_reset_complete"),
]
