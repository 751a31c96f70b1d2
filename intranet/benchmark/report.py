"""The benchmark's report: a markdown table per size, each row checked against the targets."""

from dataclasses import dataclass, field

MIN_FLOOR_FRACTION = 0.03
MAX_P99_MS = 100
MAX_WORKER_MB = 300
PASS, MISS = "✓", "✗"


@dataclass
class Row:
    name: str
    persona: str
    path: str
    result: object  # wrk.Result
    queries: int | None = None
    note: str = ""


@dataclass
class Summary:
    size: str
    database: str
    started: str
    cores: int
    load_at_start: tuple
    load_at_end: tuple
    counts: dict
    seconds: int
    floor: object  # wrk.Result
    rows: list
    worker_mb: dict = field(default_factory=dict)


def fraction(result, floor):
    return result.requests_per_second / floor.requests_per_second


def misses(result, floor):
    """What a page misses of the targets, in a few words each; empty when it meets them."""
    found = []
    if not result.requests:
        found.append("no response finished in time")
    if fraction(result, floor) < MIN_FLOOR_FRACTION:
        found.append(f"< {MIN_FLOOR_FRACTION} of floor")
    if result.p99_ms >= MAX_P99_MS:
        found.append(f"p99 ≥ {MAX_P99_MS} ms")
    if result.non_2xx:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(result.statuses.items()))
        found.append(f"non-2xx ({statuses})" if statuses else "non-2xx")
    if result.socket_errors:
        found.append(f"{result.socket_errors} socket errors")
    return found


def _mark(result, floor):
    missed = misses(result, floor)
    return f"{MISS} {'; '.join(missed)}" if missed else PASS


def _ms(value, result):
    """Milliseconds, or a dash where wrk saw no response finish and reports 0."""
    return f"{value:.1f}" if result.requests else "-"


def table(rows, floor):
    lines = [
        "| page | persona | req/s | p50 ms | p99 ms | non-2xx | queries | of floor | targets "
        "| URL |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|---|",
        f"| Floor: 20 KB Django view | - | {floor.requests_per_second:.1f} | "
        f"{_ms(floor.p50_ms, floor)} | {_ms(floor.p99_ms, floor)} | {floor.non_2xx} | 0 | 1.000 | "
        f"{PASS if not floor.non_2xx and not floor.socket_errors else MISS} | / |",
    ]
    for row in rows:
        name = f"{row.name} ({row.note})" if row.note else row.name
        queries = "-" if row.queries is None else str(row.queries)
        lines.append(
            f"| {name} | {row.persona} | {row.result.requests_per_second:.1f} | "
            f"{_ms(row.result.p50_ms, row.result)} | {_ms(row.result.p99_ms, row.result)} | "
            f"{row.result.non_2xx} | "
            f"{queries} | {fraction(row.result, floor):.3f} | {_mark(row.result, floor)} | "
            f"`{row.path}` |"
        )
    return "\n".join(lines)


def _load(load):
    return " ".join(f"{value:.2f}" for value in load)


def memory(worker_mb):
    if not worker_mb:
        return "Worker memory: not measured."
    sizes = ", ".join(f"{mb:.0f} MB (pid {pid})" for pid, mb in sorted(worker_mb.items()))
    mark = PASS if max(worker_mb.values()) < MAX_WORKER_MB else MISS
    return f"Worker memory (VmRSS, target < {MAX_WORKER_MB} MB): {sizes} {mark}"


def render(summary):
    counts = ", ".join(f"{n:,} {what}" for what, n in summary.counts.items())
    missed = sum(bool(misses(row.result, summary.floor)) for row in summary.rows)
    return "\n".join(
        [
            f"# Guild benchmark: {summary.size} size on {summary.database}",
            "",
            f"- Run: {summary.started}, {summary.cores} cores, load average "
            f"{_load(summary.load_at_start)} at start and {_load(summary.load_at_end)} at end",
            f"- Size: {counts}",
            f"- Each page: gunicorn with 2 sync workers (production settings, DEBUG off), wrk "
            f"-t2 -c8 for {summary.seconds} s with the persona's session; queries counted "
            "in-process on the same database after a warm-up request",
            f"- Targets: at least {MIN_FLOOR_FRACTION} of the floor's requests per second, "
            f"p99 under {MAX_P99_MS} ms, no non-2xx responses",
            "",
            table(summary.rows, summary.floor),
            "",
            memory(summary.worker_mb),
            "",
            f"{missed} of {len(summary.rows)} pages miss a target."
            if missed
            else f"All {len(summary.rows)} pages meet the targets.",
            "",
        ]
    )
