"""Partnership readiness in the store: partnerships and the place each serves, their waves
(each on one version of the instrument, kept whole with it), each wave's link, and the
responses that come through it or from a file.

The survey page is on the open internet, like the asset survey's: every answer is checked
here (see :func:`data.readiness.answers.check_response`), names and organisations are
kept only when the person chose to give them, and submissions are limited per session,
per link and per hour (see :data:`LIMITS`). Every record is versioned, with its history,
retired rather than deleted, and exported and imported without loss (see
:class:`data.store.records.VersionedStore`).
"""

from __future__ import annotations

import functools
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.errors import (
    InstrumentError,
    RecordError,
    RecordProblem,
    StoreError,
    SurveyLimitReached,
)
from data.readiness.answers import check_response
from data.readiness.instrument import (
    DEFAULT_INSTRUMENT,
    LADDER,
    NOT_APPLICABLE,
    QUESTIONS,
    ROLE_LEVELS,
    SCORES,
    SECTORS,
    Instrument,
    instrument_from_yaml,
    load_instrument,
    long_answers,
)
from data.readiness.results import readiness_results, summary_sentence
from data.store.models import (
    ReadinessLink,
    ReadinessLinkChange,
    ReadinessPartnership,
    ReadinessPartnershipChange,
    ReadinessResponse,
    ReadinessResponseChange,
    ReadinessWave,
    ReadinessWaveChange,
)
from data.store.records import VersionedStore, date_of, now, text_of, writing
from data.store.surveys import token_hash


@dataclass(frozen=True)
class Limits:
    """What keeps the open readiness survey from being flooded.

    Attributes
    ----------
    per_session : int
        Responses one browser session may send to one wave (a person answers once; a
        colleague at the same computer opens the link again).
    per_link_hour, per_hour : int
        Responses through one link in an hour (a workshop of partners answering at once),
        and through all links together.
    text : int
        Characters of a name or an organisation.
    """

    per_session: int = 1
    per_link_hour: int = 60
    per_hour: int = 300
    text: int = 200


LIMITS = Limits()
#: Who the store records as making a change through the survey page.
SURVEY_AUTHOR = "readiness survey"


def clean_partnership(fields: Mapping[str, Any], row: int | None = None
                      ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check a partnership: its ``name`` and ``lad_code`` are needed; ``place_code`` (the
    borough's by default) says which place it serves."""
    record = {key: text_of(fields.get(key)) for key in ("name", "lad_code", "place_code",
                                                        "description")}
    record["place_code"] = record["place_code"] or record["lad_code"]
    problems = []
    if not record["name"]:
        problems.append(RecordProblem(row, "name", "", "give the partnership's name."))
    if not record["lad_code"]:
        problems.append(RecordProblem(row, "lad_code", "", "say which borough the "
                                      "partnership belongs to (its code)."))
    if len(record["description"]) > 5000:
        problems.append(RecordProblem(row, "description", record["description"][:40] + "…",
                                      "at most 5,000 characters fit; shorten it."))
    return record, problems


def clean_wave(fields: Mapping[str, Any], row: int | None = None
               ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check a wave: its partnership, ``label``, ``opened_on`` and the instrument's YAML
    (whose code and version it records)."""
    problems = []
    record: dict[str, Any] = {"label": text_of(fields.get("label")),
                              "instrument_yaml": str(fields.get("instrument_yaml") or "")}
    raw = text_of(fields.get("partnership_id"))
    record["partnership_id"] = int(raw) if raw.isdigit() else 0
    if not raw.isdigit():
        problems.append(RecordProblem(row, "partnership_id", raw, "say which partnership the "
                                      "wave is of (its number)."))
    if not record["label"]:
        problems.append(RecordProblem(row, "label", "", "give the wave a name, such as its "
                                      "year (2026)."))
    try:
        instrument = instrument_from_yaml(record["instrument_yaml"], "the wave's instrument")
        record["instrument_code"], record["instrument_version"] = instrument.code, \
            instrument.version
    except InstrumentError as error:
        problems.append(RecordProblem(row, "instrument_yaml", "", str(error)))
        record["instrument_code"] = record["instrument_version"] = ""
    for key, needed in (("opened_on", True), ("closed_on", False)):
        try:
            record[key] = date_of(fields.get(key))
            if needed and record[key] is None:
                record[key] = date.today()
        except ValueError:
            problems.append(RecordProblem(row, key, text_of(fields.get(key)),
                                          "give the date as YYYY-MM-DD, for example "
                                          "2026-03-14."))
            record[key] = None if key == "closed_on" else date.today()
    return record, problems


def clean_link(fields: Mapping[str, Any], row: int | None = None
               ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check a link: its partnership, wave and hashed secret."""
    problems = []
    record: dict[str, Any] = {key: text_of(fields.get(key)) for key in ("token_hash", "token")}
    for key in ("partnership_id", "wave_id"):
        raw = text_of(fields.get(key))
        record[key] = int(raw) if raw.isdigit() else 0
        if not raw.isdigit():
            problems.append(RecordProblem(row, key, raw, "say which it is of (its number)."))
    if not re.fullmatch(r"[0-9a-f]{64}", record["token_hash"]):
        problems.append(RecordProblem(row, "token_hash", record["token_hash"][:20],
                                      "not a link's hashed secret; export the links from the "
                                      "app to see the layout."))
    return record, problems


def _stored_answer(value: Any) -> bool:
    """Whether a value is an answer as stored: a score 0 to 3, "na", or nothing."""
    return value is None or value in ("", NOT_APPLICABLE) or (
        isinstance(value, int) and not isinstance(value, bool) and value in SCORES)


def clean_stored_response(fields: Mapping[str, Any], row: int | None = None
                          ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check a stored response (as exported): its wave, instrument version, sector, role
    level and ladder (codes), answers (each a score 0 to 3, "na" or nothing), and a name
    or organisation only when ``named``."""
    problems = []

    def fault(column: str, value: Any, message: str) -> None:
        problems.append(RecordProblem(row, column, text_of(value)[:40], message))

    record: dict[str, Any] = {key: text_of(fields.get(key)) for key in (
        "instrument_version", "sector", "role_level", "ladder", "name", "organisation",
        "session_hash", "source")}
    record["source"] = record["source"] or "survey"
    raw = text_of(fields.get("wave_id"))
    record["wave_id"] = int(raw) if raw.isdigit() else 0
    if not raw.isdigit():
        fault("wave_id", raw, "say which wave the response is of (its number).")
    if not record["instrument_version"]:
        fault("instrument_version", "", "say which version of the instrument it answered.")
    for key, known, needed in (("sector", SECTORS, True), ("role_level", ROLE_LEVELS, True),
                               ("ladder", LADDER, False)):
        if record[key] not in known and (needed or record[key]):
            fault(key, record[key], "use one of: " + ", ".join(known) + ".")
    answers = fields.get("answers")
    if isinstance(answers, str):
        try:
            answers = json.loads(answers)
        except ValueError:
            answers = None
    if not isinstance(answers, Mapping) or not all(
            isinstance(c, str) and isinstance(a, Mapping) and set(a) <= set(QUESTIONS)
            and all(_stored_answer(v) for v in a.values()) for c, a in answers.items()):
        fault("answers", fields.get("answers"), "not answers of the survey's layout "
              "({category: {importance: 0-3 or na, prevalence: ...}}); export from the app "
              "to see it.")
        answers = {}
    record["answers"] = {c: {q: a.get(q) if a.get(q) != "" else None for q in QUESTIONS}
                         for c, a in answers.items()}
    named = fields.get("named")
    record["named"] = named if isinstance(named, bool) else \
        text_of(named).casefold() in ("true", "1", "yes")
    if not record["named"]:
        record["name"] = record["organisation"] = ""
    stamp = fields.get("created_at")
    try:
        record["created_at"] = stamp if isinstance(stamp, datetime) else \
            datetime.fromisoformat(text_of(stamp)) if text_of(stamp) else now()
    except ValueError:
        fault("created_at", stamp, "give the time as YYYY-MM-DDTHH:MM:SS.")
        record["created_at"] = now()
    return record, problems


@functools.lru_cache(maxsize=32)
def _stored_instrument(text: str, source: str) -> Instrument:
    """A wave's instrument, read from its YAML once per process (about 20 ms a reading, which
    the survey, the results, the admin panel's list of waves and every partnership's summary
    would otherwise pay for each wave on every run). An Instrument is frozen, so the one
    reading can be shared."""
    return instrument_from_yaml(text, source)


class PartnershipStore(VersionedStore):
    """The partnerships."""

    kind, plural = "partnership", "readiness_partnerships"
    model = ReadinessPartnership
    change_model = ReadinessPartnershipChange
    change_key = "partnership_id"
    fields = ("id", "name", "lad_code", "place_code", "description", "retired", "version",
              "updated_at", "updated_by")
    clean = staticmethod(clean_partnership)
    required = frozenset({"name", "lad_code"})


class WaveStore(VersionedStore):
    """The partnerships' waves."""

    kind, plural = "wave", "readiness_waves"
    model = ReadinessWave
    change_model = ReadinessWaveChange
    change_key = "wave_id"
    fields = ("id", "partnership_id", "label", "instrument_code", "instrument_version",
              "instrument_yaml", "opened_on", "closed_on", "retired", "version", "updated_at",
              "updated_by")
    clean = staticmethod(clean_wave)
    required = frozenset({"partnership_id", "label", "instrument_yaml"})


class LinkStore(VersionedStore):
    """The waves' links; a retired link is closed."""

    kind, plural = "readiness link", "readiness_links"
    model = ReadinessLink
    change_model = ReadinessLinkChange
    change_key = "link_id"
    fields = ("id", "partnership_id", "wave_id", "token_hash", "token", "retired", "version",
              "updated_at", "updated_by")
    clean = staticmethod(clean_link)
    required = frozenset({"partnership_id", "wave_id", "token_hash"})


class ReadinessStore(VersionedStore):
    """Partnership readiness: the responses (this store's own records), with the
    partnerships (``.partnerships``), their waves (``.waves``) and links (``.links``).

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The store's database (see :func:`data.store.db.open_engine`).
    limits : Limits
        The limits of the open survey page.
    """

    kind, plural = "readiness response", "readiness_responses"
    model = ReadinessResponse
    change_model = ReadinessResponseChange
    change_key = "response_id"
    fields = ("id", "wave_id", "instrument_version", "sector", "role_level", "ladder",
              "answers", "named", "name", "organisation", "session_hash", "source",
              "created_at", "retired", "version", "updated_at", "updated_by")
    clean = staticmethod(clean_stored_response)
    required = frozenset({"wave_id", "instrument_version", "sector", "role_level", "answers"})

    def __init__(self, engine, limits: Limits = LIMITS) -> None:
        super().__init__(engine)
        self.limits = limits
        self.partnerships = PartnershipStore(engine)
        self.waves = WaveStore(engine)
        self.links = LinkStore(engine)

    # ------------------------------------------------------------------ partnerships

    def add_partnership(self, name: str, lad_code: str, who: str, place_code: str = "",
                        description: str = "") -> dict[str, Any]:
        """Save a new partnership of a borough, serving ``place_code`` (the borough's
        code by default, or a neighbourhood's, ward's or LSOA's); returns it.

        Raises
        ------
        RecordError
            Naming each faulty field; nothing is saved.
        """
        return self.partnerships.add({"name": name, "lad_code": lad_code,
                                      "place_code": place_code, "description": description},
                                     who)

    def partnerships_of(self, lad_code: str | None = None, include_retired: bool = False
                        ) -> list[dict[str, Any]]:
        """The partnerships (of a borough), by name."""
        query = select(ReadinessPartnership)
        if lad_code is not None:
            query = query.where(ReadinessPartnership.lad_code == lad_code)
        if not include_retired:
            query = query.where(ReadinessPartnership.retired.is_(False))
        with Session(self.engine) as session:
            rows = session.scalars(query.order_by(ReadinessPartnership.name,
                                                  ReadinessPartnership.id)).all()
            return [self.partnerships._as_dict(r) for r in rows]

    # ------------------------------------------------------------------ waves

    def open_wave(self, partnership_id: int, label: str, who: str,
                  instrument: str | Instrument = DEFAULT_INSTRUMENT,
                  opened_on: date | None = None) -> dict[str, Any]:
        """Open a wave of a partnership on an instrument (a shipped one's name, a file's
        path, or an :class:`~data.readiness.instrument.Instrument`); returns it.

        Raises
        ------
        StoreError
            If there is no such partnership, or it is retired.
        InstrumentError
            If the instrument cannot be read.
        RecordError
            Naming each faulty field (such as no label); nothing is saved.
        """
        partnership = self.partnerships.get(int(partnership_id))
        if partnership["retired"]:
            raise StoreError(f"the partnership {partnership['name']} is retired; restore it "
                             "before opening a wave.")
        if not isinstance(instrument, Instrument):
            instrument = load_instrument(instrument)
        return self.waves.add({"partnership_id": partnership["id"], "label": label,
                               "instrument_yaml": instrument.to_yaml(),
                               "opened_on": opened_on or date.today()}, who)

    def waves_of(self, partnership_id: int, include_retired: bool = False
                 ) -> list[dict[str, Any]]:
        """A partnership's waves, oldest first."""
        query = select(ReadinessWave).where(ReadinessWave.partnership_id == partnership_id)
        if not include_retired:
            query = query.where(ReadinessWave.retired.is_(False))
        with Session(self.engine) as session:
            rows = session.scalars(query.order_by(ReadinessWave.opened_on,
                                                  ReadinessWave.id)).all()
            return [self.waves._as_dict(r) for r in rows]

    def close_wave(self, wave_id: int, expected_version: int, who: str,
                   closed_on: date | None = None) -> dict[str, Any]:
        """Close a wave: it takes no more responses, and its link is closed."""
        wave = self.waves._change(wave_id, expected_version, who, "close",
                                  {"closed_on": closed_on or date.today()})
        link = self.link_of(wave_id)
        if link is not None:
            self.links.retire(link["id"], link["version"], who)
        return wave

    def instrument_of(self, wave: Mapping[str, Any] | int) -> Instrument:
        """The instrument a wave was answered on (a wave or its id)."""
        wave = self.waves.get(wave) if isinstance(wave, int) else wave
        return _stored_instrument(wave["instrument_yaml"], f"wave {wave['label']}")

    # ------------------------------------------------------------------ links

    def make_link(self, wave_id: int, who: str) -> tuple[dict[str, Any], str]:
        """Make the link of a wave (its earlier link, if open, is closed: one link per
        wave); returns the link and its secret (the end of the address).

        Raises
        ------
        StoreError
            If the wave is closed or retired.
        """
        wave = self.waves.get(int(wave_id))
        if wave["closed_on"] is not None or wave["retired"]:
            raise StoreError(f"the wave {wave['label']} is closed; open a new wave to ask "
                             "again.")
        earlier = self.link_of(wave["id"])
        if earlier is not None:
            self.links.retire(earlier["id"], earlier["version"], who)
        token = secrets.token_urlsafe(24)
        return self.links.add({"partnership_id": wave["partnership_id"], "wave_id": wave["id"],
                               "token_hash": token_hash(token), "token": token}, who), token

    def link_of(self, wave_id: int) -> dict[str, Any] | None:
        """The open link of a wave, or None."""
        with Session(self.engine) as session:
            row = session.scalars(select(ReadinessLink).where(
                ReadinessLink.wave_id == wave_id, ReadinessLink.retired.is_(False))
                .order_by(ReadinessLink.id.desc())).first()
            return None if row is None else self.links._as_dict(row)

    def close_link(self, wave_id: int, who: str) -> None:
        """Close the open link of a wave (if it has one)."""
        link = self.link_of(wave_id)
        if link is not None:
            self.links.retire(link["id"], link["version"], who)

    def find(self, secret: str) -> dict[str, Any] | None:
        """What an open link's secret opens: ``{"link", "wave", "partnership"}``; None for
        a closed or unknown link, a closed wave, a retired partnership (or nonsense)."""
        if not secret or len(secret) > 64:
            return None
        with Session(self.engine) as session:
            link = session.scalars(select(ReadinessLink).where(
                ReadinessLink.token_hash == token_hash(secret),
                ReadinessLink.retired.is_(False))).first()
            wave = session.get(ReadinessWave, link.wave_id) if link else None
            partnership = session.get(ReadinessPartnership, wave.partnership_id) \
                if wave else None
            if partnership is None or wave.retired or wave.closed_on is not None or \
                    partnership.retired:
                return None
            return {"link": self.links._as_dict(link), "wave": self.waves._as_dict(wave),
                    "partnership": self.partnerships._as_dict(partnership)}

    # ------------------------------------------------------------------ responses

    def submit(self, link_secret: str, answers: Mapping[str, Any], session: str,
               when: datetime | None = None) -> dict[str, Any]:
        """Store one person's answers, sent through a wave's link.

        Parameters
        ----------
        link_secret : str
            The secret of the link they came through.
        answers : Mapping
            As :func:`data.readiness.answers.check_response` takes them.
        session : str
            What tells one browser session from another (kept hashed), for the limits.
        when : datetime, optional
            When they were sent (now).

        Raises
        ------
        StoreError
            If the link is not open.
        RecordError
            Listing every problem, by question; nothing is stored.
        SurveyLimitReached
            When a limit of :attr:`limits` is reached; nothing is stored.
        """
        opened = self.find(link_secret)
        if opened is None:
            raise StoreError("this survey link is not open: it may have been closed, or "
                             "mistyped. Ask the partnership for a new one.")
        wave = opened["wave"]
        instrument = self.instrument_of(wave)
        response, problems = check_response(answers, instrument, text_limit=self.limits.text)
        if problems:
            raise RecordError(problems)
        when = when or now()
        session_hash = token_hash(session or "")[:32]
        hour_ago = when - timedelta(hours=1)
        with Session(self.engine) as db:
            def counted(*where) -> int:
                return db.scalar(select(func.count()).select_from(ReadinessResponse)
                                 .where(*where)) or 0
            if counted(ReadinessResponse.session_hash == session_hash,
                       ReadinessResponse.wave_id == wave["id"]) >= self.limits.per_session:
                raise SurveyLimitReached("your answers from this browser have been received "
                                         "already. If someone else is using this computer, "
                                         "close the browser and open the link again.")
            if counted(ReadinessResponse.wave_id == wave["id"],
                       ReadinessResponse.source == "survey",
                       ReadinessResponse.created_at >= hour_ago) >= self.limits.per_link_hour \
                    or counted(ReadinessResponse.source == "survey",
                               ReadinessResponse.created_at >= hour_ago) >= self.limits.per_hour:
                raise SurveyLimitReached("many answers have arrived in the last hour; please "
                                         "try again in an hour. Your answers are not saved.")
        return self.add({**response, "wave_id": wave["id"],
                         "instrument_version": instrument.version,
                         "session_hash": session_hash, "source": "survey",
                         "created_at": when}, SURVEY_AUTHOR)

    def import_responses(self, wave_id: int, responses: list[dict[str, Any]], source: str,
                         who: str, rows: list[int] | None = None) -> int:
        """Add responses gathered elsewhere, already checked (see
        :func:`data.readiness.imports.responses_from_table`), to a wave; all or nothing.
        Returns how many were added.

        Raises
        ------
        RecordError
            Listing every problem by row (as ``rows`` numbers them); nothing is added.
        """
        wave = self.waves.get(int(wave_id))
        instrument = self.instrument_of(wave)
        rows = rows or list(range(2, len(responses) + 2))
        stamp, cleaned, problems = now(), [], []
        for row, response in zip(rows, responses, strict=True):
            checked, faults = check_response(response, instrument, row, self.limits.text)
            values, more = clean_stored_response(
                {**checked, "wave_id": wave["id"], "instrument_version": instrument.version,
                 "source": source[:300], "created_at": stamp}, row)
            problems += faults or (more + self.fits(values, row))
            cleaned.append(values)
        if problems:
            raise RecordError(problems, source)
        self._who_fits(who)
        with writing(self.engine, f"the import of {source}") as session:
            for values in cleaned:
                self._add_in(session, values, who, "import")
        return len(cleaned)

    def signature(self) -> tuple[int, ...]:
        """(number, sum of versions) of the partnerships, waves and responses: changes when
        anything the results are made from does, read in one small query each."""
        found: list[int] = []
        with Session(self.engine) as session:
            for model in (ReadinessPartnership, ReadinessWave, ReadinessResponse):
                count, versions = session.execute(
                    select(func.count(), func.coalesce(func.sum(model.version), 0))).one()
                found += [int(count), int(versions)]
        return tuple(found)

    def responses(self, wave_id: int, include_retired: bool = False) -> list[dict[str, Any]]:
        """A wave's responses, oldest first (retired ones left out)."""
        query = select(ReadinessResponse).where(ReadinessResponse.wave_id == wave_id)
        if not include_retired:
            query = query.where(ReadinessResponse.retired.is_(False))
        with Session(self.engine) as session:
            rows = session.scalars(query.order_by(ReadinessResponse.created_at,
                                                  ReadinessResponse.id)).all()
            return [self._as_dict(r) for r in rows]

    def long_table(self, wave_id: int) -> pd.DataFrame:
        """A wave's responses as the long table of
        :func:`data.readiness.instrument.long_answers`, on the wave's instrument."""
        return long_answers(self.responses(wave_id), self.instrument_of(int(wave_id)))

    def summaries(self, lad_code: str) -> list[dict[str, Any]]:
        """How ready the partners of each partnership of a borough say they are: the latest
        of its waves with at least :data:`~data.readiness.results.MIN_GROUP` respondents (else
        its latest wave, with no figure), in one plain sentence
        (:func:`~data.readiness.results.summary_sentence`).

        Parameters
        ----------
        lad_code : str
            The borough.

        Returns
        -------
        list of dict
            ``partnership``, ``place`` (its code), ``wave`` (its label), ``respondents``,
            ``shown``, ``sentence`` and ``whole_borough`` (whether it serves the whole
            borough); partnerships without a wave are left out.
        """
        found = []
        for partnership in self.partnerships_of(lad_code):
            place = partnership.get("place_code") or partnership["lad_code"]
            made = None
            for wave in reversed(self.waves_of(partnership["id"])):
                instrument = self.instrument_of(wave)
                results = readiness_results(self.long_table(wave["id"]), instrument.codes,
                                            instrument.in_group("readiness"))
                made = made or (wave, instrument, results)
                if results.shown:
                    made = (wave, instrument, results)
                    break
            if made is None:
                continue
            wave, instrument, results = made
            found.append({"partnership": partnership["name"], "place": place,
                          "wave": wave["label"], "respondents": results.respondents,
                          "shown": results.shown,
                          "sentence": summary_sentence(
                              results, {c.code: c.name for c in instrument.categories}),
                          "whole_borough": place == lad_code})
        return found

    def export_all(self) -> dict[str, str]:
        """Every partnership, wave, link and response as JSON documents, by kind (read
        back by :meth:`import_all`)."""
        return {store.plural: store.export_json() for store in
                (self.partnerships, self.waves, self.links, self)}

    def import_all(self, documents: Mapping[str, str], who: str) -> dict[str, int]:
        """Add the records of :meth:`export_all`'s documents (partnerships first); each
        kind all or nothing. Returns how many of each were added."""
        added = {}
        for store in (self.partnerships, self.waves, self.links, self):
            if store.plural in documents:
                added[store.plural] = store.import_json(documents[store.plural],
                                                        store.plural, who)
        return added

