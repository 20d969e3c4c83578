"""Charts as vector SVG (no raster, no script): horizontal bars, one per named value.

The same function serves the PDF documents and the public pages' printable figures; the numbers
of a chart are always also given as a table (the chart's text alternative, WCAG 1.1.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

#: Colours with at least 3:1 contrast against white (WCAG 1.4.11, non-text contrast).
POSITIVE = "#1f5f8b"
NEGATIVE = "#2e7d32"
TEXT = "#1a1a1a"
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str,
    title: str,
    width: float = 480.0,
    bar_height: float = 16.0,
    digits: int = 2,
) -> str:
    """A horizontal bar chart as an SVG document (``<svg>`` element, UTF-8 text).

    Parameters
    ----------
    labels:
        One label per bar (shown left of it).
    values:
        The bar values in ``unit``; negative values (removals) are drawn to the left of zero.
    unit:
        The unit printed after each value, e.g. ``万t CO2e``.
    title:
        The SVG ``<title>`` (read out by screen readers) and ``aria-label``.

    Returns
    -------
    str
        ``<svg …>`` markup with a ``viewBox``, so that it scales with the page.

    Examples
    --------
    >>> svg = bar_chart(["工业", "交通"], [337.29, -7.77], unit="万t CO2e", title="部门")
    >>> svg.count("<rect")
    2
    >>> "337.29" in svg and "−7.77" in svg
    True
    """
    if len(labels) != len(values):
        raise ValueError("one label per value")
    label_w = min(width * 0.45, max((_text_width(label) for label in labels), default=0) + 10)
    value_w, gap = width * 0.22, 4.0
    labels = [_fit(label, width * 0.45 - 10) for label in labels]
    plot_w = width - label_w - value_w
    low = min(0.0, *values) if values else 0.0
    high = max(0.0, *values) if values else 0.0
    span = (high - low) or 1.0
    zero_x = label_w + plot_w * (-low / span)
    row = bar_height + gap
    height = max(row * len(values), row) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="10">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = gap + i * row
        length = plot_w * abs(value) / span
        x = zero_x if value >= 0 else zero_x - length
        colour = POSITIVE if value >= 0 else NEGATIVE
        shown = f"{value:,.{digits}f}".replace("-", "−")
        parts += [
            f'<text x="{label_w - 6:.1f}" y="{y + bar_height * 0.75:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(label)}</text>',
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(length, 0.5):.1f}" '
            f'height="{bar_height:.1f}" fill="{colour}"/>',
            f'<text x="{label_w + plot_w + 6:.1f}" y="{y + bar_height * 0.75:.1f}" '
            f'fill="{TEXT}">{shown} {escape(unit)}</text>',
        ]
    parts.append(
        f'<line x1="{zero_x:.1f}" y1="0" x2="{zero_x:.1f}" y2="{height:.1f}" stroke="{TEXT}" '
        'stroke-width="0.6"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _text_width(text: str, size: float = 10.0) -> float:
    """Rough width of ``text`` at ``size`` px: CJK characters are square, Latin about half."""
    return sum(size if ord(c) > 0x2E80 else size * 0.55 for c in text)


def _fit(text: str, room: float) -> str:
    """``text`` cut with an ellipsis so that it fits in ``room`` px (the full name is in the
    table beside the chart)."""
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"
