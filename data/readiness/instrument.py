"""The readiness instrument: its categories, statements and scale, read from a versioned
YAML file (like the index specs), and the answers to it as one long table.

The shipped instrument is ``instruments/cri_v1.yaml``: eight categories (six of readiness
and two added later), each with two statements, scored 0 (not at all) to 3 (a great
deal), with "not applicable" kept apart and never scored. A partnership that rewords a
statement or adds a category makes a copy with another version; every response records
the version it was answered on. Every fault found while reading a file gets its own
message naming the key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from data.errors import InstrumentError

#: The categories of the Collaboration Readiness Index, in order: the six of readiness,
#: then the two added later.
CATEGORIES = ("behaviours", "citizens", "systems", "services", "places", "markets",
              "urgency", "requirements")
#: The groups a category belongs to: one of the six of readiness, or one added later.
GROUPS = ("readiness", "added")
#: The two questions asked of every category.
QUESTIONS = ("importance", "prevalence")
#: The scores of the four-point scale.
SCORES = (0, 1, 2, 3)
#: How a "not applicable" answer is stored (never scored).
NOT_APPLICABLE = "na"
#: The respondents' sectors, as the survey names them.
SECTORS = {"public": "Public sector", "private": "Private sector (business)",
           "voluntary": "Voluntary and community sector"}
#: Role levels, as the survey names them.
ROLE_LEVELS = {"front_line": "Front line (working directly with residents)",
               "middle_management": "Middle management",
               "strategic": "Strategic (senior leadership)"}
#: The rungs of the participation ladder, lowest first, as the survey names them.
LADDER = {"inform": "Inform", "consult": "Consult", "involve": "Involve",
          "collaborate": "Collaborate", "empower": "Empower"}
#: Each rung of the ladder in one plain sentence.
LADDER_MEANING = {
    "inform": "We tell residents what we have decided and what is happening.",
    "consult": "We ask residents for their views before we decide.",
    "involve": "We work with residents throughout, so that their concerns shape the options.",
    "collaborate": "We decide together with residents, as partners, at each step.",
    "empower": "Residents make the final decision, and we carry it out.",
}
#: The instrument used unless a partnership chooses its own (a name for
#: :func:`load_instrument`).
DEFAULT_INSTRUMENT = "cri_v1"
#: Where the shipped instruments are.
INSTRUMENTS = Path(__file__).parent / "instruments"
#: The most categories an instrument may have, and the longest text of a statement.
MAX_CATEGORIES = 30
MAX_TEXT = 500

_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_INSTRUMENT_KEYS = {"code", "version", "name", "description", "scale", "not_applicable",
                    "questions", "categories"}
_CATEGORY_KEYS = {"code", "name", "group", "description", "statements"}


@dataclass(frozen=True)
class Category:
    """One factor of readiness and its two statements.

    Attributes
    ----------
    code : str
        Its code (``citizens``): what answers and results name it by.
    name : str
        Its name as people read it.
    group : str
        ``readiness`` (one of the six) or ``added`` (urgency, requirements).
    statements : dict
        Each question (``importance``, ``prevalence``) -> the statement asked.
    description : str
        One line on what it is about.
    """

    code: str
    name: str
    group: str
    statements: Mapping[str, str]
    description: str = ""


@dataclass(frozen=True)
class Instrument:
    """A version of the readiness instrument.

    Attributes
    ----------
    code, version : str
        What it is and which version (results say ``cri`` version ``1``).
    name : str
        Its name as people read it.
    scale : dict
        Each score (0 to 3) -> its words ("A great deal").
    not_applicable : str
        The words of the answer kept apart.
    questions : dict
        Each question -> how it is asked in general.
    categories : tuple of Category
        In the order asked.
    description : str
        What it measures, in a few sentences.
    """

    code: str
    version: str
    name: str
    scale: Mapping[int, str]
    not_applicable: str
    questions: Mapping[str, str]
    categories: tuple[Category, ...]
    description: str = ""
    #: Where it was read from (a file name), for messages.
    source: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        """Its name and version, as results state it ("Collaboration Readiness Index,
        version 1")."""
        return f"{self.name}, version {self.version}"

    @property
    def codes(self) -> tuple[str, ...]:
        """The categories' codes, in order."""
        return tuple(c.code for c in self.categories)

    def in_group(self, group: str) -> tuple[str, ...]:
        """The codes of the categories of a group (``readiness`` or ``added``)."""
        return tuple(c.code for c in self.categories if c.group == group)

    def category(self, code: str) -> Category:
        """The category of this code.

        Raises
        ------
        InstrumentError
            If the instrument has none.
        """
        for category in self.categories:
            if category.code == code:
                return category
        raise InstrumentError(f"{self.label} has no category {code!r}; its categories are: "
                              f"{', '.join(self.codes)}.")

    def to_dict(self) -> dict[str, Any]:
        """The instrument as the YAML file writes it."""
        return {"code": self.code, "version": self.version, "name": self.name,
                "description": self.description, "scale": dict(self.scale),
                "not_applicable": self.not_applicable, "questions": dict(self.questions),
                "categories": [{"code": c.code, "name": c.name, "group": c.group,
                                "description": c.description,
                                "statements": dict(c.statements)} for c in self.categories]}

    def to_yaml(self) -> str:
        """The instrument as YAML (read back the same by :func:`instrument_from_yaml`)."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=88)


def _keys(data: Mapping, allowed: set[str], where: str) -> None:
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise InstrumentError(f"{where}: unknown key {unknown[0]!r}. Valid keys are: "
                              f"{', '.join(sorted(allowed))}.")


def _text(data: Mapping, key: str, where: str, needed: bool = True) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if needed:
            raise InstrumentError(f"{where}: the key {key!r} is missing or empty; add it.")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value:g}"
    if not isinstance(value, str):
        raise InstrumentError(f"{where}: {key!r} must be text, not {value!r}.")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        raise InstrumentError(f"{where}: {key!r} is {len(value):,} characters long; at most "
                              f"{MAX_TEXT} fit. Shorten it.")
    return value


def _mapping(data: Mapping, key: str, where: str) -> Mapping:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise InstrumentError(f"{where}: the key {key!r} must hold "
                              + ("a list of keys and values" if value is not None
                                 else "its entries; it is missing") + ".")
    return value


def _scale(data: Mapping, where: str) -> dict[int, str]:
    scale = _mapping(data, "scale", where)
    try:
        scores = sorted(int(k) for k in scale)
    except (TypeError, ValueError):
        scores = []
    if scores != list(SCORES) or len(scale) != len(SCORES):
        raise InstrumentError(f"{where}: 'scale' must give the words of each score 0, 1, 2 "
                              "and 3, and no other (such as 0: Not at all).")
    return {int(k): _text(scale, k, f"{where}, scale") for k in scale}


def _category(data: Any, where: str) -> Category:
    if not isinstance(data, Mapping):
        raise InstrumentError(f"{where}: a category must be a list of keys (code, name, group, "
                              f"statements), not {data!r}.")
    _keys(data, _CATEGORY_KEYS, where)
    code = _text(data, "code", where)
    if not _CODE.match(code):
        raise InstrumentError(f"{where}: code {code!r} must start with a small letter and use "
                              "only small letters, digits and underscores (at most 40).")
    where = f"{where} ({code})"
    group = _text(data, "group", where)
    if group not in GROUPS:
        raise InstrumentError(f"{where}: group {group!r} is not one of: {', '.join(GROUPS)}.")
    statements = _mapping(data, "statements", where)
    _keys(statements, set(QUESTIONS), f"{where}, statements")
    return Category(code, _text(data, "name", where), group,
                    {q: _text(statements, q, f"{where}, statements") for q in QUESTIONS},
                    _text(data, "description", where, needed=False))


def instrument_from_dict(data: Any, source: str = "instrument") -> Instrument:
    """An instrument from its YAML's contents.

    Raises
    ------
    InstrumentError
        Naming the first faulty key: an unknown key, a missing statement, a duplicate
        code, a scale without each of 0 to 3.
    """
    if not isinstance(data, Mapping):
        raise InstrumentError(f"{source}: an instrument must be a list of keys (code, version, "
                              "name, scale, categories...); see instruments/cri_v1.yaml.")
    _keys(data, _INSTRUMENT_KEYS, source)
    code = _text(data, "code", source)
    if not _CODE.match(code):
        raise InstrumentError(f"{source}: code {code!r} must start with a small letter and use "
                              "only small letters, digits and underscores.")
    questions = _mapping(data, "questions", source)
    _keys(questions, set(QUESTIONS), f"{source}, questions")
    categories = data.get("categories")
    if not isinstance(categories, list) or not categories:
        raise InstrumentError(f"{source}: 'categories' must list at least one category.")
    if len(categories) > MAX_CATEGORIES:
        raise InstrumentError(f"{source}: {len(categories)} categories are more than "
                              f"{MAX_CATEGORIES}; an instrument asks far fewer.")
    made = tuple(_category(c, f"{source}, category {n}") for n, c in enumerate(categories, 1))
    codes = [c.code for c in made]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise InstrumentError(f"{source}: the category code {twice[0]!r} is used twice; give "
                              "each category its own code.")
    return Instrument(code, _text(data, "version", source), _text(data, "name", source),
                      _scale(data, source), _text(data, "not_applicable", source, needed=False)
                      or "Not applicable",
                      {q: _text(questions, q, f"{source}, questions") for q in QUESTIONS},
                      made, _text(data, "description", source, needed=False), source)


class _Loader(yaml.SafeLoader):
    """YAML's safe loader without aliases (no "billion laughs")."""

    def compose_node(self, parent, index):  # noqa: D102 (PyYAML's own method)
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise InstrumentError(f"line {mark.line + 1}: the file uses a YAML alias (*name); "
                                  "write the value out where the alias is.")
        return super().compose_node(parent, index)


#: The largest instrument file read, in characters.
MAX_FILE = 200_000


def instrument_from_yaml(text: str, source: str = "instrument") -> Instrument:
    """An instrument from YAML text (``source`` names it in messages).

    Raises
    ------
    InstrumentError
        If the text is too large, is not valid YAML, or the instrument is faulty.
    """
    if len(text) > MAX_FILE:
        raise InstrumentError(f"{source}: the file is {len(text):,} characters long; an "
                              f"instrument fits in {MAX_FILE:,}.")
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except InstrumentError as error:
        raise InstrumentError(f"{source}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InstrumentError(f"{source}: not valid YAML{at}: "
                              f"{getattr(error, 'problem', None) or 'check the syntax'}. "
                              "Fix the syntax.") from None
    return instrument_from_dict(data, source)


def instrument_names() -> list[str]:
    """The shipped instruments' names (``cri_v1``), for :func:`load_instrument`."""
    return sorted(p.stem for p in INSTRUMENTS.glob("*.yaml"))


def load_instrument(path_or_name: str | Path = DEFAULT_INSTRUMENT) -> Instrument:
    """Read an instrument: a shipped one by name (``cri_v1``), or a YAML file by its path.

    Raises
    ------
    InstrumentError
        If there is no such instrument or file, or it is faulty.
    """
    name = str(path_or_name)
    path = INSTRUMENTS / f"{name}.yaml" if name in instrument_names() else Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstrumentError(f"{name}: no such instrument. Use one of "
                              f"{', '.join(instrument_names())}, or the path of a YAML "
                              "file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InstrumentError(f"{name}: cannot read the file ({error}).") from None
    return instrument_from_yaml(text, path.name)


#: The long table's columns, in order.
LONG_COLUMNS = ("response_id", "sector", "role_level", "ladder", "category", "question",
                "score", "not_applicable")


def score_of(value: Any) -> tuple[float, bool]:
    """A stored answer as (score, not applicable): 0 to 3 as a float; "na" as (NaN, True);
    nothing, or anything else, as (NaN, False)."""
    if isinstance(value, str) and value.strip().casefold() == NOT_APPLICABLE:
        return math.nan, True
    if isinstance(value, bool) or value is None:
        return math.nan, False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan, False
    return (number, False) if number in SCORES else (math.nan, False)


def long_answers(records: Iterable[Mapping[str, Any]],
                 instrument: Instrument | None = None) -> pd.DataFrame:
    """Responses as one long table: a row per response, category and question.

    Parameters
    ----------
    records : iterable of Mapping
        Stored responses (see :meth:`data.store.readiness.ReadinessStore.responses`): ``id``,
        ``sector``, ``role_level``, ``ladder`` and ``answers`` ({category: {importance:
        0-3 | "na" | None, prevalence: ...}}).
    instrument : Instrument, optional
        Whose categories the rows are made for (each response gets a row for each, a
        category it did not answer as not answered); by default the shipped instrument's,
        with any other category the answers have after them.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LONG_COLUMNS`: ``score`` is a float from 0 to 3, NaN when not
        answered or not applicable; ``not_applicable`` says which.
    """
    records = list(records)
    codes = list(instrument.codes if instrument is not None
                 else load_instrument(DEFAULT_INSTRUMENT).codes)
    if instrument is None:
        for record in records:
            codes += [c for c in (record.get("answers") or {}) if c not in codes]
    rows = []
    for record in records:
        answers = record.get("answers") or {}
        for code in codes:
            given = answers.get(code) if isinstance(answers.get(code), Mapping) else {}
            for question in QUESTIONS:
                score, not_applicable = score_of(given.get(question))
                rows.append((int(record["id"]), str(record.get("sector") or ""),
                             str(record.get("role_level") or ""),
                             str(record.get("ladder") or ""), code, question, score,
                             not_applicable))
    frame = pd.DataFrame(rows, columns=list(LONG_COLUMNS))
    return frame.astype({"response_id": "int64", "score": "float64", "not_applicable": "bool"})
