"""Django-side validators over the pure input rules of :mod:`tanhe.inputs` — one per rule, used by
every form and service that takes that kind of input."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tanhe.inputs import has_control_characters


def validate_free_text(value: str) -> None:
    """Refuse control characters in a free-text field (see :mod:`tanhe.inputs`)."""
    if has_control_characters(value):
        raise ValidationError(
            _("含有不可见的控制字符，请删除后重新填写"), code="control_characters"
        )
