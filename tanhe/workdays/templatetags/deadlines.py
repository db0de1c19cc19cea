"""``{% load deadlines %}{% deadline due %}``: a deadline with the working days left or overdue,
from the working-day calendar (tanhe/workdays/calendar.py); ``{% deadline due today %}`` for a
given day. A year without a calendar shows its message (``CalendarMissing``), never an error."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanhe.workdays import calendar

register = template.Library()


def describe(status: calendar.Deadline) -> str:
    """“还剩3个工作日” / “今天到期” / “已逾期2个工作日” in the reader's language."""
    if status.overdue:
        late = -status.days_left
        if not late:  # past the due day, no working day since (a weekend)
            return _("已逾期")
        return ngettext("已逾期%(n)s个工作日", "已逾期%(n)s个工作日", late) % {"n": late}
    if status.days_left == 0:
        return _("今天到期")
    return ngettext("还剩%(n)s个工作日", "还剩%(n)s个工作日", status.days_left) % {
        "n": status.days_left
    }


@register.simple_tag
def deadline(due: date | None, today: date | None = None) -> SafeString:
    if due is None:
        return SafeString("")
    shown = due.isoformat()
    try:
        status = calendar.deadline_status(due, today)
    except calendar.CalendarMissing as exc:
        message = exc.messages[0]
        return format_html(
            '<span class="deadline deadline-unknown" title="{}">{}{}</span>',
            message,
            shown,
            _("（%(text)s）") % {"text": message},
        )
    text = describe(status)
    return format_html(
        '<span class="deadline deadline-{}" title="{}">{}{}</span>',
        status.state,
        _("期限%(due)s，按法定工作日计算") % {"due": shown},
        shown,
        _("（%(text)s）") % {"text": text},
    )
