"""Django-side validators over the pure input rules of :mod:`tanhe.inputs` — one per rule, used by
every form and service that takes that kind of input — and the wording of the rules' problems
(gettext), the one place a refused number or code is put into words."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tanhe.inputs import (
    InputProblem,
    InputRefused,
    has_control_characters,
    parse_code,
    parse_number,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def validate_free_text(value: str) -> None:
    """Refuse control characters in a free-text field (see :mod:`tanhe.inputs`)."""
    if has_control_characters(value):
        raise ValidationError(
            _("含有不可见的控制字符，请删除后重新填写"), code="control_characters"
        )


def free_text(value: Any, label: Any, field: str | None = None) -> str:
    """A free-text value as stored (stripped), or a ``ValidationError`` naming the field by
    ``label`` (keyed by ``field`` when given, so a form shows it next to the field)."""
    text = "" if value is None else str(value)
    if has_control_characters(text):
        message = control_message(label)
        raise ValidationError({field: message} if field else message, code="control_characters")
    return text.strip()


def verbose_name(model: type[models.Model], name: str) -> StrOrPromise:
    """The label of ``model``'s field ``name``, the one a refusal names it by."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # the far side of a relation has no label
        raise TypeError(f"{model.__name__}.{name} is not a field of its own")
    return field.verbose_name


def control_message(label: Any) -> str:
    """The refusal of control characters in the field ``label`` names."""
    return gettext("%(label)s含有不可见的控制字符，请删除后重新填写") % {"label": label}


def free_texts(
    values: Mapping[str, Any], labels: Mapping[str, Any], *, keyed: bool = True
) -> dict[str, Any]:
    """:func:`free_text` over the string values of a service's data, each named by its label
    (every refused field is reported, keyed by field unless ``keyed`` is false: for callers that
    show the messages by themselves); other values are passed through."""
    out: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if not isinstance(value, str):
            out[name] = value
            continue
        try:
            out[name] = free_text(value, labels.get(name, name))
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors if keyed else [m for ms in errors.values() for m in ms])
    return out


# -- numbers and codes (tanhe.inputs) --------------------------------------------------------------
RULES = {
    "not_a_number": _("不是数字（只能填写不带正负号的数字）"),
    "not_a_signed_number": _("不是数字"),
    "grouping": _("逗号位置不对：千位分隔符须每三位一个，小数点请用“.”"),
    "too_many_digits": _("位数过多：整数部分最多 %(integer)s 位，小数部分最多 %(fraction)s 位"),
    "too_many_integer_digits": _("位数过多：整数部分最多 %(integer)s 位"),
    "places": _("超过表单规定的 %(places)s 位小数"),
    "over_100": _("超过 100%"),
    "state": _("燃料状态须填“入炉”或“入厂”"),
    "not_ascii": _("只能填写半角字母、数字和符号"),
}


def number_rule(problem: InputProblem) -> str:
    """The rule a refused value breaks, in the user's language ("不是数字（…）")."""
    code, params = problem.code, dict(problem.params)
    if code == "not_a_number" and params.get("signed"):
        code = "not_a_signed_number"
    elif code == "too_many_digits" and params.get("fraction") is None:
        code = "too_many_integer_digits"
    text = str(RULES[code])
    return text % params if "%(" in text else text


def number_message(value: str, problem: InputProblem) -> str:
    """The value as typed and the rule it breaks: “1²”不是数字（只能填写不带正负号的数字）."""
    if problem.code == "state":  # the rule names the field and its choices
        return number_rule(problem)
    return gettext("“%(value)s”%(rule)s") % {"value": value, "rule": number_rule(problem)}


# -- forms -----------------------------------------------------------------------------------------
class FreeTextForm(forms.Form):
    """A form whose text fields refuse control characters with :func:`validate_free_text` (in
    place of Django's NUL-only check): the base of every form that takes free text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.CharField):
                kept = [
                    v
                    for v in form_field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                form_field.validators = [*kept, validate_free_text]


class NumberField(forms.DecimalField):
    """A decimal typed by people, read by the one number rule of :mod:`tanhe.inputs`
    (full-width digits and thousands separators accepted; "1e3", "1_000", "١٢" refused)."""

    def __init__(self, *, signed: bool = False, **kwargs: Any) -> None:
        self.signed = signed
        super().__init__(**kwargs)

    # django-stubs types DecimalField.to_python against IntegerField's (int); Django returns Decimal
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return Decimal(parse_number(str(value), signed=self.signed, max_integer_digits=None,
                                        max_fraction_digits=None))  # fmt: skip
        except InputRefused as exc:
            raise ValidationError(number_rule(exc.problem), code=exc.problem.code) from None


class WholeNumberField(forms.IntegerField):
    """A whole number typed by people, read by the number rule of :mod:`tanhe.inputs`
    ("１２３" accepted) in a text input: a browser's number input refuses full-width digits."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return int(parse_number(str(value), max_integer_digits=None, max_fraction_digits=0))
        except InputRefused as exc:
            raise ValidationError(number_rule(exc.problem), code=exc.problem.code) from None


class CodeField(forms.CharField):
    """A code typed by people (postcode, 设施编号): full-width letters and digits made ASCII,
    anything else outside printable ASCII refused (:func:`tanhe.inputs.parse_code`)."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text is None:  # the empty value, when a form asks for None
            return None
        try:
            return parse_code(text)
        except InputRefused as exc:
            raise ValidationError(number_rule(exc.problem), code=exc.problem.code) from None
