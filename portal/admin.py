"""The portal's content in the admin, and the admin's titles."""

from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import Faq, News, ProcessPhase

admin.site.site_header = format_lazy("{} · {}", settings.SITE_NAME, _("Verwaltung"))
admin.site.site_title = format_lazy("{} · {}", settings.SITE_NAME, _("Verwaltung"))
admin.site.index_title = _("Inhalte und Stammdaten")
admin.site.site_url = "/"


@admin.register(Faq)
class FaqAdmin(admin.ModelAdmin):
    list_display = ("question", "order", "is_public", "is_demo")
    list_editable = ("order", "is_public")
    list_filter = ("is_public", "is_demo")
    search_fields = ("question", "answer")


@admin.register(News)
class NewsAdmin(admin.ModelAdmin):
    list_display = ("title", "date", "is_public", "is_demo")
    list_filter = ("is_public", "is_demo")
    date_hierarchy = "date"
    search_fields = ("title", "text")


@admin.register(ProcessPhase)
class ProcessPhaseAdmin(admin.ModelAdmin):
    list_display = ("title", "order", "status", "start", "end")
    list_editable = ("order", "status")
    list_filter = ("status",)
