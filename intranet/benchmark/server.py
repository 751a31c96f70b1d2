"""Start and stop gunicorn for a benchmark, and read its workers' memory."""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

WORKERS = 2
PORTS = range(8200, 8300)
READY_SECONDS = 60
_PR_SET_PDEATHSIG = 1


class ServerError(Exception):
    pass


def free_port(taken=()):
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise ServerError(f"No free port between {PORTS.start} and {PORTS.stop - 1}.")


def _die_with_parent():
    """Runs in the new process before gunicorn starts: if the benchmark is killed outright,
    the kernel sends gunicorn SIGTERM rather than leaving it serving."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def worker_pids(master):
    """The pids of a process's children, read from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone since the listing
            continue
        # "pid (command) state ppid ...": the command may hold spaces and brackets.
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return sorted(pids)


def resident_mb(pid):
    """VmRSS of a process in MB (1024 * 1024 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ServerError(f"Process {pid} reports no VmRSS.")


class Gunicorn:
    """`gunicorn <app>` with 2 sync workers on 127.0.0.1:<port>, its output in `log`."""

    def __init__(self, app, port, log, env=None, ready_path="/"):
        self.app = app
        self.port = port
        self.log = Path(log)
        self.env = env
        self.ready_path = ready_path
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        return [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments, no shell
                self.command(),
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group, stopped as one in stop()
                preexec_fn=_die_with_parent,  # safe: the benchmark runs no threads
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn {self.app} stopped at start:\n{self.log_tail()}")
            try:
                connection = HTTPConnection("127.0.0.1", self.port, timeout=10)
                connection.request("GET", self.ready_path)
                status = connection.getresponse().status
                connection.close()
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise ServerError(
                f"gunicorn {self.app} answers {self.ready_path} with {status}:\n{self.log_tail()}"
            )
        raise ServerError(f"gunicorn {self.app} not ready in {READY_SECONDS} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def workers(self):
        return worker_pids(self.process.pid)

    def worker_memory_mb(self):
        """{pid: resident MB} of each worker."""
        return {pid: resident_mb(pid) for pid in self.workers()}

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        # Workers left behind by a master that did not stop cleanly go with the group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
