"""Requests per second of the patient portal under gunicorn, against a bare Django view on the
same server in the same run (issue 17). Run from the project directory:

    .venv/bin/python benchmarks/throughput.py --out benchmarks/results/throughput.json

What it does: builds a fresh SQLite file in a temporary directory (``manage.py demo --no-serve``,
then tops the demo patient's plan up to ``--exercises`` exercises, each with the same twelve weeks
of logs as the plan's first ones), collects the static files (production serves hashed names),
and starts gunicorn with ``--workers`` sync workers on a free port with production settings
(DJANGO_ENV=production, DEBUG off, SECURE_SSL_REDIRECT on, BEHIND_TLS_PROXY: every request
carries ``X-Forwarded-Proto: https`` as a TLS proxy would send it). It signs in as the demo
patient through the sign-in form, then loads each URL in turn with ``--threads`` client threads
(http.client; gunicorn's sync workers close each connection, so a thread reconnects as needed)
for ``--duration`` seconds after a second of warm-up, ``--rounds`` times, interleaved.

The URLs: a bare view (a short HttpResponse behind the same middleware, added by
``benchmarks/throughput_wsgi.py``), /healthz, the portal home, the history (first page) and
the handout download. Each figure is the median of the rounds; the ratio is the median of each
round's ratio to the bare view measured in that round. The load generator runs on the same
machine and shares its cores with gunicorn, so the absolute figures are lower than a separate
client would see; the ratios are what to compare. It also reads gunicorn's CPU time per request
from /proc (Linux): on a machine busy with other work, the ratio of those ("cpu ratio") moves far
less than the ratio of requests a second.
Every portal request writes its audit event, as a real visit does. Each worker builds the home
page's plan section on its first visit (in the warm-up) and reads it from its own cache after
(``portal/card_cache.py``): the figures are a returning patient's, the usual visit.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PATIENT = ("patient", "patient-demo-2026")
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "throughput-benchmark-secret-key-not-for-any-real-server-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": "https://clinic.example",
    "BEHIND_TLS_PROXY": "true",
    "LOG_LEVEL": "ERROR",
}
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

GROW_PLAN = """
from planner.models import Assignment, Patient, SessionLog
patient = Patient.objects.get(user__username="patient")
plan = Assignment.objects.filter(patient=patient).order_by("pk").first()
items = list(plan.program.items.order_by("position"))
last = items[-1].position
for n, row in enumerate(items[: max(0, {wanted} - len(items))], start=1):
    logs = list(SessionLog.objects.filter(program_exercise=row))
    row.pk = row.id = None
    row.position = last + n
    row.save()
    for log in logs:
        log.pk = log.id = None
        log.program_exercise = row
    SessionLog.objects.bulk_create(logs)
print(plan.program.items.count(), SessionLog.objects.filter(assignment__patient=patient).count())
"""


def manage(*args, env) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py, arguments from this file
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database: Path, exercises: int) -> dict:
    """A fresh demo clinic in ``database``; the environment gunicorn runs with."""
    url = f"sqlite:///{database}"
    development = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    manage("demo", "--no-serve", env=development)
    grown = manage("shell", "-c", GROW_PLAN.format(wanted=exercises), env=development)
    production = {**os.environ, **PRODUCTION_ENV, "DATABASE_URL": url}
    manage("collectstatic", "--noinput", "-v", "0", env=production)
    rows, logs = (int(n) for n in grown.split()[-2:])
    return {"env": production, "exercises": rows, "patient_logs": logs}


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - gunicorn, arguments from this file
        [
            PYTHON,
            "-m",
            "gunicorn",
            "throughput_wsgi:application",
            "--pythonpath",
            f"{ROOT},{ROOT / 'benchmarks'}",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(port, "GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within 30 seconds.")


def request(port, method, path, *, body=None, headers=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        if own:
            conn.close()


def cookies_of(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";")[0]
    return found


def sign_in(port: int) -> str:
    """The Cookie header of the demo patient's session, through the sign-in form."""
    status, headers, page = request(port, "GET", "/accounts/login/")
    cookies = cookies_of(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urlencode({"csrfmiddlewaretoken": token, "username": PATIENT[0], "password": PATIENT[1]})
    status, headers, _ = request(
        port,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"https://127.0.0.1:{port}/accounts/login/",
        },
    )
    session = cookies_of(headers).get("sessionid")
    if status != 302 or not session:
        sys.exit(f"Signing in as the demo patient failed (status {status}).")
    return f"sessionid={session}"


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU seconds gunicorn's master and workers have used so far (Linux /proc)."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    pids += [int(pid) for pid in children.read_text().split()]
    ticks = 0
    for pid in pids:
        # Fields 14 and 15, after the command name in parentheses: user and system time.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def load(server, port: int, path: str, cookie: str, threads: int, seconds: float) -> dict:
    """Requests answered 200 per second, latencies, and the server's CPU milliseconds per request,
    with ``threads`` clients for ``seconds``."""
    cpu_before = server_cpu_seconds(server)
    stop = time.monotonic() + seconds
    latencies, failures, lock = [], [], threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], []
        while time.monotonic() < stop:
            started = time.perf_counter()
            status, _, _ = request(port, "GET", path, headers={"Cookie": cookie}, conn=conn)
            if status == 200:
                mine.append(time.perf_counter() - started)
            else:
                bad.append(status)
        conn.close()
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    cpu = server_cpu_seconds(server) - cpu_before
    if failures:
        sys.exit(f"{path}: {len(failures)} answers were not 200: {sorted(set(failures))}")
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "cpu_ms": cpu * 1000 / len(latencies),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=4.0, help="Seconds per URL and round.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="Client threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--exercises", type=int, default=7, help="Exercises in the plan.")
    parser.add_argument("--out", type=Path, help="Where to save the results as JSON.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="throughput-") as scratch:
        setup = prepare(Path(scratch) / "bench.sqlite3", args.exercises)
        port = free_port()
        server = start_gunicorn(setup["env"], port, args.workers)
        try:
            cookie = sign_in(port)
            _, _, home = request(port, "GET", "/portal/", headers={"Cookie": cookie})
            plan = re.search(rb"/portal/handout/(\d+)/", home).group(1).decode()
            pages = [
                ("bare view", "/bench-bare/"),
                ("/healthz", "/healthz"),
                ("portal home", "/portal/"),
                ("portal history", "/portal/history/"),
                ("handout download", f"/portal/handout/{plan}/"),
            ]
            sizes = {
                url: len(request(port, "GET", url, headers={"Cookie": cookie})[2])
                for _, url in pages
            }
            runs = {url: [] for _, url in pages}
            for _ in range(args.rounds):
                for _, url in pages:
                    load(server, port, url, cookie, args.threads, 1.0)  # warm up
                    runs[url].append(load(server, port, url, cookie, args.threads, args.duration))
        finally:
            server.terminate()
            server.wait(timeout=30)

    results = []
    bare_cpu = statistics.median(r["cpu_ms"] for r in runs["/bench-bare/"])
    print(
        f"{'page':<18} {'req/s':>8} {'of bare':>8} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8} "
        f"{'cpu ms':>7} {'cpu ratio':>9}"
    )
    for name, url in pages:
        rps = statistics.median(r["rps"] for r in runs[url])
        # Each round's ratio is to the bare view measured moments before it: the machine's load
        # drifts between rounds, and a page's median over a bare median from other moments
        # moved by half again from one run to the next.
        ratios = [r["rps"] / b["rps"] for r, b in zip(runs[url], runs["/bench-bare/"], strict=True)]
        ratio = statistics.median(ratios)
        # The server's CPU time per request, which other work on the machine hardly moves: the
        # bare view's over the page's is the share of the bare view's requests a second the page
        # would serve with the cores to itself (the client's own work left out).
        cpu = statistics.median(r["cpu_ms"] for r in runs[url])
        row = {
            "page": name,
            "url": url,
            "rps": round(rps, 1),
            "ratio_to_bare": round(ratio, 4),
            "rounds_ratio": [round(r, 4) for r in ratios],
            "p50_ms": round(statistics.median(r["p50_ms"] for r in runs[url]), 2),
            "p95_ms": round(statistics.median(r["p95_ms"] for r in runs[url]), 2),
            "bytes": sizes[url],
            "rounds_rps": [round(r["rps"], 1) for r in runs[url]],
            "server_cpu_ms_per_request": round(cpu, 2),
            "cpu_ratio_to_bare": round(bare_cpu / cpu, 4),
        }
        results.append(row)
        print(
            f"{name:<18} {rps:8.1f} {ratio:8.1%} {row['p50_ms']:8.2f} "
            f"{row['p95_ms']:8.2f} {row['bytes']:8d} {cpu:7.2f} {bare_cpu / cpu:9.1%}"
        )
    print(
        f"gunicorn {args.workers} sync workers, {args.threads} client threads on the same "
        f"{os.cpu_count()} cores, {args.rounds} rounds of {args.duration:g} s (median shown)."
    )
    summary = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "workers": args.workers,
        "threads": args.threads,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "plan_exercises": setup["exercises"],
        "patient_logs": setup["patient_logs"],
        "results": results,
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, indent=2) + "\n")
        print(f"Saved to {args.out}")


if __name__ == "__main__":
    main()
