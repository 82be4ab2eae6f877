from django.contrib import admin

from registry.models import NetworkMembership, Organisation, Person, Role


class MembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "city", "kreis", "is_public", "is_demo")
    list_filter = ("kind", "is_public", "is_demo", "kreis", "handlungsfelder")
    search_fields = ("name", "city", "ik_number", "bsnr", "inek_site_number")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("handlungsfelder", "editors")
    inlines = (MembershipInline, RoleInline)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "public_consent", "user", "is_demo")
    list_filter = ("public_consent", "is_demo")
    search_fields = ("first_name", "last_name", "email")
    autocomplete_fields = ("user",)
    inlines = (RoleInline,)
