"""Body: where the content is, its junk, its figures and its footer lines, for any source.

The content element is found by selector (selectors.CONTENT), else it is the densest text
block, else JSON-LD's articleBody. Inside it, junk blocks (selectors.JUNK) are removed,
pictures are taken as figures, and each remaining line is either a footer line (translator,
contact, "Read in Korean", widgets: recognized in footer.py) or a body paragraph. Feed items
and REST posts go through the same reader (``read_fragment``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crawler.parsers import footer
from crawler.parsers import selectors as S
from crawler.parsers.cfemail import decode_protected_emails
from crawler.parsers.common import (
    HEADING_TAGS,
    clean_text,
    iter_lines,
    matches,
    possible,
    select,
    select_first,
)
from crawler.parsers.document import fragment_tree
from crawler.parsers.fallback import densest_block, ld_text
from crawler.parsers.images import figure_of
from crawler.parsers.page import korean_link

if TYPE_CHECKING:
    from bs4 import Tag

    from crawler.items import Figure
    from crawler.parsers.document import Page
    from crawler.parsers.fallback import PageMeta

_KNOWN_FIGURES = ", ".join(S.FIGURES)
_FIGURES = f"{_KNOWN_FIGURES}, {S.PICTURE_BLOCK}"
_ANY_CONTENT = ", ".join(S.CONTENT)
# Content blocks nest two deep in the Cloud template; more is a broken or hostile page.
_MAX_CONTENT_NESTING = 8

_PICTURE_BLOCK_TEXT = 300  # characters; more is a text block that holds a picture
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")
# A caption line that is not marked up as one: "… / Image: Daily NK", "FILE PHOTO: …".
_CAPTION_LINE = re.compile(r"^FILE PHOTO:|\s/\s*(?:Image|Photo)\s*:\s*\S[^.]*$")


@dataclass(slots=True)
class Content:
    body: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    translator: str | None = None
    editor: str | None = None
    contact_found: bool = False
    contact_email: str | None = None
    disclaimer: str | None = None

    @property
    def credited(self) -> bool:
        return bool(self.translator or self.editor)

    def report_fields(self) -> dict[str, Any]:
        """The Report fields the content gives, as every source (page, feed, REST) sets them."""
        return {
            "translator": self.translator,
            "editor": self.editor,
            "body": tuple(self.body),
            "figures": tuple(self.figures),
            "contact_email": self.contact_email,
            "disclaimer": self.disclaimer,
            "contact_hidden": self.contact_found and self.contact_email is None,
        }


def page_content(page: Page, meta: PageMeta, url: str) -> Content:
    """The article's content; footer lines the template puts after it are read too."""
    content = _located_content(page, meta, url)
    if content.body:
        _footer_outside_content(page.primary, content)
    return content


def read_fragment(content_html: str, base: str | None) -> tuple[Content, str | None]:
    """Body, figures and footer facts of a content fragment, plus its Korean-original link."""
    root = fragment_tree(content_html)
    decode_protected_emails(root)
    korean_url = korean_link(root, base)
    return read_content(root, base), korean_url


def read_content(
    root: Tag, base: str | None, names: frozenset[str] | None = None
) -> Content:
    """Split the content element into body paragraphs and footer facts. Mutates root."""
    content = Content()
    # One grouped selector is one pass over the tree instead of one per selector.
    junk = possible(S.JUNK, names)
    if junk:
        for element in select(root, ", ".join(junk)):
            element.extract()
    content.figures = _take_figures(root, base)
    for text, tag in iter_lines(root):
        _classify(text, tag, content)
    return content


def classify_lines(lines: list[str]) -> Content:
    """The same classification for text that arrives as plain lines (feed/REST fallbacks)."""
    content = Content()
    for line in lines:
        _classify(line, "p", content)
    return content


def _take_figures(root: Tag, base: str | None) -> list[Figure]:
    figures: list[Figure] = []
    taken: list[Tag] = []
    taken_ids: set[int] = set()  # by id(): a bs4 Tag hashes by its markup
    # One grouped selector, so the figures come back in document order.
    for element in select(root, _FIGURES):
        if any(id(ancestor) in taken_ids for ancestor in element.parents):
            continue  # a caption block nested in a <figure> already read
        if not _is_figure(element):
            continue
        taken.append(element)
        taken_ids.add(id(element))
        figure = figure_of(element, base)
        if figure is not None:
            figures.append(figure)
    for element in taken:
        element.extract()
    return figures


def _is_figure(element: Tag) -> bool:
    """Known figure markup, or a picture block whose text is short enough to be a caption."""
    if element.name != "div" or matches(element, _KNOWN_FIGURES):
        return True
    if len(element.find_all("p", limit=2)) > 1:
        return False
    text = _XPATH_SPACE.sub(" ", element.get_text()).strip(" \t\r\n")
    return len(text) < _PICTURE_BLOCK_TEXT


def _classify(text: str, tag: str, content: Content) -> None:
    if _take_footer_line(text, content):
        return
    if footer.is_read_in_korean(text) or footer.is_widget_text(text):
        return
    if _CAPTION_LINE.search(text):
        return
    text = clean_text(footer.remove_artefacts(text))
    if text and (tag in HEADING_TAGS or _has_words(text)):
        content.body.append(text)


def _take_footer_line(text: str, content: Content) -> bool:
    """Record a credit, contact or disclaimer line in content; False for other lines."""
    credits = footer.credits_of(text)
    if credits:
        if not content.credited:
            content.translator, content.editor = credits
        return True
    is_contact, email = footer.contact_of(text)
    if is_contact:
        content.contact_found = True
        content.contact_email = content.contact_email or email
        return True
    disclaimer = footer.disclaimer_of(text)
    if disclaimer:
        content.disclaimer = content.disclaimer or disclaimer
        return True
    return False


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _located_content(page: Page, meta: PageMeta, url: str) -> Content:
    root = _innermost(page.first(select_first, S.CONTENT))
    if root is None:
        root = densest_block(page.primary)
    if root is not None:
        content = read_content(root, url, page.read_names)
        if content.body:
            return content
    article_body = ld_text(meta.ld("articleBody"))
    if article_body:
        lines = [clean_text(line) for line in re.split(r"\n\s*\n|\n", article_body)]
        return classify_lines([line for line in lines if line])
    return Content()


def _innermost(root: Tag | None) -> Tag | None:
    """Descend into a nested content block holding most of the text.

    The Cloud Library wraps its whole template (breadcrumbs, title, byline, content, author
    box) in a ".td-post-content" of its own; the article text is the inner content block.
    """
    # Bounded, and never "descending" into root itself: a selector engine that also matches
    # the element it searches from would otherwise spin forever (an earlier lxml version did).
    for _ in range(_MAX_CONTENT_NESTING):
        if root is None:
            return None
        inner = select_first(root, (_ANY_CONTENT,))
        if (
            inner is None
            or inner is root
            or len(inner.get_text()) < len(root.get_text()) // 2
        ):
            return root
        root = inner
    return root


def _footer_outside_content(scope: Tag, content: Content) -> None:
    """Credit, contact and disclaimer lines that a template puts after the content block."""
    # Not for a disclaimer alone: most pages have none, and the walk costs a field's time.
    if content.credited and content.contact_found:
        return
    for text, _tag in iter_lines(scope):
        if not content.credited:
            credits = footer.credits_of(text)
            if credits:
                content.translator, content.editor = credits
        if not content.contact_found:
            content.contact_found, content.contact_email = footer.contact_of(text)
        if not content.disclaimer:
            content.disclaimer = footer.disclaimer_of(text)
