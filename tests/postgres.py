"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listen on
a Unix socket only (no TCP port), stop and delete it at the end of the session.

The server comes from Debian's `postgresql` package, which the test setup installs
(`scripts/test`). As root, the server runs as the `postgres` user (PostgreSQL refuses root).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid


def _bindir() -> str | None:
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


class Server:
    def __init__(self) -> None:
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed: run the test setup (bash scripts/test), "
                               "which installs Debian's postgresql package")
        self.bindir = bindir
        self.root = tempfile.mkdtemp(prefix="retold-pg-")
        self.data = os.path.join(self.root, "data")
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.user = "postgres" if self.as_user else os.environ.get("USER", "postgres")
        self._run("initdb", "-D", self.data, "-U", self.user, "-A", "trust", "-E", "UTF8", "--no-sync")
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.root, "log"), "-w", "start",
                  "-o", f"-k {self.root} -c listen_addresses='' -c fsync=off -c full_page_writes=off")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, os.path.join(self.bindir, tool), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@/{database}?host={self.root}"

    def new_database(self) -> str:
        import psycopg

        name = "retold_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
