from django.contrib import admin

from measures.models import (
    Measure,
    MeasureUpdate,
    Milestone,
    Recommendation,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class MeasureUpdateInline(admin.StackedInline):
    model = MeasureUpdate
    extra = 0
    readonly_fields = ("author",)


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("title", "handlungsfeld", "status", "progress", "is_public", "is_demo")
    list_filter = ("handlungsfeld", "status", "is_public", "is_demo")
    search_fields = ("title", "description")
    filter_horizontal = ("responsible", "decisions")
    inlines = (MilestoneInline, MeasureUpdateInline)


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("title", "addressee", "status", "date", "is_public")
    list_filter = ("status", "is_public", "handlungsfeld")
    search_fields = ("title", "text", "evidence")
    filter_horizontal = ("decisions", "measures")
