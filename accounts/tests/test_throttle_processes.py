"""Worker processes share the login counters: three processes, one budget of five attempts.

Before, each gunicorn worker counted in its own memory, so three workers allowed 11 attempts
instead of 5 and a restart forgot them all. Here three separate Python processes (as three
workers, or one worker restarted twice) count against the embedded default: the cache table in
a database file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"

#: Two failed logins of one account, then whether it is blocked.
TWO_FAILURES = """
from django.test import RequestFactory
from accounts import throttle
request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
for _ in range(2):
    throttle.record(request, "redaktion-a")
print(throttle.is_blocked(request, "redaktion-a"))
"""


def test_three_processes_share_one_budget_of_attempts(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'plattform.sqlite3'}",
        "CACHE_URL": "",
        "REDIS_URL": "",
        "DJANGO_LOGIN_ATTEMPTS_LIMIT": "5",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.strip()

    # The counters need only the cache table (migrate creates it too, with all the rest).
    manage("createcachetable")
    answers = [manage("shell", "--no-imports", "-c", TWO_FAILURES) for _ in range(3)]
    # 2 and 4 failures: still allowed; 6 (more than 5) in the third process: blocked.
    assert answers == ["False", "False", "True"]
