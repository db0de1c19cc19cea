"""Upload form: a .json file or pasted text, checked for size and encoding before the engine."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tanhe.calculator.services import MAX_INPUT_BYTES


class CalculationForm(forms.Form):
    file = forms.FileField(
        label=_("上传 JSON 文件"),
        required=False,
        help_text=_("tanhe.plant-year/1 格式，UTF-8 编码，不超过 5 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
        error_messages={"empty": _("上传的文件是空的。")},
    )
    text = forms.CharField(
        label=_("或粘贴 JSON 文本"),
        required=False,
        help_text=_("同时提供文件和文本时，以文件为准。"),
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "spellcheck": "false",
                "autocomplete": "off",
                "placeholder": '{"format": "tanhe.plant-year/1", "year": 2023, …}',
            }
        ),
    )

    def clean(self) -> dict[str, Any]:
        """Put the input bytes into ``cleaned_data["data"]``; the engine does the rest."""
        cleaned = super().clean() or {}
        upload: UploadedFile | None = cleaned.get("file")
        text: str = cleaned.get("text") or ""
        if self.errors:
            return cleaned
        if upload is not None:
            if upload.size is not None and upload.size > MAX_INPUT_BYTES:
                raise forms.ValidationError(
                    _("文件太大（%(size)s），上限为 5 MB。"),
                    code="too_large",
                    params={"size": filesizeformat(upload.size)},
                )
            data = upload.read()
        elif text.strip():
            # Browsers submit textarea line breaks as CRLF; the user pasted plain newlines.
            data = text.replace("\r\n", "\n").encode("utf-8")
            if len(data) > MAX_INPUT_BYTES:
                raise forms.ValidationError(
                    _("文本太长（%(size)s），上限为 5 MB。"),
                    code="too_large",
                    params={"size": filesizeformat(len(data))},
                )
        else:
            raise forms.ValidationError(
                _("请选择一个 JSON 文件，或在文本框中粘贴 JSON。"), code="missing"
            )
        if not data.strip():
            raise forms.ValidationError(_("上传的内容是空的。"), code="empty")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "文件不是 UTF-8 编码（可能是 GBK 编码的文本或 Excel 文件）。"
                    "请在编辑器中另存为 UTF-8 后再上传。"
                ),
                code="encoding",
            ) from None
        cleaned["data"] = data
        return cleaned
