"""Fast settings for the test suite: the real settings with cheaper hashing and in-memory parts."""

import os
import tempfile

os.environ.setdefault("OPTIIMI_DATA_DIR", os.path.join(tempfile.gettempdir(), "optiimi-test"))
os.environ.setdefault("OPTIIMI_SECRET_KEY", "test-secret-key-not-for-production")

from optiimi.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every test's `Client()` builds the middleware anew, and WhiteNoise's middleware would list and
# stat every static file of every app each time (some 40 ms): here it finds a file when asked
# for it instead. No test client asks; `optiimi serve` in tests/test_cli.py serves the real way.
WHITENOISE_AUTOREFRESH = True
# Each test database is its own: the search index stays in memory (tests of the index file
# point it at a temporary directory).
SEARCH_INDEX_FILE = ""

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The SQLite test database is made from the models in about a second instead of replaying
    # every migration (tens of seconds per test process, most of it Django rendering model
    # states). `makemigrations --check` in `make lint` keeps the models and the migrations
    # alike; the migrations themselves run in the CLI tests (`optiimi migrate` on a fresh
    # SQLite file), in tests/core/test_link_migrations.py and in the PostgreSQL pass.
    DATABASES["default"]["TEST"] = {"MIGRATE": False}  # noqa: F405

# Jobs run at once in the test's own thread; the tests of the worker start one themselves.
JOBS_EAGER = True

# The read replica as Django's test mirror of the test database: the same rows through a second
# connection. Nothing reads from it unless a test turns the replica's router on
# (tests/core/test_replica.py); the real settings add it only with DATABASE_REPLICA_URL.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
