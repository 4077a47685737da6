"""Render a Report in the plain-text layout of the seed reports (shared/seeds/*.txt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.items import Author, Report

CONTACT_SENTENCE = "Please direct any comments or questions about this article to"


def render_text(report: Report) -> str:
    """The seed layout: picture lines, body, then footer blocks, blank lines between blocks.

    Picture block: the image alt line and the caption line ("caption / Image: credit").
    Footer blocks in order: "*Translated by X", the contact line (the sentence alone when the
    page hid the address), "Read in Korean", then per author the name line (only when the
    byline links the name) followed by the bio line.
    """
    blocks: list[list[str]] = []
    picture = _picture_lines(report)
    if picture:
        blocks.append(picture)
    blocks.extend([paragraph] for paragraph in report.body)
    if report.translator:
        blocks.append([f"*Translated by {report.translator}"])
    if report.contact_email:
        blocks.append([f"{CONTACT_SENTENCE} {report.contact_email}."])
    elif report.contact_hidden:
        blocks.append([CONTACT_SENTENCE])
    if report.korean_url:
        blocks.append(["Read in Korean"])
    for author in report.authors:
        lines = _author_lines(author)
        if lines:
            blocks.append(lines)
    return "\n\n".join("\n".join(block) for block in blocks)


def _picture_lines(report: Report) -> list[str]:
    image = report.image
    if image is None:
        return []
    lines = [image.alt] if image.alt else []
    if image.caption and image.credit:
        lines.append(f"{image.caption} / Image: {image.credit}")
    elif image.caption:
        lines.append(image.caption)
    elif image.credit:
        lines.append(f"Image: {image.credit}")
    return lines


def _author_lines(author: Author) -> list[str]:
    lines = [author.name] if author.url else []
    if author.bio:
        lines.append(author.bio)
    return lines
