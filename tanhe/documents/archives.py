"""One safety check for every zip-based upload (.xlsx, .docx, .zip) before anything opens it:
the registry import, the report's Excel import and every stored file (``store_file``).

A zip is refused when it cannot be read, has encrypted members, too many members, a member
path that could escape a directory (absolute, ``..``, backslash, drive letter, NUL), a member
inflating more than ``ZIP_MAX_RATIO`` times, or more than ``UNZIPPED_MAX_BYTES`` in all.
Sizes are checked twice: as the central directory declares them (nothing inflated yet), and
while every member is actually inflated in chunks with a running total — declared sizes can
lie, and the inflating stops at the first byte over the limit.

:func:`check_archive` returns what was read (:class:`Archive`) or raises
:class:`ArchiveRejected`, whose ``reason`` says why and ``str()`` is the message for the user.
"""

from __future__ import annotations

import io
import lzma
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from tanhe.inputs import shorten

NOT_ZIP = "not_zip"  # not a zip at all (callers may have their own words for that)
DAMAGED = "damaged"
ENCRYPTED = "encrypted"
TOO_MANY = "entries"
UNSAFE_PATH = "path"
TOO_LARGE = "size"
TOO_COMPRESSED = "ratio"

CHUNK = 1 << 16
RATIO_FROM = 1 << 20  # members inflating to less than 1 MiB may have any ratio
CONTENT_TYPES = "[Content_Types].xml"
_DRIVE = re.compile(r"[A-Za-z]:")
_MACRO_PART = re.compile(r"vbaproject.*\.bin", re.IGNORECASE)
_MACRO_TYPE = re.compile(r"macroenabled|vbaproject", re.IGNORECASE)


class ArchiveRejected(ValueError):
    """The zip is not opened; ``reason`` is one of the constants above, ``str(exc)`` the
    message for the user."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class Archive:
    """A zip that passed every check: its member names and the text of its
    ``[Content_Types].xml`` (Office files; ``""`` when there is none)."""

    names: frozenset[str]
    inflated: int  # bytes the members inflated to
    content_types: str = ""

    @property
    def has_macros(self) -> bool:
        """A macro-enabled Office file: a VBA project part, or a macroEnabled content type."""
        parts = (PurePosixPath(n).name for n in self.names)
        return any(_MACRO_PART.fullmatch(p) for p in parts) or bool(
            _MACRO_TYPE.search(self.content_types)
        )


@dataclass(frozen=True)
class Limits:
    inflated: int
    entries: int
    ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(settings.UNZIPPED_MAX_BYTES, settings.ZIP_MAX_ENTRIES, settings.ZIP_MAX_RATIO)


def check_archive(data: bytes, name: str) -> Archive:
    """Check a zip upload whole before anything else opens it (see the module's docstring)."""
    limits = Limits.from_settings()
    shown = shorten(name)
    _check_directory_size(data, shown, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError,
            EOFError, struct.error):  # fmt: skip
        raise ArchiveRejected(
            NOT_ZIP, _("文件“%(name)s”不是 zip 压缩格式或已损坏") % {"name": shown}
        ) from None
    with archive:
        members = archive.infolist()
        _check_members(members, shown, limits)
        return _inflate(archive, members, shown, limits)


def _end_of_directory(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of the central directory as the end record states them, read without
    parsing the directory (``None`` when there is no end record: not a zip)."""
    position = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if position < 0 or len(data) < position + 22:
        return None
    entries, size = struct.unpack_from("<HL", data, position + 10)
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # ZIP64: the real numbers are in its record
        locator = position - 20
        if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            return None  # left to zipfile (and the count of what it found)
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if data[offset : offset + 4] != b"PK\x06\x06" or len(data) < offset + 56:
            return None
        entries, size = struct.unpack_from("<QQ", data, offset + 32)
    return entries, size


def _check_directory_size(data: bytes, shown: str, limits: Limits) -> None:
    """Too many members is refused before Python builds an object for each of them."""
    found = _end_of_directory(data)
    if found is None:
        return
    entries, size = found
    if entries > limits.entries or size > limits.entries * 1024:
        raise _too_many(shown, entries, limits)


def _too_many(shown: str, entries: int, limits: Limits) -> ArchiveRejected:
    return ArchiveRejected(
        TOO_MANY,
        _("文件“%(name)s”中有 %(count)d 个文件，超过上限 %(limit)d 个，未读取")
        % {"name": shown, "count": entries, "limit": limits.entries},
    )


def unsafe_path(path: str) -> bool:
    """A member path that could land outside the folder it is unpacked into."""
    return (
        "\x00" in path
        or "\\" in path
        or path.startswith("/")
        or _DRIVE.match(path) is not None
        or ".." in path.split("/")
    )


def _check_members(members: list[zipfile.ZipInfo], shown: str, limits: Limits) -> None:
    """What the central directory declares: count, paths, encryption, sizes and ratios."""
    if len(members) > limits.entries:
        raise _too_many(shown, len(members), limits)
    for info in members:
        if unsafe_path(info.orig_filename) or unsafe_path(info.filename):
            raise ArchiveRejected(
                UNSAFE_PATH,
                _(
                    "文件“%(name)s”中的“%(path)s”路径不安全（绝对路径、“..”、反斜杠、盘符或空字符），"
                    "不能接收"
                )
                % {"name": shown, "path": shorten(info.orig_filename.replace("\x00", "\\0"))},
            )
        if info.flag_bits & 0x1:
            raise ArchiveRejected(
                ENCRYPTED,
                _("文件“%(name)s”中有加密的内容，无法检查，不能接收：请去掉密码后重新压缩")
                % {"name": shown},
            )
        _check_ratio(info, info.file_size, shown, limits)
    if sum(i.file_size for i in members) > limits.inflated:
        raise _too_large(shown, limits)


def _check_ratio(info: zipfile.ZipInfo, inflated: int, shown: str, limits: Limits) -> None:
    if inflated > RATIO_FROM and inflated > limits.ratio * max(info.compress_size, 1):
        raise ArchiveRejected(
            TOO_COMPRESSED,
            _(
                "文件“%(name)s”中的“%(path)s”解压后是压缩时的 %(ratio)d 倍以上"
                "（上限 %(limit)d 倍），未读取"
            )
            % {
                "name": shown,
                "path": shorten(info.filename),
                "ratio": inflated // max(info.compress_size, 1),
                "limit": limits.ratio,
            },
        )


def _too_large(shown: str, limits: Limits) -> ArchiveRejected:
    return ArchiveRejected(
        TOO_LARGE,
        _("文件“%(name)s”解压后超过 %(limit)d MB 的上限，未读取")
        % {"name": shown, "limit": limits.inflated // 1048576},
    )


def _inflate(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], shown: str, limits: Limits
) -> Archive:
    """Inflate every member in chunks, stopping at the first byte over the limits (whatever the
    directory declared); a member that does not inflate to its checksum is damage."""
    total = 0
    content_types = b""
    try:
        for info in members:
            if info.is_dir():
                continue
            inflated = 0
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    inflated += len(chunk)
                    total += len(chunk)
                    if total > limits.inflated:
                        raise _too_large(shown, limits)
                    _check_ratio(info, inflated, shown, limits)
                    if info.filename == CONTENT_TYPES and len(content_types) < RATIO_FROM:
                        content_types += chunk
    except ArchiveRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, NotImplementedError, RuntimeError,
            EOFError, OSError, ValueError):  # fmt: skip
        raise ArchiveRejected(
            DAMAGED,
            _("文件“%(name)s”已损坏或使用了不支持的压缩方式，无法解压检查") % {"name": shown},
        ) from None
    return Archive(
        frozenset(i.filename for i in members),
        total,
        content_types.decode("utf-8", errors="replace"),
    )
