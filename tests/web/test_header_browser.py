"""The header stays on one line at 1366 and 1400 px, for every role of the demo and in both
languages: the language switch, the account box and the links sit on the brand's row (same
middle within a few pixels), no link is hidden by overflow, and the header is one row high."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Browser

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import TAIZHOU_CODE

from ..conftest import SHOTS, new_context

pytestmark = pytest.mark.browser

ROLES = ["js-admin", "js-reviewer", "agency-admin", "agency-lead", TAIZHOU_CODE, None]
MEASURE = """() => {
  const box = s => document.querySelector(s).getBoundingClientRect();
  const middle = s => Math.round(box(s).top + box(s).height / 2);
  const nav = document.querySelector('.main-nav');
  return {header: box('.header-row').height, brand: middle('.brand'), nav: middle('.main-nav'),
          navHeight: box('.main-nav').height, lang: middle('.lang-switch'),
          account: middle('.account-box'), hidden: nav.scrollWidth - nav.clientWidth,
          page: document.documentElement.scrollWidth - window.innerWidth};
}"""


def test_the_header_is_one_line_at_1366_and_1400_px(browser: Browser, live_server, flushable):
    build_demo(reports=False)
    problems = []
    for username in ROLES:
        user = User.objects.get(username=username) if username else None
        for language in ("zh-hans", "en"):
            context = new_context(browser, live_server, user)
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                                  "url": live_server.url}])  # fmt: skip
            page = context.new_page()
            for width in (1366, 1400):
                page.set_viewport_size({"width": width, "height": 768})
                page.goto(live_server.url + ("/accounts/" if user else "/"))
                m = page.evaluate(MEASURE)
                where = f"{username or 'anonymous'} {language} {width}px"
                for part in ("nav", "lang", "account"):
                    if abs(m[part] - m["brand"]) > 6:
                        problems.append(f"{where}: {part} not on the brand's row {m}")
                if m["header"] > 64 or m["navHeight"] > 40:
                    problems.append(f"{where}: the header is more than one row {m}")
                if m["hidden"] > 0 or m["page"] > 0:
                    problems.append(f"{where}: links cut off {m}")
                if width == 1366 and username in ("js-admin", TAIZHOU_CODE):
                    page.screenshot(path=SHOTS / f"header-{username}-{language}-1366.png",
                                    clip={"x": 0, "y": 0, "width": width, "height": 80})  # fmt: skip
            context.close()
    assert not problems, "\n".join(problems)
