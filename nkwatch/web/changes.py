"""What changed from one kept version of a report to the next (pure)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

# Fields a reader notices, in the order a page shows them.
_FIELDS = (
    ("title", "title"),
    ("subtitle", "subtitle"),
    ("published_at", "publication time"),
    ("modified_at", "modification time"),
    ("authors", "authors"),
    ("image", "image"),
    ("figures", "figures"),
    ("translator", "translator"),
    ("editor", "editor"),
    ("tags", "tags"),
    ("categories", "categories"),
)


def describe_changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, Any]:
    """``{"fields": [names changed], "added": [paragraphs], "removed": [paragraphs]}``."""
    fields = [label for key, label in _FIELDS if before.get(key) != after.get(key)]
    old, new = list(before.get("body") or ()), list(after.get("body") or ())
    added: list[str] = []
    removed: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(old[i1:i2])
        if tag in ("replace", "insert"):
            added.extend(new[j1:j2])
    return {"fields": fields, "added": added, "removed": removed}
