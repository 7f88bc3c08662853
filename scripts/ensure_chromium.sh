#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests; install it when we are root.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Устанавливаю Chromium из пакетов Debian для браузерных тестов…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
  echo "Браузерные тесты будут пропущены: нет /usr/bin/chromium. Установите: sudo apt-get install chromium" >&2
fi
