"""The 排放单位名录 file: reading .xlsx / .csv and importing it whole or not at all."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from tanhe.accounts import services
from tanhe.accounts.models import Organisation
from tanhe.accounts.registry import (
    RegistryErrors,
    RowError,
    check_rows,
    read_registry,
    template_csv,
)
from tanhe.audit.models import AuditEntry

from .conftest import HB_CODE, JS_CODE, NEW_CODE, bad_check, code, registry_enterprise

HEADER = [
    "企业名称",
    "代码类型",
    "统一社会信用代码",
    "排污许可证号",
    "注册地址",
    "生产经营场所地址",
    "城市",
    "区县",
    "邮政编码",
]
SECOND = code("91320500MA1MXYK12")
ROWS = [
    [
        "示例发电有限公司",
        "统一社会信用代码",
        JS_CODE,
        "91110000MA0123456P001P",
        "江苏省南京市鼓楼区中山路1号",
        "江苏省南京市栖霞区电厂路8号",
        "南京市",
        "栖霞区",
        "210046",
    ],
    [
        "江南燃气热电有限公司",
        "统一社会信用代码",
        SECOND,
        "91320500MA1MXYK12M001Q",
        "江苏省苏州市工业园区星湖街1号",
        "江苏省苏州市工业园区热电路2号",
        "苏州市",
        "工业园区",
        "215000",
    ],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8", bom=False) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(ROWS),
        csv_bytes(ROWS, bom=True),
        csv_bytes(ROWS, encoding="gbk"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk"],
)
def test_csv_in_every_encoding(data):
    rows = read_registry(data, "名录.csv")

    assert [r.name for r in rows] == ["示例发电有限公司", "江南燃气热电有限公司"]
    assert rows[0].row == 2
    assert rows[0].credit_code == JS_CODE
    assert rows[1].postcode == "215000"
    assert check_rows(rows) == []


def test_xlsx_with_numbers_typed_as_numbers():
    rows_with_number = [[*ROWS[0][:8], 210046]]  # Excel stores the postcode as a number

    (row,) = read_registry(xlsx_bytes(rows_with_number), "名录.XLSX")

    assert row.postcode == "210046"
    assert row.production_address == "江苏省南京市栖霞区电厂路8号"
    assert check_rows([row]) == []


def test_header_marks_spaces_order_and_optional_columns():
    header = [
        "统一社会信用代码*",
        " 企业名称 ",
        "代码类型",
        "排污许可证号",
        "注册地址",
        "生产经营场所地址（详细地址）",
        "备注",
    ]
    data = csv_bytes(
        [[JS_CODE.lower(), "示例发电有限公司", "统一社会信用代码", "P1", "地址1", "地址2", "随便"]],
        header=header,
    )

    (row,) = read_registry(data, "a.csv")

    assert row.credit_code == JS_CODE  # upper-cased
    assert row.production_address == "地址2"
    assert (row.city, row.district, row.postcode) == (None, None, None)  # columns absent
    assert "city" not in row.values()


def test_missing_columns_and_unreadable_files():
    with pytest.raises(RegistryErrors) as exc:
        read_registry(csv_bytes([], header=["企业名称", "统一社会信用代码"]), "a.csv")
    assert [(e.row, e.column, e.rule) for e in exc.value.errors] == [
        (1, "代码类型", "表头缺少必填列"),
        (1, "排污许可证号", "表头缺少必填列"),
        (1, "注册地址", "表头缺少必填列"),
        (1, "生产经营场所地址", "表头缺少必填列"),
    ]

    cases = {
        ("a.xls", b"\xd0\xcf\x11\xe0"): "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV",
        ("a.xlsx", b"not a zip"): "无法读取 Excel 文件，请确认是 .xlsx 格式且未加密",
        ("a.txt", b"x"): "只支持 .xlsx 或 .csv 文件",
        ("a.csv", b""): "文件是空的",
        ("a.csv", csv_bytes([])): "表头下没有企业数据",
        ("a.csv", "\u4e2d".encode("utf-16")): "无法识别文件编码：CSV 文件应为 UTF-8 或 GBK 编码",
    }
    for (name, data), rule in cases.items():
        with pytest.raises(RegistryErrors) as exc:
            read_registry(data, name)
        assert [e.rule for e in exc.value.errors] == [rule], name


def test_every_cell_error_is_listed():
    rows = [
        ROWS[0],
        ["", "组织机构代码", bad_check(SECOND), "", "地址", "地址", "苏州市", "", "2150"],
        ["重复公司", "统一社会信用代码", JS_CODE.lower(), "P2", "地址", "地址", "", "", ""],
        [
            "格式错误公司",
            "统一社会信用代码",
            "91320500MA1MXYK1",
            "P3",
            "地址",
            "",
            "",
            "",
            "21500A",
        ],
    ]

    errors = check_rows(read_registry(csv_bytes(rows), "a.csv"))

    assert errors == [
        RowError(3, "企业名称", "", "必填，不能为空"),
        RowError(3, "排污许可证号", "", "必填，不能为空"),
        RowError(3, "代码类型", "组织机构代码", "代码类型只能是「统一社会信用代码」"),
        RowError(
            3,
            "统一社会信用代码",
            bad_check(SECOND),
            "统一社会信用代码校验位（第 18 位）与前 17 位不符，请逐位核对",
        ),
        RowError(3, "邮政编码", "2150", "邮政编码应为 6 位数字"),
        RowError(
            4, "统一社会信用代码", JS_CODE, "与第 2 行重复：同一文件中统一社会信用代码不能重复"
        ),
        RowError(5, "生产经营场所地址", "", "必填，不能为空"),
        RowError(
            5,
            "统一社会信用代码",
            "91320500MA1MXYK1",
            "统一社会信用代码应为 18 位，由数字和大写字母组成（不使用 I、O、S、V、Z），第 3–8 位为数字（登记管理机关行政区划码）",
        ),
        RowError(5, "邮政编码", "21500A", "邮政编码应为 6 位数字"),
    ]


def test_template_opens_in_excel_with_chinese_header():
    data = template_csv()

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip() == ",".join(HEADER)


# ---------------------------------------------------------------- importing


def import_file(actor, data, name="名录.csv"):
    return services.import_registry(actor=actor, rows=read_registry(data, name), filename=name)


def test_import_creates_active_registry_enterprises_in_the_authoritys_province(js, reviewer):
    result = import_file(reviewer, xlsx_bytes(ROWS), "名录.xlsx")

    assert [o.credit_code for o in result.created] == [JS_CODE, SECOND]
    org = Organisation.objects.get(credit_code=SECOND)
    assert (org.kind, org.status, org.in_registry, org.province) == (
        "enterprise",
        "active",
        True,
        js,
    )
    assert (org.city, org.district, org.postcode) == ("苏州市", "工业园区", "215000")
    assert org.code_type == "credit_code"
    created = AuditEntry.objects.filter(action="registry.enterprise.create")
    assert created.count() == 2
    summary = AuditEntry.objects.get(action="registry.import")
    assert summary.actor == reviewer
    assert "新增 2 家，更新 0 家，未变 0 家" in summary.note


def test_import_updates_registry_fields_with_old_and_new_in_the_audit(js, reviewer):
    registry_enterprise(js)  # JS_CODE, in the 名录 already
    approved = Organisation.objects.create(
        kind="enterprise", name="江南热电", province=js, credit_code=SECOND, in_registry=False
    )  # a self-registration this province approved earlier
    changed = [[*ROWS[0][:3], "91110000MA0123456P002P", *ROWS[0][4:]], ROWS[1]]

    result = import_file(reviewer, csv_bytes(changed))

    assert [o.credit_code for o in result.updated] == [JS_CODE, SECOND]
    entry = AuditEntry.objects.get(action="registry.enterprise.update", object_id=str(approved.pk))
    assert entry.changes["name"] == ["江南热电", "江南燃气热电有限公司"]
    assert "status" not in entry.changes  # an import never changes whether it may file
    assert entry.changes["in_registry"] == [False, True]
    assert entry.changes["permit_number"] == ["", "91320500MA1MXYK12M001Q"]
    first = AuditEntry.objects.get(
        action="registry.enterprise.update", object_id=str(result.updated[0].pk)
    )
    assert first.changes == {"permit_number": ["91110000MA0123456P001P", "91110000MA0123456P002P"]}
    approved.refresh_from_db()
    assert (approved.in_registry, approved.name) == (True, "江南燃气热电有限公司")

    again = import_file(reviewer, csv_bytes(changed))
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 2)


def test_a_file_with_errors_saves_nothing(js, hb, reviewer):
    Organisation.objects.create(
        kind="enterprise", name="河北电厂", province=hb, credit_code=HB_CODE, in_registry=True
    )
    rows = [
        ROWS[0],  # fine on its own
        [
            "河北电厂",
            "统一社会信用代码",
            HB_CODE,
            "P9",
            "河北省石家庄市",
            "河北省石家庄市",
            "",
            "",
            "",
        ],
        ["坏代码公司", "统一社会信用代码", bad_check(NEW_CODE), "P8", "地址", "地址", "", "", ""],
    ]

    with pytest.raises(RegistryErrors) as exc:
        import_file(reviewer, csv_bytes(rows))

    assert [(e.row, e.column, e.value, e.rule) for e in exc.value.errors] == [
        (
            3,
            "统一社会信用代码",
            HB_CODE,
            "该单位由河北省管理，不能列入本省名录；如需转移请与该省主管部门联系",
        ),
        (
            4,
            "统一社会信用代码",
            bad_check(NEW_CODE),
            "统一社会信用代码校验位（第 18 位）与前 17 位不符，请逐位核对",
        ),
    ]
    assert not Organisation.objects.filter(credit_code=JS_CODE).exists()
    assert not AuditEntry.objects.exists()


def test_codes_another_province_holds_or_of_other_organisations_are_refused(
    hb, js, reviewer, agency
):
    Organisation.objects.create(
        kind="enterprise", name="江南燃气热电有限公司", province=hb, credit_code=SECOND,
        in_registry=False,
    )  # approved by 河北, not in any 名录  # fmt: skip
    agency.credit_code = JS_CODE
    agency.save()

    with pytest.raises(RegistryErrors) as exc:
        import_file(reviewer, csv_bytes(ROWS))

    assert [e.rule for e in exc.value.errors] == [
        "该代码属于技术服务机构「中环联合核查中心」，不能列入排放单位名录",
        "该单位由河北省管理，不能列入本省名录；如需转移请与该省主管部门联系",
    ]


def test_only_authority_users_import(agency_admin, js_authority):
    from .conftest import make_user

    clerk = make_user(js_authority, "clerk")  # an authority user without a role
    for actor in (agency_admin, clerk):
        with pytest.raises(PermissionDenied):
            import_file(actor, csv_bytes(ROWS))
    assert not Organisation.objects.filter(kind="enterprise").exists()


def test_control_characters_and_full_width_codes_in_registry_cells():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in SECOND.lower())
    rows = read_registry(
        csv_bytes(
            [
                [
                    "江南\x07热电",
                    "统一社会信用代码",
                    full_width,
                    "P",
                    "地址",
                    "地址\u202e",
                    "",
                    "",
                    "",
                ]
            ]
        ),
        "名录.csv",
    )

    assert rows[0].credit_code == SECOND
    assert [(e.column, e.rule) for e in check_rows(rows)] == [
        ("企业名称", "含有不可见的控制字符，请删除后重新上传"),
        ("生产经营场所地址", "含有不可见的控制字符，请删除后重新上传"),
    ]
