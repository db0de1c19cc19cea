"""Forms of the annual report's pages. They parse what the browser sends into the plain values
the services take; the rules (decimals, ranges, states, who may change what) are the services'.
A service's ``ValidationError`` is put next to its field with :func:`apply_errors`. The grids
posted without a Django form (the number tables, the 确定方式表, daily records, 供热计量) are read
by :mod:`.parsing`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.interchange import FIRST_YEAR
from tanhe.validators import FreeTextForm

from .labels import TEST_FIELD_LABELS
from .models import Accreditation, EvidenceKind, TestMethod

PDF_ONLY = ".pdf,application/pdf"
ANY_DOCUMENT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.zip"
TEXT_MAX = 5000


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Keyed messages next to their field; the others at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


class CreateForm(forms.Form):
    """创建报告: 报告类型 (年报) and 报告时间 (the data year)."""

    kind = forms.ChoiceField(label=_("报告类型"), choices=[("annual", _("年报"))])
    year = forms.TypedChoiceField(label=_("报告时间"), coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("请选择"))] + [(y, str(y)) for y in years()]
        self.fields["year"].error_messages["required"] = _("请选择报告时间（年度）")


class ContactForm(FreeTextForm):
    """基本信息: the three fields the report itself holds."""

    contact_person = forms.CharField(label=_("报告联系人"), max_length=60, required=True)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=True)
    contact_email = forms.EmailField(label=_("电子邮箱"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].error_messages["required"] = _("请填写报告联系人")
        self.fields["contact_phone"].error_messages["required"] = _("请填写联系电话")
        self.fields["contact_email"].error_messages["invalid"] = _(
            "电子邮箱格式不正确，例如 name@example.com"
        )


class SplitForm(forms.Form):
    split = forms.BooleanField(label=_("外购电量无法分机组，按机组数目平分"), required=False)


class AllocateFuelForm(forms.Form):
    """Seed 000 机组信息 说明 c): an auxiliary fuel given for the plant, allocated by generation."""

    fuel = forms.CharField(max_length=40)
    allocate = forms.BooleanField(label=_("按机组发电量分配"), required=False)


class DeclarationForm(FreeTextForm):
    entity = forms.CharField(label=_("重点排放单位"), max_length=200)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].error_messages["required"] = _("请填写声明中的重点排放单位")
        self.fields["legal_representative"].error_messages["required"] = _(
            "请填写声明中的法定代表人"
        )


class EvidenceForm(FreeTextForm):
    kind = forms.ChoiceField(choices=EvidenceKind.choices)
    title = forms.CharField(max_length=200, required=False)
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _("请选择要上传的文件")
        self.fields["kind"].error_messages["invalid_choice"] = _("请选择附件类型")


class StampedForm(forms.Form):
    file = forms.FileField(label=_("盖章扫描版排放报告（PDF）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = _("请选择盖章扫描版排放报告（PDF）")


class ReturnForm(FreeTextForm):
    text = forms.CharField(label=_("退回补正意见"), max_length=TEXT_MAX, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("退回补正须填写意见")


class FinalForm(FreeTextForm):
    """终版: why this version follows the accepted one (the service requires it)."""

    reason = forms.CharField(
        label=_("终版原因"), max_length=TEXT_MAX, required=False, widget=forms.Textarea
    )


# -- 确定方式表 ---------------------------------------------------------------------------------
METHOD_CHOICES = [("", "—"), *TestMethod.choices]
ACCREDITATION_CHOICES = [("", "—"), *Accreditation.choices]
FREQUENCIES = ("每日", "每班", "每批次", "每周", "每月", "每季度", "每年")
CALIBRATION_FREQUENCIES = ("每月", "每季度", "每半年", "每年", "每两年")
TEST_LABELS = TEST_FIELD_LABELS
