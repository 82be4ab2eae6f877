"""gunicorn settings of the production set-up: ``gunicorn -c plattform/gunicorn_conf.py``.

Every value comes from an environment variable with the default explained in docs/betrieb.md.
Workers are sync processes (one request at a time), 2 × cores + 1 of them: the platform's
requests are CPU-bound (template rendering), and a free worker takes the next connection from
the kernel's queue, so no request waits behind a busy worker while another is idle. With
gthread workers a worker accepted more connections than it could serve; in the load benchmark
(docs/benchmarks.md) that made p90 three to five times p50 at the same throughput. nginx in
front buffers slow clients, as gunicorn's documentation asks for sync workers.
``--max-requests`` with jitter recycles workers one at a time, so a slow leak never grows without
bound and never takes all workers down at once.
"""

import multiprocessing
import os

wsgi_app = "plattform.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# Only for GUNICORN_WORKER_CLASS=gthread (threads per worker); sync workers have one.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A page from the page cache costs about 1 ms, a new worker with its warm-up one to two seconds
# of CPU: after 2000 requests a worker was replaced every 15 s under load, and the warm-ups cost
# a third of the CPU and the p99. 50,000 is minutes at full load and days at a normal one.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "5000"))
# A request still running after this many seconds is killed with its worker; imports of big
# registry files are the slowest requests (well below a minute for the documented limits).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Seconds a connection stays open for the next request (gthread only; sync workers close it).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Each worker loads the application itself (no preload_app), so `kill -HUP` (systemctl reload)
# starts workers with the new code; before accepting requests a worker answers the main pages
# once (plattform.wsgi.warm_up), so nobody waits for its imports and caches.
preload_app = False
# Headers and request line sizes as nginx forwards them; anything larger is an attack.
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# The proxy on the same host sets X-Forwarded-Proto; gunicorn passes it on only from here.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker) -> None:
    from plattform.wsgi import warm_up

    warm_up()
