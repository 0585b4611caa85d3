"""One person's answers to the readiness instrument, checked field by field: what the
survey page sends and each row of an imported file go through the same checks, each
fault said against its question."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from data.errors import RecordProblem
from data.readiness.instrument import (
    LADDER,
    NOT_APPLICABLE,
    QUESTIONS,
    ROLE_LEVELS,
    SCORES,
    SECTORS,
    Instrument,
)

#: The longest name or organisation a respondent may give.
TEXT_LIMIT = 200
#: The fields of a response besides its answers, as the survey names them.
ABOUT = {"sector": "Your sector", "role_level": "Your role",
         "ladder": "How residents are usually involved", "named": "Give my name",
         "name": "Your name", "organisation": "Your organisation"}
#: The words of a "not applicable" answer a file may use.
_NOT_APPLICABLE_WORDS = {"na", "n/a", "n.a.", "not applicable", "does not apply"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def answer_field(category: str, question: str) -> str:
    """The name of one answer, as messages and files name it (``citizens_importance``)."""
    return f"{category}_{question}"


def field_labels(instrument: Instrument) -> dict[str, str]:
    """Every field of a response -> how a person reads it ("Residents' voice: how
    important"), for messages and the column matching of a file."""
    words = {"importance": "how important", "prevalence": "how far true of my organisation"}
    return {**{k: v for k, v in ABOUT.items()},
            **{answer_field(c.code, q): f"{c.name}: {words[q]}"
               for c in instrument.categories for q in QUESTIONS}}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or \
        (isinstance(value, str) and not value.strip())


def answer_of(value: Any, instrument: Instrument) -> int | str | None:
    """One answer as stored: a score 0 to 3, ``"na"`` or None (not answered), from a
    score, its digit, its words ("A great deal") or "not applicable" (any case).

    Raises
    ------
    ValueError
        For anything else.
    """
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if float(value) in SCORES:
            return int(value)
        raise ValueError(value)
    word = " ".join(str(value).split()).casefold()
    if word in _NOT_APPLICABLE_WORDS or word == instrument.not_applicable.casefold():
        return NOT_APPLICABLE
    by_words = {w.casefold(): s for s, w in instrument.scale.items()}
    if word in by_words:
        return by_words[word]
    try:
        number = float(word)
    except ValueError:
        raise ValueError(value) from None
    if number in SCORES:
        return int(number)
    raise ValueError(value)


def choice_of(value: Any, known: Mapping[str, str]) -> str | None:
    """A code of ``known`` (code -> label) from its code or its label, in any case, or
    from the label's first words ("Voluntary and community" for "Voluntary and community
    sector"); "" for nothing; None when it is none of them."""
    if _blank(value):
        return ""
    word = " ".join(str(value).replace("-", " ").split()).casefold()
    for code, label in known.items():
        label = label.casefold()
        if word in (code.casefold(), code.replace("_", " ").casefold(), label) or \
                label.startswith(word + " ") or label.split(" (")[0] == word:
            return code
    return None


def _text(value: Any, limit: int) -> str:
    return "" if _blank(value) else _CONTROL.sub("", str(value)).strip()[:limit + 1]


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = "" if _blank(value) else str(value).strip().casefold()
    if word in ("", "no", "n", "false", "0"):
        return False
    if word in ("yes", "y", "true", "1"):
        return True
    raise ValueError(word)


def check_response(fields: Mapping[str, Any], instrument: Instrument, row: int | None = None,
                   text_limit: int = TEXT_LIMIT) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy one person's answers.

    Parameters
    ----------
    fields : Mapping
        ``sector``, ``role_level`` (both needed), ``ladder`` (optional), the answers
        either as ``answers`` ({category: {importance, prevalence}}) or one field per
        answer (``citizens_importance``), and ``named`` (whether the person chose to give
        their name) with ``name`` and ``organisation``.
    instrument : Instrument
        What the answers are checked against.
    row : int, optional
        The row of a file, for the problems.
    text_limit : int
        The longest name or organisation.

    Returns
    -------
    response, problems : dict, list of RecordProblem
        ``sector``, ``role_level``, ``ladder`` (codes, "" for none), ``answers``
        ({category: {question: 0-3 | "na" | None}} for every category of the instrument),
        ``named``, ``name`` and ``organisation`` (both "" unless ``named``: anonymous by
        default, whatever was sent); and what is wrong, by field (see
        :func:`answer_field`).
    """
    problems: list[RecordProblem] = []

    def fault(column: str, value: Any, message: str) -> None:
        shown = "" if _blank(value) else _CONTROL.sub("", str(value))[:80]
        problems.append(RecordProblem(row, column, shown, message))

    response: dict[str, Any] = {}
    for key, known, needed in (("sector", SECTORS, True), ("role_level", ROLE_LEVELS, True),
                               ("ladder", LADDER, False)):
        code = choice_of(fields.get(key), known)
        if code is None:
            fault(key, fields.get(key), "choose one of: " + "; ".join(known.values()) + ".")
        elif needed and not code:
            fault(key, "", "choose one of: " + "; ".join(known.values()) + "; it is needed.")
        response[key] = code or ""
    given = fields.get("answers")
    if given is not None and not isinstance(given, Mapping):
        fault("answers", given, "the answers are not in the layout of the survey's; export "
              "from the app to see it.")
        given = {}
    given = dict(given or {})
    strange = [c for c in given if c not in instrument.codes]
    if strange:
        fault("answers", ", ".join(map(str, strange)),
              f"{instrument.label} has no such category; its categories are: "
              + ", ".join(instrument.codes) + ".")
    answers: dict[str, dict[str, int | str | None]] = {}
    for category in instrument.categories:
        of = given.get(category.code)
        of = of if isinstance(of, Mapping) else {}
        answers[category.code] = {}
        for question in QUESTIONS:
            field = answer_field(category.code, question)
            value = of.get(question) if question in of else fields.get(field)
            try:
                answers[category.code][question] = answer_of(value, instrument)
            except ValueError:
                fault(field, value, "give a score from 0 (not at all) to 3 (a great deal), "
                      f"or {instrument.not_applicable.lower()}, or leave it empty.")
                answers[category.code][question] = None
    response["answers"] = answers
    if not problems and all(a is None for of in answers.values() for a in of.values()):
        fault("answers", "", "answer at least one of the questions.")
    try:
        response["named"] = _flag(fields.get("named"))
    except ValueError:
        fault("named", fields.get("named"), "use yes or no.")
        response["named"] = False
    for key in ("name", "organisation"):
        text = _text(fields.get(key), text_limit) if response["named"] else ""
        if len(text) > text_limit:
            fault(key, text, f"it is longer than {text_limit} characters; shorten it.")
            text = text[:text_limit]
        response[key] = text
    return response, problems
