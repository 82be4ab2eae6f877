"""Who may do what through the API: everyone reads (each endpoint narrows the rows to what
the user may see), only the office writes; editors of an organisation may PATCH it."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.decorators import is_office


class ReadPublicWriteOffice(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_office(request.user)


class EditorsPatchOwnOrganisation(ReadPublicWriteOffice):
    """As :class:`ReadPublicWriteOffice`, and PATCH of the organisations the user edits
    (``Organisation.can_edit``: its own and their sub-organisations)."""

    def has_permission(self, request, view) -> bool:
        if request.method == "PATCH":
            return request.user.is_authenticated
        return super().has_permission(request, view)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS or is_office(request.user):
            return True
        return request.method == "PATCH" and obj.can_edit(request.user)
