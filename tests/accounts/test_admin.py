"""The operator's Django admin for provinces, organisations, users and roles (mounted only when
TANHE_ADMIN_ENABLED is true; these tests mount it as that setting does)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tanhe.accounts.models import Organisation, Province, RoleAssignment, User

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_with_admin")]


@pytest.fixture
def operator(client):
    user = User.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user


@pytest.mark.parametrize("model", [Province, Organisation, User, RoleAssignment])
def test_admin_lists_and_add_forms_render(client, operator, reviewer, model):
    name = model._meta.model_name
    assert client.get(reverse(f"admin:accounts_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:accounts_{name}_add")).status_code == 200


def test_admin_user_page_shows_organisation_and_roles(client, operator, reviewer):
    response = client.get(reverse("admin:accounts_user_change", args=[reviewer.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "江苏省生态环境厅" in html
    assert "重点排放单位报送账号" in html  # the is_enterprise_account field
    assert "审核人" in html  # the role inline


def test_admin_adds_a_user(client, operator, js_authority):
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new-admin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-role": "reviewer",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="new-admin")
    assert user.check_password(PASSWORD)
    assert user.role_set() == {"reviewer"}
