"""Storing uploaded files: type checked by content (not by name), size limited, SHA-256 recorded.

A zip-based file (.docx, .xlsx, .zip) passes :func:`tanhe.documents.archives.check_archive`
first; macro-enabled Office files are refused. A file is stored and served under the user's
base name with the extension of its sniffed type (``x.html`` holding a JPEG is ``x.jpg``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.documents.archives import NOT_ZIP, Archive, ArchiveRejected, check_archive
from tanhe.documents.models import StoredFile
from tanhe.inputs import shorten

if TYPE_CHECKING:
    from typing import TypeAlias

    # What store_file() takes: a form's upload, or the bytes themselves (imports, the demo).
    Upload: TypeAlias = UploadedFile[bytes] | bytes


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # a msgid: shown through gettext
    mime: str
    extensions: tuple[str, ...] = ()  # other spellings of the extension kept as the user wrote

    def named(self, name: str) -> str:
        """``name`` with this kind's extension: the base name kept, a wrong extension replaced
        (``x.html`` → ``x.jpg``), a missing one added; no directories."""
        base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
        match = _EXTENSION.search(base)
        if match and match[1].lower() in (self.key, *self.extensions):
            return base[:255]
        stem = (base[: match.start()] if match else base).strip() or "file"
        return f"{stem[: 254 - len(self.key)]}.{self.key}"


_OOXML = "application/vnd.openxmlformats-officedocument"
KINDS = {
    k.key: k
    for k in (
        Kind("pdf", "PDF", "application/pdf"),
        Kind("png", gettext_noop("PNG 图片"), "image/png"),
        Kind("jpg", gettext_noop("JPEG 图片"), "image/jpeg", ("jpeg", "jpe")),
        Kind("docx", gettext_noop("Word 文档"), f"{_OOXML}.wordprocessingml.document"),
        Kind("xlsx", gettext_noop("Excel 表格"), f"{_OOXML}.spreadsheetml.sheet"),
        Kind("zip", gettext_noop("ZIP 压缩包"), "application/zip"),
    )
}
IMAGES_AND_PDF = frozenset({"pdf", "png", "jpg"})
DOCUMENTS = frozenset(KINDS)
KIND_OF_MIME = {k.mime: k for k in KINDS.values()}
# An extension: a letter, then letters or digits ("v1.2" has none; "x.html" has "html").
_EXTENSION = re.compile(r"\.([A-Za-z][A-Za-z0-9]{0,7})$")
MACRO_EXTENSIONS = frozenset({"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm",
                              "ppam", "sldm"})  # fmt: skip


class FileRejected(ValueError):
    """The upload is not acceptable; ``str(exc)`` is the message for the user, in the language
    active when it was raised (the request's)."""


def sniff(head: bytes, data: bytes | None = None, name: str = "") -> str | None:
    """The kind of a file from its first bytes (and, for ZIP containers, their contents).
    Raises :class:`FileRejected` for a zip that is unsafe to open or holds macros."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.extension in ("pdf", "png", "jpg"):
        return str(guess.extension)
    if guess.extension in ("docx", "xlsx", "zip") and data is not None:
        return _zip_kind(data, name)
    return None


def _zip_kind(data: bytes, name: str) -> str | None:
    try:
        archive = check_archive(data, name)
    except ArchiveRejected as exc:
        if exc.reason == NOT_ZIP:
            return None  # "无法识别的格式"
        raise FileRejected(str(exc)) from None
    if archive.has_macros:
        raise _macros(name)
    return _office_kind(archive)


def _office_kind(archive: Archive) -> str:
    names = archive.names
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _macros(name: str) -> FileRejected:
    return FileRejected(
        _(
            "文件“%(name)s”是启用宏的 Office 文件，出于安全原因不能上传：请另存为不含宏的"
            " .docx、.xlsx 或 .pptx 后重新上传"
        )
        % {"name": shorten(name)}
    )


def download_name(stored: StoredFile) -> str:
    """The name a stored file is served under: its base name with the extension of its type
    as sniffed at upload (also for files stored before names were corrected)."""
    kind = KIND_OF_MIME.get(stored.content_type)
    return kind.named(stored.original_name) if kind else stored.original_name


def _read(upload: Upload) -> bytes:
    if isinstance(upload, bytes):
        return upload
    upload.seek(0)
    return b"".join(upload.chunks())


def checked_upload(*, upload: Upload, name: str, allowed: Iterable[str] = DOCUMENTS) -> bytes:
    """The upload's bytes, if it may be stored: not empty, within the size limit, of an allowed
    kind by content; raises :class:`FileRejected` with a clear reason. :func:`store_file` asks
    it; a service that checks the content further (the stamped scan) asks it first."""
    data, _kind = _checked(upload, name, frozenset(allowed))
    return data


def _checked(upload: Upload, name: str, allowed: frozenset[str]) -> tuple[bytes, str]:
    data = _read(upload)
    limit = settings.FILE_MAX_BYTES
    shown = shorten(name)
    if not data:
        raise FileRejected(_("文件“%(name)s”是空文件") % {"name": shown})
    if len(data) > limit:
        raise FileRejected(
            _("文件“%(name)s”大小 %(size)s MB，超过上限 %(limit)s MB")
            % {
                "name": shown,
                "size": f"{len(data) / 1048576:.1f}",
                "limit": f"{limit / 1048576:.0f}",
            }
        )
    match = _EXTENSION.search(name)
    if match and match[1].lower() in MACRO_EXTENSIONS:
        raise _macros(name)
    kind = sniff(data[:8192], data, name)
    if kind is None or kind not in allowed:
        # "、": the language's list separator (", " in English)
        wanted = _("、").join(_(KINDS[k].label) for k in sorted(allowed))
        found = _(KINDS[kind].label) if kind else _("无法识别的格式")
        raise FileRejected(
            _(
                "文件“%(name)s”的内容为%(found)s，此处只接受：%(wanted)s（按文件内容判断，而非扩展名）"
            )
            % {"name": shown, "found": found, "wanted": wanted}
        )
    return data, kind


@transaction.atomic
def store_file(
    *,
    upload: Upload,
    name: str,
    owner: Organisation,
    actor: User,
    allowed: Iterable[str] = DOCUMENTS,
) -> StoredFile:
    """Check, store and record an upload; raises :class:`FileRejected` with a clear reason."""
    data, kind = _checked(upload, name, frozenset(allowed))
    digest = hashlib.sha256(data).hexdigest()
    _write(digest, data)
    stored = StoredFile.objects.create(
        sha256=digest,
        size=len(data),
        content_type=KINDS[kind].mime,
        original_name=KINDS[kind].named(name),
        owner=owner,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action=Action.FILE_UPLOAD,
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
