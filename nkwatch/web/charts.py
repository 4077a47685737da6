"""Bar charts as inline SVG, drawn on the server: no script, no network, no library.

Every label goes through ``escape``; colours are presentation attributes (allowed by the
Content-Security-Policy, unlike inline styles). Each chart is an ``role="img"`` with a
title, and the page shows the same numbers in a table for screen readers and copying.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

# Colour-blind-safe (Okabe-Ito), in legend order.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#555555",
)
_LABEL_W = 150
_BAR_H = 22
_WIDTH = 640


def horizontal_bars(
    title: str, items: list[tuple[str, float]], *, unit: str = ""
) -> Markup:
    """One bar per (label, value), longest first as given."""
    if not items:
        return Markup("")
    top = max(value for _, value in items) or 1
    span = _WIDTH - _LABEL_W - 70
    rows = []
    for index, (label, value) in enumerate(items):
        y = index * (_BAR_H + 6)
        width = max(1.0, span * value / top)
        rows.append(
            f'<g class="bar"><text x="{_LABEL_W - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{_LABEL_W}" y="{y}" width="{width:.1f}" height="{_BAR_H}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {_number(value)}{unit}</title></rect>'
            f'<text x="{_LABEL_W + width + 6:.1f}" y="{y + 15}">{_number(value)}</text></g>'
        )
    height = len(items) * (_BAR_H + 6)
    return _svg(title, height, "".join(rows))


def stacked_columns(
    title: str, columns: list[tuple[str, dict[str, int]]], series: list[str]
) -> Markup:
    """One column per (label, {series: value}), stacked in ``series`` order, with a legend."""
    if not columns:
        return Markup("")
    top = max(sum(values.values()) for _, values in columns) or 1
    plot_h, base_y, left = 200, 210, 40
    step = (_WIDTH - left - 10) / len(columns)
    parts = [
        f'<text x="{left - 6}" y="{base_y - plot_h + 4}" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{base_y}" text-anchor="end">0</text>',
        f'<line x1="{left}" y1="{base_y}" x2="{_WIDTH - 10}" y2="{base_y}" stroke="#888"/>',
    ]
    for index, (label, values) in enumerate(columns):
        x = left + index * step
        y = base_y
        for number, name in enumerate(series):
            value = values.get(name, 0)
            if not value:
                continue
            height = plot_h * value / top
            y -= height
            parts.append(
                f'<rect class="bar" x="{x + 2:.1f}" y="{y:.1f}" width="{max(step - 4, 1):.1f}" '
                f'height="{height:.1f}" fill="{PALETTE[number % len(PALETTE)]}">'
                f"<title>{escape(label)} {escape(name)}: {value}</title></rect>"
            )
        if index % max(1, len(columns) // 8) == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{base_y + 16}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    legend_y = base_y + 34
    for number, name in enumerate(series):
        x = left + (number % 4) * 150
        y = legend_y + (number // 4) * 20
        parts.append(
            f'<rect x="{x}" y="{y - 11}" width="12" height="12" '
            f'fill="{PALETTE[number % len(PALETTE)]}"/>'
            f'<text x="{x + 18}" y="{y}">{escape(name)}</text>'
        )
    height = legend_y + ((len(series) + 3) // 4) * 20
    return _svg(title, height, "".join(parts))


def _svg(title: str, height: int, body: str) -> Markup:
    return Markup(  # noqa: S704 (every text inside was escaped above)
        f'<svg class="chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {_WIDTH} {height + 4}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _number(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if value >= 10_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:g}"
