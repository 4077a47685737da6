"""nkwatch's web pages and JSON API for readers, served from the store (read-only).

``create_app(store)`` builds the application; ``nkwatch serve`` and ``nkwatch schedule
--serve`` run it with uvicorn.
"""

from __future__ import annotations

from nkwatch.web.app import create_app

__all__ = ["create_app"]
