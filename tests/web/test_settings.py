import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation


def _import_production():
    sys.modules.pop("config.settings.production", None)
    return importlib.import_module("config.settings.production")


def test_production_requires_secret_key_and_hosts(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.delenv("DJANGO_ALLOWED_HOSTS", raising=False)

    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        _import_production()


def test_production_is_locked_down(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tanhe.example.cn, www.tanhe.example.cn")

    prod = _import_production()

    assert prod.DEBUG is False
    assert prod.ALLOWED_HOSTS == ["tanhe.example.cn", "www.tanhe.example.cn"]
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    sys.modules.pop("config.settings.production", None)


def test_compiled_english_catalogue_is_current():
    """The committed django.mo must contain the translations (run compilemessages)."""
    with translation.override("en"):
        assert translation.gettext("信息汇总表") == "Summary table"
        assert translation.gettext("计算过程") == "Calculation steps"
        assert translation.gettext("燃煤机组") == "Coal-fired unit"
    with translation.override("zh-hans"):
        assert translation.gettext("信息汇总表") == "信息汇总表"


def test_database_follows_database_url(monkeypatch):
    """DATABASE_URL picks the backend (the suite runs on PostgreSQL in CI, SQLite locally)."""
    import os

    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    if url and expected == "sqlite" and not url.startswith("sqlite"):
        pytest.skip(f"unexpected DATABASE_URL scheme: {url.split(':', 1)[0]}")
    assert connection.vendor == expected


def test_english_catalogue_is_complete():
    """Every msgid has an English msgstr and nothing is fuzzy (makemessages, then translate)."""
    from pathlib import Path

    po = Path(__file__).resolve().parents[2] / "tanhe/locale/en/LC_MESSAGES/django.po"
    text = po.read_text("utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    assert "#, fuzzy" not in text
    untranslated = []
    for entry in entries:
        lines = entry.strip().split("\n")
        for i, line in enumerate(lines):
            empty = line in ('msgstr ""', 'msgstr[0] ""', 'msgstr[1] ""')
            continued = i + 1 < len(lines) and lines[i + 1].startswith('"')
            if empty and not continued:
                untranslated.append(entry)
    assert untranslated == []


def test_no_translation_call_hides_inside_an_f_string():
    """makemessages (xgettext) does not look inside f-strings: a message there is never
    catalogued and a later makemessages drops its translation."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "tanhe"
    hidden = re.compile(r"""f(["']).*?\{\s*(_|gettext|pgettext|ngettext)\(.*?\1""")
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if hidden.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_admin_is_off_unless_enabled(client, settings, monkeypatch):
    """/admin/ answers 404 by default; TANHE_ADMIN_ENABLED=true mounts it."""
    import config.urls

    assert client.get("/admin/").status_code == 404
    settings.TANHE_ADMIN_ENABLED = True
    try:
        importlib.reload(config.urls)
        assert any(str(p.pattern) == "admin/" for p in config.urls.urlpatterns)
    finally:
        settings.TANHE_ADMIN_ENABLED = False
        importlib.reload(config.urls)
    assert not any(str(p.pattern) == "admin/" for p in config.urls.urlpatterns)


def test_production_sends_hsts_a_year_with_subdomains(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tanhe.example.cn")
    monkeypatch.delenv("DJANGO_SECURE_HSTS_SECONDS", raising=False)

    prod = _import_production()

    assert prod.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    sys.modules.pop("config.settings.production", None)


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    """No inline script or style, nothing from elsewhere, no framing."""
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
