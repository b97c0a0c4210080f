"""Charts drawn on the server as SVG: readable with JavaScript off and printable (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def sparkline(values: Sequence[int], *, width: int = 120, height: int = 24, label: str = "") -> str:
    """A line over ``values`` (oldest first), scaled to the largest; flat at 0 when all are 0."""
    if not values:
        return ""
    top = max(values) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (v / top) * (height - 4):.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}"><polyline fill="none" stroke="currentColor" '
        f'stroke-width="1.5" points="{points}"/></svg>'
    )


def bar(value: int, top: int, *, width: int = 160, height: int = 12, label: str = "") -> str:
    """A horizontal bar of ``value`` against ``top`` (the largest in its table)."""
    filled = 0 if top <= 0 else round(width * min(value, top) / top)
    return (
        f'<svg class="bar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}"><rect width="{width}" height="{height}" '
        f'fill="#e8eef3"/><rect width="{filled}" height="{height}" fill="#2f6f9f"/></svg>'
    )


LIGHT_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828"}


def light(colour: str | None, label: str, *, size: int = 16) -> str:
    """A traffic light: a filled circle in its colour, an empty ring when there is no light."""
    fill = LIGHT_COLOURS.get(colour or "", "none")
    return (
        f'<svg class="light" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="{escape(label)}"><circle cx="{size / 2}" cy="{size / 2}" '
        f'r="{size / 2 - 1}" fill="{fill}" stroke="#555" stroke-width="1"/></svg>'
    )
