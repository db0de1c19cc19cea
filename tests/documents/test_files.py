"""Stored files: checked by content, stored outside the web root, served only to those allowed."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from tanhe.audit.models import AuditEntry
from tanhe.documents.services import FileRejected, path_of, sniff, store_file
from tests.plans.conftest import PDF, PNG, make_user

pytestmark = pytest.mark.django_db


def _office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [(PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpg"),
     (_office("docx"), "docx"), (_office("xlsx"), "xlsx"), (b"MZ\x90\x00", None),
     (b"plain text", None)],
)  # fmt: skip
def test_kind_is_read_from_the_content(data, kind):
    assert sniff(data[:8192], data) == kind


def test_store_checks_kind_size_and_records_sha256(filer, enterprise, settings):
    with pytest.raises(FileRejected, match="内容为PDF，此处只接受：PNG 图片"):
        store_file(upload=PDF, name="图.png", owner=enterprise, actor=filer, allowed={"png"})
    settings.FILE_MAX_BYTES = 10
    with pytest.raises(FileRejected, match="超过上限"):
        store_file(upload=PDF, name="a.pdf", owner=enterprise, actor=filer)
    settings.FILE_MAX_BYTES = 1 << 20
    stored = store_file(upload=PDF, name="../../etc/计划.pdf", owner=enterprise, actor=filer)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.original_name == "计划.pdf"  # no directories from the client's name
    assert path_of(stored).read_bytes() == PDF
    assert AuditEntry.objects.filter(action="file.upload", object_id=str(stored.pk)).exists()


def test_download_only_for_those_allowed(client, filer, enterprise, other_enterprise, reviewer,
                                         other_reviewer):  # fmt: skip
    stored = store_file(upload=PDF, name="计划.pdf", owner=enterprise, actor=filer)
    url = reverse("documents:download", args=[stored.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    for user, status in ((filer, 200), (reviewer, 200), (other_enterprise.users.get(), 404),
                         (other_reviewer, 404)):  # fmt: skip
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "attachment" in response["Content-Disposition"]


@override_settings(FILES_ROOT="/nonexistent-never-created")
def test_files_root_is_outside_the_static_and_template_dirs(settings):
    from pathlib import Path

    root = Path(settings.FILES_ROOT).resolve()
    static = [Path(p).resolve() for p in settings.STATICFILES_DIRS] + [Path(settings.STATIC_ROOT)]
    assert all(root != s and s not in root.parents for s in static)


def test_agency_user_cannot_download(client, filer, enterprise):
    from tanhe.accounts.models import Organisation

    agency = Organisation.objects.create(kind="agency", name="核查机构")
    user = make_user(agency, "verifier", "verifier")
    stored = store_file(upload=PNG, name="a.png", owner=enterprise, actor=filer)
    client.force_login(user)
    assert client.get(reverse("documents:download", args=[stored.pk])).status_code == 404
