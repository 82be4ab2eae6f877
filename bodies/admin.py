from django.contrib import admin

from bodies.models import AgendaItem, Attendance, Body, BodyMember, Decision, Document, Meeting


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    raw_id_fields = ("person", "organisation")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "handlungsfeld", "is_public", "is_demo")
    list_filter = ("kind", "is_public", "is_demo")
    search_fields = ("name",)
    inlines = (BodyMemberInline,)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("person",)


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    readonly_fields = ("uploaded_by", "uploaded_at")


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "body", "start", "is_public", "minutes_public")
    list_filter = ("body", "is_public", "minutes_public", "is_demo")
    search_fields = ("title", "body__name")
    date_hierarchy = "start"
    inlines = (AgendaItemInline, AttendanceInline, DecisionInline, DocumentInline)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "meeting", "is_public")
    list_filter = ("is_public", "meeting__body")
    search_fields = ("number", "title", "text")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting", "is_public", "uploaded_at")
    list_filter = ("is_public",)
    search_fields = ("title",)
    readonly_fields = ("uploaded_by", "uploaded_at")
