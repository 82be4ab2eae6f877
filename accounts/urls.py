"""URLs of the accounts app (login, passwords, invitations).

``plattform.urls`` mounts them under /konto/ in the namespace ``accounts`` together with the
dashboard and the account management, which live in the project package (they show and assign
roles of the domain apps).
"""

from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.login, name="login"),
    path("abmelden/", views.logout, name="logout"),
    path("passwort/aendern/", views.password_change, name="password_change"),
    path("passwort/geaendert/", views.password_change_done, name="password_change_done"),
    path("passwort/vergessen/", views.password_reset, name="password_reset"),
    path("passwort/vergessen/gesendet/", views.password_reset_done, name="password_reset_done"),
    path(
        "passwort/neu/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("einladung/<uidb64>/<token>/", views.invitation, name="invitation"),
    path("passwort/neu/fertig/", views.password_reset_complete, name="password_reset_complete"),
]
