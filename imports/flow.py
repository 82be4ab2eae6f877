"""Upload → dry run → confirm, the same for every importer.

An importer is two functions: ``plan(path)`` reads and checks the file and works out what it
would change, writing nothing (it raises :class:`~gesundheitsregion.validation.ValidationError`
with every problem), and ``apply(plan)`` writes it. :func:`dry_run` keeps the upload for the
confirmation (token in the session, file in :mod:`imports.uploads`); :func:`confirm` plans again
(the database may have changed since the preview) and applies in one transaction: all rows or
none.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gesundheitsregion.validation import Problem, ValidationError
from imports import uploads

__all__ = ["Step", "confirm", "dry_run"]


@dataclass
class Step:
    """What a step of the import found: a plan (preview or written) or the problems."""

    plan: object | None = None
    problems: list[Problem] | None = None
    token: str | None = None
    #: The confirmation came without a valid, unexpired upload.
    expired: bool = False

    @property
    def warnings(self) -> list[Problem]:
        return list(getattr(self.plan, "warnings", []))


def _session_key(name: str) -> str:
    return f"import:{name}"


def dry_run(request: HttpRequest, name: str, upload, plan: Callable) -> Step:
    """Check ``upload`` and work out what it would change; keep it for :func:`confirm`."""
    uploads.purge_expired()
    uploads.discard(request.session.pop(_session_key(name), ""))
    token = uploads.store_upload(upload)
    path = uploads.stored_path(token)
    if path is None:  # IMPORT_UPLOAD_MAX_AGE of 0: nothing is kept
        return Step(expired=True)
    try:
        result = plan(path)
    except ValidationError as error:
        uploads.discard(token)
        return Step(problems=error.problems)
    request.session[_session_key(name)] = token
    return Step(plan=result, token=token)


def confirm(request: HttpRequest, name: str, plan: Callable, apply: Callable) -> Step:
    """Write the upload previewed in this session, all rows or none."""
    uploads.purge_expired()
    token = request.session.pop(_session_key(name), "")
    posted = request.POST.get("token", "")
    path = uploads.stored_path(token) if token else None
    if path is None or not secrets.compare_digest(token, posted):
        uploads.discard(token)
        return Step(expired=True)
    try:
        with transaction.atomic():
            result = plan(path)
            apply(result)
    except ValidationError as error:
        return Step(problems=error.problems)
    except IntegrityError:
        # Another write won a race for a unique value between the check and the write.
        message = _("Der Import ist gescheitert; es wurde nichts übernommen. Bitte erneut prüfen.")
        return Step(problems=[Problem(path.name, None, None, message)])
    finally:
        uploads.discard(token)
    return Step(plan=result)
