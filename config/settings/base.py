"""Settings shared by every environment; the environment modules import * from here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]

# Overridden in production, where it must come from the environment.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "tanhe.security",
    "tanhe.accounts",
    "tanhe.audit",
    "tanhe.documents",
    "tanhe.plans",
    "tanhe.reports",
    "tanhe.calculator",
    "tanhe.authority",
    "tanhe.verification",
    "tanhe.disclosure",
    "tanhe.workdays",
    "django_tasks",
    "django_tasks_db",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while the username/IP pair is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "landing"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the cookie / Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Logs state-changing requests answered 403/404 for the authority (tanhe.security).
    "tanhe.security.middleware.RefusalLogMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-wide layout (base.html, landing page); app templates live in the apps.
        "DIRS": [BASE_DIR / "tanhe" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (RFC 9106's second recommended parameters, Django's defaults): a login checks
# one password in about 0.1 s where PBKDF2 (1,000,000 rounds) took about 1 s, and the hash is
# memory-hard. The others stay so that a password stored before verifies; Django rehashes it with
# Argon2 at that login (bench/login.py measures both).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's, with a Chinese message (tanhe.accounts.passwords explains why).
        "NAME": "tanhe.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tanhe.accounts.passwords.CharacterClassValidator"},
]

# Login throttling (django-axes): 5 failures for a username from one address lock it for 15 min
# for that address only — an attacker elsewhere cannot lock a plant out. Limits per address over
# all accounts and per account over all addresses: tanhe.security.throttle.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, one rule for axes, the rate limits and the refusal log.
AXES_CLIENT_IP_CALLABLE = "tanhe.security.clients.client_ip"
# Reverse proxies in front of the platform that append to X-Forwarded-For (0: none, the header
# is ignored). Set it to the number of such proxies, never more.
TANHE_TRUSTED_PROXIES = int(os.environ.get("TANHE_TRUSTED_PROXIES", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Sessions end after 30 idle minutes; pages warn before that and keep unsaved input (see
# tanhe/static/tanhe/session.js). Each request renews the session.
SESSION_COOKIE_AGE = int(os.environ.get("TANHE_SESSION_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# An activation code (激活码) a province issues to a 名录 enterprise is valid this many days.
TANHE_ACTIVATION_CODE_DAYS = int(os.environ.get("TANHE_ACTIVATION_CODE_DAYS", "30"))
# An anonymous calculator upload is kept this many days for its uploader, then purged
# (manage.py purge_expired).
TANHE_CALCULATION_KEEP_DAYS = int(os.environ.get("TANHE_CALCULATION_KEEP_DAYS", "7"))
# /admin/ (Django's admin) is off unless an operator turns it on.
TANHE_ADMIN_ENABLED = os.environ.get("TANHE_ADMIN_ENABLED", "false").lower() == "true"

# Content-Security-Policy (django-csp): pages load scripts, styles, images and fonts from this
# site only; no inline script or style, no plugins, no framing, forms post only here.
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

# Uploaded files live outside the web root and are served only through permission checks.
FILES_ROOT = Path(os.environ.get("TANHE_FILES_ROOT", BASE_DIR / "var" / "files"))
FILE_MAX_BYTES = int(os.environ.get("TANHE_FILE_MAX_BYTES", 20 * 1024 * 1024))
# Every zip-based upload (.xlsx, .docx, .zip; tanhe/documents/archives.py): at most this many
# bytes inflated in all, this many members, and no member inflating more than this many times
# (above 1 MiB; Office files inflate about 12 times, zip bombs about 1,000 times).
UNZIPPED_MAX_BYTES = int(os.environ.get("TANHE_UNZIPPED_MAX_BYTES", 60 * 1024 * 1024))
ZIP_MAX_ENTRIES = int(os.environ.get("TANHE_ZIP_MAX_ENTRIES", 10_000))
ZIP_MAX_RATIO = int(os.environ.get("TANHE_ZIP_MAX_RATIO", 100))

# A report table posts every cell with its mode: 8 units × 3 fuels × 12 months × 7 fields is
# about 2,000 fields (Django's default allows 1,000).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# 月度信息化存证: natural days after the month's end to file it (环办气候函〔2022〕111号: 40).
MONTH_FILING_DAYS = int(os.environ.get("TANHE_MONTH_FILING_DAYS", 40))

# 核查组 公正性: a member declares no consulting or other service to the plant within this many
# years (the guide leaves the period to the agency's impartiality rules; 3 is the usual one).
VERIFICATION_INDEPENDENCE_YEARS = int(os.environ.get("TANHE_VERIFICATION_INDEPENDENCE_YEARS", 3))

# Background work (Django's Tasks API; django-tasks backports django.tasks of Django 6): the
# embedded default keeps the queue in the site's own database, run by `manage.py db_worker`
# beside the site (scripts/demo.sh starts one). A province that outgrows one machine sets another
# backend, e.g. "django_tasks_rq.RQBackend" (package django-tasks-rq, Redis): README, Background
# work.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running screening whose worker has not reported for this long is taken as dead and resumed.
SCREENING_STALE_SECONDS = int(os.environ.get("TANHE_SCREENING_STALE_SECONDS", "120"))

# Chinese first: the national forms, the guide and the users are Chinese; English is a courtesy.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("简体中文")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "tanhe" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "tanhe" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# An uploaded plant-year file may be up to 5 MB (checked in the form with a clear message);
# pasted text counts against this limit, so leave room above 5 MB for the form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
