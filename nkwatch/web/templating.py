"""The Jinja2 environment of the pages (autoescaped) and rendering with the request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader

from nkwatch.web import present

if TYPE_CHECKING:
    from fastapi import Request


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("nkwatch.web", "templates"),
        autoescape=True,  # every stored string is escaped unless a filter made it Markup
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        kst=present.kst,
        snippet=present.snippet_html,
        amount=present.amount_text,
        agency_name=present.agency_name,
        web_url=present.web_url,
    )
    return env


def render(request: Request, template: str, **context: Any) -> str:
    env: Environment = request.app.state.templates
    return env.get_template(template).render(request_path=request.url.path, **context)
