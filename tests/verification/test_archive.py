"""The archive of one verification (guide 4.8, services/archive.py): the zip holds the report's
stored DOCX and PDF, every kept record as JSON, every referenced file, the audit trail and a
manifest with the SHA-256 of each member; the same data give the same bytes; the export is for
the authority and the agency holding the task, and audited."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.verification.models import Answer, ConfirmedValue, NonConformity
from tanhe.verification.services.archive import build_archive, export_archive

from .archive_setup import *  # noqa: F403
from .archive_setup import DOCX, EVIDENCE, PDF, appeal, stored


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def records(data: bytes, label: str) -> list[dict]:
    return json.loads(members(data)[f"records/{label}.json"])


@pytest.fixture
def appealed(task, notified, plant):
    """A 复核 with the plant's evidence file."""
    filed = appeal(task, plant)
    filed.evidence.add(stored(EVIDENCE, "证明材料.pdf", "application/pdf", task.enterprise, plant))
    return filed


def test_the_archive_holds_the_report_the_records_and_the_files(task, appealed):
    data = build_archive(task)
    found = members(data)
    assert found["report/JS-2025-006.docx"] == DOCX
    assert found["report/JS-2025-006.pdf"] == PDF
    assert found[f"files/{hashlib.sha256(EVIDENCE).hexdigest()}.pdf"] == EVIDENCE
    assert len([n for n in found if n.startswith("files/")]) == 1  # the report's are in report/
    values = records(data, "verification.ConfirmedValue")
    assert [(v["code"], v["confirmed"]) for v in values] == list(
        ConfirmedValue.objects.filter(task=task).order_by("pk").values_list("code", "confirmed")
    )
    ncs = records(data, "verification.NonConformity")
    assert [n["state"] for n in ncs] == ["closed", "rejected"]
    assert (
        records(data, "verification.Answer")[0]["cause"]
        == Answer.objects.get(nonconformity__task=task).cause
    )
    assert records(data, "verification.ReviewComment")[0]["text"] == "抽样比例未写明"
    assert records(data, "verification.Notification")[0]["total_emissions"] == "1234567.89"
    assert records(data, "verification.Appeal_evidence")[0]["appeal_id"] == appealed.pk
    assert len(records(data, "verification.TeamMember")) == 2
    assert {(f["original_name"], f["member"]) for f in records(data, "documents.StoredFile")} == {
        ("核查报告.docx", "report/JS-2025-006.docx"), ("核查报告.pdf", "report/JS-2025-006.pdf"),
        ("证明材料.pdf", f"files/{hashlib.sha256(EVIDENCE).hexdigest()}.pdf"),
    }  # fmt: skip


def test_the_audit_trail_concerns_the_verifications_objects(task, appealed, authority):
    export_archive(authority, task)
    trail = json.loads(members(build_archive(task))["audit.json"])
    actions = [e["action"] for e in trail]
    assert actions.count(Action.NC_CLOSE) == 1 and actions.count(Action.NC_REJECT) == 1
    assert Action.VALUES_CONFIRMED in actions
    assert Action.ARCHIVE_EXPORT not in actions  # the export is not part of the record
    ncs = {str(pk) for pk in NonConformity.objects.filter(task=task).values_list("pk", flat=True)}
    assert {
        e["object_id"] for e in trail if e["object_type"] == "verification.nonconformity"
    } == ncs
    assert [e["at"] for e in trail] == sorted(e["at"] for e in trail)


def test_the_manifest_lists_every_member_with_its_sha256(task, appealed):
    found = members(build_archive(task))
    manifest = json.loads(found.pop("manifest.json"))
    assert [m["name"] for m in manifest["members"]] == sorted(found)
    for member in manifest["members"]:
        assert member["sha256"] == hashlib.sha256(found[member["name"]]).hexdigest()
        assert member["size"] == len(found[member["name"]])
    assert manifest["closed"] is False  # the 复核 is pending
    assert manifest["kept_until"] == {"agency": None, "authority": None}


def test_the_same_data_give_the_same_bytes(task, appealed, lead):
    first = build_archive(task)
    export_archive(lead, task)  # an export changes nothing the archive holds
    assert build_archive(task) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    appealed.reason = "补充理由"
    appealed.save()
    assert build_archive(task) != first


def test_the_export_is_audited_and_limited(task, report, authority, lead, plant):
    data = export_archive(authority, task)
    entry = AuditEntry.objects.filter(action=Action.ARCHIVE_EXPORT).latest("id")
    assert entry.organisation_id == task.enterprise_id and entry.actor_id == authority.pk
    assert entry.changes["sha256"] == [None, hashlib.sha256(data).hexdigest()]
    with pytest.raises(PermissionDenied):
        export_archive(plant, task)
    assert AuditEntry.objects.filter(action=Action.ARCHIVE_EXPORT).count() == 1


def test_a_missing_file_is_named(task, report):
    from tanhe.documents.services import path_of

    path_of(report.pdf).unlink()
    with pytest.raises(ValidationError, match=r"核查报告\.pdf"):
        build_archive(task)
    path_of(report.pdf).write_bytes(PDF)


# -- the page -----------------------------------------------------------------------------------
def test_the_page_shows_the_periods_and_the_download(client, task, notified, authority):
    client.force_login(authority)
    page = client.get(reverse("verification:archive", args=[task.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-closed="1"' in html and 'id="archive-download"' in html
    assert 'data-holder="agency"' in html and 'data-value="10"' in html
    response = client.post(reverse("verification:archive_download", args=[task.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "manifest.json" in members(response.content)
    assert AuditEntry.objects.filter(action=Action.ARCHIVE_EXPORT, actor=authority).exists()


def test_the_agency_downloads_and_the_plant_does_not(client, task, report, lead, plant):
    client.force_login(lead)
    response = client.post(reverse("verification:archive_download", args=[task.pk]))
    assert response.status_code == 200
    assert members(response.content)["report/JS-2025-006.docx"] == DOCX
    client.force_login(plant)
    assert client.get(reverse("verification:archive", args=[task.pk])).status_code == 404
    assert client.post(reverse("verification:archive_download", args=[task.pk])).status_code == 404


def test_a_refused_export_is_a_message_not_an_error(client, task, report, authority):
    from tanhe.documents.services import path_of

    path_of(report.docx).unlink()
    client.force_login(authority)
    response = client.post(reverse("verification:archive_download", args=[task.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("verification:archive", args=[task.pk])
    assert "核查报告.docx" in response.content.decode()
    path_of(report.docx).write_bytes(DOCX)


def test_the_operators_command_writes_the_same_archive(task, report, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "archive.zip"
    call_command("archive_task", str(task.pk), str(target), stdout=io.StringIO())
    assert target.read_bytes() == build_archive(task)
    entry = AuditEntry.objects.filter(action=Action.ARCHIVE_EXPORT).latest("id")
    assert entry.actor is None and entry.note == "manage.py archive_task"
