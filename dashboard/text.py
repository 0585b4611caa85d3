"""Showing text that users and files wrote, safely, in Streamlit's Markdown."""

from __future__ import annotations

import re

import pandas as pd

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def plain(text: str) -> str:
    """Escape a user's text so that Markdown shows it as written.

    Every character Markdown or HTML could act on is backslash-escaped, so no
    link, image, heading or tag in a note or an asset name does anything; line
    breaks are kept.
    """
    escaped = _MARKDOWN.sub(r"\\\1", str(text))
    return "  \n".join(escaped.splitlines())


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table whose text cells and headings show as written in ``st.table`` (which reads
    Markdown in every cell); numbers are left as they are."""
    safe = frame.map(lambda cell: plain(cell) if isinstance(cell, str) else cell)
    safe.columns = [plain(str(c)) for c in frame.columns]
    return safe
