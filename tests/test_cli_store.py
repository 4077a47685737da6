"""The store's commands: reports, show, export, runs, db — outputs, filters and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT, run_nkwatch
from test_store_samples import article_url, make_report

from crawler.items import REPORT_FIELDS
from nkwatch.cli import main
from nkwatch.commands.export import CSV_COLUMNS, safe_cell
from nkwatch.commands.reports import table
from store import open_store

HOSTILE_TITLES = (
    "<script>alert('x')</script> & friends",
    "'); DROP TABLE reports;--",
    "]]> <![CDATA[ broken",
    "Bell \x07 and \x1b escape",
)
FORMULAS = (
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """An empty store (the read commands never create one)."""
    url = f"sqlite:///{tmp_path}/cli.db"
    open_store(url).close()
    return url


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(*argv: str) -> subprocess.CompletedProcess[str]:
    return run_nkwatch(*argv, cwd=ROOT)


def seed(db: str, reports: list[dict[str, Any]]) -> None:
    with open_store(db) as store:
        store.save_reports(reports)


@pytest.fixture
def seeded(db: str) -> str:
    seed(
        db,
        [
            make_report(1, agencies=("police",), provinces=("North Hamgyong",)),
            make_report(2, law_enforcement=False, agencies=(), provinces=()),
            make_report(3, agencies=("state_security",), provinces=("Yanggang",)),
        ],
    )
    return db


# -- empty store ---------------------------------------------------------------------


def test_an_empty_store_says_so_in_a_friendly_line(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = cli(capsys, "--db", db, "reports")
    assert (code, out) == (0, "")
    assert err.strip() == "no reports stored yet; run `nkwatch crawl`"


def test_an_empty_store_still_gives_valid_machine_output(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    assert cli(capsys, "--db", db, "reports", "--format", "json")[1] == "[]\n"
    header = cli(capsys, "--db", db, "export", "--format", "csv")[1]
    assert next(csv.reader(io.StringIO(header))) == list(CSV_COLUMNS)


def test_no_match_is_told_apart_from_an_empty_store(
    capsys: pytest.CaptureFixture[str], seeded: str
) -> None:
    code, out, err = cli(capsys, "--db", seeded, "reports", "--agency", "courts")
    assert (code, out) == (0, "")
    assert "no stored reports match" in err


# -- reports -------------------------------------------------------------------------


def test_reports_table_lists_law_enforcement_reports_newest_first(
    capsys, seeded: str
) -> None:
    code, out, _ = cli(capsys, "--db", seeded, "reports")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["ID", "DATE", "AGENCIES", "PROVINCE", "TITLE"]
    newest, oldest = lines[1].split(), lines[2].split()
    assert newest[1:4] == ["2024-01-01", "state_security", "Yanggang"]
    assert newest[-1] == "3"  # "Police detain smugglers, case 3"
    assert oldest[1:4] == ["2024-01-01", "police", "North"]
    assert oldest[-1] == "1"
    assert len(lines) == 3  # the non-law-enforcement report is left out

    everything = cli(capsys, "--db", seeded, "reports", "--all")[1]
    assert "case 2" in everything


def test_the_table_fits_the_terminal_width_by_wrapping_not_cutting() -> None:
    report = make_report(
        1,
        title="A very long title " * 10,
        agencies=("state_security", "border_guards", "military_security"),
        provinces=("North Hamgyong", "South Pyongan"),
    )
    lines = table([{**report, "id": 1}], width=70).splitlines()
    assert all(len(line) <= 70 for line in lines)
    text = " ".join(lines)
    for word in ("state_security", "border_guards", "military_security", "Pyongan"):
        assert word in text
    assert text.count("title") == 10  # every word of the title, none cut with …
    wide = table([{**report, "id": 1}], width=None).splitlines()
    assert len(wide) == 2  # header and one line, however long
    assert "state_security, border_guards, military_security" in wide[1]


def test_reports_json_is_the_report_schema_plus_store_fields(
    capsys, seeded: str
) -> None:
    out = cli(capsys, "--db", seeded, "reports", "--format", "json")[1]
    reports = json.loads(out)
    assert [r["url"] for r in reports] == [article_url(3), article_url(1)]
    assert list(reports[0]) == [*REPORT_FIELDS, "id", "first_seen_at", "last_seen_at"]
    assert reports[1]["published_at"] == "2024-01-01T13:00:00+09:00"


def test_reports_jsonl_has_one_report_per_line(
    capsys: pytest.CaptureFixture[str], seeded: str
) -> None:
    out = cli(capsys, "--db", seeded, "reports", "--format", "jsonl", "--all")[1]
    urls = [json.loads(line)["url"] for line in out.splitlines()]
    assert urls == [article_url(3), article_url(2), article_url(1)]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--agency", "police"], [1]),
        (["--province", "yanggang"], [3]),
        (["--since", "2024-01-01", "--until", "2024-01-01"], [3, 1]),
        (["--since", "2024-01-02"], []),
        (["--limit", "1"], [3]),
    ],
)
def test_reports_filters(
    capsys, seeded: str, argv: list[str], expected: list[int]
) -> None:
    out = cli(capsys, "--db", seeded, "reports", "--format", "json", *argv)[1]
    assert [r["url"] for r in json.loads(out)] == [article_url(n) for n in expected]


@pytest.mark.parametrize(
    ("agencies", "expected"),
    [
        (["mss"], [3]),
        (["MSS"], [3]),
        (["State Security"], [3]),
        (["state-security"], [3]),
        (["MPS"], [1]),
        (["People's Safety"], [1]),
        (["police", "courts"], [1]),  # repeated: either one
        (["police", "MSS"], [3, 1]),
        (["inspection"], []),  # an id README names; valid, nothing matches here
    ],
)
def test_agencies_by_id_acronym_or_name_and_repeated_ones_ored(
    capsys, seeded: str, agencies: list[str], expected: list[int]
) -> None:
    argv = [arg for agency in agencies for arg in ("--agency", agency)]
    code, out, _ = cli(capsys, "--db", seeded, "reports", "--format", "json", *argv)
    assert code == 0
    assert [r["url"] for r in json.loads(out)] == [article_url(n) for n in expected]


def test_repeated_provinces_are_ored(capsys, seeded: str) -> None:
    argv = ["--province", "yanggang", "--province", "North Hamgyong Province"]
    out = cli(capsys, "--db", seeded, "reports", "--format", "json", *argv)[1]
    assert [r["url"] for r in json.loads(out)] == [article_url(3), article_url(1)]


def test_an_unknown_agency_lists_the_valid_ids(capsys, seeded: str) -> None:
    from crawler.analysis.entities import AGENCY_PATTERNS

    code, out, err = cli(capsys, "--db", seeded, "reports", "--agency", "kgb")
    assert (code, out) == (2, "")
    [line] = err.strip().splitlines()
    assert "unknown agency 'kgb'" in line
    for agency in AGENCY_PATTERNS:  # every id the extractor gives, inspection included
        assert agency in line
    assert "inspection" in cli(capsys, "reports", "--help")[1]


def test_seen_since_filters_by_first_stored(tmp_path: Path, capsys) -> None:
    from datetime import UTC, datetime

    url = f"sqlite:///{tmp_path}/seen.db"
    early = datetime(2025, 3, 1, 12, tzinfo=UTC)
    late = datetime(2025, 3, 5, 12, tzinfo=UTC)
    with open_store(url, clock=lambda: early) as store:
        store.save_reports([make_report(1)])
    with open_store(url, clock=lambda: late) as store:
        store.save_reports([make_report(2)])
    out = cli(
        capsys,
        "--db",
        url,
        "reports",
        "--format",
        "json",
        "--all",
        "--seen-since",
        "2025-03-03",
    )[1]
    assert [r["url"] for r in json.loads(out)] == [article_url(2)]


def test_reports_lists_50_by_default_and_says_how_many_more(
    tmp_path: Path, capsys
) -> None:
    url = f"sqlite:///{tmp_path}/many.db"
    seed(url, [make_report(n) for n in range(1, 58)])
    code, out, err = cli(capsys, "--db", url, "reports", "--all", "--format", "jsonl")
    assert code == 0
    assert len(out.splitlines()) == 50
    assert err.strip() == "… 7 more (use --limit 0 for all, or narrow the filters)"
    code, out, err = cli(
        capsys, "--db", url, "reports", "--all", "--limit", "0", "--format", "jsonl"
    )
    assert (len(out.splitlines()), err) == (57, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--since", "2024-13-01"],
        ["--until", "yesterday"],
        ["--limit", "-1"],
        ["--limit", "ten"],
        ["--agency", "ministry of silly walks"],
    ],
)
def test_bad_option_values_are_one_line_exit_2(
    capsys, db: str, argv: list[str]
) -> None:
    code, out, err = cli(capsys, "--db", db, "reports", *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1


# -- CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_are_defused(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Police arrest smugglers", "", 3, None, True, "a=b"])
def test_ordinary_cells_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def test_csv_export_cannot_inject_formulas(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    seed(db, [make_report(n, title=title) for n, title in enumerate(FORMULAS)])
    seed(db, [make_report(99, body=("=cmd|' /C calc'!A0", "Second."))])
    out = cli(capsys, "--db", db, "export", "--format", "csv")[1]
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    titles = {row["title"] for row in rows}
    assert titles >= {"'" + title for title in FORMULAS}
    body = next(row["body"] for row in rows if row["url"] == article_url(99))
    assert body.startswith("'=cmd")
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    assert not [
        cell for row in rows for cell in row.values() if cell.startswith(dangerous)
    ]


# -- export --------------------------------------------------------------------------


def test_atom_feed_is_valid_and_escapes_hostile_titles(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    import feedparser

    seed(db, [make_report(n, title=title) for n, title in enumerate(HOSTILE_TITLES)])
    code, out, _ = cli(capsys, "--db", db, "export", "--format", "atom")
    feed = feedparser.parse(out)

    assert code == 0
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    expected = [
        t.replace("\x07", "").replace("\x1b", "") for t in reversed(HOSTILE_TITLES)
    ]
    assert titles == expected
    assert [entry.link for entry in feed.entries] == [
        article_url(n) for n in reversed(range(len(HOSTILE_TITLES)))
    ]
    assert "<script>" not in out  # escaped, not markup
    with open_store(db) as store:  # the SQL in a title was stored as text, nothing ran
        assert len(store.query_reports()) == len(HOSTILE_TITLES)


def test_export_jsonl_to_a_file_with_since(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seeded: str
) -> None:
    target = tmp_path / "out" / "reports.jsonl"
    target.parent.mkdir()
    code, out, _ = cli(
        capsys,
        "--db",
        seeded,
        "export",
        "--format",
        "jsonl",
        "--all",
        "--out",
        str(target),
    )
    assert (code, out) == (0, "")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3
    assert list(target.parent.iterdir()) == [target]  # no temporary file left behind

    newest = cli(
        capsys, "--db", seeded, "export", "--format", "jsonl", "--since", "2024-01-02"
    )
    assert newest[1] == ""


def test_export_to_an_unwritable_place_is_one_line(
    capsys, tmp_path: Path, seeded: str
) -> None:
    code, _, err = cli(
        capsys,
        "--db",
        seeded,
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "no/such/f"),
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "cannot write" in err


# -- show ----------------------------------------------------------------------------


def test_show_json_by_id_and_by_url(
    capsys: pytest.CaptureFixture[str], seeded: str
) -> None:
    by_url = json.loads(
        cli(capsys, "--db", seeded, "show", article_url(3), "--format", "json")[1]
    )
    by_id = json.loads(
        cli(capsys, "--db", seeded, "show", str(by_url["id"]), "--format", "json")[1]
    )
    assert by_url == by_id
    assert by_url["url"] == article_url(3)
    assert "first_seen_at" in by_url


def test_show_text_is_the_parsers_text_layout(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    parsers = pytest.importorskip("crawler.parsers")
    textformat = pytest.importorskip("crawler.textformat")
    page = DATA / "parser" / "classic.html"
    if not page.exists():
        pytest.skip("parser sample page not present")
    report = parsers.parse_article(page.read_bytes(), None)
    seed(db, [report.to_storage_dict()])
    code, out, _ = cli(capsys, "--db", db, "show", report.url, "--format", "seed")
    assert code == 0
    assert out.rstrip("\n") == textformat.render_text(report).rstrip("\n")
    code, out, _ = cli(capsys, "--db", db, "show", report.url)
    head, _, rest = out.partition("\n-")
    assert head.splitlines()[0] == report.title
    assert head.splitlines()[2] == report.url
    after_rule = rest.partition("\n")[2]
    assert after_rule.startswith("\n")  # a blank line, then the seed layout whole
    assert after_rule[1:].rstrip("\n") == textformat.render_text(report).rstrip("\n")


def test_show_text_starts_with_a_header(capsys, seeded: str) -> None:
    code, out, _ = cli(capsys, "--db", seeded, "show", article_url(3))
    assert code == 0
    stored = json.loads(
        cli(capsys, "--db", seeded, "show", article_url(3), "--format", "json")[1]
    )
    lines = out.splitlines()
    assert lines[0] == stored["title"]
    # published_at is stored in +09:00: the header shows that clock, marked KST.
    day, clock = stored["published_at"][:10], stored["published_at"][11:16]
    assert lines[1].startswith(f"published {day} {clock} KST")
    assert lines[2] == article_url(3)
    names = [a["name"] for a in stored["authors"]]
    if names:
        assert lines[3] == "by " + ", ".join(names)
    assert set(lines[4 if names else 3]) == {"-"}


def test_show_of_an_unknown_report_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], seeded: str
) -> None:
    code, out, err = cli(capsys, "--db", seeded, "show", "12345")
    assert (code, out) == (1, "")
    assert err.strip() == "nkwatch show: no stored report with id or URL '12345'"


# -- runs ----------------------------------------------------------------------------


def test_runs_table_and_json(capsys: pytest.CaptureFixture[str], db: str) -> None:
    with open_store(db) as store:
        ok = store.start_run("scheduled")
        store.finish_run(ok, "ok", requests=14, new=2, unchanged=5)
        failed = store.start_run("manual")
        store.finish_run(
            failed, "failed", error="site unreachable:\nconnection refused"
        )
    out = cli(capsys, "--db", db, "runs")[1].splitlines()
    assert out[0].split()[:4] == ["ID", "STARTED", "(UTC)", "TOOK"]
    assert out[1].split()[4:6] == ["manual", "failed"]
    assert out[1].endswith("site unreachable: connection refused")
    assert out[2].split()[4:10] == ["scheduled", "ok", "14", "2", "0", "5"]

    runs = json.loads(
        cli(capsys, "--db", db, "runs", "--format", "json", "--limit", "1")[1]
    )
    assert [r["id"] for r in runs] == [failed]


def test_runs_on_an_empty_store(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = cli(capsys, "--db", db, "runs")
    assert (code, out) == (0, "")
    assert "no crawl runs recorded yet" in err


# -- db and errors -------------------------------------------------------------------


def test_db_current_and_upgrade(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from store.schema import HEAD_REVISION

    db = f"sqlite:///{tmp_path}/new.db"
    assert cli(capsys, "--db", db, "db", "current")[1].startswith(
        "none (no database at"
    )
    assert not (tmp_path / "new.db").exists()  # asking did not create it
    assert cli(capsys, "--db", db, "db", "upgrade")[1].startswith(
        "created the database"
    )
    assert cli(capsys, "--db", db, "db", "current")[1] == f"{HEAD_REVISION} (head)\n"
    assert "up to date" in cli(capsys, "--db", db, "db", "upgrade")[1]


@pytest.mark.slow
def test_an_outdated_database_is_refused_with_a_hint_until_upgraded(
    tmp_path: Path,
) -> None:
    from alembic import command

    from store.engine import make_engine, write_transaction
    from store.schema import REVISIONS, alembic_config

    db = f"sqlite:///{tmp_path}/old.db"
    engine = make_engine(db)
    with write_transaction(engine) as conn:
        command.upgrade(alembic_config(conn), REVISIONS[0])
    engine.dispose()

    refused = run_process("--db", db, "reports")
    assert refused.returncode == 1
    assert refused.stderr == (
        "nkwatch reports: database schema is out of date: run `nkwatch db upgrade`\n"
    )
    current = run_process("--db", db, "db", "current")
    assert "out of date" in current.stdout
    upgraded = run_process("--db", db, "db", "upgrade")
    assert upgraded.returncode == 0
    assert f"from revision {REVISIONS[0]}" in upgraded.stdout
    assert run_process("--db", db, "reports").returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("db_url", "code", "phrase"),
    [
        (
            "postgresql+psycopg://nk:s3cret-pw@127.0.0.1:1/nk?connect_timeout=3",
            1,
            "127.0.0.1",
        ),
        ("mysql://nk:s3cret-pw@127.0.0.1/nk", 2, "unsupported database"),
        ("::not a url::", 2, "bad database URL"),
    ],
)
def test_database_errors_are_one_line_without_the_password(
    db_url: str, code: int, phrase: str
) -> None:
    result = run_process("--db", db_url, "reports")
    assert result.returncode == code
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert phrase in result.stderr
    assert "s3cret-pw" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_sqlite_path_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_process("--db", f"sqlite:///{blocker}/sub/x.db", "db", "upgrade")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot create the directory" in result.stderr


def test_export_takes_the_same_filters(capsys, seeded: str) -> None:
    argv = ["--agency", "MSS", "--agency", "police", "--format", "jsonl"]
    out = cli(capsys, "--db", seeded, "export", *argv)[1]
    assert [json.loads(line)["url"] for line in out.splitlines()] == [
        article_url(3),
        article_url(1),
    ]
    code, out, err = cli(
        capsys, "--db", seeded, "export", "--format", "csv", "--agency", "kgb"
    )
    assert (code, out) == (2, "")
    assert "unknown agency 'kgb'" in err
