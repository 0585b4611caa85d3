"""Colour contrast, as WCAG 2.2 measures it, for the text colours the app and briefings use."""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour."""
    colour = colour.lstrip("#")[:6]
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """Contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


#: Text colour on background colour wherever the app or a briefing writes text itself.
TEXT_COLOURS = {
    "map legend and labels": ("#111111", "#ffffff"),
    "briefing text": ("#111111", "#ffffff"),
    "briefing notes and captions": ("#333333", "#ffffff"),
    "asset markers": ("#ffffff", "#000000"),
    "briefing close-up asset numbers": ("#ffffff", "#000000"),
    # comparisons with the borough and region (data.stats.compare.COLOURS)
    "comparison cells: better": ("#ffffff", "#0072B2"),
    "comparison cells: similar": ("#111111", "#e0e0e0"),
    "comparison cells: worse": ("#111111", "#E69F00"),
    "comparison cells: not compared": ("#333333", "#ffffff"),
}
