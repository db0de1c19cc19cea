"""Template helpers for the layout: role checks and the session script's data attributes."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tanhe.accounts import permissions as perm

register = template.Library()

# The session script warns this long before the session ends (settings may override it).
SESSION_WARN_SECONDS = 120


@register.filter
def has_role(user: Any, roles: str) -> bool:
    """``{% if user|has_role:"reviewer,authority_admin" %}`` — any of the comma-separated roles."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.has_role(*(r.strip() for r in roles.split(",") if r.strip())))


@register.filter
def manages_members(user: Any) -> bool:
    return perm.can_manage_members(user)


@register.filter
def sees_registry(user: Any) -> bool:
    return perm.is_authority_user(user)


@register.filter
def edits_workdays(user: Any) -> bool:
    """The working-day calendar's editors (authority 管理员, operator) find it in the menu."""
    return perm.can_edit_workdays(user)


@register.simple_tag(takes_context=True)
def session_attrs(context: template.Context) -> SafeString:
    """``data-session-*`` attributes for <body> of a logged-in user's page (session.js reads
    them); nothing for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return SafeString("")
    warn = int(getattr(settings, "TANHE_SESSION_WARN_SECONDS", SESSION_WARN_SECONDS))
    return format_html(
        ' data-session-seconds="{}" data-session-warn-seconds="{}" data-session-user="{}"'
        ' data-keepalive-url="{}" data-login-url="{}"',
        request.session.get_expiry_age(),
        warn,
        user.pk,
        reverse("accounts:keepalive"),
        reverse("accounts:login"),
    )
