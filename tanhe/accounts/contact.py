"""The contact person of an enterprise account (联系人, 联系电话, 电子邮箱): one set of rules for
registration and activation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tanhe.inputs import has_control_characters
from tanhe.validators import control_message

_PHONE = re.compile(r"[0-9+\-() ]{7,30}", re.ASCII)
NAME_MAX = 60


@dataclass(frozen=True)
class ContactDetails:
    name: str
    phone: str
    email: str

    @classmethod
    def typed(cls, name: str, phone: str, email: str) -> ContactDetails:
        """As typed in a form: surrounding spaces removed."""
        return cls(name.strip(), phone.strip(), email.strip())


def check_contact(contact: ContactDetails) -> list[tuple[str, str]]:
    """(field, message) for every rule the details break: contact_name, phone, email."""
    problems: list[tuple[str, str]] = []
    if not contact.name:
        problems.append(("contact_name", _("请填写联系人姓名")))
    elif len(contact.name) > NAME_MAX:
        problems.append(("contact_name", _("联系人姓名不能超过 60 个字")))
    elif has_control_characters(contact.name):
        problems.append(("contact_name", control_message(_("联系人"))))
    if not _PHONE.fullmatch(contact.phone) or sum(c.isdigit() for c in contact.phone) < 7:
        problems.append(("phone", _("请填写有效的联系电话（手机号码或带区号的固定电话）")))
    try:
        validate_email(contact.email)
    except ValidationError:
        problems.append(("email", _("请填写有效的电子邮箱地址")))
    else:  # Django lets a right-to-left override through in the domain
        if has_control_characters(contact.email):
            problems.append(("email", control_message(_("电子邮箱"))))
    return problems
