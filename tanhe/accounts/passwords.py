"""Password rules beyond Django's: a legal declaration stands behind every login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
        if sum(classes) < 3:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少三类。"),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("密码须包含小写字母、大写字母、数字、符号中的至少三类。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its error message in Chinese: Django 5.2 changed the message's msgid and
    its zh-hans catalogue has not caught up, so the page would say it in English."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
