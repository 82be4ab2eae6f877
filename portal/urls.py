from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("faq/", views.faq, name="faq"),
    path("faq/neu/", views.faq_edit, name="faq_create"),
    path("faq/<int:pk>/bearbeiten/", views.faq_edit, name="faq_edit"),
    path("faq/<int:pk>/loeschen/", views.faq_delete, name="faq_delete"),
    path("aktuelles/", views.news, name="news"),
    path("aktuelles/neu/", views.news_edit, name="news_create"),
    path("aktuelles/<int:pk>/", views.news_detail, name="news_detail"),
    path("aktuelles/<int:pk>/bearbeiten/", views.news_edit, name="news_edit"),
    path("aktuelles/<int:pk>/loeschen/", views.news_delete, name="news_delete"),
    path("prozess/", views.process, name="process"),
    path("prozess/neu/", views.phase_edit, name="phase_create"),
    path("prozess/<int:pk>/bearbeiten/", views.phase_edit, name="phase_edit"),
    path("prozess/<int:pk>/loeschen/", views.phase_delete, name="phase_delete"),
    path("kontakt/", views.contact, name="contact"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
]
