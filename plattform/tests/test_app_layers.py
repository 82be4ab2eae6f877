"""The platform's apps form layers: each app imports only apps of the layers below it.

Read from the source with ``ast``: ``import`` statements of every module outside ``tests/``, and
the lazy references ``"app.Model"`` of relation fields, which make the migrations depend on each
other just as imports do. The project package ``plattform`` (settings, URLs, shared view helpers)
stands outside the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

#: From the bottom up; apps within one layer do not import each other.
LAYERS = [
    ["vocabulary", "imports"],
    ["accounts"],
    ["audit"],
    ["registry"],
    ["bodies"],
    ["measures"],
    ["portal", "api"],
    ["demonetz"],
]
LAYER = {app: level for level, apps in enumerate(LAYERS) for app in apps}
RELATIONS = {"ForeignKey", "ManyToManyField", "OneToOneField"}


def _modules(app: str) -> list[Path]:
    return [p for p in (ROOT / app).rglob("*.py") if "tests" not in p.relative_to(ROOT).parts]


def _imported_apps(path: Path) -> set[str]:
    """Apps of the platform that the module imports or names in a relation field."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _called(node) in RELATIONS and node.args:
            target = node.args[0]
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                found.add(target.value.split(".")[0])
    return found & set(LAYER)


def _called(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _violations(app: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} importiert {other}"
        for path in _modules(app)
        for other in sorted(_imported_apps(path) - {app})
        if LAYER[other] >= LAYER[app]
    ]


def test_every_installed_app_of_the_project_has_a_layer():
    own = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()} - {"plattform"}
    assert own <= set(LAYER), own - set(LAYER)


def test_the_walk_finds_imports_and_relation_fields(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import bodies.models\nfrom registry import forms\n"
        "x = models.ForeignKey('measures.Measure', on_delete=None)\n"
        "y = ManyToManyField('portal.Faq')\nfrom . import vocabulary\n"
    )
    assert _imported_apps(module) == {"bodies", "registry", "measures", "portal"}


_APPS = [app for apps in LAYERS for app in apps if (ROOT / app).is_dir()]


@pytest.mark.parametrize("app", _APPS)
def test_an_app_imports_only_apps_below_it(app):
    assert _violations(app) == []
