"""Test settings: SQLite by default; PostgreSQL when DATABASE_URL is set (see base)."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
# Fast hashing: tests create users, not real passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Persistent connections would keep the test database open between live-server threads.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Serve static files from the apps (no collectstatic before tests), as runserver does.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Uploaded files go to a throw-away directory per test run.
FILES_ROOT = Path(tempfile.mkdtemp(prefix="tanhe-test-files-"))
# Background tasks run at once, in the request that enqueues them: deterministic tests. The
# database backend's path is tested on its own (tests/authority, override_settings).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
