"""Benchmark: the registry import's dry run for 1,000, 2,000, 4,000 and 8,000 rows.

Not a test. Each size is a file of Träger with one site each (sharing the Träger's IK-Nummer,
the site referring to it in ``gehoert_zu``), with Handlungsfeld and membership, checked once
against an empty registry (all rows new) and once after importing it (all rows matched). Before
the shared import mechanism the dry run made queries per row and compared every row with every
other: 1k rows 6 s, 2k 19 s, 4k 51 s (quadratic). Prints seconds per size and the ratio to the
previous size (about 2 for a linear dry run) and writes ``benchmarks/results/registry_import.json``.

Runs on a throw-away SQLite database. Run: ``.venv/bin/python benchmarks/bench_registry_import.py``
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1000, 2000, 4000, 8000, 16000)


def _rows(count: int) -> str:
    lines = ["name;art;gehoert_zu;ik_nummer;plz;handlungsfelder;mitglied_seit"]
    for i in range(count // 2):
        ik = 260000000 + i
        lines.append(f"Träger {i};klinikträger;;{ik};09111;patienten;01.01.2024")
        lines.append(f"Standort {i};krankenhausstandort;{ik};{ik};09111;;")
    return "\n".join(lines)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plattform.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.IMPORT_MAX_ROWS = max(SIZES)
    call_command("migrate", verbosity=0)
    from measures.models import Handlungsfeld
    from registry.importing import apply_import, plan_import
    from registry.models import Organisation

    Handlungsfeld.objects.get_or_create(slug="patienten", defaults={"name": "Patienten"})
    results = []
    for size in SIZES:
        path = folder / f"partner-{size}.csv"
        path.write_text(_rows(size), encoding="utf-8")
        started = time.perf_counter()
        plan = plan_import(path)
        new = time.perf_counter() - started
        apply_import(plan)
        started = time.perf_counter()
        plan_import(path)
        matched = time.perf_counter() - started
        results.append({"rows": size, "new_s": round(new, 2), "matched_s": round(matched, 2)})
        Organisation.objects.filter(parent__isnull=False).delete()
        Organisation.objects.all().delete()
    print("Zeilen  neu (s)  abgeglichen (s)  Verhältnis zur halben Größe")
    for before, row in zip([None, *results], results, strict=False):
        ratio = f"{row['matched_s'] / before['matched_s']:.1f}" if before else "–"
        print(f"{row['rows']:>6}  {row['new_s']:>7.2f}  {row['matched_s']:>15.2f}  {ratio:>10}")
    out = ROOT / "benchmarks" / "results" / "registry_import.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
