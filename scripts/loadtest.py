#!/usr/bin/env python3
"""Load test: gunicorn with 2 workers on loopback, driven by wrk, figures per URL group.

    .venv/bin/python scripts/loadtest.py            # or: make load

1. Prepares a database of its own under var/loadtest/ (SQLite, or --database-url): migrations,
   the synthetic corpus of the pages benchmark (bench.synthetic.build_corpus), the documents'
   fixtures, the search index, collected static files. Kept for the next run; --fresh rebuilds.
2. Starts gunicorn (production settings: DEBUG off, whitenoise, the page cache; --no-cache
   turns it off) on a free 127.0.0.1 port. Every URL is requested twice before the runs (it
   must answer 200), so the cache is warm: the figures are those of a site whose pages were
   visited since the last edit.
3. The mix: 32 connections for 30 s over home, list, detail and search URLs at once (one wrk per
   group, the connections shared 4/8/12/8), then each group alone at 32 connections (--solo
   seconds each), which is what the targets are judged by.
   --servers N starts N gunicorns on N ports (several servers: give --database-url a PostgreSQL
   database and set KENES_SEARCH_BACKEND=postgres and CACHE_URL, README "Several servers");
   each wrk thread then keeps to one of them, so a group's connections are spread over them.
4. Prints requests/s, p50/p99 latency and errors per group (a Markdown table), checks the
   targets (zero errors; detail >= 300 req/s, search >= 100 req/s) and exits 1 when one is missed.

Only loopback is ever addressed; every wrk run is bounded by its duration.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"
GROUPS = ["home", "list", "detail", "search"]
MIX_CONNECTIONS = {"home": 4, "list": 8, "detail": 12, "search": 8}  # of 32
TARGETS = {"detail": 300.0, "search": 100.0}  # requests/s, each group alone

CORPUS = {"events": 10_000, "people": 30_000, "organizations": 2_000, "surveys": 500}

BUILD = """
import django; django.setup()
from kb.models import Event
try:
    from bench.synthetic import build_corpus
except ImportError:  # the pages' corpus builder is not on this branch yet
    build_corpus = None
    print("no bench.synthetic: the documents' data only")
if build_corpus and not Event.objects.filter(slug__startswith="syn-").exists():
    print(build_corpus(events={events}, people={people}, organizations={organizations},
                       surveys={surveys}))
"""

# A sample of real addresses per group, drawn from the database (published records only).
PICK = """
import json, random, django; django.setup()
from django.urls import reverse
from kb.models import Event, Organization, Person, Survey, Topic
rng = random.Random(7)
def sample(qs, n):
    slugs = list(qs.values_list("slug", flat=True)[:5000])
    return rng.sample(slugs, min(n, len(slugs)))
detail = (
    [reverse("kb:event-detail", args=[s]) for s in sample(Event.objects.published(), 120)]
    + [reverse("kb:person-detail", args=[s]) for s in sample(Person.objects.public(), 120)]
    + [reverse("kb:organization-detail", args=[s])
       for s in sample(Organization.objects.published(), 60)]
    + [reverse("kb:survey-detail", args=[s]) for s in sample(Survey.objects.published(), 30)]
    + [reverse("kb:topic-detail", args=[s]) for s in sample(Topic.objects.published(), 20)]
    + ["/events/kazakhstans-bloody-january-2023-12-07/",
       "/surveys/january-events-survey-2023/", "/people/yevgeniy-zhovtis/"]
)
lists = []
for name in ["kb:event-list", "kb:person-list", "kb:organization-list", "kb:survey-list",
             "kb:topic-list"]:
    base = reverse(name)
    lists += [base, base + "?page=2", base + "?page=5"]
lists += ["/events/?topic=freedom-from-torture", "/events/?format=online",
          "/surveys/?topic=public-trust"]
# A small corpus (--small) has fewer pages: keep the list pages that exist.
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
lists = [url for url in lists if "page=" not in url or client.get(url).status_code == 200]
words = ["torture", "trust", "protests", "Zhovtis", "Beisembayev", "Жовтис", "paperlab",
         "\\"public trust\\"", "type:person gender", "year:2023 elections", "media*",
         "human rights", "survey kazakhstan", "demoscope", "assembly", "internet shutdowns"]
search = [reverse("search:search") + "?q=" + w for w in words]
print(json.dumps({"home": ["/"], "list": lists, "detail": detail, "search": search}))
"""

LUA = """
local paths = __PATHS__
local ports = __PORTS__
local threads = 0
local counter = 0
function setup(thread)
  threads = threads + 1
  thread.addr = wrk.lookup("127.0.0.1", tostring(ports[(threads - 1) % #ports + 1]))[1]
end
function init(args)
  counter = math.random(1, #paths)
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KENES_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_LOG_LEVEL="ERROR",
        KENES_VAR_DIR=str(workdir),
        KENES_INDEX_DIR=str(workdir / "whoosh"),
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'kenes.sqlite3'}",
        PYTHONPATH=str(BASE_DIR),
    )
    for name in ("CACHE_URL", "KENES_SEARCH_BACKEND"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def run(args: list[str], env: dict[str, str], what: str) -> str:
    started = time.monotonic()
    result = subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        sys.exit(f"loadtest: {what} failed:\n{result.stdout}\n{result.stderr}")
    print(f"  {what}: {time.monotonic() - started:.1f} s", flush=True)
    return result.stdout


def prepare(env: dict[str, str], corpus: dict[str, int]) -> dict[str, list[str]]:
    print("Preparing the database, index and static files", flush=True)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env, "migrate")
    run([PYTHON, "-c", BUILD.format(**corpus)], env, "synthetic corpus")
    run([*manage, "load_documents", "-v0"], env, "documents' fixtures")
    index_marker = Path(env["KENES_INDEX_DIR"]) / ".loadtest-built"
    commands = run([*manage, "help", "--commands"], env, "listing commands").split()
    if "rebuild_index" in commands and not index_marker.exists():
        run([*manage, "rebuild_index"], env, "search index")
        index_marker.parent.mkdir(parents=True, exist_ok=True)  # no Whoosh folder on PostgreSQL
        index_marker.touch()
    run([*manage, "collectstatic", "--noinput", "-v0"], env, "collectstatic")
    return json.loads(run([PYTHON, "-c", PICK], env, "choosing URLs"))


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "256",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(env["KENES_VAR_DIR"]) / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
        if server.poll() is not None:
            break
    server.terminate()
    sys.exit(f"loadtest: gunicorn did not answer on port {port} (see gunicorn-{port}.log)")


def check_urls(port: int, urls: dict[str, list[str]]) -> None:
    """Every URL answers 200 before the load starts (and each page is warm in both workers)."""
    bad = []
    for group in GROUPS:
        for path in urls[group]:
            for _ in range(2):
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}{urllib.parse.quote(path, safe='/?=&:%')}",
                        timeout=30,
                    ) as response:
                        status = response.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                if status != 200:
                    bad.append(f"{status} {path}")
                    break
    if bad:
        sys.exit("loadtest: these URLs do not answer 200:\n" + "\n".join(bad))


def wrk_processes(
    ports, urls, connections, duration, workdir, cookie=""
) -> dict[str, subprocess.Popen]:
    """One wrk per group; its threads take the servers' ports in turn (one thread per server
    at least, as connections allow)."""
    processes = {}
    for group, count in connections.items():
        paths = [urllib.parse.quote(p, safe="/?=&:%") for p in urls[group]]
        random.Random(group).shuffle(paths)
        script = workdir / f"wrk-{group}.lua"
        lua_table = "{" + ", ".join(json.dumps(p) for p in paths) + "}"
        script.write_text(
            LUA.replace("__PATHS__", lua_table).replace(
                "__PORTS__", "{" + ",".join(map(str, ports)) + "}"
            )
        )
        processes[group] = subprocess.Popen(  # noqa: S603
            [
                WRK,
                f"-t{min(count, max(2, len(ports)))}",
                f"-c{count}",
                f"-d{duration}s",
                "--timeout",
                "5s",
                "-s",
                str(script),
                *(["-H", f"Cookie: {cookie}"] if cookie else []),
                f"http://127.0.0.1:{ports[0]}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    return processes


def collect(processes: dict[str, subprocess.Popen]) -> dict[str, dict]:
    results = {}
    for group, process in processes.items():
        output, _ = process.communicate(timeout=600)
        line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            sys.exit(f"loadtest: wrk for {group} printed no result:\n{output}")
        data = json.loads(line.removeprefix("RESULT "))
        data["errors"] = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
        data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
        results[group] = data
    return results


def table(title: str, results: dict[str, dict], connections: dict[str, int]) -> str:
    lines = [
        f"**{title}**",
        "",
        "| group | connections | requests | requests/s | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for group, r in results.items():
        lines.append(
            f"| {group} | {connections[group]} | {r['requests']} | {r['rps']:.0f} | "
            f"{r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['errors']} |"
        )
    if len(results) > 1:
        total = sum(r["requests"] for r in results.values())
        rps = sum(r["rps"] for r in results.values())
        errors = sum(r["errors"] for r in results.values())
        lines.append(f"| all | {sum(connections.values())} | {total} | {rps:.0f} | | | {errors} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of the mix (30)")
    parser.add_argument("--solo", type=int, default=15, help="seconds of each group alone (15)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    parser.add_argument("--servers", type=int, default=1, help="gunicorn servers (1)")
    parser.add_argument("--workdir", type=Path, default=BASE_DIR / "var" / "loadtest")
    parser.add_argument("--database-url", help="default: a SQLite file in the work folder")
    parser.add_argument("--fresh", action="store_true", help="rebuild database and index")
    parser.add_argument("--small", action="store_true", help="a tenth of the corpus (quick try)")
    parser.add_argument(
        "--no-cache", action="store_true", help="turn the page cache off (for comparison)"
    )
    parser.add_argument(
        "--cookie",
        default="",
        help="a Cookie header on every request, e.g. a made-up sessionid=... (page cache check)",
    )
    args = parser.parse_args()

    if args.fresh and args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = {k: v // 10 for k, v in CORPUS.items()} if args.small else CORPUS
    env = environment(args.workdir, args.database_url)
    if args.no_cache:
        env["KENES_PAGE_CACHE_SECONDS"] = "0"
    urls = prepare(env, corpus)
    ports, servers = [], []
    report = []
    try:
        for _ in range(args.servers):
            ports.append(free_port())
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{ports[-1]}", flush=True)
            servers.append(start_server(env, ports[-1], args.workers))
        for port in ports:
            check_urls(port, urls)
        scale = args.connections / 32
        mix = {g: max(1, round(c * scale)) for g, c in MIX_CONNECTIONS.items()}
        print(f"The mix: {sum(mix.values())} connections for {args.duration} s", flush=True)
        with tempfile.TemporaryDirectory() as scripts:
            mixed = collect(
                wrk_processes(ports, urls, mix, args.duration, Path(scripts), args.cookie)
            )
            report.append(table(f"Mix, {args.duration} s", mixed, mix))
            solo = {}
            for group in GROUPS:
                print(f"{group} alone: {args.connections} connections, {args.solo} s", flush=True)
                only = {group: args.connections}
                solo.update(
                    collect(wrk_processes(ports, urls, only, args.solo, Path(scripts), args.cookie))
                )
            report.append(
                table(
                    f"Each group alone, {args.solo} s",
                    solo,
                    dict.fromkeys(GROUPS, args.connections),
                )
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)

    print()
    print("\n\n".join(report))
    missed = [f"{g}: {r['errors']} errors" for g, r in {**mixed, **solo}.items() if r["errors"]]
    missed += [
        f"{g}: {solo[g]['rps']:.0f} requests/s < {target:.0f}"
        for g, target in TARGETS.items()
        if solo[g]["rps"] < target
    ]
    print()
    print("Targets missed: " + "; ".join(missed) if missed else "Targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
