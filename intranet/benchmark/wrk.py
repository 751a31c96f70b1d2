"""Drive Debian's wrk and read its report."""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

STATUSES_SCRIPT = Path(__file__).with_name("statuses.lua")
THREADS = 2
CONNECTIONS = 8
# wrk gives up on a response after 2 s by default and leaves it out of the latencies; wait as
# long as gunicorn lets a worker take, so that a slow page shows in p99 rather than vanishing.
TIMEOUT_SECONDS = 30
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


class WrkError(Exception):
    pass


@dataclass
class Result:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    statuses: dict[int, int] = field(default_factory=dict)
    socket_errors: int = 0


def _ms(value, unit):
    return float(value) * _UNITS[unit]


def _find(pattern, output, what):
    found = re.search(pattern, output, re.MULTILINE)
    if found is None:
        raise WrkError(f"wrk's report has no {what}:\n{output}")
    return found


def parse(output):
    """A Result from wrk's report, run with --latency and statuses.lua."""
    latency = r"^\s+{}%\s+([\d.]+)(us|ms|s|m|h)\s*$"
    p50 = _find(latency.format(50), output, "50% latency")
    p99 = _find(latency.format(99), output, "99% latency")
    total = _find(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h)", output, "request count")
    rate = _find(r"^Requests/sec:\s+([\d.]+)", output, "requests per second")
    non_2xx = _find(r"^Non-2xx responses: (\d+)", output, "count of non-2xx responses")
    listed = _find(r"^Non-2xx statuses: ?([\d=,]*)$", output, "non-2xx statuses")
    statuses = {
        int(status): int(count)
        for status, count in (part.split("=") for part in listed.group(1).split(",") if part)
    }
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Result(
        requests=int(total.group(1)),
        seconds=_ms(total.group(2), total.group(3)) / 1000,
        requests_per_second=float(rate.group(1)),
        p50_ms=_ms(*p50.groups()),
        p99_ms=_ms(*p99.groups()),
        non_2xx=int(non_2xx.group(1)),
        statuses=statuses,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def executable():
    found = shutil.which("wrk")
    if found is None:
        raise WrkError("wrk is missing: run 'sudo apt-get install wrk' (Debian's package).")
    return found


def command(url, seconds, cookie=None):
    """wrk's command line: 2 threads, 8 connections, latency percentiles, statuses counted."""
    args = [executable(), f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    args += ["--timeout", f"{TIMEOUT_SECONDS}s", "-s", str(STATUSES_SCRIPT)]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    return [*args, url]


def run(url, seconds, cookie=None):
    done = subprocess.run(  # noqa: S603 - our own arguments, no shell
        command(url, seconds, cookie),
        capture_output=True,
        text=True,
        timeout=seconds + TIMEOUT_SECONDS + 60,
        check=False,
    )
    if done.returncode != 0:
        raise WrkError(f"wrk failed on {url} ({done.returncode}):\n{done.stdout}{done.stderr}")
    return parse(done.stdout)
