"""The demo (as ``manage.py load_demo`` builds it) built once per module (inside a transaction rolled back at the end, as tests/authority
does) for the workbench's selector and page tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tanhe.accounts.models import Organisation, User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import EnterpriseSpec
from tanhe.demo.verification import build_demo_campaign


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        build_demo_campaign()  # the 2025 campaign and its four 合成 plants, as load_demo does
        yield
        transaction.set_rollback(True)


def org(spec: EnterpriseSpec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def filer(spec: EnterpriseSpec) -> User:
    return User.objects.get(organisation=org(spec), is_enterprise_account=True)


def user(username: str) -> User:
    return User.objects.get(username=username)
