"""One settings module, driven by environment variables.

Defaults suit a developer laptop (SQLite, DEBUG on via `make run`); production sets
COPROD_ENV=production and must pass `manage.py check --deploy`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = os.environ.get("COPROD_ENV") == "production"


def _required(name, hint):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable: {hint}")
    return value


DEBUG = os.environ.get("DEBUG", "") == "1" and not PRODUCTION

if PRODUCTION:
    SECRET_KEY = _required(
        "SECRET_KEY",
        "a long random string, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'",
    )
    ALLOWED_HOSTS = _required(
        "ALLOWED_HOSTS", "comma-separated host names, e.g. coprod.nhs.uk"
    ).split(",")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "coprod",
    "csp",
    "ladder",
    "assessments",
    "plans",
    "exports",  # results out as Excel, CSV and JSON, and JSON back in (issue 14)
    "reports",
    "reviews",  # a clinical senate's review of a shared assessment (issue 11)
    "people",  # an organisation's members and invitations (issue 9, part 4)
    "paper",  # the large-print paper form, and entering returned ones (issue 15, part 4)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "coprod.urls"
WSGI_APPLICATION = "coprod.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coprod.context_processors.guest",
            ],
        },
    },
]

# SQLite when DATABASE_URL is unset; PostgreSQL (or anything dj-database-url reads) when set.
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Keep a connection per worker thread for a minute instead of opening one per request
    # (bench/connections.py: about 1.7x the requests per second on PostgreSQL); the health
    # check replaces a connection the server dropped (a restart) before a request uses it.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock at BEGIN: two people saving at once then queue (and the version
    # check tells the second) instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    # Tests use a file too: the in-memory shared-cache database locks whole tables and
    # ignores the timeout, so it cannot show how the app behaves under concurrent saves.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rubric files (fixtures/rubrics/) are not Django fixtures: `manage.py load_rubrics` reads them.
# loaddata and dumpdata are Django's own.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.min.js straight from the pinned plotly package: no copy to keep in step.
    "reports.finders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: hashed names (served with a year's immutable caching by whitenoise) and
    # .gz and .br copies written at collectstatic (brotli is installed for that).
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production, serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"

# Mail carries live sign-in links. In production a missing setting must stop the start-up,
# not print links to a log while the facilitator is told "Invitation sent".
_UNSAFE_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}
if PRODUCTION:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    if EMAIL_BACKEND in _UNSAFE_MAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND={EMAIL_BACKEND} does not deliver mail; in production use SMTP "
            "(EMAIL_HOST ...) or a file backend (EMAIL_FILE_PATH) for a test server."
        )
    if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        EMAIL_HOST = _required("EMAIL_HOST", "your SMTP relay, e.g. send.nhs.net")
    elif EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
        EMAIL_FILE_PATH = _required("EMAIL_FILE_PATH", "a folder the mails are written to")
    DEFAULT_FROM_EMAIL = _required("DEFAULT_FROM_EMAIL", "the sender, e.g. coprod@nhs.net")
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
    DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "coprod@localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Invitation links: single use, and expire after this many days.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "14"))
# A guest's browser session (after using their link) lasts this long: people score on shared
# and library computers. They can sign out sooner; a new link resumes with nothing lost.
GUEST_SESSION_HOURS = int(os.environ.get("GUEST_SESSION_HOURS", "12"))

# No inline script or style; everything from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # autosave script reads the token from the form, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Accounts: sign-in, passwords, two-factor, session lifetime (accounts/) -----------------
# Kept together so other settings edits do not collide with these.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",  # the authenticator app
    "django_otp.plugins.otp_static",  # single-use backup codes, for a lost or flat phone
    "axes",
    "accounts",
]
# The admin refuses staff who have not passed two-factor (accounts.admin_site).
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = "accounts.apps.VerifiedAdminConfig"
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.middleware.IdleTimeoutMiddleware",
)
TEMPLATES[0]["OPTIONS"]["context_processors"].append("accounts.context_processors.session_timeout")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # axes asks to be last
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login stops here
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username from one address (not the address alone: many NHS staff share one
# gateway address, and a whole trust must not be locked out by one person's typos).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# NCSC password guidance: allow about 10 attempts before locking, so that people who
# mistype are not locked out while guessing stays far too slow to work.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
# 15 minutes: long enough that guessing 10 passwords per quarter hour gets nowhere, short
# enough that a person can wait it out (or reset their password) rather than phone for help.
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
# Retrying during a lockout does not push the time we told the person further away.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
# How many reverse proxies (each adding to X-Forwarded-For) stand in front of the app: 0
# when gunicorn faces the internet itself, 1 behind one nginx or load balancer.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
# Log which username and address failed (axes masks both by default): spotting an attack
# needs them, and the admin's "Access attempts" shows them anyway. Passwords never are.
AXES_SENSITIVE_PARAMETERS = []
# Members (not invited guests, who keep GUEST_SESSION_HOURS) are signed out after this long
# without a request. 30 minutes: scoring means reading and writing evidence, often in a
# meeting, and autosave counts as activity; NHS staff use shared computers, and OWASP
# suggests 15-30 minutes for an application of this kind. A warning comes first
# (SESSION_WARNING_SECONDS; WCAG 2.2.1 needs at least 20 seconds to respond).
MEMBER_IDLE_MINUTES = int(os.environ.get("MEMBER_IDLE_MINUTES", "30"))
SESSION_WARNING_SECONDS = int(os.environ.get("SESSION_WARNING_SECONDS", "120"))
# The last-activity time is written at most this often, not on every request: 100 people
# autosaving would otherwise write the session table on every keystroke pause.
SESSION_TOUCH_SECONDS = int(os.environ.get("SESSION_TOUCH_SECONDS", "60"))
# A password reset link lasts this long (Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "24")) * 60 * 60
OTP_TOTP_ISSUER = "Coprod"
# Failed logins and lockouts are always logged (axes logs them at WARNING), whatever LOG_LEVEL.
LOGGING["loggers"] = {"axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}}
# --- end of accounts settings ----------------------------------------------------------------

# --- The read API (api/) and the portfolio and benchmark pages (portfolio/) -----------------
# Kept together so other settings edits do not collide with these.
INSTALLED_APPS += [
    "rest_framework",
    "knox",  # personal API tokens, stored as a SHA-512 digest (DRF's own are plain text)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by us: no CDN
    "api",
    "portfolio",
]
REST_FRAMEWORK = {
    # A token first, so that a request without one is answered 401 with WWW-Authenticate;
    # a signed-in browser (the schema browser's "Try it out") uses its session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# A personal token lasts API_TOKEN_DAYS (then make a new one on the account page); it is
# never refreshed by use. The prefix lets secret scanners recognise a leaked token.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(os.environ.get("API_TOKEN_DAYS", "90"))),
    "AUTO_REFRESH": False,
    "TOKEN_PREFIX": "coprod_",
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coprod read API",
    "DESCRIPTION": (
        "Read-only: programmes, assessments, results and action plans of the organisations "
        "you belong to. Send `Authorization: Token <your token>`; make a token on your "
        "account page (API tokens)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# --- end of API and portfolio settings --------------------------------------------------------

# --- Background jobs (django-tasks on the project's database) and audit history -------------
# Stored report PDFs are rendered by a worker (`manage.py db_worker`), not in the request: a
# 20-page WeasyPrint render takes seconds. The queue lives in the same database (SQLite or
# PostgreSQL), so there is nothing else to run or back up.
INSTALLED_APPS += [
    "django_tasks",
    "django_tasks_db",
    "simple_history",  # who changed a score, an agreed level or an action, when, from what
]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Actions' history names whoever is signed in (scores and agreed levels say who themselves,
# assessments.history). History is read-only, admins included: no revert from the admin.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "simple_history.middleware.HistoryRequestMiddleware",
)
SIMPLE_HISTORY_REVERT_DISABLED = True
# --- end of background jobs and audit settings ---------------------------------------------

# --- Who was involved (reach/): after assessments in the flow; reports and exports read it -----
INSTALLED_APPS += ["reach"]
# --- end of who was involved --------------------------------------------------------------
