"""Settings for Rehab Planner.

Everything that differs between a laptop and a clinic's server comes from the environment:
DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS and DJANGO_ENV. With nothing set, the app runs for
development on a SQLite file in the project directory. DJANGO_ENV=production switches to the
production defaults; the rules production must meet (DEBUG off, a strong SECRET_KEY,
ALLOWED_HOSTS) are system checks in config/checks.py. Only an unknown DJANGO_ENV is refused here,
since it decides which defaults apply.
"""

import datetime
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

# A development key is fine on a laptop; production must bring its own (rehab.E002).
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind a reverse proxy: the header the proxy writes the client's address into (e.g. X-Real-IP).
# Empty: REMOTE_ADDR is the client. Never set it unless a proxy you run always writes it.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")

# The public address printed on handouts (QR code) and in messages to patients.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CLINIC_NAME = env_str("CLINIC_NAME", "Rehab Planner demo clinic")

# HL7 FHIR export (planner/fhir): where this clinic's identifiers and our own codes live (empty:
# SITE_URL + "/fhir"), and the system its patients' ids in Rehab Planner are known under (empty:
# FHIR_BASE + "/sid/patient"). Never the record system's own patient-number (MRN) system: the
# value sent is our id. Set once: every exported id is made from them (rehab.E005).
FHIR_BASE = env_str("FHIR_BASE", "").rstrip("/")
FHIR_PATIENT_ID_SYSTEM = env_str("FHIR_PATIENT_ID_SYSTEM", "")

# Email (daily reminders, manage.py send_reminders): printed to the console unless a backend is set,
# e.g. EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with the EMAIL_HOST settings.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")


INSTALLED_APPS = [
    "config.apps.RehabAdminConfig",  # Django's admin, opening on the worklist
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "adminsortable2",
    "accounts",
    "exercises",
    "planner",
    "portal",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.language.PageLanguageMiddleware",
    "core.client.ClientAddressMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns a locked-out sign-in into the lockout page whatever answered it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.navigation",
                "portal.context_processors.clinic",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_health_checks=True,
    )
}
# Seconds a connection is kept for the next request, on either database. Opening a PostgreSQL
# connection costs more than most of our pages (/healthz served 4.5x the requests with connections
# kept); CONN_HEALTH_CHECKS (above) checks a kept connection once before a request reuses it, so a
# restarted database costs one failed ping, not a failed page. SQLite is no cheaper to reopen: a
# new connection runs the PRAGMAs below and parses the schema at its first query, and closing the
# last open connection checkpoints the WAL into the database file and deletes it. Closed after
# every request, that cost the portal home about 35 of its 48 ms (benchmarks/throughput.py: 44
# requests a second, then 136 with connections kept). Keeping them is safe for SQLite: Django
# keeps one connection per thread (a gunicorn sync worker has one thread, a gthread worker one per
# thread, never shared), each statement outside a transaction reads the latest commit, and
# transactions still begin IMMEDIATE. CONN_MAX_AGE overrides it; 0 closes after every request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
# Behind PgBouncer in transaction pooling mode, a server-side cursor (QuerySet.iterator()) can
# outlive its transaction's server connection: set DISABLE_SERVER_SIDE_CURSORS=true there.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue on the busy
    # timeout instead of one failing with "database is locked" halfway through. WAL lets readers
    # carry on during a write; synchronous=NORMAL is safe with WAL and much faster than FULL.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]

# Sign-in lockout (django-axes): 5 failed sign-ins for one username from one client address lock
# that pair out for 15 minutes, counted again from each further try; a success clears the count.
# The address is core.client.client_ip, the same one the audit trail records. Every failure,
# lockout and success is written to the audit trail (planner/signals.py), so axes keeps no access
# log of its own. A clinic admin clears a lockout with `manage.py axes_reset` or in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
# The project's own translations (README "Translations"): locale/es/LC_MESSAGES/django.po, with its
# compiled django.mo committed beside it so a fresh clone needs no compile step.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from a Python package, never a CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", bootstrap_wrapper.get_bootstrap_dir())]
MEDIA_URL = "media/"
# Uploaded exercise pictures. With several app servers, MEDIA_ROOT is one shared volume that every
# server mounts: handouts open a picture by its file path (default_storage.path).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Several app servers share only the database (README "Running on several servers"): sessions
# live in it, and no state is kept in a cache, so each process's own memory cache is enough.
# The one use is "portal_cards": the portal home's rendered plan sections (portal/card_cache.py),
# keyed on the data each request reads, so a process that missed a change cannot serve the old
# words. tests/test_scale_out.py fails on any other use; set a shared one (Redis) first.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "portal_cards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-cards",
        # One entry a plan, about 7 kB an exercise with its drawing (a 7-exercise plan: 49 kB):
        # 1,000 plans are at most about 50 MB a worker process. Past that a third of the entries
        # is dropped (CULL_FREQUENCY); a dropped plan's section is built again when next asked
        # for (about 10 ms, two queries).
        "OPTIONS": {"MAX_ENTRIES": 1000, "CULL_FREQUENCY": 3},
        # An entry is never stale (its key changes with its data); the timeout only frees the
        # memory of entries whose data changed, a day after they were last written.
        "TIMEOUT": 24 * 60 * 60,
    },
}

# --- Printing many handouts in the background (README "Printing many handouts") -------------
# The admin's print action prints a selection of HANDOUT_BACKGROUND_FROM plans or more as a job
# (about 0.1 s a plan here: 10 plans took 0.8-1.8 s, 20 took 1.0-2.8 s, 40 took 2.7-4.6 s), so no
# request holds one of the server's few workers for seconds; fewer plans still download at once.
HANDOUT_BACKGROUND_FROM = env_int("HANDOUT_BACKGROUND_FROM", 20)
# The jobs go through the Django tasks backport with its database backend: the queue is a table
# in our own database, so a clinic runs one more process (`manage.py db_worker`) and no broker.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Where the finished PDFs are kept: they name patients, so never under MEDIA_ROOT or STATIC_ROOT
# (nothing serves this folder; only the download view reads it, after checking who asks). With
# several app servers it is a shared volume, like MEDIA_ROOT. A PDF is deleted this many days
# after it was printed; the batch's row stays as the record of what was printed for whom.
HANDOUT_BATCH_ROOT = Path(env_str("HANDOUT_BATCH_ROOT", str(BASE_DIR / "private" / "batches")))
HANDOUT_BATCH_KEEP_DAYS = env_int("HANDOUT_BATCH_KEEP_DAYS", 7)

# Outside production, serve static files straight from the apps and packages (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# The largest form we serve is a program's page: 16 fields a row (15 plus its "delete" box), the
# admin's hidden template row, and a dozen more. A program holds at most 60 rows (planner.models.
# programs.MAX_PROGRAM_ROWS), about 1,000 fields, Django's default limit; 2,000 leaves room to
# open and trim a longer program saved before the limit, rather than losing the edit to a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Content-Security-Policy (django-csp 4): only our own scripts, styles, images and forms, never in a
# frame, nothing inline. Django 5.2's admin needs no 'unsafe-inline' for styles: its templates and
# scripts carry no style attributes (its scripts set styles through the DOM, which CSP allows), so
# ours carry none either (classes in static/css). Bootstrap's CSS draws some icons from data: URLs.
# tests/browser/test_security_policy.py walks the admin and the portal in Chromium and fails
# on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a one-way decision for the clinic's IT, not a default; opt in with the variable.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
