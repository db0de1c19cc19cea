"""The site's password hashing (config.settings.base): Argon2 for new passwords; a password
stored before with PBKDF2 still logs in and is stored again with Argon2 at that login. The
tests' own settings use MD5 for speed, so these tests put the real list back."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from config.settings import base
from tanhe.accounts.models import User

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        yield


def test_argon2_is_the_first_hasher_and_the_old_ones_follow():
    hashers = base.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in hashers[1:]


def test_a_new_password_is_stored_with_argon2id(real_hashers, reviewer):
    reviewer.set_password(PASSWORD)
    reviewer.save()
    assert User.objects.get(pk=reviewer.pk).password.startswith("argon2$argon2id$")


def test_a_pbkdf2_password_logs_in_and_is_upgraded_to_argon2(real_hashers, client, js_authority):
    user = make_user(js_authority, "old-account")
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=user.pk).update(password=old)

    response = client.post(
        reverse("accounts:login"), {"username": "old-account", "password": PASSWORD}
    )

    assert response.status_code == 302
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert stored != old
    # and the new hash logs in again
    client.logout()
    again = client.post(
        reverse("accounts:login"), {"username": "old-account", "password": PASSWORD}
    )
    assert again.status_code == 302


def test_a_wrong_password_does_not_upgrade_the_hash(real_hashers, client, js_authority):
    user = make_user(js_authority, "old-account")
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    User.objects.filter(pk=user.pk).update(password=old)

    response = client.post(
        reverse("accounts:login"), {"username": "old-account", "password": "Wrong-2024-pw"}
    )

    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).password == old
