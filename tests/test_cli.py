"""The CLI skeleton: help everywhere, global options before and after the subcommand."""

from __future__ import annotations

import pytest
from conftest import run_nkwatch

from nkwatch.cli import COMMANDS, parse_args


@pytest.mark.slow
def test_top_level_help_lists_every_command_and_default_db() -> None:
    result = run_nkwatch("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout
    assert "nkwatch.db" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = run_nkwatch(name, "--help")
    assert result.returncode == 0, result.stderr
    assert "--db" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "sqlite:///a.db", "reports"],
        ["reports", "--db", "sqlite:///a.db"],
    ],
)
def test_global_options_before_and_after_subcommand(argv: list[str]) -> None:
    assert parse_args(argv).db == "sqlite:///a.db"


def test_global_option_before_subcommand_is_not_reset_by_subparser_default() -> None:
    args = parse_args(["--base-url", "http://127.0.0.1:1/english/", "-v", "reports"])
    assert args.base_url == "http://127.0.0.1:1/english/"
    assert args.verbose == 1


def test_env_gives_default_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NKWATCH_DB", "sqlite:///from-env.db")
    assert parse_args(["reports"]).db == "sqlite:///from-env.db"


@pytest.mark.slow
def test_usage_error_is_one_line_exit_2() -> None:
    result = run_nkwatch("reports", "--no-such-option")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--no-such-option" in result.stderr
