from django.urls import path

from bodies import views

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("neu/", views.body_create, name="create"),
    path("kalender.ics", views.feed_ics, name="feed_ics"),
    path("benachrichtigungen/", views.notifications, name="notifications"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.body_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.body_edit, name="edit"),
    path("<int:pk>/loeschen/", views.body_delete, name="delete"),
    path("<int:pk>/kalender.ics", views.body_ics, name="body_ics"),
    path("<int:pk>/mitglieder/neu/", views.member_create, name="member_create"),
    path("mitglieder/<int:pk>/bearbeiten/", views.member_edit, name="member_edit"),
    path("mitglieder/<int:pk>/loeschen/", views.member_delete, name="member_delete"),
    path("<int:pk>/sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path("sitzungen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sitzungen/<int:pk>/kalender.ics", views.meeting_ics, name="meeting_ics"),
    path("sitzungen/<int:pk>/bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path("sitzungen/<int:pk>/einladen/", views.meeting_invite, name="meeting_invite"),
    path("sitzungen/<int:pk>/loeschen/", views.meeting_delete, name="meeting_delete"),
    path("sitzungen/<int:pk>/tagesordnung/", views.meeting_agenda, name="meeting_agenda"),
    path("sitzungen/<int:pk>/teilnahme/", views.meeting_attendance, name="meeting_attendance"),
    path("sitzungen/<int:pk>/protokoll/", views.meeting_minutes, name="meeting_minutes"),
    path("sitzungen/<int:pk>/dokumente/", views.meeting_documents, name="meeting_documents"),
    path("sitzungen/<int:pk>/beschluesse/", views.meeting_decisions, name="meeting_decisions"),
    path("dokumente/<int:pk>/", views.document_download, name="document"),
    path("dokumente/<int:pk>/loeschen/", views.document_delete, name="document_delete"),
    path("beschluesse/<int:pk>/bearbeiten/", views.decision_edit, name="decision_edit"),
    path("beschluesse/<int:pk>/loeschen/", views.decision_delete, name="decision_delete"),
]
