"""Real app servers for the slow tests: a scratch database of their own, gunicorn on a free
loopback port, and a browser that talks to them over HTTP (tests/test_concurrency.py,
tests/test_scale_out.py).

The database is a SQLite file, or, when the suite runs on PostgreSQL, a scratch PostgreSQL
database ``rehab_<label>_<pid>`` on the same server, created here and dropped afterwards."""

import contextlib
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def scratch_database(tmp_path, label: str = "conc"):
    """A DATABASE_URL for a database of its own, and a function that runs one SQL query on it and
    returns the first column of the first row."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path / f"{label}.sqlite3"

        def count(query):
            with contextlib.closing(sqlite3.connect(path)) as db:
                return db.execute(query).fetchone()[0]

        yield f"sqlite:///{path}", count
        return

    server = settings.DATABASES["default"]
    conninfo = {
        key: value
        for key, value in {
            "host": server["HOST"],
            "port": server["PORT"],
            "user": server["USER"],
            "password": server["PASSWORD"],
        }.items()
        if value
    }
    name = f"rehab_{label}_{os.getpid()}"
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def count(query):
        with psycopg.connect(dbname=name, **conninfo) as db:
            return db.execute(query).fetchone()[0]

    user, password = (urllib.parse.quote(server[key], safe="") for key in ("USER", "PASSWORD"))
    login = f"{user}:{password}" if password else user
    try:
        yield f"postgres://{login}@{server['HOST']}:{server['PORT'] or 5432}/{name}", count
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(drop)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env, log: Path, workers: int = 3):
    """gunicorn serving the app on a free loopback port; yields its base URL."""
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
                *("--graceful-timeout", "5"),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None, f"gunicorn exited:\n{log.read_text()}"
                assert time.monotonic() < deadline, f"gunicorn never answered:\n{log.read_text()}"
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(f"{base}/healthz", timeout=2) as response,  # noqa: S310
                ):
                    if response.status == 200:
                        break
                time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


class Browser:
    """One person's browser: a cookie jar, no redirects followed, and headers sent with every
    request (e.g. the client address a load balancer would write). Requests go to ``base``, or to
    the ``base`` given: cookies belong to the host, not the port, so one browser's session cookie
    reaches every server on 127.0.0.1, as it reaches every server behind one load balancer."""

    def __init__(self, base: str, headers: dict | None = None):
        self.base, self.headers = base, headers or {}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def request(
        self, path: str, form: dict | None = None, *, base: str | None = None
    ) -> tuple[int, str, str]:
        """(status, body, Location) of one GET, or a POST of ``form`` (lists for repeated
        names)."""
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        url = (base or self.base) + path  # always http://127.0.0.1:<port>, from gunicorn()
        request = urllib.request.Request(url, data, self.headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(errors="replace"), answer.headers["Location"]

    def token(self, path: str, *, base: str | None = None) -> str:
        status, page, _ = self.request(path, base=base)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
