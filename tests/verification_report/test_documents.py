"""The report's Word and PDF files read back: every number of the confirmed values (附件2), the
emission statement (扉页, 4.2) and each supporting file's SHA-256 (附件4) is in both; Chinese
text declares its East Asian font; LibreOffice converts the Word file."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from tanhe.documents.services import store_file
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import ItemRecord, Method
from tanhe.verification.report.annexes import relied_files
from tanhe.verification.report.content import build_content
from tanhe.verification.report.cover import build_cover
from tanhe.verification.report.docx import build_docx
from tanhe.verification.report.pdf import build_pdf
from tests.plans.conftest import PDF

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice")


@pytest.fixture
def evidence(task, verifier):
    """A file the team relied on (a record's evidence), for 附件4."""
    stored = store_file(upload=PDF, name="皮带秤校验记录.pdf", owner=task.agency, actor=verifier)
    item = task.checklist.order_by("pk").first()
    record = ItemRecord.objects.create(item=item, method=Method.READ, text="查阅", author=verifier)
    record.files.add(stored)
    return stored


def expected_numbers(task) -> set[str]:
    """Every figure the report must carry: 附件2's initial, final and confirmed values, the
    emission statement of each unit and the plant."""
    numbers: set[str] = set()
    for _unit, rows in sv.value_rows(task):
        for r in rows:
            if r.code.kind != "text":
                numbers |= {v for v in (r.initial, r.final, r.confirmed) if v}
    result = sv.confirmed_result(task)
    for u in (*result.units, result):
        numbers |= {
            format(u.combustion_emissions_tco2, "f"),
            format(u.electricity_emissions_tco2, "f"),
            format(u.total_emissions_tco2, "f"),
        }
    return numbers


def docx_cells(data: bytes) -> list[str]:
    doc = Document(BytesIO(data))
    return [c.text for t in doc.tables for row in t.rows for c in row.cells]


def test_docx_carries_every_confirmed_number_and_file_hash(task, evidence):
    data = build_docx(build_content(task))
    cells = set(docx_cells(data))
    missing = sorted(n for n in expected_numbers(task) if n not in cells)
    assert not missing, missing
    hashes = {f.sha256 for f, _label in relied_files(task)}
    assert evidence.sha256 in hashes and hashes <= cells
    # 附件2: each confirmed value sits in its own datum's row
    doc = Document(BytesIO(data))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    for unit, values in sv.value_rows(task):
        for v in values:
            if v.code.kind == "input" and v.confirmed:
                key = v.code.key if len(v.code.key) == 1 else "/"  # 附录2 codes A–P only
                assert any(
                    r[0] == unit.name and r[1] == key and r[2].startswith(str(v.code.label))
                    and r[4] == (v.initial or "/") and r[6] == v.confirmed
                    for r in rows if len(r) == 8
                ), (unit.name, v.code.key)  # fmt: skip


def test_docx_declares_east_asian_fonts(task):
    doc = Document(BytesIO(build_docx(build_content(task))))
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells
             for p in c.paragraphs for r in p.runs]  # fmt: skip
    chinese = [r for r in runs if re.search(r"[\u4e00-\u9fff]", r.text)]
    assert len(chinese) > 50
    for run in chinese:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")) in ("宋体", "黑体"), run.text
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "宋体"


def test_docx_cover_states_the_conclusions(task):
    cover = build_cover(task)
    doc = Document(BytesIO(build_docx(build_content(task))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert cover.conformity in text
    assert "4. 核查过程中未覆盖的问题" in text
    cells = docx_cells(build_docx(build_content(task)))
    assert task.enterprise.credit_code in cells
    assert "所有机组" in cells and "赵敏" in cells  # the plant's total; the technical reviewer


@needs_pdftotext
def test_pdf_carries_every_confirmed_number_and_file_hash(task, evidence, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(build_pdf(build_content(task)))
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = re.sub(r"\s+", "", text)
    tokens = set(re.findall(r"-?\d+(?:\.\d+)?", text))
    missing = sorted(n for n in expected_numbers(task) if n not in tokens)
    assert not missing, missing
    for stored, _label in relied_files(task):
        assert stored.sha256 in squeezed  # a long hash may wrap inside its cell
    assert task.enterprise.name in squeezed
    assert "附件4支持性文件清单" in squeezed


@needs_soffice
def test_libreoffice_converts_the_docx(task, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(build_docx(build_content(task)))
    profile = Path(tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    converted = tmp_path / "report.pdf"
    assert done.returncode == 0 and converted.exists(), done.stderr
    assert converted.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(converted), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        total = format(sv.confirmed_result(task).total_emissions_tco2, "f")
        assert total in text
