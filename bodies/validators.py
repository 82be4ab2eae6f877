"""Checks of uploaded documents: allowed type by ending and content, and size."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: First bytes of the allowed binary formats (OOXML and ODF are zip containers).
_MAGIC = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def validate_upload(upload) -> None:
    """Reject files with a wrong ending, content that does not match it, or too large."""
    name = upload.name or ""
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.UPLOAD_EXTENSIONS
    if ending not in allowed:
        raise ValidationError(
            _("Dateityp „%(ending)s“ ist nicht erlaubt. Erlaubt sind: %(allowed)s.")
            % {"ending": ending or _("ohne Endung"), "allowed": ", ".join(allowed)}
        )
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )
    magic = _MAGIC.get(ending)
    if magic is None:
        return
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(magic):
        raise ValidationError(
            _("Der Inhalt der Datei passt nicht zur Endung „%(ending)s“.") % {"ending": ending}
        )
