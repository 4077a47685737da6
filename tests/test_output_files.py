"""Output files (export --out, show --html --out): whole or not at all, with the user's mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nkwatch.commands._files import write_file
from nkwatch.commands._versions import write_bytes
from nkwatch.errors import UserError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_follows_the_umask_text_and_bytes(tmp_path: Path, umask_022) -> None:
    write_file(str(tmp_path / "feed.atom"), iter(["<feed>", "</feed>"]))
    write_bytes(b"<html></html>", str(tmp_path / "page.html"))
    assert (tmp_path / "feed.atom").read_text() == "<feed></feed>"
    assert (tmp_path / "page.html").read_bytes() == b"<html></html>"
    assert _mode(tmp_path / "feed.atom") == 0o644
    assert _mode(tmp_path / "page.html") == 0o644


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes(b"new", str(target))
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("kept\n")

    def chunks():
        yield "first\n"
        raise OSError(28, "No space left on device")

    with pytest.raises(
        UserError, match=r"cannot write .*out\.jsonl: No space left on device"
    ):
        write_file(str(target), chunks())
    assert target.read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
