"""Settings, read from the environment through small typed helpers (see docs/configuration.md)."""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _secret_key(data_dir: Path) -> str:
    """OPTIIMI_SECRET_KEY, else a key generated once into the data dir and reused."""
    key = os.environ.get("OPTIIMI_SECRET_KEY")
    if key:
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


DATA_DIR = Path(env_str("OPTIIMI_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = env_bool("OPTIIMI_DEBUG", False)
ALLOWED_HOSTS = env_list("OPTIIMI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("OPTIIMI_CSRF_TRUSTED_ORIGINS", [])
# Where the site is reached, for links in e-mail (cancel a registration, answer an invitation).
OPTIIMI_SITE_URL = env_str("OPTIIMI_SITE_URL", "http://127.0.0.1:8000")
# Days after an event ends before external participants' personal data is removed.
OPTIIMI_EVENTS_RETENTION_DAYS = int(env_str("OPTIIMI_EVENTS_RETENTION_DAYS", "90"))
# A barometer cell (sub-region × theme) is shown only when at least this many answered it.
OPTIIMI_BAROMETER_MIN_ANSWERS = int(env_str("OPTIIMI_BAROMETER_MIN_ANSWERS", "3"))
# An event's feedback counts toward its series' average only with at least this many answers.
OPTIIMI_FEEDBACK_MIN_ANSWERS = int(env_str("OPTIIMI_FEEDBACK_MIN_ANSWERS", "3"))
# The search index saved for the web workers to load (`.npz` and `.json`); empty: memory only.
SEARCH_INDEX_FILE = env_str("OPTIIMI_SEARCH_INDEX_FILE", str(DATA_DIR / "search" / "index"))
# The maakunta whose network the home page shows (Statistics Finland code; 13 = Keski-Suomi).
HOME_REGION = env_str("OPTIIMI_HOME_REGION", "13")
# The financials as Parquet files (`optiimi benchmark export-parquet DIR`): when set, the
# national peer percentiles are computed a year at a time over them with polars' streaming
# engine instead of on one frame of every company-year in memory. Empty: from the database.
PEERS_PARQUET = env_str("OPTIIMI_PEERS_PARQUET", "")

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'optiimi.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside a writer; IMMEDIATE makes concurrent writers queue for the
    # lock at the start of a transaction instead of failing half-way through it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            # an erased person's data is overwritten in the file, not only unlinked
            " PRAGMA secure_delete=ON;"
        ),
    }

# A read replica of the default database (e.g. PostgreSQL streaming replication), parsed like
# DATABASE_URL: the dashboards' reads of the statistics and financials stores go there, every
# write and every other read to the default database (core.replica). Empty: no replica.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a replica of DATABASE_URL's database (the same "
            f"engine), not {DATABASES['replica']['ENGINE']!r}"
        )
    DATABASE_ROUTERS = ["optiimi.core.replica.ReplicaRouter"]

# Background jobs (core.jobs, on huey): empty is a SQLite queue file in the data directory
# (no service needed); redis://HOST:6379/0 is Redis, for workers on other machines.
JOBS_BROKER = env_str("OPTIIMI_JOBS_BROKER", "")
# Run every job at once in the caller's thread, without a worker (the test suite).
JOBS_EAGER = env_bool("OPTIIMI_JOBS_EAGER", False)
# A running job's lease: renewed every heartbeat; a job whose lease ran out is run again.
JOBS_LEASE_SECONDS = env_int("OPTIIMI_JOBS_LEASE_SECONDS", 60)
JOBS_HEARTBEAT_SECONDS = env_int("OPTIIMI_JOBS_HEARTBEAT_SECONDS", 10)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "axes",
    "optiimi.core",
    "optiimi.accounts",
    # after the site's own apps: their templates (the account pages in registration/) win over
    # the admin's, which would give them the admin's look
    "django.contrib.admin",
    "optiimi.regions",
    "optiimi.network",
    "optiimi.strategy",
    "optiimi.events",
    "optiimi.demo",
    "optiimi.foresight",
    "optiimi.projects",
    "optiimi.benchmark",
    "optiimi.services",
    # last: it follows the ties the capabilities above register
    "optiimi.collaboration",
    "optiimi.guidance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "optiimi.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "optiimi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers for a login that its backend refused as locked.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "optiimi.urls"
WSGI_APPLICATION = "optiimi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "optiimi.network.context_processors.roles",
                "optiimi.navigation.menu",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after this many failures for one account or from one
# address, logins (site and admin) and password-reset requests are refused for a while.
AXES_FAILURE_LIMIT = env_int("OPTIIMI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("OPTIIMI_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "optiimi.accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "optiimi.accounts.throttle.client_ip"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("en", "English"), ("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Finland-Swedish dates and numbers (Django's own `sv` formats are Sweden's).
FORMAT_MODULE_PATH = ["optiimi.core.localeformats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names for long caching. Not pre-compressed: compressing the vendored chart
    # libraries at every start took half a minute; a TLS proxy in front compresses on the fly.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
# Serve straight from the apps' static folders too, so `optiimi serve` works before collectstatic.
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The admin shows history but never reverts to it: every write goes through the services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# With no mail server, mail is dropped and only counted in the log (no addresses, no text).
EMAIL_HOST = env_str("OPTIIMI_EMAIL_HOST", "")
EMAIL_PORT = env_int("OPTIIMI_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("OPTIIMI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("OPTIIMI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OPTIIMI_EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("OPTIIMI_EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("OPTIIMI_EMAIL_USE_TLS and OPTIIMI_EMAIL_USE_SSL exclude each other")
EMAIL_BACKEND = env_str(
    "OPTIIMI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "optiimi.core.mail.UnsentEmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("OPTIIMI_FROM_EMAIL", "optiimi@localhost")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Only the site's own files: no inline script or style, no eval, no other origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Production behind a TLS proxy that sets X-Forwarded-Proto (and X-Forwarded-For).
HTTPS = env_bool("OPTIIMI_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("OPTIIMI_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OPTIIMI_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("OPTIIMI_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OPTIIMI_LOG_LEVEL", "WARNING")},
}

if not DEBUG and SECRET_KEY == "":
    raise ImproperlyConfigured("OPTIIMI_SECRET_KEY is empty")
