"""Who may do what through the API: everyone reads (each endpoint narrows the rows to what
the user may see), only the office writes."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadPublicWriteOffice(BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and (user.is_office or user.is_superuser))
