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
# Each test database is its own: the search index stays in memory (tests of the index file
# point it at a temporary directory).
SEARCH_INDEX_FILE = ""
