"""Storing uploaded files: type checked by content (not by name), size limited, SHA-256 recorded."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from tanhe.audit.services import record
from tanhe.documents.models import StoredFile


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    mime: str


_OOXML = "application/vnd.openxmlformats-officedocument"
KINDS = {
    k.key: k
    for k in (
        Kind("pdf", "PDF", "application/pdf"),
        Kind("png", "PNG 图片", "image/png"),
        Kind("jpg", "JPEG 图片", "image/jpeg"),
        Kind("docx", "Word 文档", f"{_OOXML}.wordprocessingml.document"),
        Kind("xlsx", "Excel 表格", f"{_OOXML}.spreadsheetml.sheet"),
        Kind("zip", "ZIP 压缩包", "application/zip"),
    )
}
IMAGES_AND_PDF = frozenset({"pdf", "png", "jpg"})
DOCUMENTS = frozenset(KINDS)


class FileRejected(ValueError):
    """The upload is not acceptable; ``str(exc)`` is the Chinese message for the user."""


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for ZIP containers, their contents)."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension in ("pdf", "png", "jpg"):
        return str(guess.extension)
    if guess.extension in ("docx", "xlsx", "zip") and data is not None:
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _read(upload: UploadedFile | bytes) -> bytes:
    if isinstance(upload, bytes):
        return upload
    upload.seek(0)
    return b"".join(upload.chunks())


@transaction.atomic
def store_file(
    *,
    upload: UploadedFile | bytes,
    name: str,
    owner: Any,
    actor: Any,
    allowed: Iterable[str] = DOCUMENTS,
) -> StoredFile:
    """Check, store and record an upload; raises :class:`FileRejected` with a clear reason."""
    allowed = frozenset(allowed)
    data = _read(upload)
    limit = settings.FILE_MAX_BYTES
    if not data:
        raise FileRejected(f"文件“{name}”是空文件")
    if len(data) > limit:
        raise FileRejected(
            f"文件“{name}”大小 {len(data) / 1048576:.1f} MB，超过上限 {limit / 1048576:.0f} MB"
        )
    kind = sniff(data[:8192], data)
    if kind is None or kind not in allowed:
        wanted = "、".join(KINDS[k].label for k in sorted(allowed))
        found = KINDS[kind].label if kind else "无法识别的格式"
        raise FileRejected(
            f"文件“{name}”的内容为{found}，此处只接受：{wanted}（按文件内容判断，而非扩展名）"
        )
    digest = hashlib.sha256(data).hexdigest()
    _write(digest, data)
    stored = StoredFile.objects.create(
        sha256=digest,
        size=len(data),
        content_type=KINDS[kind].mime,
        original_name=Path(name).name[:255] or f"file.{kind}",
        owner=owner,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="file.upload",
        obj=stored,
        organisation=owner,
        changes={"sha256": (None, digest), "size": (None, len(data))},
    )
    return stored


def path_of(stored: StoredFile) -> Path:
    return Path(settings.FILES_ROOT) / stored.sha256[:2] / stored.sha256


def _write(digest: str, data: bytes) -> None:
    """Content-addressed: the same bytes are stored once; written atomically."""
    target = Path(settings.FILES_ROOT) / digest[:2] / digest
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
