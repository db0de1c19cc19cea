"""Issue #7 findings 7 and 10 for stored files: one zip check (inflate limit, members, paths,
encryption) before anything opens an upload; macro-enabled Office files refused; files stored
and served under the extension of their sniffed type."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.urls import reverse

from tanhe.documents import archives
from tanhe.documents.archives import ArchiveRejected, check_archive, unsafe_path
from tanhe.documents.models import StoredFile
from tanhe.documents.services import FileRejected, download_name, store_file
from tanhe.inputs import csv_cell, shorten
from tests.plans.conftest import PDF, PNG

JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 20 + b"<html><script>alert(1)</script></html>"
MB = 1 << 20
pytestmark = pytest.mark.django_db


def zipped(members: dict[str, bytes], level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office(kind: str = "docx", types: str = "<Types/>", **extra: bytes) -> bytes:
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    return zipped({"[Content_Types].xml": types.encode(), main: b"<x/>", **extra})


def bomb(inflated: int, name: str = "xl/worksheets/sheet1.xml", base: bytes = b"") -> bytes:
    """A small zip (``base``'s members, if given) plus one member inflating to ``inflated``
    bytes, written in chunks: a few hundred KB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if base:
            with zipfile.ZipFile(io.BytesIO(base)) as source:
                for info in source.infolist():
                    if info.filename != name:
                        archive.writestr(info, source.read(info))
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(inflated // MB):
                member.write(b"A" * MB)
    return buffer.getvalue()


def lying(data: bytes, declared: int) -> bytes:
    """A one-member zip whose headers state the uncompressed size as ``declared``."""
    out = bytearray(data)
    struct.pack_into("<L", out, out.find(b"PK\x03\x04") + 22, declared)
    struct.pack_into("<L", out, out.find(b"PK\x01\x02") + 24, declared)
    return bytes(out)


def reason(data: bytes) -> str:
    with pytest.raises(ArchiveRejected) as exc:
        check_archive(data, "a.zip")
    return exc.value.reason


# -- the check ---------------------------------------------------------------------------------
def test_a_zip_inflating_past_the_limit_is_refused_before_inflating(settings):
    data = bomb(61 * MB)
    assert len(data) < 200_000
    settings.ZIP_MAX_RATIO = 1_000_000  # so that the size, not the ratio, refuses it
    with pytest.raises(ArchiveRejected) as exc:
        check_archive(data, "报表.xlsx")
    assert exc.value.reason == archives.TOO_LARGE
    assert str(exc.value) == "文件“报表.xlsx”解压后超过 60 MB 的上限，未读取"
    settings.UNZIPPED_MAX_BYTES = 70 * MB
    assert check_archive(data, "报表.xlsx").inflated == 61 * MB


def test_a_member_inflating_a_thousand_times_is_refused(settings):
    data = bomb(8 * MB)
    with pytest.raises(ArchiveRejected) as exc:
        check_archive(data, "a.zip")
    assert exc.value.reason == archives.TOO_COMPRESSED
    assert "解压后是压缩时的" in str(exc.value) and "上限 100 倍" in str(exc.value)
    small = zipped({"zeros.bin": b"\0" * (MB // 2)})  # under 1 MiB: any ratio
    assert check_archive(small, "a.zip").inflated == MB // 2


def test_declared_sizes_that_lie_do_not_get_more_inflated(settings):
    data = lying(zipped({"big.bin": b"A" * (5 * MB)}), 10)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("big.bin").file_size == 10
    assert reason(data) == archives.DAMAGED  # inflating stops at 10 bytes: checksum differs


def test_the_running_total_stops_inflating_at_the_limit(settings, monkeypatch):
    """Even if the directory check let a bomb through, inflating stops one chunk past the
    limit instead of reading it all."""
    settings.UNZIPPED_MAX_BYTES = 2 * MB
    settings.ZIP_MAX_RATIO = 1_000_000
    monkeypatch.setattr(archives, "_check_members", lambda *args: None)
    read = []
    real_read = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        chunk = real_read(self, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    assert reason(bomb(40 * MB)) == archives.TOO_LARGE
    assert sum(read) <= 2 * MB + archives.CHUNK


@pytest.mark.parametrize(
    "path",
    ["../evil.txt", "a/../../evil.txt", "/etc/passwd", "a\\..\\evil.txt", "C:/evil.txt",
     "c:evil.txt", "x\x00.txt"],
)  # fmt: skip
def test_unsafe_member_paths_are_refused(path):
    assert unsafe_path(path)
    data = zipped({"ok.txt": b"1", path.replace("\x00", "Q"): b"2"})
    data = data.replace(path.replace("\x00", "Q").encode(), path.encode())
    assert reason(data) == archives.UNSAFE_PATH


def test_safe_paths_pass():
    for path in (
        "a/b.txt",
        "[Content_Types].xml",
        "xl/worksheets/sheet1.xml",
        "a..b/c",
        "报告/图.png",
    ):
        assert not unsafe_path(path)
    assert check_archive(zipped({"报告/图.png": PNG, "a..b/c": b"1"}), "a.zip").names == {
        "报告/图.png", "a..b/c"}  # fmt: skip


def test_encrypted_members_and_too_many_members_are_refused(settings):
    data = bytearray(zipped({"secret.txt": b"encrypted, its flag says"}))
    data[data.find(b"PK\x03\x04") + 6] |= 0x1  # general purpose flag: encrypted
    data[data.find(b"PK\x01\x02") + 8] |= 0x1
    assert reason(bytes(data)) == archives.ENCRYPTED
    settings.ZIP_MAX_ENTRIES = 5
    assert reason(zipped({f"{i}.txt": b"x" for i in range(6)})) == archives.TOO_MANY
    assert len(check_archive(zipped({f"{i}.txt": b"x" for i in range(5)}), "a").names) == 5


def test_not_a_zip_and_damage_have_their_reasons():
    assert reason(b"plain text") == archives.NOT_ZIP
    data = bytearray(zipped({"a.txt": b"hello" * 1000}))
    data[40:60] = b"\xff" * 20  # the compressed bytes
    assert reason(bytes(data)) in (archives.DAMAGED, archives.NOT_ZIP)


# -- stored files --------------------------------------------------------------------------------


def test_store_file_refuses_a_bomb_unsafe_paths_and_encryption(filer, enterprise, settings):
    with pytest.raises(FileRejected, match="解压后是压缩时的"):
        store_file(upload=bomb(70 * MB, "pad.bin"), name="材料.zip", owner=enterprise, actor=filer)
    settings.ZIP_MAX_RATIO = 1_000_000
    with pytest.raises(FileRejected) as exc:
        store_file(upload=bomb(61 * MB, "pad.bin"), name="材料.zip", owner=enterprise, actor=filer)
    assert str(exc.value) == "文件“材料.zip”解压后超过 60 MB 的上限，未读取"
    with pytest.raises(FileRejected) as exc:
        store_file(upload=zipped({"../evil.txt": b"x"}), name="a.zip", owner=enterprise,
                   actor=filer)  # fmt: skip
    assert str(exc.value) == (
        "文件“a.zip”中的“../evil.txt”路径不安全（绝对路径、“..”、反斜杠、盘符或空字符），不能接收"
    )
    assert not StoredFile.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [(office("docx", **{"word/vbaProject.bin": b"VBA"}), "报告.docx"),
     (office("xlsx", **{"xl/vbaProject.bin": b"VBA"}), "表.xlsx"),
     (office("docx", '<Types><Override ContentType="application/vnd.ms-word.document.'
                     'macroEnabled.main+xml"/></Types>'), "报告.docx"),
     (office("docx"), "报告.docm"), (office("xlsx"), "表.XLSM"), (office("docx"), "演示.pptm")],
)  # fmt: skip
def test_macro_enabled_office_files_are_refused(filer, enterprise, data, name):
    with pytest.raises(FileRejected) as exc:
        store_file(upload=data, name=name, owner=enterprise, actor=filer)
    assert str(exc.value) == (
        f"文件“{name}”是启用宏的 Office 文件，出于安全原因不能上传：请另存为不含宏的"
        " .docx、.xlsx 或 .pptx 后重新上传"
    )


@pytest.mark.parametrize(
    ("data", "name", "stored"),
    [(JPEG, "x.html", "x.jpg"), (JPEG, "scan.JPEG", "scan.JPEG"), (PDF, "计划", "计划.pdf"),
     (PDF, "说明v1.2", "说明v1.2.pdf"), (PNG, "C:\\Users\\张\\图.exe", "图.png"),
     (office("docx"), "报告.zip", "报告.docx"), (zipped({"a.txt": b"1"}), "a.docx", "a.zip"),
     (PDF, ".html", "file.pdf")],
)  # fmt: skip
def test_files_are_stored_with_the_extension_of_their_sniffed_type(filer, enterprise, data,
                                                                   name, stored):  # fmt: skip
    assert store_file(upload=data, name=name, owner=enterprise, actor=filer).original_name == stored


def test_files_are_served_with_their_sniffed_name_and_type(client, filer, enterprise):
    """Also a file stored before names were corrected: the name is derived when served."""
    new = store_file(upload=JPEG, name="x.html", owner=enterprise, actor=filer)
    old = StoredFile.objects.create(sha256=new.sha256, size=new.size, content_type="image/jpeg",
                                    original_name="旧.html", owner=enterprise,
                                    uploaded_by=filer)  # fmt: skip
    assert download_name(old) == "旧.jpg"
    client.force_login(filer)
    for stored, filename in ((new, "x.jpg"), (old, "%E6%97%A7.jpg")):
        response = client.get(reverse("documents:download", args=[stored.pk]))
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("attachment;")
        assert filename in response["Content-Disposition"] and ".html" not in response[
            "Content-Disposition"]  # fmt: skip
        assert response["X-Content-Type-Options"] == "nosniff"
        b"".join(response.streaming_content)


def test_messages_shorten_what_they_echo(filer, enterprise):
    name = "很长的文件名" * 50 + ".exe"
    with pytest.raises(FileRejected) as exc:
        store_file(upload=b"MZ\x90\x00", name=name, owner=enterprise, actor=filer)
    assert f"文件“{name[:59]}…”的内容为无法识别的格式" in str(exc.value)
    assert name not in str(exc.value)


def test_shorten_and_csv_cell():
    assert shorten("短") == "短" and shorten("x" * 60) == "x" * 60
    assert shorten("x" * 61) == "x" * 59 + "…" and len(shorten("y" * 10_000)) == 60
    for text in ('=HYPERLINK("http://x","y")', "+1+2", "@SUM(A1)", "-A1", "\tx", "=1"):
        assert csv_cell(text) == "'" + text
    for text in ("-3", "+1.5", "12", "示例", "", "a=b"):
        assert csv_cell(text) == text
