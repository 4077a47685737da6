"""nkwatch diff: what the site changed between two versions of a report.

The text compared is what a reader sees: title, subtitle, body paragraphs and captions,
one line each. Lines are matched on their text alone and labelled afterwards with their
place in their own version ("paragraph 3"), so a paragraph inserted at the top shows as
one added line, not as every later paragraph renumbered.
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections.abc import Iterator
from typing import Any

from nkwatch.commands._store import emit, opened_store, positive_int
from nkwatch.commands._versions import pick, versions_of
from nkwatch.errors import UsageError

HELP = "show what changed between two revisions of a report (unified diff)"
EPILOG = """examples:
  nkwatch diff 42                    # the revision it replaced against the current one
  nkwatch diff 42 --from 1 --to 3
  nkwatch diff https://www.dailynk.com/english/some-slug/ --format json

Revisions are numbered from 1 (the version first seen); `nkwatch show ID --revision N`
shows one, `--html` the page it was read from. Exit code 0 either way; the diff is empty
(and says so) when the two versions read the same."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="URL|ID")
    parser.add_argument(
        "--from", dest="from_", type=positive_int, metavar="N", help="older revision"
    )
    parser.add_argument(
        "--to", type=positive_int, metavar="M", help="newer revision (default: current)"
    )
    parser.add_argument(
        "--context",
        type=int,
        default=1,
        metavar="N",
        help="unchanged lines shown around a change (default 1)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    if args.context < 0:
        raise UsageError(f"--context must be 0 or more, not {args.context}")
    with opened_store(args) as store:
        report, versions = versions_of(store, args.ref)
    if len(versions) == 1 and args.from_ is None and args.to is None:
        emit(f"report {report['id']} has one revision: nothing to compare\n")
        return 0
    new = pick(versions, args.to, "--to")
    if args.from_ is not None:
        old = pick(versions, args.from_, "--from")
    else:
        # The version seen before it; for the current version of an article edited back
        # (revisions 1, 2, then 1 again) the one it replaced, the latest other.
        earlier = [v for v in versions if v["number"] < new["number"]]
        others = (
            earlier if args.to is not None else [v for v in versions if v is not new]
        )
        if not others:
            raise UsageError(
                f"--to {new['number']}: there is no earlier revision; give --from"
            )
        old = others[-1]
    if args.format == "json":
        changes = list(
            changed_lines(version_lines(old["data"]), version_lines(new["data"]))
        )
        payload = {
            "id": report["id"],
            "url": report["url"],
            "from": _summary(old),
            "to": _summary(new),
            "changes": changes,
        }
        emit(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    header = (
        f"report {report['id']} revision {old['number']} (seen {old['seen_at']})",
        f"report {report['id']} revision {new['number']} (seen {new['seen_at']})",
    )
    lines = list(unified(old["data"], new["data"], header, args.context))
    emit("".join(line + "\n" for line in lines) if lines else "no change in the text\n")
    return 0


def version_lines(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) for each line a reader sees, in page order."""
    lines = [("title", data.get("title") or "")]
    if data.get("subtitle"):
        lines.append(("subtitle", data["subtitle"]))
    image = data.get("image") or {}
    if image.get("caption"):
        lines.append(("image caption", image["caption"]))
    lines += [
        (f"paragraph {n}", text) for n, text in enumerate(data.get("body") or (), 1)
    ]
    for n, figure in enumerate(data.get("figures") or (), 1):
        if figure.get("caption"):
            lines.append((f"figure {n} caption", figure["caption"]))
    return lines


def unified(
    old: dict[str, Any], new: dict[str, Any], header: tuple[str, str], context: int
) -> Iterator[str]:
    """A unified diff of two versions' lines, each line prefixed with its label."""
    a, b = version_lines(old), version_lines(new)
    matcher = difflib.SequenceMatcher(
        None, [_key(x) for x in a], [_key(x) for x in b], autojunk=False
    )
    groups = list(matcher.get_grouped_opcodes(context))
    if not groups or all(tag == "equal" for g in groups for tag, *_ in g):
        return
    yield f"--- {header[0]}"
    yield f"+++ {header[1]}"
    for group in groups:
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for label, text in b[j1:j2]:
                    yield f" [{label}] {text}"
                continue
            for label, text in a[i1:i2]:
                yield f"-[{label}] {text}"
            for label, text in b[j1:j2]:
                yield f"+[{label}] {text}"


def changed_lines(
    a: list[tuple[str, str]], b: list[tuple[str, str]]
) -> Iterator[dict[str, Any]]:
    """The changes as JSON-ready dicts: {"change": replaced|removed|added, "from", "to"}."""
    matcher = difflib.SequenceMatcher(
        None, [_key(x) for x in a], [_key(x) for x in b], autojunk=False
    )
    names = {"replace": "replaced", "delete": "removed", "insert": "added"}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield {
                "change": names[tag],
                "from": [{"where": label, "text": text} for label, text in a[i1:i2]],
                "to": [{"where": label, "text": text} for label, text in b[j1:j2]],
            }


def _key(line: tuple[str, str]) -> tuple[str, str]:
    # Kind and text, not the number: "paragraph 4" and "paragraph 5" with one text match.
    label, text = line
    return label.split(" ", 1)[0] if label.startswith(
        ("paragraph", "figure")
    ) else label, text


def _range(start: int, stop: int) -> str:
    # difflib's unified format: 1-based start, and the length when it is not 1.
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _summary(version: dict[str, Any]) -> dict[str, Any]:
    return {
        "revision": version["number"],
        "seen_at": version["seen_at"],
        "content_hash": version["content_hash"],
    }
