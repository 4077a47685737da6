"""Render a Report in the plain-text layout of the seed reports (shared/seeds/*.txt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.items import Author, Report

CONTACT_SENTENCE = "Please direct any comments or questions about this article to"


def render_text(report: Report) -> str:
    """The seed layout: picture lines, body, then footer blocks, blank lines between blocks.

    Picture block: the image alt line and the caption line ("caption / Image: credit").
    Footer blocks in order: the credit line as the page prints it ("*Translated by X",
    "*Translated by X and edited by Y", "*Translated and edited by X", "*Edited by Y"),
    the disclaimer note, the contact line (the sentence alone when the
    page hid the address), "Read in Korean", then per author the name line (only when the
    byline links the name) followed by the bio line.
    """
    blocks: list[list[str]] = []
    picture = _picture_lines(report)
    if picture:
        blocks.append(picture)
    blocks.extend([paragraph] for paragraph in report.body)
    credit = credit_line(report.translator, report.editor)
    if credit:
        blocks.append([credit])
    if report.disclaimer:
        blocks.append([f"*{report.disclaimer}"])
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


def credit_line(translator: str | None, editor: str | None) -> str | None:
    """The translator/editor line in the site's wording (footer.credits_of reads it back)."""
    if translator and editor:
        if translator == editor:
            return f"*Translated and edited by {translator}"
        return f"*Translated by {translator} and edited by {editor}"
    if translator:
        return f"*Translated by {translator}"
    return f"*Edited by {editor}" if editor else None


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
