"""Page metadata fallbacks: OpenGraph/<meta>, JSON-LD and schema.org microdata (read with lxml)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from crawler.parsers.common import clean_text

logger = logging.getLogger(__name__)

# Page-wide and cheap in C: read from the lxml document, never from a BeautifulSoup tree.
_METAS = etree.XPath("//meta")
_LD_SCRIPTS = etree.XPath("//script[@type='application/ld+json']")
_TITLES = etree.XPath("//title")

_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
    }
)


@dataclass(slots=True)
class PageMeta:
    """What the <head> and embedded data say; each value is a fallback for the visible DOM."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    article_ld: dict[str, Any] = field(default_factory=dict)
    ld_types: set[str] = field(default_factory=set)
    microdata: dict[str, str] = field(default_factory=dict)
    page_title: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first non-empty <meta> value among keys (property or name)."""
        for key in keys:
            for value in self.meta.get(key.lower(), ()):
                if value:
                    return value
        return None

    def all(self, key: str) -> list[str]:
        return [v for v in self.meta.get(key.lower(), ()) if v]

    def ld(self, key: str) -> Any:
        return self.article_ld.get(key)


def read_meta(doc: etree._Element) -> PageMeta:
    """Collect <meta>, JSON-LD and microdata from the whole document (cheap, one pass each)."""
    page = PageMeta()
    for element in _METAS(doc):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        content = clean_text(element.get("content"))
        if key:
            page.meta.setdefault(key, []).append(content)
        prop = element.get("itemprop")
        if prop and content:
            page.microdata.setdefault(prop.strip(), content)
    for script in _LD_SCRIPTS(doc):
        for node in _ld_nodes(script.text or ""):
            types = _types(node)
            page.ld_types |= types
            if types & _ARTICLE_TYPES and not page.article_ld:
                page.article_ld = node
    titles = (clean_text(title.text_content()) for title in _TITLES(doc))
    page.page_title = next((title for title in titles if title), None)
    return page


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as text: strings as is, {"name": …}/{"@id": …} objects by name."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
    return clean_text(value) if isinstance(value, str) else None


def ld_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ld_nodes(raw: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        logger.debug("unreadable JSON-LD block skipped")
        return []
    nodes: list[dict[str, Any]] = []
    pending = data if isinstance(data, list) else [data]
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            nodes.append(node)
            if isinstance(node.get("@graph"), list):
                pending.extend(node["@graph"])
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return {t for t in ld_list(kind) if isinstance(t, str)}
