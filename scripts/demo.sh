#!/usr/bin/env bash
# Quick start 1: set up, migrate the embedded SQLite database, load the demo data, run the site.
#   bash scripts/demo.sh            → http://127.0.0.1:8000/
#   PORT=8080 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WITH_FONT=1 bash scripts/setup.sh  # the demo prints its submitted report's PDF (and scans it)
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
# The background worker beside the site (the 数据筛查 runs there; its queue is in the database):
# a screening cut off by the last stop is resumed first, and the worker stops with the site.
.venv/bin/python manage.py resume_screenings --all
.venv/bin/python manage.py db_worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "碳核 Tanhe: http://127.0.0.1:${PORT:-8000}/   (command line: .venv/bin/tanhe calc examples/coal-2x660.json)"
.venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
