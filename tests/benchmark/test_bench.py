"""`make bench` without the load: wrk's report, the floor, finding pages, the report's marks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from intranet.benchmark import client as bench_client
from intranet.benchmark import databases, report, run, server, targets, wrk
from intranet.people.models import User
from tests.builders import add_member, make_comment, make_community, make_person, make_post
from tests.learning.builders import make_path
from tests.library.builders import make_customer, make_item
from tests.wiki.builders import edit_wiki_page, make_wiki_page

SAMPLES = Path(__file__).parent


def sample(name):
    return (SAMPLES / name).read_text()


def result(rps=50.0, p50=20.0, p99=60.0, non_2xx=0, statuses=None, socket_errors=0):
    return wrk.Result(
        requests=int(rps * 20),
        seconds=20.0,
        requests_per_second=rps,
        p50_ms=p50,
        p99_ms=p99,
        non_2xx=non_2xx,
        statuses=statuses or {},
        socket_errors=socket_errors,
    )


class WrkReportTests:
    def test_it_reads_rate_latency_and_counts_from_a_real_report(self):
        found = wrk.parse(sample("wrk_floor.txt"))
        assert found.requests == 7077
        assert found.seconds == pytest.approx(3.01)
        assert found.requests_per_second == pytest.approx(2349.24)
        assert found.p50_ms == pytest.approx(2.75)
        assert found.p99_ms == pytest.approx(11.95)
        assert (found.non_2xx, found.statuses, found.socket_errors) == (0, {}, 0)

    def test_it_counts_redirects_that_wrk_itself_counts_as_success(self):
        text = sample("wrk_redirects.txt")
        assert "Non-2xx or 3xx" not in text  # wrk's own line leaves 3xx out
        found = wrk.parse(text)
        assert found.non_2xx == found.requests == 2765
        assert found.statuses == {302: 2765}

    def test_it_converts_every_unit_to_milliseconds(self):
        text = sample("wrk_floor.txt").replace("50%    2.75ms", "50%  850.00us")
        text = text.replace("99%   11.95ms", "99%    1.20s")
        found = wrk.parse(text)
        assert found.p50_ms == pytest.approx(0.85)
        assert found.p99_ms == pytest.approx(1200.0)

    def test_it_adds_up_socket_errors(self):
        text = sample("wrk_floor.txt").replace(
            "Requests/sec:", "  Socket errors: connect 0, read 2, write 0, timeout 5\nRequests/sec:"
        )
        assert wrk.parse(text).socket_errors == 7

    def test_it_refuses_a_report_without_the_status_count(self):
        text = sample("wrk_floor.txt").split("Non-2xx responses")[0]
        with pytest.raises(wrk.WrkError, match="non-2xx"):
            wrk.parse(text)

    def test_it_runs_two_threads_eight_connections_with_latencies_and_the_cookie(self):
        args = wrk.command("http://127.0.0.1:8200/", 20, "sessionid=abc")
        assert args[1:5] == ["-t2", "-c8", "-d20s", "--latency"]
        assert args[args.index("--timeout") + 1] == "30s"
        assert args[args.index("-s") + 1] == str(wrk.STATUSES_SCRIPT)
        assert args[args.index("-H") + 1] == "Cookie: sessionid=abc"
        assert args[-1] == "http://127.0.0.1:8200/"


class FloorTests:
    def test_it_serves_20_kb_with_settings_of_its_own(self):
        script = (
            "from wsgiref.util import setup_testing_defaults\n"
            "from intranet.benchmark.floor import application\n"
            "environ = {}\n"
            "setup_testing_defaults(environ)\n"
            "seen = []\n"
            "body = b''.join(application(environ, lambda status, headers: seen.append(status)))\n"
            "print(seen[0], len(body))\n"
        )
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert done.stdout.split() == ["200", "OK", "20480"]


@pytest.fixture
def world(rep, sponsor, outsider):
    """A small Sales community with one of each page the benchmark loads, and a secret
    community whose busier wiki page the editor must not be sent to."""
    editor = make_person("editor")
    newcomer = make_person("newcomer")
    sales = make_community("Sales")
    for person in (rep, sponsor, editor, newcomer):
        add_member(sales, person, role="editor" if person is editor else "member")
    hospital = make_customer("Solberga Hospital")
    make_item(sales, sponsor, file="docx", document_type="proposal", customers=[hospital])
    make_item(sales, sponsor, file="docx", document_type="proposal", customers=[hospital])
    make_item(sales, sponsor, file="docx", document_type="quotation")
    busy = make_wiki_page(sales, sponsor, title="Tenders")
    for n in range(3):
        edit_wiki_page(busy, sponsor, f"Edit {n}.")
    make_wiki_page(sales, sponsor, title="Glossary")
    council = make_community("Council", preset="confidential")
    hidden = make_wiki_page(council, outsider, title="Price floors")
    for n in range(5):
        edit_wiki_page(hidden, outsider, f"Secret edit {n}.")
    quiet = make_post(sales, rep, title="Quiet")
    make_comment(quiet, sponsor)
    talked = make_post(sales, rep, title="Talked about")
    for _ in range(3):
        make_comment(talked, sponsor)
    path = make_path(sales, editor, onboarding=True)
    return {"sales": sales, "busy": busy, "talked": talked, "path": path}


@pytest.mark.django_db
class DiscoveryTests:
    def test_it_finds_each_page_as_its_persona_sees_it(self, world):
        found = {target.name: target for target in targets.discover("demo")}
        assert found["Home dashboard"].path == "/"
        assert found["Sales Community"].path == world["sales"].url
        library = found["Library, two facets"]
        assert library.path.endswith("?document_type=proposal&customer=solberga-hospital")
        wiki = found["Wiki page, longest history"]
        assert (wiki.path, wiki.persona, wiki.note) == (world["busy"].url, "editor", "4 revisions")
        post = found["Post, most comments"]
        assert (post.path, post.note) == (world["talked"].url, "3 comments")
        path = found["Onboarding path"]
        assert (path.path, path.persona) == (world["path"].url, "newcomer")
        assert found["People, filtered"].path == "/people/?expertise=healthcare"
        assert found["Search results"].path == "/search/?q=office+cleaning"

    def test_every_page_it_finds_answers_200_to_its_persona(self, world, client):
        for target in targets.discover("demo"):
            client.force_login(User.objects.get(username=target.persona))
            response = client.get(target.path)
            assert response.status_code == 200, target

    def test_scale_size_needs_a_post_with_fifty_comments(self, world):
        with pytest.raises(targets.NotFound, match="3 comments"):
            targets.discover("scale")

    def test_it_fails_loudly_without_the_personas(self, rep):
        with pytest.raises(targets.NotFound, match="load_demo"):
            targets.discover("demo")

    def test_it_counts_what_the_size_is_made_of(self, world):
        counts = targets.headline_counts()
        assert counts["posts"] == 2 and counts["comments"] == 4
        assert counts["wiki pages"] == 3 and counts["library items"] == 3
        assert counts["people"] == 5


class ReportTests:
    def test_a_page_that_meets_every_target_gets_a_tick(self):
        floor = result(rps=1000.0, p50=2.0, p99=5.0)
        assert report.misses(result(rps=50.0), floor) == []
        row = report.Row("Home dashboard", "rep", "/", result(rps=50.0), queries=12)
        line = report.table([row], floor).splitlines()[-1]
        assert line == ("| Home dashboard | rep | 50.0 | 20.0 | 60.0 | 0 | 12 | 0.050 | ✓ | `/` |")

    def test_it_marks_each_target_a_page_misses(self):
        floor = result(rps=1000.0)
        slow = result(rps=20.0, p99=100.0, non_2xx=3, statuses={302: 3})
        assert report.misses(slow, floor) == [
            "< 0.03 of floor",
            "p99 ≥ 100 ms",
            "non-2xx (302: 3)",
        ]
        line = report.table([report.Row("Search", "rep", "/search/", slow)], floor)
        assert "| 0.020 | ✗ < 0.03 of floor; p99 ≥ 100 ms; non-2xx (302: 3) |" in line

    def test_a_page_with_no_finished_response_shows_no_latency(self):
        stuck = result(rps=0.0, p50=0.0, p99=0.0)
        stuck.requests = 0
        assert report.misses(stuck, result(rps=100.0))[0] == "no response finished in time"
        line = report.table([report.Row("Search", "rep", "/search/", stuck)], result(rps=100.0))
        assert "| Search | rep | 0.0 | - | - | 0 |" in line

    def test_socket_errors_miss_the_targets_too(self):
        assert report.misses(result(socket_errors=2), result(rps=100.0)) == ["2 socket errors"]

    def test_the_table_is_markdown_with_the_floor_first_and_a_row_per_page(self):
        rows = [
            report.Row("Home dashboard", "rep", "/", result(), queries=9),
            report.Row("Post", "sponsor", "/p/", result(), queries=21, note="50 comments"),
        ]
        lines = report.table(rows, result(rps=1000.0)).splitlines()
        assert lines[0].startswith("| page | persona | req/s | p50 ms | p99 ms | non-2xx |")
        assert lines[1].startswith("|---|---|--:|")
        assert lines[2].startswith("| Floor: 20 KB Django view | - | 1000.0 |")
        assert lines[4].startswith("| Post (50 comments) | sponsor |")
        assert {line.count("|") for line in lines} == {11}

    def test_worker_memory_is_checked_against_300_mb(self):
        assert report.memory({11: 140.0, 12: 150.4}).endswith("(pid 12) ✓")
        assert report.memory({11: 140.0, 12: 300.0}).endswith("✗")

    def test_the_full_report_names_machine_size_and_database(self):
        summary = report.Summary(
            size="demo",
            database="SQLite 3.40.1",
            started="2026-01-01 10:00 CET",
            cores=2,
            load_at_start=(0.5, 0.4, 0.3),
            load_at_end=(1.5, 0.9, 0.4),
            counts={"people": 36, "posts": 14},
            seconds=20,
            floor=result(rps=1000.0),
            rows=[report.Row("Home dashboard", "rep", "/", result(rps=10.0))],
            worker_mb={1: 140.0},
        )
        text = report.render(summary)
        assert text.startswith("# Guild benchmark: demo size on SQLite 3.40.1")
        assert "2 cores, load average 0.50 0.40 0.30 at start and 1.50 0.90 0.40 at end" in text
        assert "36 people, 14 posts" in text
        assert "1 of 1 pages miss a target." in text


class DatabaseTests:
    def test_sqlite_is_the_default_and_lives_in_var_bench(self):
        database = databases.for_size("demo")
        assert database.vendor == "sqlite"
        assert database.url == f"sqlite:///{databases.BENCH_DIR / 'demo.sqlite3'}"

    def test_postgresql_databases_are_named_after_the_configured_one(self):
        database = databases.for_size("scale", "postgres://guild:pw@db:5433/guild_bench?x=1")
        assert (database.vendor, database.name) == ("postgresql", "guild_bench_scale")
        assert database.url == "postgres://guild:pw@db:5433/guild_bench_scale?x=1"
        assert database.sibling("guild_bench_scale_partial").name == "guild_bench_scale_partial"

    def test_it_refuses_other_databases(self):
        with pytest.raises(databases.DatabaseError, match="mysql"):
            databases.for_size("demo", "mysql://db/guild")


class HelperTests:
    def test_it_reads_the_csrf_token_of_the_real_login_form(self, client, db):
        html = client.get(bench_client.LOGIN_PATH).content.decode()
        assert len(bench_client.csrf_token(html) or "") >= 32

    def test_it_finds_a_process_children_and_their_memory(self):
        child = subprocess.Popen(["sleep", "10"])  # noqa: S607
        try:
            assert child.pid in server.worker_pids(os.getpid())
            assert server.resident_mb(os.getpid()) > 1
        finally:
            child.kill()
            child.wait()

    def test_it_picks_a_port_in_its_own_range(self):
        assert server.free_port() in server.PORTS


class FakeDatabase:
    def __init__(self, name, log, existing):
        self.name, self.label, self.log, self.existing = name, name, log, existing

    def sibling(self, name):
        return FakeDatabase(name, self.log, self.existing)

    def exists(self):
        return self.name in self.existing

    def drop(self):
        self.log.append(("drop", self.name))
        self.existing.discard(self.name)

    def create(self):
        self.log.append(("create", self.name))
        self.existing.add(self.name)

    def rename(self, other):
        self.log.append(("rename", self.name, other.name))
        self.existing.discard(self.name)
        self.existing.add(other.name)


class PrepareTests:
    @pytest.fixture
    def log(self, monkeypatch):
        log = []
        monkeypatch.setattr(run, "manage", lambda env, *args: log.append((env, *args)))
        return log

    def prepare(self, size, log, existing=(), **kwargs):
        database = FakeDatabase(size, log, set(existing))
        run.prepare(size, database, lambda db: db.name, say=lambda line: None, **kwargs)
        return database

    def test_the_demo_size_starts_from_a_fresh_database_every_time(self, log):
        self.prepare("demo", log, existing={"demo"})
        assert log == [
            ("drop", "demo"),
            ("create", "demo"),
            ("demo", "migrate", "--no-input", "--verbosity", "0"),
            ("demo", "load_demo"),
        ]

    def test_an_existing_scale_database_is_reused_and_only_migrated(self, log):
        database = self.prepare("scale", log, existing={"scale"})
        assert log == [("scale", "migrate", "--no-input", "--verbosity", "0")]
        assert database.exists()

    def test_the_scale_database_is_built_under_another_name_until_it_is_complete(self, log):
        database = self.prepare("scale", log, scale=0.1)
        assert log == [
            ("drop", "scale_partial"),
            ("create", "scale_partial"),
            ("scale_partial", "migrate", "--no-input", "--verbosity", "0"),
            ("scale_partial", "load_demo"),
            ("scale_partial", "load_scale", "--scale", "0.1"),
            ("drop", "scale"),
            ("rename", "scale_partial", "scale"),
        ]
        assert database.existing == {"scale"}

    def test_rebuilding_replaces_an_existing_scale_database(self, log):
        self.prepare("scale", log, existing={"scale"}, rebuild=True)
        assert ("scale_partial", "load_scale") in log
        assert log[-1] == ("rename", "scale_partial", "scale")

    def test_without_load_scale_it_says_to_run_the_demo_size_only(self, log, monkeypatch):
        monkeypatch.setattr("django.core.management.get_commands", lambda: {"load_demo": "demo"})
        with pytest.raises(run.BenchError, match="SIZES=demo"):
            self.prepare("scale", log)
        assert log == []
