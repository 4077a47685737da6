"""Soak test of ``nkwatch schedule``: many runs at a 1 s interval against the local fixture site.

Everything runs on 127.0.0.1: the fixture site (in this process, with held-back articles),
a webhook receiver (in this process) and the service (a subprocess, as a user runs it,
with SQLite in a temporary folder). Every ``--publish-every`` runs one held-back article is
published. At run ``--early`` (default 50) and at the last run it samples:

- RSS and open file descriptors of the service process itself, sampled every 0.2 s over
  the ten runs up to the checkpoint (fds differ between "idle" and "a crawl running":
  the child's pipe, the job store's connection; both the lowest and highest count shown);
- the crawl child's peak RSS (each child reports its own ru_maxrss; the service logs it
  on the run's summary line): the largest of the ten runs before the checkpoint.

It prints runs completed, duplicates (stored twice, notified twice: must be 0), those
figures at both checkpoints with the growth, and exits 1 when a target is missed
(duplicates > 0, growth of service RSS or fds >= 10%, service exit code != 0).

    python bench/soak.py              # 500 runs (about 20-30 minutes)
    python bench/soak.py --runs 100   # shorter
"""

from __future__ import annotations

import argparse
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from scheduler.receiver import Receiver

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "dailynk"
GROWTH_TARGET = 0.10
POLL_S = 0.2


@dataclass
class Checkpoint:
    run: int
    service_rss: int  # the highest sample
    fds_low: int
    fds_high: int
    crawl_peak_mib: float = 0.0  # filled from the log at the end


WINDOW_RUNS = 10


@dataclass
class Window:
    """Samples of the service process while the runs before a checkpoint go by."""

    rss: list[int] = field(default_factory=list)
    fds: list[int] = field(default_factory=list)

    def sample(self, process: psutil.Process) -> None:
        self.rss.append(process.memory_info().rss)
        self.fds.append(process.num_fds())

    def checkpoint(self, run: int) -> Checkpoint:
        return Checkpoint(run, max(self.rss), min(self.fds), max(self.fds))


#: "run 12 ok: ... in 2.3 s, peak 98 MiB" (scheduler.service.summary_line)
RUN_LINE = re.compile(r"run (?P<run>\d+) \w+: .* peak (?P<peak>[\d.]+) MiB")


def crawl_peaks(log_path: Path) -> dict[int, float]:
    """Peak RSS (MiB) of each run's crawl process, from the service's summary lines."""
    peaks = {}
    for match in RUN_LINE.finditer(log_path.read_text()):
        peaks[int(match["run"])] = float(match["peak"])
    return peaks


def window_peak(peaks: dict[int, float], last_run: int, width: int = 10) -> float:
    runs = range(max(1, last_run - width + 1), last_run + 1)
    return max((peaks.get(r, 0.0) for r in runs), default=0.0)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=500, help="runs to complete")
    parser.add_argument("--early", type=int, default=50, help="first checkpoint run")
    parser.add_argument("--publish-every", type=int, default=50, metavar="N")
    parser.add_argument("--every", default="1s", help="service interval")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the database and log in DIR"
    )
    parser.add_argument(
        "--max-minutes", type=float, default=90, help="give up after this long"
    )
    args = parser.parse_args(argv)
    if args.runs < 2 or not 1 <= args.early < args.runs or args.publish_every < 1:
        parser.error("need --runs >= 2, 1 <= --early < --runs, --publish-every >= 1")
    return args


def use_project_packages() -> None:
    """Import the project, not this folder: run as a script, bench/ is sys.path[0] and
    bench/store.py would shadow the store package."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    use_project_packages()
    from crawler.fixturesite.site import Site
    from crawler.replay.server import serve_in_thread
    from scheduler.receiver import Receiver

    # Published before the last run, so the last one can still find it.
    args.publishes = (args.runs - 1) // args.publish_every
    site = Site.from_fixtures(
        FIXTURES, archive=args.publishes + 20, hold_back=args.publishes
    )
    server, base_url = serve_in_thread(site, 0)
    with tempfile.TemporaryDirectory() as tmp, Receiver() as receiver:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{folder / 'soak.db'}"
        log_path = folder / "service.log"
        try:
            return soak(args, server, base_url, db_url, receiver, log_path)
        finally:
            server.shutdown()


def soak(
    args: argparse.Namespace,
    server: object,
    base_url: str,
    db_url: str,
    receiver: Receiver,
    log_path: Path,
) -> int:
    argv = [sys.executable, "-m", "nkwatch", "schedule", "--db", db_url]
    argv += ["--base-url", base_url, "--every", args.every, "--delay", "0"]
    argv += ["--notify", receiver.url, "--timeout", "2m"]
    print(f"soak: {args.runs} runs at {args.every} against {base_url}", flush=True)
    from store import open_store

    started = time.monotonic()
    with log_path.open("w") as log:
        service = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    store = open_store(db_url)
    process = psutil.Process(service.pid)
    checkpoints: list[Checkpoint] = []
    marks = (args.early, args.runs)
    windows = [Window() for _ in marks]
    published: list[str] = []
    done = 0
    deadline = started + args.max_minutes * 60
    try:
        while done < args.runs and time.monotonic() < deadline:
            if service.poll() is not None:
                print(f"soak: the service exited early ({service.returncode})")
                break
            for mark, window in zip(marks, windows, strict=True):
                if mark - WINDOW_RUNS <= done < mark:
                    window.sample(process)
            finished = _finished_runs(store)
            if finished == done:
                time.sleep(POLL_S)
                continue
            done = finished
            if len(published) < min(done // args.publish_every, args.publishes):
                url = server.publish_next()  # type: ignore[attr-defined]
                if url:
                    published.append(url)
            if len(checkpoints) < sum(done >= mark for mark in marks):
                window = windows[len(checkpoints)]
                window.sample(process)
                checkpoints.append(window.checkpoint(done))
                print(f"soak: run {done}: {_describe(checkpoints[-1])}", flush=True)
            elif done % 25 == 0:
                print(
                    f"soak: run {done} ({time.monotonic() - started:.0f} s)", flush=True
                )
    finally:
        service.send_signal(signal.SIGTERM)
        try:
            exit_code = service.wait(30)
        except subprocess.TimeoutExpired:
            service.kill()
            exit_code = -9
    time.sleep(1)  # let the last notification arrive
    result = _summary(store, receiver, published)
    store.close()
    peaks = crawl_peaks(log_path)
    for point in checkpoints:
        point.crawl_peak_mib = window_peak(peaks, point.run)
    return _report(args, done, started, checkpoints, result, exit_code, log_path)


def _finished_runs(store: object) -> int:
    runs = store.runs(limit=1)  # type: ignore[attr-defined]
    if not runs:
        return 0
    last = runs[0]
    return last["id"] if last["outcome"] != "running" else last["id"] - 1


def _describe(point: Checkpoint) -> str:
    return (
        f"service RSS {point.service_rss / 2**20:.1f} MiB, "
        f"{point.fds_low}-{point.fds_high} fds"
    )


def _summary(store: object, receiver: Receiver, published: list[str]) -> dict[str, int]:
    reports = store.query_reports(law_enforcement_only=False)  # type: ignore[attr-defined]
    urls = [r["url"] for r in reports]
    runs = store.runs(limit=100_000)  # type: ignore[attr-defined]
    notified = Counter(
        r["url"]
        for m in receiver.messages
        if m.get("event") == "new_reports"
        for r in m["reports"]
    )
    return {
        "reports": len(urls),
        "duplicate_urls": len(urls) - len(set(urls)),
        # Every report is "new" in exactly one run; more means one was stored twice.
        "stored_twice": sum(r["new"] for r in runs) - len(urls),
        "notified_twice": sum(n - 1 for n in notified.values() if n > 1),
        "notified": len(notified),
        "published": len(published),
        "published_missing": len(set(published) - set(urls)),
        "failed_runs": sum(1 for r in runs if r["outcome"] == "failed"),
    }


def _growth(before: float, after: float) -> float:
    return (after - before) / before if before else 0.0


def _report(
    args: argparse.Namespace,
    done: int,
    started: float,
    checkpoints: list[Checkpoint],
    result: dict[str, int],
    exit_code: int,
    log_path: Path,
) -> int:
    minutes = (time.monotonic() - started) / 60
    duplicates = (
        result["duplicate_urls"] + result["stored_twice"] + result["notified_twice"]
    )
    print()
    print(f"runs completed        {done} of {args.runs} in {minutes:.1f} min")
    print(f"failed runs           {result['failed_runs']}")
    print(f"reports stored        {result['reports']}")
    print(
        f"published / stored    {result['published']} / "
        f"{result['published'] - result['published_missing']}"
    )
    print(f"notified reports      {result['notified']}")
    print(
        f"duplicates            {duplicates} (stored twice {result['stored_twice']}, "
        f"duplicate URLs {result['duplicate_urls']}, notified twice "
        f"{result['notified_twice']})"
    )
    print(f"service exit code     {exit_code} (SIGTERM)")
    ok = duplicates == 0 and exit_code == 0 and result["published_missing"] == 0
    if len(checkpoints) == 2:
        early, late = checkpoints
        rows = [
            ("service RSS (MiB)", early.service_rss / 2**20, late.service_rss / 2**20),
            ("service open fds, idle", early.fds_low, late.fds_low),
            ("service open fds, crawl running", early.fds_high, late.fds_high),
            ("crawl process peak RSS (MiB)", early.crawl_peak_mib, late.crawl_peak_mib),
        ]
        print(
            f"\n{'':34}{'run ' + str(early.run):>10}{'run ' + str(late.run):>10}"
            f"{'growth':>10}"
        )
        for name, before, after in rows:
            growth = _growth(before, after)
            print(f"{name:34}{before:>10.1f}{after:>10.1f}{growth:>+10.1%}")
        flat = [_growth(before, after) for _, before, after in rows]
        ok = ok and all(g < GROWTH_TARGET for g in flat)
    else:
        ok = False
        print("\nsoak: did not reach both checkpoints")
    print(
        f"\ntarget (0 duplicates, growth < {GROWTH_TARGET:.0%}, exit 0): "
        f"{'met' if ok else 'MISSED'}"
    )
    if not ok:
        print(f"service log (last lines) from {log_path}:")
        print("\n".join(log_path.read_text().splitlines()[-15:]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
