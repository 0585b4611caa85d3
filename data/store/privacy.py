"""Spotting personal data in what people wrote, before it is made public.

A note or conversation record whose text looks like it holds an e-mail address,
a phone number or a full postcode is held back from everything public until an
editor has read it and confirmed it is safe (or removed the detail). The checks
are deliberately broad: a false alarm costs an editor a glance, a miss puts a
resident's details on a big screen.
"""

from __future__ import annotations

import re

#: What each kind of personal data looks like.
_PATTERNS = {
    "an e-mail address": re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+"),
    # UK numbers: 07700 900123, +44 7700 900123, (0161) 496 0000, 0161-496-0000
    "a phone number": re.compile(r"(?<![\w])(\+44[\s-]?\(?0?\)?|\(?0)\d{2,4}\)?"
                                 r"(?:[\s-]?\d){6,8}(?![\d])"),
    # a full postcode (outward and inward code), as the Royal Mail writes them
    "a full postcode": re.compile(r"\b(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?"
                                  r"\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE),
}


def personal_data(text: str) -> list[str]:
    """Name the kinds of personal data the text seems to hold.

    Parameters
    ----------
    text : str
        What was written.

    Returns
    -------
    list of str
        In a fixed order, each of ``"an e-mail address"``, ``"a phone number"`` and
        ``"a full postcode"`` that the text seems to hold; empty when none.

    Examples
    --------
    >>> personal_data("Ring me on 07700 900123 or write to jo@example.org")
    ['an e-mail address', 'a phone number']
    >>> personal_data("The bus to Oldham is late again")
    []
    """
    return [kind for kind, pattern in _PATTERNS.items() if pattern.search(text or "")]


def describe(kinds: list[str]) -> str:
    """Say what was found, for an editor: "it seems to hold a phone number and a full
    postcode"; empty when nothing was."""
    if not kinds:
        return ""
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"it seems to hold {listed}"
