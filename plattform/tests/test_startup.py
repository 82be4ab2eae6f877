"""Loading the apps and the URLs imports no heavy analysis library.

``manage.py check`` and every worker start load all URL modules; pandas, numpy, shapely and
openpyxl alone took about 1.6 s of that (docs/benchmarks.md). The views that need them import
them when they run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "geopandas", "numpy", "shapely", "openpyxl", "matplotlib", "pyproj")

PROBE = """
import json, sys
import django
django.setup()
from django.core.checks.urls import check_url_config
from django.urls import get_resolver
check_url_config(None)
get_resolver().url_patterns
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in %r)))
"""


def test_it_loads_apps_and_urls_without_the_analysis_libraries():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "plattform.settings"
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == []
