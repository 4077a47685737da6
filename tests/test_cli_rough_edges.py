"""The CLI's rough edges (issue 14): databases that are missing, read-only or not SQLite,
typed URLs echoed back, extreme dates, a reader that closes the pipe, --version and env."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import nkwatch_argv, run_nkwatch
from test_store_samples import make_report

from store import open_store

pytestmark = pytest.mark.slow  # every test runs the CLI in a child process

ROOT = Path(__file__).resolve().parents[1]


def nkwatch(
    *argv: str, env: dict[str, str] | None = None, user: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_nkwatch(*argv, cwd=ROOT, env={**os.environ, **(env or {})}, user=user)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "seeded.db"
    with open_store(f"sqlite:///{path}") as store:
        store.save_reports([make_report(1), make_report(2)])
    return path


# -- a --db that names no database ---------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["reports"],
        ["show", "1"],
        ["export", "--format", "jsonl"],
        ["runs"],
        ["runs", "--failures"],
        ["status"],
    ],
    ids=" ".join,
)
def test_read_commands_never_create_a_database(argv: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    result = nkwatch("--db", f"sqlite:///{typo}", *argv)
    assert result.returncode == 1
    assert f"no database at {typo}" in one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_a_plain_file_name_is_echoed_with_the_url_to_use() -> None:
    result = nkwatch("--db", "demo.db", "reports")
    assert result.returncode == 2
    assert one_line(result) == (
        "nkwatch reports: --db: bad database URL 'demo.db': not a URL "
        "(use sqlite:///demo.db for an SQLite file, or "
        "postgresql+psycopg://USER@HOST/DBNAME)"
    )


def test_an_unparsable_url_is_echoed_with_its_password_masked() -> None:
    result = nkwatch("--db", "postgresql://nk:s3cret@host:notaport/db", "reports")
    assert result.returncode == 2
    line = one_line(result)
    assert "s3cret" not in line
    assert "'postgresql://nk:***@host:notaport/db'" in line


# -- a database that is not writable, or not a database --------------------------------


@pytest.fixture
def read_only_copy(seeded: Path) -> Iterator[Path]:
    """A copy in a directory nobody may write, as a researcher might be handed one."""
    folder = Path(tempfile.mkdtemp(prefix="nkwatch-ro-"))
    copy = folder / "copy.db"
    shutil.copy(seeded, copy)
    copy.chmod(0o444)
    folder.chmod(0o555)
    yield copy
    folder.chmod(0o755)
    shutil.rmtree(folder)


def _as_reader() -> str | None:
    """Root writes anywhere: run as an unprivileged user so the permissions count."""
    if os.geteuid() != 0:
        return None
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import nkwatch"],
            user="nobody",
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (KeyError, PermissionError):
        probe = None
    if probe is None or probe.returncode != 0:
        pytest.skip("running as root, and user 'nobody' cannot run this Python")
    return "nobody"


def test_a_read_only_database_can_be_queried(read_only_copy: Path) -> None:
    user = _as_reader()
    url = f"sqlite:///{read_only_copy}"
    listed = nkwatch("--db", url, "reports", "--all", "--format", "jsonl", user=user)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 2
    shown = nkwatch("--db", url, "show", "1", "--format", "json", user=user)
    assert shown.returncode == 0, shown.stderr
    assert nkwatch("--db", url, "runs", user=user).returncode == 0
    assert sorted(p.name for p in read_only_copy.parent.iterdir()) == ["copy.db"]


def test_an_unwritable_database_is_opened_read_only_and_left_untouched(
    read_only_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process, so it runs as root too: the store is told it cannot write the file."""
    from sqlalchemy import text

    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: mode != os.W_OK and real_access(p, mode)
    )
    before = read_only_copy.stat().st_mtime_ns
    with open_store(f"sqlite:///{read_only_copy}", read_only=True) as store:
        assert len(store.query_reports(law_enforcement_only=False)) == 2
        with (
            store._engine.connect() as conn,
            pytest.raises(Exception, match="readonly"),
        ):
            conn.execute(text("DELETE FROM reports"))
    assert read_only_copy.stat().st_mtime_ns == before
    assert sorted(p.name for p in read_only_copy.parent.iterdir()) == ["copy.db"]


def test_a_file_that_is_not_sqlite_is_named_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are not the pages you are looking for\n" * 200)
    for argv in (["reports"], ["crawl", "--delay", "0"]):
        result = nkwatch("--db", f"sqlite:///{junk}", *argv)
        assert result.returncode == 1
        assert f"{junk} is not an SQLite database" in one_line(result)


# -- values at the edge ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["reports", "--all", "--format", "jsonl", "--since", "0001-01-01"],
        ["reports", "--all", "--format", "jsonl", "--until", "9999-12-31"],
        ["export", "--format", "jsonl", "--all", "--since", "0001-01-01"],
    ],
    ids=" ".join,
)
def test_extreme_dates_mean_no_bound(argv: list[str], seeded: Path) -> None:
    result = nkwatch("--db", f"sqlite:///{seeded}", *argv)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert len(result.stdout.splitlines()) == 2  # both reports: the bound excludes none


# -- a reader that stops reading -------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["status"], ["runs"], ["reports", "--all"], ["export", "--format", "jsonl"]],
    ids=" ".join,
)
def test_a_pipe_closed_early_is_not_an_error(argv: list[str], seeded: Path) -> None:
    with open_store(f"sqlite:///{seeded}") as store:
        store.finish_run(store.start_run("manual"), "ok", new=1)
    for _ in range(3):
        # As `nkwatch … | head -1` when head is done first: the pipe is closed before
        # nkwatch writes (or flushes at exit).
        child = subprocess.Popen(
            nkwatch_argv("--db", f"sqlite:///{seeded}", *argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert child.stdout is not None
        assert child.stderr is not None
        child.stdout.close()
        stderr = child.stderr.read().decode()
        code = child.wait(timeout=60)
        assert stderr == ""
        assert code == 141  # as a tool killed by SIGPIPE


# -- version and environment -----------------------------------------------------------


def test_version() -> None:
    from importlib.metadata import version

    result = nkwatch("--version")
    assert (result.returncode, result.stdout.strip()) == (
        0,
        f"nkwatch {version('nkwatch')}",
    )


def test_every_global_option_has_an_environment_variable(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nkwatch.cli import parse_args

    monkeypatch.setenv("NKWATCH_VERBOSE", "2")
    assert parse_args(["reports"]).verbose == 2
    assert parse_args(["reports", "-v"]).verbose == 3
    monkeypatch.setenv("NKWATCH_VERBOSE", "lots")
    assert parse_args(["reports"]).verbose == 0
    env = {"NKWATCH_DB": f"sqlite:///{seeded}"}
    result = nkwatch("reports", "--all", "--format", "jsonl", env=env)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    env = {
        "NKWATCH_DB": f"sqlite:///{tmp_path}/x.db",
        "NKWATCH_BASE_URL": "file:///etc/",
    }
    bad = nkwatch("crawl", env=env)
    assert bad.returncode == 2
    assert "file:///etc/" in one_line(bad)


def test_an_existing_export_keeps_its_mode_and_a_new_one_follows_the_umask(
    seeded: Path, tmp_path: Path
) -> None:
    existing = tmp_path / "feed.xml"
    existing.write_text("old")
    existing.chmod(0o640)
    url = f"sqlite:///{seeded}"
    kept = nkwatch("--db", url, "export", "--format", "atom", "--out", str(existing))
    assert kept.returncode == 0, kept.stderr
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    assert "<feed" in existing.read_text()
    fresh = tmp_path / "new.xml"
    old_umask = os.umask(0o022)
    try:
        result = nkwatch("--db", url, "export", "--format", "atom", "--out", str(fresh))
    finally:
        os.umask(old_umask)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
