"""Forms of the accounts pages: they collect and shape input; the rules live in the services."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.validators import MaxLengthValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanhe.accounts.contact import ContactDetails
from tanhe.accounts.models import Organisation, Province, Registration, RegistrationStatus
from tanhe.accounts.registry import MAX_FILE_BYTES
from tanhe.accounts.selectors import USERNAME_MAX, registration_for_login, role_choices
from tanhe.accounts.services import normalise_credit_code
from tanhe.identifiers import credit_code_problem
from tanhe.validators import FreeTextForm


def _password_help() -> str:
    """The password rules as one paragraph (Chinese sentences run on without spaces)."""
    separator = "" if (get_language() or "").startswith("zh") else " "
    return separator.join(str(text) for text in password_validators_help_texts())


class LoginForm(AuthenticationForm):
    """Username, or the credit code for an enterprise's reporting account."""

    error_messages: ClassVar[dict[str, Any]] = {
        "invalid_login": _(
            "用户名（统一社会信用代码）或密码不正确。连续输错 5 次，该账号将在本机锁定 15 分钟。"
        ),
        "inactive": _("该账号已停用，请联系本单位管理员。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets only the widget's maxlength; a longer name is refused before anything
        # (django-axes included) stores it.
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX))
        self.fields["username"].label = _("用户名或统一社会信用代码")
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].label = _("密码")

    @staticmethod
    def normalised_username(text: str) -> str:
        """Enterprise accounts are their credit code in capitals; accept it typed in lower case
        or with full-width characters. Other usernames as typed, trimmed."""
        username = text.strip()
        code = normalise_credit_code(username)
        return code if credit_code_problem(code) is None else username

    def clean_username(self) -> str:
        return self.normalised_username(self.cleaned_data.get("username", ""))

    def clean(self) -> dict[str, Any]:
        """A wrong login whose credit code and password are those of a registration that is not
        an account (yet) is told how that registration stands."""
        try:
            return super().clean()
        except forms.ValidationError:
            registration = registration_for_login(
                self.cleaned_data.get("username", ""), self.cleaned_data.get("password", "")
            )
            if registration is None:
                raise
            raise forms.ValidationError(
                registration_standing(registration), code="registration"
            ) from None


def registration_standing(registration: Registration) -> str:
    """How an application stands, in one sentence for its applicant."""
    if registration.status == RegistrationStatus.PENDING:
        return str(
            _("您的注册申请（申请编号 %(reference)s）正在等待主管部门审核，审核通过后即可登录。")
            % {"reference": registration.reference}
        )
    if registration.status == RegistrationStatus.REJECTED:
        return str(
            _("您的注册申请（申请编号 %(reference)s）未通过审核。理由：%(reason)s")
            % {"reference": registration.reference, "reason": registration.reason}
        )
    if registration.status == RegistrationStatus.APPROVED:
        return str(_("您的注册申请已通过审核，报送账号已开通，请以统一社会信用代码登录。"))
    return str(_("您的注册申请已失效：该统一社会信用代码的报送账号已通过其他方式开通。"))


class _ContactFields(FreeTextForm):
    """Contact person and password, shared by registration and activation (optional here: the
    service checks them all and names every problem at once)."""

    contact_name = forms.CharField(required=False, label=_("联系人"), max_length=60)
    phone = forms.CharField(
        required=False,
        label=_("联系电话"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        required=False,
        label=_("电子邮箱"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        required=False,
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        required=False,
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = _password_help()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return cleaned

    def contact(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails.typed(data["contact_name"], data["phone"], data["email"])


def _credit_code_field(help_text: Any) -> forms.CharField:
    return forms.CharField(
        required=False,
        label=_("统一社会信用代码"),
        max_length=18,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "class": "mono uppercase"}
        ),
    )


class RegisterForm(_ContactFields):
    """注册申请: the enterprise, its contact person and the password of the future account."""

    credit_code = _credit_code_field(
        _("18 位，见营业执照。开通后作为登录用户名；每个代码只能开通一个报送账号。")
    )
    name = forms.CharField(
        required=False, label=_("企业名称"), max_length=200, help_text=_("与营业执照一致。")
    )
    province = forms.ModelChoiceField(
        required=False,
        label=_("所在省份"),
        queryset=Province.objects.order_by("code"),
        empty_label=_("请选择省份"),
        help_text=_("由该省级生态环境主管部门审核注册申请。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].error_messages["invalid_choice"] = _("请选择所在省份")


class ActivateForm(_ContactFields):
    """账号激活: the credit code and the activation code the province issued."""

    credit_code = _credit_code_field(_("18 位，见营业执照。开通后作为登录用户名。"))
    activation_code = forms.CharField(
        required=False,
        label=_("激活码"),
        max_length=40,
        help_text=_("主管部门发放的 16 位激活码，如 ABCD-EFGH-JKMN-PQRS，不区分大小写。"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "mono uppercase",
            }
        ),
    )


class RegistrationLookupForm(FreeTextForm):
    """查询申请进度: the credit code and the 申请编号 together."""

    credit_code = _credit_code_field("")
    reference = forms.CharField(
        label=_("申请编号"),
        max_length=20,
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "mono uppercase"}),
        error_messages={"required": _("请填写申请编号")},
    )


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("名录文件"),
        help_text=_(
            "Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码），不超过 5 MB。"
            "第一行为表头：企业名称、代码类型、统一社会信用代码、排污许可证号、注册地址、"
            "生产经营场所地址，可选城市、区县、邮政编码。"
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
        error_messages={"empty": _("上传的文件是空的。"), "required": _("请选择名录文件。")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB。"), code="too_large")
        return upload


class RejectForm(FreeTextForm):
    reason = forms.CharField(
        label=_("不予通过的理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写不予通过的理由")},
    )


class _RolesMixin(FreeTextForm):
    roles = forms.MultipleChoiceField(
        required=False,  # the service says "请至少选择一个角色" with the other problems
        label=_("角色"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个角色")},
    )

    def set_role_choices(self, organisation: Organisation) -> None:
        field = self.fields["roles"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = role_choices(organisation)


class MemberForm(_RolesMixin):
    """Fields are optional here: the service checks them all and names every problem at once."""

    username = forms.CharField(
        required=False,
        label=_("用户名"),
        max_length=150,
        help_text=_("登录用，字母、数字和 @ . + - _；不能使用统一社会信用代码。"),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    display_name = forms.CharField(required=False, label=_("姓名"), max_length=60)
    password = forms.CharField(
        required=False,
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        required=False,
        label=_("再次输入初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ("username", "display_name", "roles", "password", "password2")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_role_choices(organisation)
        self.fields["password"].help_text = _password_help()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return cleaned


class RolesForm(_RolesMixin):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_role_choices(organisation)


class ChangePasswordForm(PasswordChangeForm):
    error_messages: ClassVar[dict[str, Any]] = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("原密码不正确，请重新输入。"),
        "password_mismatch": _("两次输入的新密码不一致"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password1"].help_text = _password_help()
        self.fields["new_password2"].label = _("再次输入新密码")
