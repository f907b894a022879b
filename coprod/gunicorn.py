"""gunicorn settings for `make serve` (production). Each can be overridden by environment.

Worker model: threads (gthread). Coprod's requests mostly wait on the database (autosaves,
page reads); the exception is the PDF, seconds of CPU in WeasyPrint. With threads a PDF holds
one thread, not a whole worker, while the other threads keep answering autosaves. Two
processes per core use both cores despite the GIL; 4 threads each give 16 requests in
flight, and as many persistent database connections (CONN_MAX_AGE), well under
PostgreSQL's default of 100.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A large assessment's PDF takes tens of seconds; keep well above it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# No keep-alive: a kept-alive connection stays with the worker that accepted it, and a gthread
# worker accepts even while its threads are busy, so a workshop's hundred phones arriving at
# once piled onto one or two workers, each held to one core by the GIL (bench/load.py
# --sample: 54, 40, 4 and 1 clients; p95 154-477 ms). Closed after each answer, every request
# goes to a worker free to take it (35/32/28/27 % of a core; p95 128-152 ms). Behind the proxy
# the browser's own connection is still kept alive, by the proxy.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# Load the app once in the master: workers fork with Django set up, and a broken setting
# (a missing SECRET_KEY or mail host) stops the start instead of looping worker restarts.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
