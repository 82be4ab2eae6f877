from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm
from accounts.models import User

# The admin login counts and refuses failed attempts like the login page.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_office",
        "is_analyst",
        "is_active",
    )
    list_filter = ("is_office", "is_analyst", "is_active", "is_staff", "is_superuser")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rolle im Netzwerk"), {"fields": ("is_office", "is_analyst")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (
            _("Rolle im Netzwerk"),
            {"fields": ("email", "first_name", "last_name", "is_office", "is_analyst")},
        ),
    )
