#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server started in a temporary directory.

Usage: scripts/with_postgres.py COMMAND [ARGS...]

Finds the server binaries (PG_BIN, or Debian's /usr/lib/postgresql/<version>/bin), runs ``initdb`` and
``pg_ctl`` (as the ``postgres`` user when we are root, since initdb refuses root), listens only on a
Unix socket inside the temp dir, sets DATABASE_URL for the command, and always stops and removes the
server afterwards. Exit status is the command's.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    sys.exit("Не найден сервер PostgreSQL (initdb). Установите: apt-get install postgresql")


def main(argv: list[str]) -> int:
    if not argv:
        sys.exit(__doc__)
    pg_bin = find_bin()
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="nastavnik-pg-", dir="/tmp"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if as_root:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o755)
        prefix = ["runuser", "-u", "postgres", "--"]
    options = (
        f"-p 5432 -k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=50"
    )
    log = base / "server.log"
    try:
        subprocess.run(
            [
                *prefix,
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if as_root:
            log.touch()
            shutil.chown(log, "postgres")
        subprocess.run(
            [*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@/postgres?host={sock}", DB_CONN_MAX_AGE="0")
        print(f"PostgreSQL запущен во временном каталоге {base}", flush=True)
        return subprocess.run(argv, env=env).returncode
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
