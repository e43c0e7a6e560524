"""A real PostgreSQL server with PostGIS, started in a temporary folder for the tests.

    with PostGISServer.start() as server:
        url = server.new_database()      # postgresql://geomap@/gm_1?host=/tmp/geomap-pg-...

It runs Debian's postgresql binaries (`make test` installs them with postgis when they are
missing), as the postgres user when started by root, since PostgreSQL refuses to run as
root. It listens on a Unix socket in its folder only, so servers of parallel runs never
meet. Each database is copied from a template that has the PostGIS extension.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

USER = "geomap"
TEMPLATE = "geomap_template"
OPTIONS = "-c listen_addresses='' -c max_connections=200"
# Safe to lose on a crash, and faster: the data is a test's.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class Unavailable(RuntimeError):
    """No PostgreSQL binaries with PostGIS on this machine."""


def binaries() -> Path:
    """The bin folder of the newest installed PostgreSQL that has PostGIS."""
    found = [Path(f"/usr/lib/postgresql/{p.parent.parent.name}/bin")
             for p in Path("/usr/share/postgresql").glob("*/extension/postgis.control")]
    found = [b for b in found if (b / "initdb").is_file()]
    if not found:
        raise Unavailable("PostgreSQL with PostGIS is not installed: run `make test`, which"
                          " installs Debian's postgresql and postgresql-postgis")
    return max(found, key=lambda b: int(b.parent.name))


class PostGISServer:
    """A running server in a temporary folder; new_database() gives a fresh database's URL."""

    def __init__(self, folder: Path, bin_dir: Path) -> None:
        self.folder = folder
        self.bin = bin_dir
        self.data = folder / "data"
        self._numbers = itertools.count(1)

    @classmethod
    def start(cls, durable: bool = False) -> PostGISServer:
        """A new server; durable keeps PostgreSQL's own settings, which flush every commit to
        disk (benchmarks), where tests turn that off."""
        folder = Path(tempfile.mkdtemp(prefix="geomap-pg-"))
        server = cls(folder, binaries())
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(folder, account.pw_uid, account.pw_gid)
        try:
            server._run("initdb", "-D", server.data, "--auth=trust", f"--username={USER}",
                        "--encoding=UTF8", "--locale=C.UTF-8")
            options = f"{OPTIONS} -c unix_socket_directories={folder}"
            server._run("pg_ctl", "-D", server.data, "-w", "-l", folder / "server.log", "-o",
                        options if durable else f"{options} {FAST}", "start")
            server.sql("postgres", f"CREATE DATABASE {TEMPLATE}")
            server.sql(TEMPLATE, "CREATE EXTENSION postgis")
        except BaseException:
            server.stop()
            raise
        return server

    def _run(self, program: str, *args: object) -> None:
        """Run a PostgreSQL program, as the postgres user when this process is root."""
        owner = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            owner = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        done = subprocess.run([self.bin / program, *map(str, args)], capture_output=True,
                              text=True, timeout=120, cwd=self.folder, **owner)
        if done.returncode:
            log = self.folder / "server.log"
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}"
                               + (log.read_text() if log.is_file() else ""))

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@/{database}?host={self.folder}"

    def sql(self, database: str, statement: str) -> None:
        """Run one statement outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(host=str(self.folder), user=USER, dbname=database,
                             autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self) -> str:
        """The URL of a new, empty database with PostGIS."""
        name = f"gm_{next(self._numbers)}"
        self.sql("postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostGISServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
