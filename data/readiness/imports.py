"""Answers to the readiness instrument gathered elsewhere (a form tool's CSV or Excel
export, a paper survey typed up): the file's columns matched to the instrument's
questions, then each row checked as the survey checks it (see
:func:`data.readiness.answers.check_response`), every problem named by the file's row,
column and value, and nothing taken unless every row is good."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Any

import pandas as pd

from data.errors import RecordProblem
from data.readiness.answers import answer_field, check_response, field_labels
from data.readiness.instrument import QUESTIONS, Instrument

#: What the columns must be matched to for a file to be read (besides one answer at least).
NEEDED = ("sector", "role_level")
#: How alike a heading must be to a field's name, label or statement (difflib's ratio) to
#: be guessed as its column.
ALIKE = 0.6


def file_fields(instrument: Instrument) -> dict[str, str]:
    """The fields a file's columns can be matched to -> how a person reads each."""
    return field_labels(instrument)


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).casefold()).split())


def _names_of(field: str, label: str, instrument: Instrument) -> list[str]:
    names = [field.replace("_", " "), label]
    for category in instrument.categories:
        for question in QUESTIONS:
            if answer_field(category.code, question) == field:
                names.append(category.statements[question])
    return names


def match_columns(headings: Iterable[str], instrument: Instrument) -> dict[str, str | None]:
    """A first guess at which of a file's columns holds each field (see
    :func:`file_fields`): the heading most like the field's name, its label or its
    statement (a ratio of at least :data:`ALIKE`, each heading used once), or None.

    Examples
    --------
    >>> from data.readiness.instrument import load_instrument
    >>> match_columns(["Sector", "Citizens importance"], load_instrument())["sector"]
    'Sector'
    """
    headings = [str(h) for h in headings]
    fields = file_fields(instrument)
    scored = sorted(
        ((max(SequenceMatcher(None, _folded(h), _folded(name)).ratio()
              for name in _names_of(field, label, instrument)), field, h)
         for field, label in fields.items() for h in headings), reverse=True)
    found: dict[str, str | None] = dict.fromkeys(fields)
    used: set[str] = set()
    for score, field, heading in scored:
        if score >= ALIKE and found[field] is None and heading not in used:
            found[field] = heading
            used.add(heading)
    return found


def matching_problems(matched: Mapping[str, str | None], headings: Iterable[str],
                      instrument: Instrument) -> list[RecordProblem]:
    """What stops a file being read with this matching: a needed field with no column, no
    answer matched at all, a heading the file does not have, or one column matched to two
    fields (each said against the header, row 1)."""
    labels, headings = file_fields(instrument), set(map(str, headings))
    problems = [RecordProblem(1, labels[f], "", "match a column of the file to this; it is "
                              "needed.") for f in NEEDED if not matched.get(f)]
    answers = [answer_field(c, q) for c in instrument.codes for q in QUESTIONS]
    if not any(matched.get(f) for f in answers):
        problems.append(RecordProblem(1, "(answers)", "", "match at least one column to a "
                                      "question of the instrument."))
    given = [h for f, h in matched.items() if h and f in labels]
    problems += [RecordProblem(1, h, "", "this column is matched to two fields; match it to "
                               "one.") for h in sorted({h for h in given if given.count(h) > 1})]
    problems += [RecordProblem(1, h, "", "the file has no column of this heading.")
                 for h in sorted(set(given)) if h not in headings]
    return problems


def responses_from_table(cells: pd.DataFrame, rows: Iterable[int],
                         matched: Mapping[str, str | None], instrument: Instrument
                         ) -> tuple[list[dict[str, Any]], list[RecordProblem]]:
    """Each row of a file as a checked response, by the columns matched to the fields.

    Parameters
    ----------
    cells : pandas.DataFrame
        The file's cells as text (see :class:`data.userfiles.read.Table`).
    rows : iterable of int
        Each row's number in the file (the header being row 1).
    matched : Mapping
        Field -> the file's heading (None for none), as :func:`match_columns` guesses
        and a person corrects.
    instrument : Instrument
        What the answers are checked against.

    Returns
    -------
    responses, problems : list of dict, list of RecordProblem
        The checked responses (see :func:`data.readiness.answers.check_response`; a name is
        kept only where the "give my name" column says yes), and every problem: of the
        matching, or of a row, by the file's row number and heading. Use the responses
        only when there are no problems.
    """
    problems = matching_problems(matched, cells.columns, instrument)
    if problems:
        return [], problems
    labels = file_fields(instrument)
    responses = []
    for row, cell_row in zip(rows, cells.to_dict("records"), strict=True):
        fields = {field: cell_row[heading] for field, heading in matched.items()
                  if heading and field in labels}
        response, faults = check_response(fields, instrument, row)
        problems += [replace(p, column=matched.get(p.column) or labels.get(p.column, p.column))
                     for p in faults]
        responses.append(response)
    return responses, problems
