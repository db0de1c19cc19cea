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
echo "碳核 Tanhe: http://127.0.0.1:${PORT:-8000}/   (command line: .venv/bin/tanhe calc examples/coal-2x660.json)"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
