"""Bad user input through the real CLI: one line on stderr, exit 2 (usage) or 1 (runtime)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_nkwatch

pytestmark = pytest.mark.slow  # every test runs the CLI in a child process

#: (argv, expected exit code, words the one-line error must contain)
CASES = [
    (["fetch", "not-a-url"], 2, "http(s)"),
    (["fetch", "file:///etc/passwd"], 2, "http(s)"),
    (["fetch", "ftp://www.dailynk.com/english/x/"], 2, "http(s)"),
    (["fetch", "https://example.com/x/"], 2, "--allow-offsite"),
    (["crawl", "--bogus"], 2, "unrecognized arguments"),
    (["--base-url", "notaurl", "crawl"], 2, "base URL"),
    (["--base-url", "file:///etc/", "crawl"], 2, "base URL"),
    (["crawl", "--backfill", "--since", "yesterday"], 2, "--since"),
    (["--db", "nonsense://x", "runs"], 2, "bad database URL"),
    (["--db", "sqlite:////etc/hostname/x.db", "runs"], 1, "/etc/hostname/x.db"),
    (["--db", "sqlite:////etc/hostname/x.db", "crawl"], 1, "/etc/hostname/x.db"),
    (["--db", "sqlite:////proc/x.db", "runs"], 1, "/proc/x.db"),
    (["--db", "postgresql+psycopg://u:pw@127.0.0.1:1/db", "runs"], 1, "connection"),
    (["schedule", "--every", "banana"], 2, "--every"),
    (["schedule", "--cron", "99 * * * *"], 2, "--cron"),
    (["serve-fixtures", "--dir", "/nonexistent"], 1, "/nonexistent"),
    (["replay", "/nonexistent"], 2, "/nonexistent"),
    (["serve-fixtures", "--fault", "/x=bogus"], 2, "bogus"),
    (["serve-fixtures", "--fault", "nopath"], 2, "PATH=KIND"),
]


@pytest.mark.parametrize(
    ("argv", "code", "words"), CASES, ids=[" ".join(c[0]) for c in CASES]
)
def test_bad_input_is_one_line_and_an_exit_code(
    argv: list[str], code: int, words: str, tmp_path: Path
) -> None:
    if "--db" not in argv:
        argv = ["--db", f"sqlite:///{tmp_path / 'db.sqlite'}", *argv]
    result = run_nkwatch(*argv, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]


def test_status_with_a_malformed_db_url_is_a_usage_error(tmp_path: Path) -> None:
    result = run_nkwatch("--db", "not-a-url", "status", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "--db" in lines[0]
