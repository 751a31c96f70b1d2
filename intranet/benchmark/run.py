"""`manage.py bench`: set up each size's database, then measure it in a process of its own.

Django fixes its database at start-up, so each size is measured by `manage.py bench
--measure <size>`, run with production settings on that size's database: it serves the site
and the floor with gunicorn, logs the personas in, loads each page with wrk and counts its
queries in-process.
"""

import os
import secrets
import signal
import subprocess
import sys
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from django.conf import settings

from . import client, report, targets, wrk
from .databases import BENCH_DIR, for_size
from .server import Gunicorn, free_port

SIZES = ("demo", "scale")
MANAGE = Path(settings.BASE_DIR) / "manage.py"
PRODUCTION = "intranet.settings.production"
WARM_UP_SECONDS = 2


class BenchError(Exception):
    pass


class Stopped(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so that the servers are stopped on the way out."""


def stop_on_sigterm():
    def _stop(signum, frame):
        raise Stopped

    signal.signal(signal.SIGTERM, _stop)


def environment(database, static_root, secret_key):
    """Production settings on the size's database, over plain http on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database.url,
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(database.media_root),
        STATIC_ROOT=str(static_root),
        PYTHONUNBUFFERED="1",
    )
    return env


def call(args, env):
    """Run a command to the end; on Ctrl-C give it time to stop its own servers first."""
    process = subprocess.Popen(args, env=env)  # noqa: S603 - our own arguments, no shell
    try:
        return process.wait()
    except KeyboardInterrupt:
        _wait_or_kill(process)  # it had the same Ctrl-C from the terminal
        raise
    except BaseException:
        process.terminate()  # SIGTERM: it stops its servers too
        _wait_or_kill(process)
        raise


def _wait_or_kill(process):
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def manage(env, *args):
    if call([sys.executable, str(MANAGE), *args], env) != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed.")


def _require_load_scale():
    from django.core.management import get_commands

    if "load_scale" not in get_commands():
        raise BenchError(
            "Scale size needs `manage.py load_scale`, which this checkout lacks: run "
            "`make bench SIZES=demo`."
        )


def prepare(size, database, make_env, *, rebuild=False, scale=None, say=print):
    """Make the size's database: a fresh demo every time; the scale database is built once
    (demo plus load_scale, under a temporary name until it is complete) and then reused."""
    if size == "demo":
        say(f"Demo size: a fresh database, {database.label}")
        database.drop()
        database.create()
        manage(make_env(database), "migrate", "--no-input", "--verbosity", "0")
        manage(make_env(database), "load_demo")
        return
    if database.exists() and not rebuild:
        say(f"Scale size: reusing {database.label} (--rebuild-scale builds it again)")
        manage(make_env(database), "migrate", "--no-input", "--verbosity", "0")
        return
    _require_load_scale()
    partial = database.sibling(f"{database.name}_partial")
    say(f"Scale size: building {database.label} (demo, then load_scale: 15-30 min)")
    partial.drop()
    partial.create()
    env = make_env(partial)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_demo")
    manage(env, "load_scale", *(["--scale", str(scale)] if scale is not None else []))
    database.drop()
    partial.rename(database)


def run(sizes, seconds, *, rebuild_scale=False, scale=None, say=print):
    """Prepare and measure each size; the reports land in var/bench/<size>-<vendor>.md."""
    stop_on_sigterm()
    wrk.executable()  # before the long set-up, not after it
    unknown = set(sizes) - set(SIZES)
    if unknown:
        raise BenchError(f"Unknown size {', '.join(sorted(unknown))}: choose from {SIZES}.")
    database_url = os.environ.get("DATABASE_URL")
    static_root = BENCH_DIR / "static"
    secret_key = secrets.token_urlsafe(50)

    def make_env(database):
        return environment(database, static_root, secret_key)

    databases = {size: for_size(size, database_url) for size in sizes}
    scale_database = databases.get("scale")
    if scale_database and (rebuild_scale or not scale_database.exists()):
        _require_load_scale()  # now rather than after the demo size
    say("Collecting static files for production settings")
    first = next(iter(databases.values()))
    manage(make_env(first), "collectstatic", "--no-input", "--verbosity", "0")
    failed = []
    for size, database in databases.items():
        prepare(size, database, make_env, rebuild=rebuild_scale, scale=scale, say=say)
        args = ["bench", "--measure", size, "--duration", str(seconds)]
        if call([sys.executable, str(MANAGE), *args], make_env(database)) != 0:
            failed.append(size)
    if failed:
        raise BenchError(f"Measuring {' and '.join(failed)} size failed; see above.")


# Measuring one size, in a process running with that size's settings.


def _database_label():
    from django.db import connection

    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def count_queries(path, cookies):
    """Queries of one request made in-process as the persona (same session), after a warm-up
    request, with the settings and database gunicorn uses."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client()
    for name, value in cookies.items():
        browser.cookies[name] = value
    browser.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(path)
    if response.status_code != 200:
        raise BenchError(f"In-process GET {path} answered {response.status_code}, not 200.")
    return len(queries.captured_queries)


def _load(base_url, target, cookies, seconds):
    """wrk on one page, after checking that the persona gets a 200 rather than a redirect."""
    status, location = client.status(base_url, target.path, cookies)
    if status != 200:
        where = f" to {location}" if location else ""
        raise BenchError(f"GET {target.path} as {target.persona} answered {status}{where}.")
    cookie = client.cookie_header(cookies)
    wrk.run(base_url + target.path, WARM_UP_SECONDS, cookie)
    return wrk.run(base_url + target.path, seconds, cookie)


def _say_result(say, name, result):
    say(
        f"  {name}: {result.requests_per_second:.1f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, {result.non_2xx} non-2xx"
    )


def _start_servers(stack, name):
    """Guild and the floor under gunicorn, stopped when the stack closes."""
    logs = BENCH_DIR / "logs"
    site = Gunicorn(
        "intranet.wsgi:application", free_port(), logs / f"{name}-guild.log", ready_path="/healthz"
    )
    stack.enter_context(site)
    floor_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    floor = Gunicorn(
        "intranet.benchmark.floor:application", free_port(), logs / f"{name}-floor.log", floor_env
    )
    stack.enter_context(floor)
    return site, floor


def _load_floor(floor, seconds, say):
    wrk.run(floor.url + "/", WARM_UP_SECONDS)
    result = wrk.run(floor.url + "/", seconds)
    if not result.requests or result.non_2xx:
        raise BenchError(f"The floor answered badly:\n{floor.log_tail()}")
    _say_result(say, "Floor", result)
    return result


def _load_pages(site, pages, sessions, seconds, say):
    """(rows, errors): a page that does not answer its persona with a 200 is an error, and
    the others are still measured."""
    rows, errors = [], []
    for page in pages:
        try:
            result = _load(site.url, page, sessions[page.persona], seconds)
        except (BenchError, wrk.WrkError) as exc:
            errors.append(f"{page.name}: {exc}")
            say(f"  {page.name}: ERROR {exc}")
            continue
        _say_result(say, f"{page.name} ({page.persona})", result)
        rows.append(report.Row(page.name, page.persona, page.path, result, note=page.note))
    return rows, errors


def measure(size, seconds, say=print):
    """Measure the database this process is configured with; False if any page failed."""
    from django.db import connection

    from intranet.demo.loader import PASSWORD

    stop_on_sigterm()
    started = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load_at_start = os.getloadavg()
    database = _database_label()
    say(f"\nMeasuring {size} size on {database}, {seconds} s per page")
    counts = targets.headline_counts()
    pages = targets.discover(size)
    name = f"{size}-{connection.vendor}"
    with ExitStack() as stack:
        site, floor = _start_servers(stack, name)
        personas = dict.fromkeys(page.persona for page in pages)
        sessions = {persona: client.login(site.url, persona, PASSWORD) for persona in personas}
        floor_result = _load_floor(floor, seconds, say)
        rows, errors = _load_pages(site, pages, sessions, seconds, say)
        worker_mb = site.worker_memory_mb()
    for row in rows:
        try:
            row.queries = count_queries(row.path, sessions[row.persona])
        except BenchError as exc:
            errors.append(f"{row.name}: {exc}")
    summary = report.Summary(
        size=size,
        database=database,
        started=started,
        cores=os.cpu_count(),
        load_at_start=load_at_start,
        load_at_end=os.getloadavg(),
        counts=counts,
        seconds=seconds,
        floor=floor_result,
        rows=rows,
        worker_mb=worker_mb,
    )
    text = report.render(summary)
    if errors:
        text += "\nErrors:\n" + "".join(f"- {error}\n" for error in errors)
    output = BENCH_DIR / f"{name}.md"
    output.write_text(text)
    say("\n" + text)
    say(f"Written to {output.relative_to(settings.BASE_DIR)}")
    return not errors
