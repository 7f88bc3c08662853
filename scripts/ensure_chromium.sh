#!/usr/bin/env bash
# Make sure the Debian packages the tests drive are there: Chromium (browser tests) and poppler-utils
# (pdftotext reads the PDF reports back). Installed when we are root; otherwise say what is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Устанавливаю из пакетов Debian для тестов: ${missing[*]}…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Не хватает пакетов: ${missing[*]}; зависящие от них тесты будут пропущены." \
       "Установите: sudo apt-get install ${missing[*]}" >&2
fi
