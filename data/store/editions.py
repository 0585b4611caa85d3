"""Saved editions of a built index: a dated copy of its spec, the vintages of its data and
its results (index and domain scores, ranks and rank intervals, as the public may read
them), so that any two editions can be compared later (see
:func:`indices.editions.compare`).

Versions, history, soft retiring, export and import come from
:class:`data.store.records.VersionedStore`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.errors import EditionError, RecordProblem
from data.store.models import Edition, EditionChange
from data.store.records import VersionedStore, dates_of, text_of
from indices.build import IndexRun
from indices.errors import SpecError
from indices.spec import spec_from_yaml, spec_to_yaml

#: The longest an edition's name and its note can be, in characters.
MAX_NAME, MAX_NOTE = 200, 5_000
#: The columns every area's results must have.
RESULT_COLUMNS = ("code", "area_name", "score", "rank")
#: The results an edition keeps, beside its domains' scores and ranks.
KEPT = ("area_name", "score", "rank", "decile", "median_rank", "rank_p05", "rank_p95")
REQUIRED_COLUMNS = {"lad_code", "level", "name", "edition_date", "spec_yaml", "results"}


def _number(value: Any) -> Any:
    """A results cell as JSON can keep it (None for a missing number)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def results_records(results: pd.DataFrame, run: IndexRun) -> list[dict[str, Any]]:
    """The rows of a results table (see :func:`data.exports.results_table`) an edition
    keeps: :data:`KEPT` and each domain's score and rank, one record per area."""
    columns = [c for c in KEPT if c in results] + [
        f"{d.code}_{what}" for d in run.spec.domains for what in ("score", "rank")]
    frame = results[columns]
    return [{"code": str(code), **{c: _number(v) for c, v in zip(columns, row, strict=True)}}
            for code, row in zip(frame.index, frame.itertuples(index=False), strict=True)]


def vintages_of(run: IndexRun) -> list[dict[str, str]]:
    """Each indicator's column, source file and year: the vintages of an edition's data."""
    return [{"indicator": i.code, "name": i.name, "column": i.column, "source": i.source,
             "year": i.year} for i in run.spec.indicators]


def clean_edition(fields: Mapping[str, Any], row: int | None = None,
                  ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy an edition's fields.

    Parameters
    ----------
    fields : Mapping
        ``lad_code``, ``level``, ``name``, ``edition_date`` (a date or ``YYYY-MM-DD``),
        ``spec_yaml`` (the spec as YAML), ``results`` (a list of records with
        :data:`RESULT_COLUMNS`), and optionally ``vintages`` and ``note``.
    row : int, optional
        The row of a file the fields came from, for the problems.

    Returns
    -------
    edition : dict
        The tidied fields (``spec_code`` read from the spec).
    problems : list of RecordProblem
        Empty when the edition can be saved.
    """
    problems: list[RecordProblem] = []

    def fault(column: str, message: str) -> None:
        problems.append(RecordProblem(row, column, text_of(fields.get(column))[:80], message))

    edition: dict[str, Any] = {k: text_of(fields.get(k)) for k in
                               ("lad_code", "level", "name", "spec_yaml", "note")}
    edition |= dates_of(fields, ["edition_date"], fault)
    for key, what in (("lad_code", "the borough's code"), ("level", "the level of areas"),
                      ("name", "a name for the edition")):
        if not edition[key]:
            fault(key, f"give {what}.")
    if len(edition["name"]) > MAX_NAME:
        fault("name", f"at most {MAX_NAME} characters; shorten it.")
    if len(edition["note"]) > MAX_NOTE:
        fault("note", f"at most {MAX_NOTE:,} characters; shorten it.")
    try:
        edition["spec_code"] = spec_from_yaml(edition["spec_yaml"], "the edition's spec").code
    except SpecError as error:
        edition["spec_code"] = ""
        fault("spec_yaml", str(error))
    results, vintages = fields.get("results"), fields.get("vintages") or []
    if not isinstance(results, list) or not results or not all(
            isinstance(r, Mapping) and set(RESULT_COLUMNS) <= set(r) for r in results):
        fault("results", "give one record per area, each with "
                         f"{', '.join(RESULT_COLUMNS)}.")
        results = []
    edition["results"] = [dict(r) for r in results]
    edition["vintages"] = [dict(v) for v in vintages] if isinstance(vintages, list) else []
    return edition, problems


class EditionStore(VersionedStore):
    """Saved editions in a database opened with :func:`data.store.db.open_engine`."""

    kind, plural = "edition", "editions"
    model = Edition
    change_model = EditionChange
    change_key = "edition_id"
    fields = ("id", "lad_code", "level", "name", "edition_date", "spec_code", "spec_yaml",
              "vintages", "results", "note", "retired", "version", "updated_at",
              "updated_by")
    clean = staticmethod(clean_edition)
    required = frozenset(REQUIRED_COLUMNS)

    def keep(self, run: IndexRun, results: pd.DataFrame, lad_code: str, level: str,
             name: str, who: str, edition_date: date | None = None,
             note: str = "") -> dict[str, Any]:
        """Keep a built index as a dated edition.

        Parameters
        ----------
        run : IndexRun
            The index built.
        results : pandas.DataFrame
            Its results (see :func:`data.exports.results_table`), with rank intervals
            where they were worked out.
        lad_code, level : str
            The borough and the level of areas.
        name : str
            What the edition is called ("Spring 2026 refresh").
        who : str
            Who kept it.
        edition_date : datetime.date, optional
            Its date (default: today).
        note : str
            What changed, in the keeper's words.

        Returns
        -------
        dict
            The stored edition.

        Raises
        ------
        data.errors.RecordError
            If a field is refused, naming it.
        """
        return self.add({"lad_code": lad_code, "level": level, "name": name,
                         "edition_date": edition_date or date.today(),
                         "spec_yaml": spec_to_yaml(run.spec), "note": note,
                         "vintages": vintages_of(run),
                         "results": results_records(results, run)}, who)

    def editions(self, lad_code: str, level: str | None = None,
                 include_retired: bool = False) -> list[dict[str, Any]]:
        """A borough's editions (at one level, when given), newest first, without their
        results: ``id``, ``name``, ``edition_date``, ``level``, ``spec_code``, ``note``,
        ``version`` and ``retired``."""
        columns = [Edition.id, Edition.name, Edition.edition_date, Edition.level,
                   Edition.spec_code, Edition.note, Edition.version, Edition.retired]
        query = select(*columns).where(Edition.lad_code == lad_code)
        if level is not None:
            query = query.where(Edition.level == level)
        if not include_retired:
            query = query.where(Edition.retired.is_(False))
        with Session(self.engine) as session:
            rows = session.execute(query.order_by(Edition.edition_date.desc(),
                                                  Edition.id.desc())).all()
        return [dict(row._mapping) for row in rows]

    def results(self, edition_id: int) -> pd.DataFrame:
        """An edition's results, one row per area indexed by ``code``.

        Raises
        ------
        data.errors.EditionError
            If there is no such edition.
        """
        with Session(self.engine) as session:
            records = session.scalar(select(Edition.results).where(Edition.id == edition_id))
        if records is None:
            raise EditionError(f"There is no saved edition {edition_id}; choose one of the "
                               "list.")
        return pd.DataFrame.from_records(records).set_index("code")
