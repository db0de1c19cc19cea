#!/usr/bin/env bash
# Quick start 2: set up (including Debian chromium and a CJK font) and run the whole test suite:
# lint, format check, type check, then pytest (unit, web and browser tests).
#   bash scripts/test.sh                         # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test bash scripts/test.sh
#   bash scripts/test.sh -k engine               # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# .ci/run sets TANHE_SETUP_DONE after one setup, then runs both databases side by side
[ -n "${TANHE_SETUP_DONE:-}" ] || WITH_BROWSER=1 bash scripts/setup.sh
echo "== ruff check";   .venv/bin/ruff check .
echo "== ruff format";  .venv/bin/ruff format --check .
echo "== mypy";         .venv/bin/mypy
echo "== pytest (${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite})"
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API runs an event loop in the test thread
exec .venv/bin/pytest "$@"
