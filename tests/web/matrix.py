"""Machinery of the permission matrix (tests/web/test_permission_matrix.py): the routes of the URL
configuration, the rule of one table line, how a URL is built from a route and how a response is
classified. The table itself, and how to add a line, are in the test module."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# -- the roles ------------------------------------------------------------------------------------
ANON = "anonymous"
ENT_A = "ent-a"  # enterprise A's reporting account: the owner of everything the URLs point at
ENT_B = "ent-b"  # enterprise B's reporting account (another plant of the same province)
JS_REVIEWER = "js-reviewer"  # 江苏 authority, 审核人
JS_ADMIN = "js-admin"  # 江苏 authority, 管理员
HB_REVIEWER = "hb-reviewer"  # 河北 authority, 审核人: another province
AGENCY_LEAD = "agency-lead"
AGENCY_VERIFIER = "agency-verifier"
AGENCY_TECH = "agency-tech"
AGENCY_ADMIN = "agency-admin"
ROLES: tuple[str, ...] = (
    ANON,
    ENT_A,
    ENT_B,
    JS_REVIEWER,
    JS_ADMIN,
    HB_REVIEWER,
    AGENCY_LEAD,
    AGENCY_VERIFIER,
    AGENCY_TECH,
    AGENCY_ADMIN,
)

# -- outcomes -------------------------------------------------------------------------------------
OK = "ok"  # 2xx, a redirect anywhere but the login page, or 400 (let in; the empty form refused)
LOGIN = "login"  # a redirect to the login page
DENY = "deny"  # 403 or 404
NOT_ALLOWED = "405"
METHODS = ("GET", "POST")

# Top-level prefixes that are Django's own, not the project's pages.
SKIPPED_PREFIXES = ("admin/", "i18n/", settings.STATIC_URL.lstrip("/"), "^static/")
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"; "" for a route without a name
    route: str  # the full path pattern, e.g. "reports/<int:pk>/months/<int:month>/"

    @property
    def params(self) -> list[tuple[str, str]]:
        """(converter, kwarg) of each path parameter, in order."""
        return [(m["converter"] or "str", m["name"]) for m in PARAM.finditer(self.route)]

    @property
    def int_params(self) -> list[str]:
        return [name for converter, name in self.params if converter == "int"]


def url_routes() -> list[Route]:
    """Every route of the URL configuration, included apps too, but not Django's own."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            text = str(pattern.pattern)
            if not prefix and text.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + text, inner)
            elif isinstance(pattern, URLPattern):
                if not re.fullmatch(r"[^^$\\()\[\]?*+]*", text):
                    raise AssertionError(f"{prefix}{text}: a regex route; the matrix needs path()")
                yield Route(f"{namespace}{pattern.name}" if pattern.name else "", prefix + text)

    return list(walk(get_resolver().url_patterns, "", ""))


# -- a line of the table --------------------------------------------------------------------------
Roles = frozenset[str]


@dataclass(frozen=True)
class Rule:
    """Who may GET and who may POST one route, with enterprise A's objects in its URL.

    ``get`` / ``post``: the roles let in (``ok``); ``None``: the route does not take the method
    (everyone gets 405). Logged-in roles not let in get ``deny``; anonymous gets ``login``.
    ``login_first``: ``login_required`` is checked before the method (the decorator is outermost),
    so anonymous gets ``login`` even for a method the route does not take.
    ``cells``: exceptions, {(role, method): outcome or status}.
    ``pk``: which of A's objects fills ``<int:pk>`` (a key of the objects table in the test
    module); the other path parameters are filled by name (``unit``, ``fuel``, ``month``, …);
    ``kwargs`` overrides them. ``query``: query parameters, values are keys of the objects table.
    ``body``: the POST data (a callable, because an uploaded file can be read once).
    For the abuse test: ``query_ids`` / ``form_ids`` name the query parameters and posted fields
    that take an id (``form_ids`` maps each field to the rest of the POST it needs).
    """

    get: Roles | None = None
    post: Roles | None = None
    pk: str = ""
    login_first: bool = False
    cells: Mapping[tuple[str, str], str | int] = field(default_factory=dict)
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: Callable[[], dict[str, Any]] = dict
    query_ids: tuple[str, ...] = ()
    form_ids: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def expected(self, role: str, method: str) -> str:
        if (role, method) in self.cells:
            return str(self.cells[role, method])
        allowed = self.get if method == "GET" else self.post
        if allowed is None:
            return LOGIN if role == ANON and self.login_first else NOT_ALLOWED
        if role in allowed:
            return OK
        return LOGIN if role == ANON else DENY


def route_name(key: str) -> str:
    """A table key is a route name, or ``name#variant`` for one route tested several ways."""
    return key.split("#", 1)[0]


def build_url(
    route: Route,
    rule: Rule,
    objects: Mapping[str, Any],
    *,
    raw: Mapping[str, str] | None = None,
    raw_query: Mapping[str, str] | None = None,
) -> str:
    """The route's URL with ``objects``' values; ``raw`` / ``raw_query``: literal texts for some
    path / query parameters (the abuse test's bad ids)."""
    kwargs = {**rule.kwargs}
    raw = raw or {}

    def value(match: re.Match[str]) -> str:
        name = match["name"]
        if name in raw:
            return quote(raw[name], safe="")
        if name in kwargs:
            return str(kwargs[name])
        key = rule.pk if name == "pk" else name
        if not key or key not in objects:
            raise AssertionError(f"{route.name}: nothing fills <{name}> (see Rule.pk / kwargs)")
        return str(objects[key])

    path = "/" + PARAM.sub(value, route.route)
    query = {name: str(objects[key]) for name, key in rule.query.items()} | dict(raw_query or {})
    return path + ("?" + urlencode(query) if query else "")


def outcome(status: int, location: str = "") -> str:
    if status >= 500:
        return str(status)
    if 300 <= status < 400:
        return LOGIN if urlsplit(location).path == reverse(settings.LOGIN_URL) else OK
    if status < 300 or status == 400:
        return OK
    if status in (403, 404):
        return DENY
    return str(status)
