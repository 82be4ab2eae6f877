"""accounts sits at the bottom of the app graph, and the office check is written once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOMAIN_APPS = {"registry", "bodies", "measures", "portal", "audit", "api", "plattform"}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_accounts_imports_no_domain_app():
    offending = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "accounts").rglob("*.py")
        if "tests" not in path.parts
        for module in imported_modules(path)
        if module.split(".")[0] in DOMAIN_APPS
    }
    assert offending == set()


def test_no_app_writes_its_own_office_check():
    # The test itself is the office check's definition; everyone else calls accounts.roles.
    copy = re.compile(r"\.is_office\s+or\s+\w+\.is_superuser")
    copies = [
        str(path.relative_to(ROOT))
        for app in ("accounts", *DOMAIN_APPS)
        for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path != ROOT / "accounts" / "roles.py"
        and copy.search(path.read_text(encoding="utf-8"))
    ]
    assert copies == []
