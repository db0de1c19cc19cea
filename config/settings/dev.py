"""Local development: DEBUG on, SQLite ``db.sqlite3`` in the repository unless DATABASE_URL."""

from config.settings.base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
