#!/usr/bin/env bash
# Create .venv and install Tanhe with pinned dependencies. Sourced by demo.sh and test.sh.
#   WITH_BROWSER=1  also install the Debian packages the tests need (chromium, CJK font, poppler,
#                   LibreOffice Writer).
#   WITH_FONT=1     only the CJK font (the report PDF embeds it; the demo prints and scans one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "Tanhe needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))." >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
if [ "${WITH_BROWSER:-0}" = 1 ]; then
  # Debian chromium drives the browser tests (never `playwright install`), chromium-l10n gives its
  # own texts (file inputs, dates) in Chinese; the WenQuanYi font
  # renders Chinese in Chromium and ReportLab; poppler gives pdftotext for PDF assertions;
  # LibreOffice (Writer, no GUI) converts the verification report's DOCX in its test.
  packages=(chromium chromium-l10n fonts-wqy-microhei poppler-utils libreoffice-writer-nogui)
elif [ "${WITH_FONT:-0}" = 1 ]; then
  packages=(fonts-wqy-microhei)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  need=()
  for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    echo "Installing Debian packages: ${need[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.tanhe-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements/constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
  .venv/bin/python -m pip install -q -c requirements/constraints.txt -e '.[dev]' 2>&1 \
    | grep -v "is ignored" || true
  .venv/bin/python -c "import django, tanhe.accounting" # fail loudly if the install did not work
  touch "$stamp"
fi
