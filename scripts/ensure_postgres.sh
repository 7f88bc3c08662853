#!/usr/bin/env bash
# Make sure PostgreSQL server binaries are there for the PostgreSQL test run; install Debian's when root.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || [ -n "${PG_BIN:-}" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Устанавливаю сервер PostgreSQL из пакетов Debian для тестов…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
else
  echo "Нет сервера PostgreSQL (initdb). Установите: sudo apt-get install postgresql" >&2
  exit 1
fi
