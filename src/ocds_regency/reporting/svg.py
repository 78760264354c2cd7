"""Inline SVG charts for the HTML report: horizontal bar charts and grouped histograms.

The charts are plain SVG markup (no script, no external resource), sized with a ``viewBox`` so they
scale with the page, and carry a ``<title>`` and ``aria-label`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

__all__ = ["PALETTE", "bar_chart", "grouped_histogram"]

#: Colours of the series (colour-blind-safe, from the Okabe-Ito palette).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")

_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    value_label: str,
    format_value: Callable[[int], str] | None = None,
    colour: str = PALETTE[0],
    width: int = 640,
    label_width: int = 250,
) -> str:
    """A horizontal bar chart, one bar per ``(label, value)``, in the given order.

    Args:
        items: the bars.
        title: accessible title of the chart.
        value_label: unit shown in each bar's tooltip (e.g. "processes").
        format_value: optional callable turning a value into its displayed text.
        colour: bar colour.
        width: width of the view box.
        label_width: room for the labels, left of the bars.

    Returns:
        The ``<svg>`` element as text.
    """
    fmt: Callable[[int], str] = format_value or str
    row = 28
    height = max(1, len(items)) * row + 8
    top = max((value for _, value in items), default=0) or 1
    room = width - label_width - 70
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        length = 0 if value <= 0 else max(2, round(room * value / top))
        shown = escape(fmt(value))
        parts.append(
            f"<g><title>{escape(label)}: {shown} {escape(value_label)}</title>"
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" fill="#1f2933">'
            f"{escape(_short(label, max(12, label_width // 9)))}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row - 8}" rx="3" fill="{colour}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 18}" fill="#1f2933">{shown}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def grouped_histogram(
    bands: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    value_label: str,
    width: int = 720,
    height: int = 300,
) -> str:
    """A histogram with one group of bars per band and one bar per series, with a legend.

    Args:
        bands: labels of the x-axis bands.
        series: ``(name, counts per band)`` for each series; every list has ``len(bands)`` counts.
        title: accessible title of the chart.
        value_label: unit shown in the tooltips (e.g. "processes").
        width: width of the view box.
        height: height of the view box.

    Returns:
        The ``<svg>`` element as text.
    """
    left, right, top, bottom = 44, 10, 34, 46
    plot_w = width - left - right
    plot_h = height - top - bottom
    peak = max((n for _, counts in series for n in counts), default=0) or 1
    step = max(1, -(-peak // 4))
    ceiling = step * 4
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(5):
        value = step * tick
        y = top + plot_h - plot_h * value / ceiling
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dee3"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#52606d">{value}</text>'
        )
    group_w = plot_w / max(1, len(bands))
    bar_w = group_w * 0.8 / max(1, len(series))
    for b, band in enumerate(bands):
        x0 = left + b * group_w + group_w * 0.1
        for s, (name, counts) in enumerate(series):
            count = counts[b] if b < len(counts) else 0
            h = plot_h * count / ceiling
            x = x0 + s * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(name)}, {escape(band)}: {count} '
                f"{escape(value_label)}</title></rect>"
            )
        parts.append(
            f'<text x="{left + b * group_w + group_w / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'fill="#1f2933">{escape(band)}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#52606d"/>')
    x = left
    for s, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="8" width="14" height="14" rx="2" fill="{PALETTE[s % len(PALETTE)]}"/>'
            f'<text x="{x + 20}" y="20" fill="#1f2933">{escape(name)}</text>'
        )
        x += 28 + 8 * len(name)
    parts.append("</svg>")
    return "".join(parts)
