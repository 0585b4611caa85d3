"""Showing text that users and files wrote, safely, in Streamlit's Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def plain(text: str) -> str:
    """Escape a user's text so that Markdown shows it as written.

    Every character Markdown or HTML could act on is backslash-escaped, so no
    link, image, heading or tag in a note or an asset name does anything; line
    breaks are kept.
    """
    escaped = _MARKDOWN.sub(r"\\\1", str(text))
    return "  \n".join(escaped.splitlines())
