"""How stored values read on a page: Korean time, amounts, snippets (Jinja filters)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from markupsafe import Markup

from crawler.constants import KST


def kst(value: str | None, with_time: bool = True) -> str:
    """An ISO time as the site's readers read it: "2024-03-05 14:20 KST"."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value).astimezone(KST)
    except ValueError:
        return value
    return moment.strftime("%Y-%m-%d %H:%M KST" if with_time else "%Y-%m-%d")


def snippet_html(segments: list[dict[str, Any]] | None) -> Markup:
    """A search snippet with its matches in <mark>; every text escaped."""
    parts = []
    for segment in segments or ():
        text = escape(str(segment.get("text", "")))
        parts.append(f"<mark>{text}</mark>" if segment.get("match") else text)
    return Markup("".join(parts))  # noqa: S704 (escaped above)


def amount_text(amount: dict[str, Any]) -> str:
    return str(amount.get("text") or f"{amount.get('value')} {amount.get('currency')}")


def web_url(value: str | None) -> str:
    """A stored link only if it is http(s): a ``javascript:`` URL never becomes an href."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


def agency_name(agency: str) -> str:
    """``state_security`` -> "state security"."""
    return agency.replace("_", " ")
