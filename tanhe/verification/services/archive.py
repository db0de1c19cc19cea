"""The archive of one verification (guide 4.8: 核查的全部书面（含电子）文件): a zip holding the
report's frozen DOCX and PDF, every kept record as JSON, every file the records reference, the
audit trail, and ``manifest.json`` with the SHA-256 and size of every other member.

Reproducible byte for byte from the data: members sorted by name, a fixed timestamp, mode and
compression on each, JSON with sorted keys; nothing of the moment of the export goes in (the
export's own audit rows are left out of the trail)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.documents.models import StoredFile
from tanhe.documents.services import download_name, path_of

from .. import retention
from .. import selectors_archive as sa
from ..models import Task
from ._common import _audit, locked

EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can state
MODE = 0o644 << 16
MANIFEST = "manifest.json"
_UNSAFE = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff._-]+")


def _json(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


def _bytes(stored: StoredFile) -> bytes:
    try:
        data = path_of(stored).read_bytes()
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise ValidationError(
            _("文件“%(name)s”（SHA-256 %(sha)s）在文件存储中缺失或已损坏，无法归档")
            % {"name": stored.original_name, "sha": stored.sha256[:12]}
        )
    return data


def _suffix(stored: StoredFile) -> str:
    name = download_name(stored)
    return name.rsplit(".", 1)[-1].lower() if "." in name else "bin"


def _file_member(stored: StoredFile) -> str:
    return f"files/{stored.sha256}.{_suffix(stored)}"


def _report_files(task: Task) -> dict[int, str]:
    """The report's stored DOCX and PDF: file id → member name (``report/<number>.<ext>``)."""
    report = sa.report_of(task)
    if report is None:
        return {}
    number = _UNSAFE.sub("_", report.number) or str(report.pk)
    return {
        stored.pk: f"report/{number}.{ext}"
        for ext, stored in (("docx", report.docx), ("pdf", report.pdf))
        if stored is not None
    }


def _members(task: Task) -> dict[str, bytes]:
    rows = sa.kept_rows(task)
    files = sa.referenced_files(rows)
    named = _report_files(task)  # the report's files under report/, the others under files/
    for stored in files:
        named.setdefault(stored.pk, _file_member(stored))
    members = {named[f.pk]: _bytes(f) for f in files}
    for label, objs in rows.items():
        members[f"records/{label}.json"] = _json([sa.row_of(o) for o in objs])
    members["records/documents.StoredFile.json"] = _json(
        [sa.row_of(f) | {"member": named[f.pk]} for f in files]
    )
    members["audit.json"] = _json([sa.row_of(e) for e in sa.audit_trail(rows, files)])
    return members


def _manifest(task: Task, members: dict[str, bytes]) -> bytes:
    return _json(
        {
            "task": task.pk,
            "enterprise": task.enterprise.credit_code,
            "year": task.campaign.year,
            "closed": retention.is_closed(task.pk),
            "kept_until": {
                h: (d.isoformat() if (d := retention.kept_until(task, h)) else None)
                for h in retention.HOLDERS
            },
            "members": [
                {
                    "name": name,
                    "sha256": hashlib.sha256(members[name]).hexdigest(),
                    "size": len(members[name]),
                }
                for name in sorted(members)
            ],
        }
    )


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = MODE
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def build_archive(task: Task) -> bytes:
    """The verification's archive as zip bytes (see the module's docstring)."""
    task = Task.objects.select_related("campaign", "enterprise").get(pk=task.pk)
    members = _members(task)
    members[MANIFEST] = _manifest(task, members)
    return _zip(members)


@transaction.atomic
def export_archive(actor: User, task: Task) -> bytes:
    """The archive for the authority or the agency holding the task, audited (ARCHIVE_EXPORT
    with the archive's SHA-256)."""
    task = locked(task)
    perm.require(
        sa.may_export(actor, task),
        _("只有省级生态环境主管部门和承担该任务的技术服务机构可以导出核查档案"),
    )
    data = build_archive(task)
    _audit(
        actor,
        Action.ARCHIVE_EXPORT,
        task,
        task,
        {"sha256": (None, hashlib.sha256(data).hexdigest()), "size": (None, len(data))},
    )
    return data


@transaction.atomic
def export_archive_by_operator(task: Task, note: str) -> bytes:
    """The archive written by the platform's operator (``manage.py archive_task``), audited with
    no actor and ``note`` saying how."""
    task = locked(task)
    data = build_archive(task)
    record(
        actor=None,
        action=Action.ARCHIVE_EXPORT,
        obj=task,
        changes={"sha256": (None, hashlib.sha256(data).hexdigest()), "size": (None, len(data))},
        organisation=task.enterprise,
        note=note,
    )
    return data
