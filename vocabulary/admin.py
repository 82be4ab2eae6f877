from typing import ClassVar

from django.contrib import admin

from vocabulary.models import Handlungsfeld


@admin.register(Handlungsfeld)
class HandlungsfeldAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields: ClassVar[dict] = {"slug": ("name",)}
