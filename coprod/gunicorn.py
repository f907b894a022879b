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
keepalive = 5
# Load the app once in the master: workers fork with Django set up, and a broken setting
# (a missing SECRET_KEY or mail host) stops the start instead of looping worker restarts.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
