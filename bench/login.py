"""Benchmark (issue #12 §6): a login — the POST of the login page, from the form to the redirect
— with the site's real password hashers (``config.settings.base``, Argon2 first), not the tests'
MD5. Goal: median ≤ 300 ms.

    .venv/bin/python bench/login.py                 # 30 logins, Argon2 (the setting)
    .venv/bin/python bench/login.py --rounds 50
    .venv/bin/python bench/login.py --hasher pbkdf2 # as before issue #12: PBKDF2 first
    .venv/bin/python bench/login.py --hasher md5    # the rest of the page (no real hashing)

Creates a throw-away test database (as the test runner does) and one account whose password is
stored by the first hasher of the list, then logs in ``--rounds`` times through the page (a new
client each time: parse, django-axes, the password check, the session, the redirect). Also
measures the first login of an account whose password was stored with PBKDF2 under the Argon2
setting: that login checks PBKDF2 once more and stores an Argon2 hash (Django's upgrade on login).

Prints median and worst in ms, and whether the goal is met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # not a line per login from django-axes

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from config.settings import base  # noqa: E402

GOAL_MS = 300
PASSWORD = "Tanhe-Bench-2026"
PBKDF2_FIRST = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
# the page without the password's cost: what the rest of a login takes
MD5_ONLY = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--hasher", choices=("argon2", "pbkdf2", "md5"), default="argon2")
    args = parser.parse_args()
    choices = {"argon2": base.PASSWORD_HASHERS, "pbkdf2": PBKDF2_FIRST, "md5": MD5_ONLY}
    hashers = choices[args.hasher]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with override_settings(PASSWORD_HASHERS=hashers):
            run(args.rounds, args.hasher)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def make_account(username: str):
    from tanhe.accounts.models import Organisation, Province, User

    province, _ = Province.objects.get_or_create(code="320000", defaults={"name": "江苏省"})
    org, _ = Organisation.objects.get_or_create(
        kind="authority", name="江苏省生态环境厅", province=province
    )
    return User.objects.create_user(username=username, password=PASSWORD, organisation=org)


def login_once(username: str) -> float:
    """Seconds for one login POST; fails loudly unless it logs in (a redirect)."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    url = reverse("accounts:login")
    started = time.perf_counter()
    response = client.post(url, {"username": username, "password": PASSWORD})
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"login failed: {response.status_code}")
    return elapsed


def report(label: str, samples: list[float]) -> float:
    ms = [s * 1000 for s in samples]
    median = statistics.median(ms)
    print(f"{label:<38} n={len(ms):3d}  median {median:7.1f}  worst {max(ms):7.1f} ms")
    return median


def run(rounds: int, hasher: str) -> None:
    from django.contrib.auth.hashers import make_password

    from tanhe.accounts.models import User

    user = make_account("bench-user")
    print(f"stored hash: {user.password.split('$', 1)[0]}")
    login_once(user.username)  # warm-up: imports, templates, the first connection
    median = report(f"login ({hasher} first)", [login_once(user.username) for _ in range(rounds)])
    if hasher == "argon2":
        upgrades = []
        for n in range(5):
            old = make_account(f"bench-old-{n}")
            hash_ = make_password(PASSWORD, hasher="pbkdf2_sha256")
            User.objects.filter(pk=old.pk).update(password=hash_)
            upgrades.append(login_once(old.username))
            stored = User.objects.get(pk=old.pk).password
            assert stored.startswith("argon2$"), stored
        report("first login of a PBKDF2 hash (upgrade)", upgrades)
    verdict = "met" if median <= GOAL_MS else "NOT met"
    print(f"goal: median ≤ {GOAL_MS} ms — {verdict}")


if __name__ == "__main__":
    main()
