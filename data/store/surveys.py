"""The asset survey: voluntary and community organisations say what they do, where, and
with what, through a link; editors moderate what they say into the asset register.

Wigan mapped its voluntary and community sector this way: an online survey of each
organisation's field of work, staff and funding, matched against the demands on public
services. Here:

- a **link** is open to any organisation of a borough (a campaign's link), or private to
  one organisation, which updates its answers through it next year without an account;
- an organisation's **answers** wait in a moderation queue until an editor accepts them as
  a new asset, merges them into one already in the register (field by field, with the
  asset's history), or rejects them with the reason; nothing reaches the register, or any
  public page, before that;
- every year's answers are kept, so that change can be shown.

Fields of work follow the International Classification of Nonprofit Organizations
(ICNPO, United Nations Handbook on Non-Profit Institutions, 2003), in its twelve groups
(:data:`data.areas.capacity.FIELDS_OF_WORK`): the classification NCVO's UK Civil Society
Almanac uses, so that a borough's figures can be set beside the national ones, and small
enough for an organisation to choose from in a minute. (The Open Referral UK taxonomies
describe services a person can use, not the organisations that run them.)

The survey page is on the open internet: every answer is checked here, with its size
limited, and submissions are limited per session, per link and per hour (see
:data:`LIMITS`).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.areas.capacity import (
    FIELDS_OF_WORK,
    FUNDING_SOURCES,
    INCOME_BANDS,
    SUPPORT_NEEDS,
    income_band_of,
)
from data.areas.postcodes import Postcodes, normalise
from data.errors import RecordError, RecordProblem, StoreError, SurveyLimitReached
from data.store.assets import AssetStore, Locator
from data.store.models import (
    ANSWER_STATUSES,
    SurveyAnswer,
    SurveyAnswerChange,
    SurveyLink,
    SurveyLinkChange,
)
from data.store.records import VersionedStore, flag_of, list_of, now, text_of, writing


@dataclass(frozen=True)
class SurveyPlaces:
    """Where a borough's organisations can be based and serve: what answers are checked
    against and the survey offers.

    Attributes
    ----------
    name : str
        The borough's name.
    lsoas : dict
        Each 2021 LSOA's code -> how the survey names it ("Oldham 024B, in Coldhurst").
    wards : dict
        Each ward's code -> its name.
    points : dict
        Each LSOA's code -> a point inside it (longitude, latitude), where an organisation
        based there is put on the map until an editor moves it.
    postcodes : Postcodes, optional
        The borough's postcode lookup, where there is one.
    """

    name: str
    lsoas: dict[str, str]
    wards: dict[str, str]
    points: dict[str, tuple[float, float]]
    postcodes: Postcodes | None = None

    @classmethod
    def of(cls, name: str, lsoas: pd.DataFrame, postcodes: Postcodes | None = None
           ) -> SurveyPlaces:
        """From a borough's LSOAs (``lsoa21cd``, ``lsoa21nm``, ``wd24cd``, ``wd24nm`` and
        their geometry in WGS84)."""
        ordered = lsoas.sort_values(["wd24nm", "lsoa21nm"])
        inside = ordered.geometry.representative_point()
        return cls(name,
                   {c: f"{n}, in {w}" for c, n, w in zip(ordered["lsoa21cd"], ordered["lsoa21nm"],
                                                          ordered["wd24nm"], strict=True)},
                   dict(ordered[["wd24cd", "wd24nm"]].drop_duplicates("wd24cd")
                        .sort_values("wd24nm").itertuples(index=False)),
                   {c: (round(p.x, 6), round(p.y, 6))
                    for c, p in zip(ordered["lsoa21cd"], inside, strict=True)},
                   postcodes)

    @property
    def context(self) -> dict[str, Any]:
        """What :func:`clean_answers` checks answers against."""
        return {"lsoas": set(self.lsoas), "postcodes": self.postcodes, "borough": self.name,
                "wards": {**{c.casefold(): c for c in self.wards},
                          **{n.casefold(): c for c, n in self.wards.items()}}}


#: Link purposes: open to any organisation, or private to one.
CAMPAIGN, ORGANISATION = "campaign", "organisation"


@dataclass(frozen=True)
class Limits:
    """What keeps the open survey page from being flooded.

    Attributes
    ----------
    per_session, per_link_hour, per_hour : int
        Submissions allowed from one browser session, through one link in an hour, and
        through all links together in an hour.
    waiting : int
        Answers that may wait for moderation in a borough at once.
    text, long_text : int
        Characters in a short and a long answer.
    venues, serves : int
        Venues, and areas served, one organisation may list.
    """

    per_session: int = 3
    per_link_hour: int = 30
    per_hour: int = 120
    waiting: int = 500
    text: int = 200
    long_text: int = 1000
    venues: int = 10
    serves: int = 200


LIMITS = Limits()
#: The answers' fields, as the survey asks them (and a CSV of answers names its columns).
ANSWER_FIELDS = ("name", "charity_number", "company_number", "fields_of_work", "address",
                 "postcode", "venues", "serves_borough", "serves", "staff", "staff_fte",
                 "volunteers", "volunteer_hours", "income_band", "funding_shares",
                 "support_needs", "contact_name", "contact_email", "contact_phone",
                 "figures_public")
#: How each answer is named in messages, tables and a file's column matching.
QUESTIONS = {
    "name": "Organisation name", "charity_number": "Charity number",
    "company_number": "Company number", "fields_of_work": "Fields of work",
    "address": "Address of the base", "postcode": "Postcode of the base",
    "venues": "Other venues", "serves_borough": "Serves the whole borough",
    "serves": "Areas served", "staff": "Paid staff (people)",
    "staff_fte": "Paid staff (full-time equivalent)", "volunteers": "Volunteers (people)",
    "volunteer_hours": "Volunteer hours a month", "income_band": "Annual income",
    "funding_shares": "Income by source", "support_needs": "Support needed",
    "contact": "Contact (for the council only)", "contact_name": "Contact name",
    "contact_email": "Contact e-mail", "contact_phone": "Contact telephone",
    "figures_public": "Figures may be published",
}
#: The answers an editor can take into an asset one by one when merging.
MERGED_FIELDS = ("name", "charity_number", "company_number", "fields_of_work", "address",
                 "postcode", "venues", "serves_borough", "serves", "staff", "staff_fte",
                 "volunteers", "volunteer_hours", "income_band", "funding_shares",
                 "support_needs", "contact", "figures_public")
#: The register's category of an organisation that answered the survey.
ORGANISATION_CATEGORY = "community_organisation"
_CHARITY = re.compile(r"^\d{6,7}(-\d{1,2})?$")
_COMPANY = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")


def _number(value: Any, whole: bool, most: float) -> float | None:
    """A count or amount from a cell: None for nothing; ValueError when not a number from 0
    to ``most`` (or not whole, when ``whole``)."""
    text = text_of(value).replace(",", "")
    if not text:
        return None
    number = float(text)
    if not 0 <= number <= most or (whole and number != int(number)):
        raise ValueError
    return int(number) if whole else round(number, 2)


def _shares(value: Any) -> dict[str, float]:
    """Funding shares from a mapping, or from text such as ``council: 40; nhs: 60``."""
    if isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        pairs = [part.split(":", 1) if ":" in part else (part, "")
                 for part in list_of(value)]
    shares: dict[str, float] = {}
    labels = {label.casefold(): code for code, label in FUNDING_SOURCES.items()}
    for key, share in pairs:
        key = text_of(key)
        code = key if key in FUNDING_SOURCES else labels.get(key.casefold())
        if code is None:
            raise KeyError(key)
        try:
            amount = _number(share, False, 100)
        except ValueError:
            amount = None
        if amount is None:
            raise ValueError(key)
        if amount:
            shares[code] = amount
    return shares


def _choices(value: Any, known: Mapping[str, Any], labels: Callable[[Any], str]
             ) -> tuple[list[str], list[str]]:
    """Codes chosen from ``known`` (by code or label, in any case), and those not known."""
    by_name = {**{labels(v).casefold(): code for code, v in known.items()},
               **{code.casefold(): code for code in known}}
    chosen, strange = [], []
    for item in list_of(value):
        code = by_name.get(item.casefold())
        (chosen if code else strange).append(code or item)
    return list(dict.fromkeys(chosen)), strange


def clean_answers(fields: Mapping[str, Any], row: int | None = None, *,
                  lsoas: Iterable[str] | None = None, wards: Mapping[str, str] | None = None,
                  postcodes: Postcodes | None = None, borough: str = "the borough",
                  limits: Limits = LIMITS) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check and tidy an organisation's answers to the survey.

    Parameters
    ----------
    fields : Mapping
        The answers, by :data:`ANSWER_FIELDS`: ``name``, ``fields_of_work`` (ICNPO codes
        or names), ``postcode`` and ``figures_public`` are needed; lists may be text
        separated by ``;``; venues are ``address, postcode`` pairs separated by ``;`` (or
        a list of ``{"address", "postcode"}``); funding shares are ``source: per cent``
        pairs adding up to 100.
    row : int, optional
        The row of a file the answers came from, for the problems.
    lsoas : iterable of str, optional
        The borough's 2021 LSOA codes: an area served must be one of them or a ward.
    wards : Mapping, optional
        Each ward's code and name (in any case) -> its code.
    postcodes : Postcodes, optional
        The borough's postcode lookup: when given, the base is placed in its LSOA
        (``area_code``) and a postcode outside the borough is a problem.
    borough : str
        The borough's name, for the messages.
    limits : Limits
        The longest answers allowed.

    Returns
    -------
    answers, problems : dict, list of Problem
        The tidy answers (with ``contact`` as ``{"name", "email", "phone"}`` and
        ``area_code``, the LSOA of the base, "" when it could not be placed), and what is
        wrong, by field.
    """
    problems: list[RecordProblem] = []

    def fault(column: str, message: str, value: Any = None) -> None:
        shown = text_of(fields.get(column) if value is None else value)
        problems.append(RecordProblem(row, column, shown[:80], message))

    def words(name: str, most: int = limits.text) -> str:
        value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text_of(fields.get(name)))
        if len(value) > most:
            fault(name, f"it is {len(value):,} characters long; at most {most:,} fit.")
            return value[:most]
        return value

    answers: dict[str, Any] = {"name": words("name"), "address": words("address", 500)}
    if not answers["name"]:
        fault("name", "give the organisation's name.")
    for name, pattern, example in (("charity_number", _CHARITY, "1234567"),
                                   ("company_number", _COMPANY, "01234567 or SC123456")):
        value = words(name).upper().replace(" ", "")
        if value and not pattern.match(value):
            fault(name, f"this is not a {name.split('_')[0]} number (such as {example}); "
                  "check it, or leave it empty.")
        answers[name] = value
    answers["fields_of_work"], strange = _choices(fields.get("fields_of_work"), FIELDS_OF_WORK,
                                                  lambda v: v[1])
    if strange:
        fault("fields_of_work", f"{', '.join(strange)} is not a field of work of the list; "
              "choose from: " + ", ".join(v[1] for v in FIELDS_OF_WORK.values()) + ".")
    elif not answers["fields_of_work"]:
        fault("fields_of_work", "choose at least one field of work.")
    postcode = text_of(fields.get("postcode"))
    answers["postcode"], answers["area_code"] = normalise(postcode) or "", ""
    if not postcode:
        fault("postcode", "give the postcode of the organisation's base.")
    elif not answers["postcode"]:
        fault("postcode", "this is not a full postcode (such as OL1 1AA); check it.")
    elif postcodes is not None:
        lsoa, problem = postcodes.place(answers["postcode"], borough)
        if lsoa is None:
            fault("postcode", problem)
        answers["area_code"] = lsoa or ""
    answers["venues"] = _venues(fields.get("venues"), fault, limits)
    try:
        answers["serves_borough"] = flag_of(fields.get("serves_borough"))
    except ValueError:
        fault("serves_borough", "use yes or no.")
        answers["serves_borough"] = False
    answers["serves"] = _served(fields.get("serves"), fault, lsoas, wards, limits)
    for name, whole, most, what in (("staff", True, 100_000, "a whole number of people"),
                                    ("staff_fte", False, 100_000, "a number of full-time posts"),
                                    ("volunteers", True, 100_000, "a whole number of people"),
                                    ("volunteer_hours", False, 1_000_000, "a number of hours")):
        try:
            answers[name] = _number(fields.get(name), whole, most)
        except ValueError:
            fault(name, f"give {what} from 0 to {most:,}, or leave it empty.")
            answers[name] = None
    if answers["staff"] is not None and answers["staff_fte"] is not None and \
            answers["staff_fte"] > answers["staff"]:
        fault("staff_fte", "the full-time equivalent cannot be more than the number of paid "
              "staff; check the two.")
    band = text_of(fields.get("income_band"))
    answers["income_band"] = next((b for b in INCOME_BANDS if b.casefold() == band.casefold()),
                                  "")
    if band and not answers["income_band"]:
        fault("income_band", "choose one of: " + "; ".join(INCOME_BANDS) + ".")
    try:
        answers["funding_shares"] = _shares(fields.get("funding_shares"))
        total = sum(answers["funding_shares"].values())
        if answers["funding_shares"] and abs(total - 100) > 1:
            fault("funding_shares", f"the shares add up to {total:g}%; they should add up "
                  "to 100%.")
    except KeyError as error:
        fault("funding_shares", f"{error.args[0]} is not a source of the list; use: "
              + ", ".join(FUNDING_SOURCES.values()) + ".")
        answers["funding_shares"] = {}
    except ValueError as error:
        fault("funding_shares", f"give the share of {error.args[0] or 'each source'} as a "
              "per cent from 0 to 100, such as council: 40; donations: 60.")
        answers["funding_shares"] = {}
    answers["support_needs"], strange = _choices(fields.get("support_needs"), SUPPORT_NEEDS,
                                                 lambda v: v)
    if strange:
        fault("support_needs", f"{', '.join(strange)} is not on the list; choose from: "
              + ", ".join(SUPPORT_NEEDS.values()) + ".")
    contact = fields.get("contact") if isinstance(fields.get("contact"), Mapping) else {
        key: fields.get(f"contact_{key}") for key in ("name", "email", "phone")}
    answers["contact"] = {key: text_of(contact.get(key))[:limits.text]
                          for key in ("name", "email", "phone")}
    if answers["contact"]["email"] and not _EMAIL.match(answers["contact"]["email"]):
        fault("contact_email", "this is not an e-mail address; check it, or leave it empty.",
              answers["contact"]["email"])
    if answers["contact"]["phone"] and not _PHONE.match(answers["contact"]["phone"]):
        fault("contact_phone", "give a telephone number of digits (spaces and brackets may "
              "stay), or leave it empty.", answers["contact"]["phone"])
    try:
        answers["figures_public"] = flag_of(fields.get("figures_public"))
    except ValueError:
        fault("figures_public", "use yes or no.")
        answers["figures_public"] = False
    return answers, problems


def _venues(value: Any, fault: Callable[..., None], limits: Limits) -> list[dict[str, str]]:
    items = value if isinstance(value, list) and all(isinstance(v, Mapping) for v in value) \
        else [dict(zip(("address", "postcode"), (p.rsplit(",", 1) + [""])[:2], strict=True))
              for p in list_of(value)]
    venues = []
    for item in items[:limits.venues]:
        address = text_of(item.get("address"))[:500]
        postcode = normalise(text_of(item.get("postcode")))
        if text_of(item.get("postcode")) and postcode is None:
            fault("venues", "a venue's postcode is not a full postcode (such as OL1 1AA); "
                  "give each venue as address, postcode.", text_of(item.get("postcode")))
        if address or postcode:
            venues.append({"address": address, "postcode": postcode or ""})
    if len(items) > limits.venues:
        fault("venues", f"at most {limits.venues} venues fit; give the main ones.",
              f"{len(items)} venues")
    return venues


def _served(value: Any, fault: Callable[..., None], lsoas: Iterable[str] | None,
            wards: Mapping[str, str] | None, limits: Limits) -> list[str]:
    given = list_of(value)
    if len(given) > limits.serves:
        fault("serves", f"at most {limits.serves} areas fit; say the whole borough instead.",
              f"{len(given)} areas")
        given = given[:limits.serves]
    if lsoas is None and wards is None:
        return list(dict.fromkeys(given))
    known_lsoas, wards = set(lsoas or ()), wards or {}
    codes, strange = [], []
    for item in given:
        code = item.upper() if item.upper() in known_lsoas else wards.get(item.casefold())
        (codes if code else strange).append(code or item)
    if strange:
        fault("serves", f"{', '.join(strange[:5])} is not a neighbourhood (2021 LSOA) or a "
              "ward of the borough; choose from the list.", "; ".join(strange))
    return list(dict.fromkeys(codes))


def token_hash(token: str) -> str:
    """The SHA-256 of a link's secret, as the store keeps it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_link(fields: Mapping[str, Any], row: int | None = None
               ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check a survey link's fields (``lad_code``, ``purpose``, ``label``, ``token_hash``,
    ``token``, ``asset_id`` and ``answer_id``)."""
    problems = []
    link = {key: text_of(fields.get(key)) for key in ("lad_code", "purpose", "label",
                                                      "token_hash", "token")}
    for key in ("asset_id", "answer_id"):
        link[key] = int(fields[key]) if text_of(fields.get(key)).isdigit() else None
    if link["purpose"] not in (CAMPAIGN, ORGANISATION):
        problems.append(RecordProblem(row, "purpose", link["purpose"],
                                      f"use {CAMPAIGN} or {ORGANISATION}."))
    if not re.fullmatch(r"[0-9a-f]{64}", link["token_hash"]):
        problems.append(RecordProblem(row, "token_hash", link["token_hash"][:20],
                                      "not a link's hashed secret; export the links from the "
                                      "app to see the layout."))
    if not link["lad_code"]:
        problems.append(RecordProblem(row, "lad_code", "", "say which borough the link is for."))
    return link, problems


class SurveyLinkStore(VersionedStore):
    """The survey's links; a retired link is closed."""

    kind, plural = "survey link", "survey_links"
    model = SurveyLink
    change_model = SurveyLinkChange
    change_key = "survey_link_id"
    fields = ("id", "lad_code", "purpose", "label", "asset_id", "answer_id", "token_hash",
              "token", "retired", "version", "updated_at", "updated_by")
    clean = staticmethod(clean_link)
    required = frozenset({"lad_code", "purpose", "token_hash"})

    def open_link(self, lad_code: str, label: str, who: str) -> tuple[dict[str, Any], str]:
        """Make a campaign's link, open to any organisation of the borough; returns the link
        and its secret (the end of the address)."""
        token = secrets.token_urlsafe(24)
        return self.add({"lad_code": lad_code, "purpose": CAMPAIGN, "label": label,
                         "token_hash": token_hash(token), "token": token}, who), token

    def private_link(self, lad_code: str, who: str, asset_id: int | None = None,
                     answer_id: int | None = None, label: str = "") -> tuple[dict[str, Any], str]:
        """Make an organisation's private link, for updating its answers; its earlier private
        links are closed. The secret is returned once and kept only hashed."""
        token = secrets.token_urlsafe(24)
        with Session(self.engine) as session:
            earlier = session.execute(select(SurveyLink.id, SurveyLink.version).where(
                SurveyLink.purpose == ORGANISATION, SurveyLink.retired.is_(False),
                SurveyLink.asset_id == asset_id if asset_id is not None
                else SurveyLink.answer_id == answer_id)).all()
        for link_id, version in earlier if (asset_id or answer_id) else ():
            self.retire(link_id, version, who)
        return self.add({"lad_code": lad_code, "purpose": ORGANISATION, "label": label,
                         "asset_id": asset_id, "answer_id": answer_id,
                         "token_hash": token_hash(token)}, who), token

    def find(self, token: str) -> dict[str, Any] | None:
        """The open link with this secret; None for a closed or unknown one (or nonsense)."""
        if not token or len(token) > 64:
            return None
        with Session(self.engine) as session:
            row = session.scalars(select(SurveyLink).where(
                SurveyLink.token_hash == token_hash(token),
                SurveyLink.retired.is_(False))).first()
            return None if row is None else self._as_dict(row)

    def campaigns(self, lad_code: str) -> list[dict[str, Any]]:
        """A borough's campaign links, open ones first, newest first."""
        with Session(self.engine) as session:
            rows = session.scalars(select(SurveyLink).where(
                SurveyLink.lad_code == lad_code, SurveyLink.purpose == CAMPAIGN)
                .order_by(SurveyLink.retired, SurveyLink.id.desc())).all()
            return [self._as_dict(r) for r in rows]

    def adopt(self, session: Session, answer_id: int, asset_id: int, who: str) -> None:
        """In an open transaction: the private links made for an answer now belong to the
        asset it became or was merged into."""
        rows = session.scalars(select(SurveyLink).where(SurveyLink.answer_id == answer_id,
                                                        SurveyLink.asset_id.is_(None))).all()
        for row in rows:
            self._change_in(session, row.id, row.version, who, "adopt", {"asset_id": asset_id})


def clean_answer(fields: Mapping[str, Any], row: int | None = None, **context: Any
                 ) -> tuple[dict[str, Any], list[RecordProblem]]:
    """Check a stored answer: its borough, year, status (and the reason of a rejection),
    and its answers (see :func:`clean_answers`, given ``context``)."""
    problems = []
    record: dict[str, Any] = {"lad_code": text_of(fields.get("lad_code")),
                              "status": text_of(fields.get("status")) or "waiting",
                              "reason": text_of(fields.get("reason")),
                              "source": text_of(fields.get("source")) or "survey"}
    given = fields.get("answers")
    if isinstance(given, str):
        try:
            given = json.loads(given)
        except ValueError:
            given = None
    if not isinstance(given, Mapping):
        problems.append(RecordProblem(row, "answers", text_of(fields.get("answers"))[:40],
                                      "not the answers of an export; export from the app "
                                      "to see the layout."))
        given = {}
    record["answers"], faults = clean_answers(given, row, **context)
    record["answers"]["area_code"] = record["answers"]["area_code"] or \
        text_of(given.get("area_code"))
    problems += faults
    for key in ("link_id", "asset_id"):
        record[key] = int(fields[key]) if text_of(fields.get(key)).isdigit() else None
    try:
        record["year"] = int(text_of(fields.get("year")))
        stamp = fields.get("submitted_at")
        record["submitted_at"] = stamp if isinstance(stamp, datetime) else \
            datetime.fromisoformat(text_of(stamp)) if text_of(stamp) else now()
    except ValueError:
        problems.append(RecordProblem(row, "year", text_of(fields.get("year")),
                                      "give the year as four digits and the time submitted "
                                      "as YYYY-MM-DDTHH:MM:SS."))
        record["year"], record["submitted_at"] = 0, now()
    if record["status"] not in ANSWER_STATUSES:
        problems.append(RecordProblem(row, "status", record["status"],
                                      "use one of: " + ", ".join(ANSWER_STATUSES) + "."))
    if record["status"] == "rejected" and not record["reason"]:
        problems.append(RecordProblem(row, "reason", "", "say why the answers were rejected."))
    if not record["lad_code"]:
        problems.append(RecordProblem(row, "lad_code", "", "say which borough they are from."))
    return record, problems


class SurveyAnswerStore(VersionedStore):
    """The answers to the asset survey and their moderation into the asset register."""

    kind, plural = "survey answer", "survey_answers"
    model = SurveyAnswer
    change_model = SurveyAnswerChange
    change_key = "survey_answer_id"
    fields = ("id", "lad_code", "link_id", "year", "answers", "status", "reason", "asset_id",
              "source", "submitted_at", "retired", "version", "updated_at", "updated_by")
    clean = staticmethod(clean_answer)
    required = frozenset({"lad_code", "year", "answers", "status"})

    def __init__(self, engine, limits: Limits = LIMITS) -> None:
        super().__init__(engine)
        self.limits = limits
        self.links = SurveyLinkStore(engine)
        self.assets = AssetStore(engine)

    def submit(self, link: Mapping[str, Any], answers: Mapping[str, Any], session: str,
               when: datetime | None = None, **context: Any) -> dict[str, Any]:
        """Put an organisation's answers, given through a link, in the moderation queue.

        Parameters
        ----------
        link : Mapping
            The open link they came through (see :meth:`SurveyLinkStore.find`); a private
            link's asset is the one they are about.
        answers : Mapping
            The answers, by :data:`ANSWER_FIELDS`.
        session : str
            What tells one browser session from another (kept hashed), for the limits.
        **context
            What the answers are checked against (see :func:`clean_answers`).

        Raises
        ------
        RecordError
            Listing every problem with the answers; nothing is stored.
        SurveyLimitReached
            When a limit of :attr:`limits` is reached; nothing is stored.
        """
        when = when or now()
        session_hash = token_hash(session)[:32]
        hour_ago = when - timedelta(hours=1)
        with Session(self.engine) as db:
            def counted(*where) -> int:
                return db.scalar(select(func.count()).select_from(SurveyAnswer).where(*where)) \
                    or 0
            sent = db.scalar(select(func.count()).select_from(SurveyAnswerChange).where(
                SurveyAnswerChange.action == "create",
                SurveyAnswerChange.changed_by == f"session {session_hash}")) or 0
            if sent >= self.limits.per_session:
                raise SurveyLimitReached(f"this browser has sent {self.limits.per_session} "
                                         "answers already; close it and open the link again "
                                         "to send more.")
            if counted(SurveyAnswer.link_id == link["id"],
                       SurveyAnswer.submitted_at >= hour_ago) >= self.limits.per_link_hour or \
                    counted(SurveyAnswer.submitted_at >= hour_ago,
                            SurveyAnswer.source == "survey") >= self.limits.per_hour:
                raise SurveyLimitReached("many answers have arrived in the last hour; please "
                                         "try again in an hour. Your answers are not saved.")
            if counted(SurveyAnswer.lad_code == link["lad_code"],
                       SurveyAnswer.status == "waiting") >= self.limits.waiting:
                raise SurveyLimitReached("the council has many answers still to read; please "
                                         "try again in a few days. Your answers are not saved.")
        return self.add({"lad_code": link["lad_code"], "link_id": link["id"],
                         "year": when.year, "answers": dict(answers), "status": "waiting",
                         "asset_id": link.get("asset_id"), "source": "survey",
                         "submitted_at": when}, f"session {session_hash}", limits=self.limits,
                        **context)

    def queue(self, lad_code: str, status: str = "waiting") -> list[dict[str, Any]]:
        """A borough's answers with this status, oldest first (retired ones left out)."""
        with Session(self.engine) as session:
            rows = session.scalars(select(SurveyAnswer).where(
                SurveyAnswer.lad_code == lad_code, SurveyAnswer.status == status,
                SurveyAnswer.retired.is_(False)).order_by(SurveyAnswer.submitted_at,
                                                          SurveyAnswer.id)).all()
            return [self._as_dict(r) for r in rows]

    def latest(self, link: Mapping[str, Any]) -> dict[str, Any] | None:
        """The answers a private link's form starts from: the newest answers of its
        organisation (accepted or still waiting), or None."""
        where = SurveyAnswer.asset_id == link["asset_id"] if link.get("asset_id") else \
            SurveyAnswer.id == link.get("answer_id")
        with Session(self.engine) as session:
            row = session.scalars(select(SurveyAnswer).where(
                where, SurveyAnswer.status != "rejected", SurveyAnswer.retired.is_(False))
                .order_by(SurveyAnswer.submitted_at.desc(), SurveyAnswer.id.desc())).first()
            return None if row is None else self._as_dict(row)

    def years(self, asset_id: int) -> list[dict[str, Any]]:
        """An asset's answers, one per year (the last accepted or merged that year), oldest
        year first: the register's memory of how the organisation changed."""
        with Session(self.engine) as session:
            rows = session.scalars(select(SurveyAnswer).where(
                SurveyAnswer.asset_id == asset_id,
                SurveyAnswer.status.in_(("accepted", "merged")))
                .order_by(SurveyAnswer.year, SurveyAnswer.submitted_at, SurveyAnswer.id)).all()
            by_year = {r.year: self._as_dict(r) for r in rows}
        return [by_year[y] for y in sorted(by_year)]

    def sector_by_year(self, lad_code: str) -> pd.DataFrame:
        """The borough's accepted answers added up by year (each organisation's last of the
        year): ``organisations``, ``staff_fte``, ``volunteers`` and ``volunteer_hours``,
        with ``contributing`` (for :func:`data.areas.capacity.hide_small`)."""
        with Session(self.engine) as session:
            rows = session.execute(select(SurveyAnswer.year, SurveyAnswer.asset_id,
                                          SurveyAnswer.answers).where(
                SurveyAnswer.lad_code == lad_code, SurveyAnswer.retired.is_(False),
                SurveyAnswer.status.in_(("accepted", "merged")))
                .order_by(SurveyAnswer.submitted_at, SurveyAnswer.id)).all()
        last = {(year, asset): answers for year, asset, answers in rows}
        frame = pd.DataFrame([{"year": year, "asset_id": asset,
                               **{k: answers.get(k) for k in ("staff_fte", "volunteers",
                                                              "volunteer_hours")}}
                              for (year, asset), answers in last.items()],
                             columns=["year", "asset_id", "staff_fte", "volunteers",
                                      "volunteer_hours"])
        table = frame.groupby("year")[["staff_fte", "volunteers", "volunteer_hours"]] \
            .sum(min_count=1).astype(float)
        table.insert(0, "organisations", frame.groupby("year")["asset_id"].nunique()
                     .astype(float))
        table["contributing"] = table["organisations"].astype(int)
        return table

    def _decided(self, answer: Mapping[str, Any]) -> None:
        if answer["status"] != "waiting":
            raise StoreError(f"the answers of {answer['answers'].get('name')} were already "
                             f"{answer['status']}; the queue shows only those waiting.")

    def accept(self, answer_id: int, expected_version: int, who: str,
               point: tuple[float, float] | None, locate: Locator | None = None,
               charity: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Add the answers to the register as a new asset (of category
        :data:`ORGANISATION_CATEGORY`) placed at ``point`` (longitude, latitude); returns
        the asset. The answers and the asset are saved together or not at all. With
        ``charity`` (the register's record of its number), what the register fills in is
        taken too (see :func:`with_charity`).

        Raises
        ------
        RecordError
            If the asset would not be valid (such as no point).
        StaleEditError
            If the answers changed since ``expected_version``.
        """
        answer = self.get(answer_id)
        self._decided(answer)
        lon, lat = point if point is not None else (None, None)
        values, problems = self.assets.clean(
            {**as_asset(with_charity(answer["answers"], charity), answer["year"]),
             "category": ORGANISATION_CATEGORY,
             "lon": lon, "lat": lat, "source": f"asset survey {answer['year']}"},
            None, locate=locate)
        problems += self.assets.fits(values)
        if problems:
            raise RecordError(problems)
        with writing(self.engine, "the new organisation") as session:
            asset = self.assets._add_in(session, values, who, "survey")
            self._change_in(session, answer_id, expected_version, who, "accept",
                            {"status": "accepted", "asset_id": asset["id"]})
            self.links.adopt(session, answer_id, asset["id"], who)
        return asset

    def merge(self, answer_id: int, expected_version: int, asset_id: int, asset_version: int,
              take: Iterable[str], who: str, locate: Locator | None = None) -> dict[str, Any]:
        """Take the chosen answers (``take``, of :data:`MERGED_FIELDS`) into an asset of the
        register, as a new version of it with its change recorded; returns the asset.

        Raises
        ------
        StaleEditError
            If the answers or the asset changed since the versions given.
        """
        answer = self.get(answer_id)
        self._decided(answer)
        offered = as_asset(answer["answers"], answer["year"])
        changes = {key: offered[key] for key in take if key in MERGED_FIELDS}
        changes["survey_year"] = answer["year"]
        values = self.assets._edited(asset_id, changes, {"locate": locate})
        with writing(self.engine, "the merge") as session:
            asset = self.assets._change_in(session, asset_id, asset_version, who, "survey",
                                           values)
            self._change_in(session, answer_id, expected_version, who, "merge",
                            {"status": "merged", "asset_id": asset_id})
            self.links.adopt(session, answer_id, asset_id, who)
        return asset

    def reject(self, answer_id: int, expected_version: int, reason: str, who: str
               ) -> dict[str, Any]:
        """Reject answers, with the reason (kept with them; they reach nothing public)."""
        answer = self.get(answer_id)
        self._decided(answer)
        if not text_of(reason):
            raise RecordError([RecordProblem(None, "reason", "", "say why the answers are "
                                             "rejected (such as: not an organisation of the "
                                             "borough, or sent twice).")])
        return self._change(answer_id, expected_version, who, "reject",
                            {"status": "rejected", "reason": text_of(reason)[:1000]})

    def import_answers(self, records: list[dict[str, Any]], rows: list[int], lad_code: str,
                       source: str, who: str, year: int,
                       headings: Mapping[str, str] | None = None, **context: Any) -> int:
        """Put answers collected elsewhere (a form tool's export, read by
        :func:`answers_from_table`) in the moderation queue; all or nothing.

        Parameters
        ----------
        headings : Mapping, optional
            Each answer field -> the file's heading for it, so that problems name the
            columns as the file does.

        Raises
        ------
        RecordError
            Listing every problem by the file's row and column.
        """
        problems: list[RecordProblem] = []
        cleaned = []
        headings = headings or {}
        for row, record in zip(rows, records, strict=True):
            answers, faults = clean_answers(record, row, limits=self.limits, **context)
            problems += [replace(p, column=_heading_of(p.column, headings))
                         for p in faults]
            cleaned.append(answers)
        if problems:
            raise RecordError(problems, source)
        self._who_fits(who)
        stamp = now()
        with writing(self.engine, f"the import of {source}") as session:
            for answers in cleaned:
                row = SurveyAnswer(lad_code=lad_code, link_id=None, year=year, answers=answers,
                                   status="waiting", reason="", asset_id=None,
                                   source=source[:300], submitted_at=stamp, retired=False,
                                   version=1, updated_at=stamp, updated_by=who)
                session.add(row)
                session.flush()
                self._record(session, row, "import", who)
        return len(cleaned)


def charity_check(answers: Mapping[str, Any], charity: Mapping[str, Any] | None
                  ) -> dict[str, Any]:
    """What the Charity Commission's register says of the charity number an organisation
    gave (``charity``, from :meth:`data.opendata.charities.Charities.get`): its registered
    name and whether the name given is like it, its latest income's band and whether it
    is the band given, and its activities.

    Returns
    -------
    dict
        ``found`` (False without a number, or with one the register does not have), and
        when found ``name``, ``same_name``, ``income``, ``band``, ``same_band`` (None
        when either band is unknown) and ``activities``.
    """
    if not answers.get("charity_number") or charity is None:
        return {"found": False}
    band = income_band_of(charity.get("income"))
    given = answers.get("income_band") or ""
    return {"found": True, "name": charity["name"], "activities": charity["activities"],
            "same_name": SequenceMatcher(None, _folded_name(answers.get("name", "")),
                                         _folded_name(charity["name"])).ratio()
            >= SIMILAR_NAME,
            "income": charity.get("income"), "band": band,
            "same_band": (band == given) if band and given else None}


def with_charity(answers: Mapping[str, Any], charity: Mapping[str, Any] | None
                 ) -> dict[str, Any]:
    """The answers with what the register fills in: the income band of the charity's
    registered income, where the organisation gave none."""
    filled = dict(answers)
    if charity is not None and answers.get("charity_number") and \
            not answers.get("income_band"):
        filled["income_band"] = income_band_of(charity.get("income"))
    return filled


def as_asset(answers: Mapping[str, Any], year: int) -> dict[str, Any]:
    """An asset's fields from an organisation's answers (its place aside)."""
    return {**{key: answers.get(key) for key in MERGED_FIELDS}, "area_code":
            answers.get("area_code", ""), "survey_year": year}


def _folded_name(name: str) -> str:
    words = re.sub(r"[^a-z0-9 ]", " ", name.casefold()).split()
    return " ".join(w for w in words if w not in {"the", "ltd", "limited", "cic", "cio", "and",
                                                   "of", "trust", "charity", "group"})


#: How alike two names must be (difflib's ratio, after leaving out words such as "the",
#: "ltd" and "cic") for the organisations to be likely the same, near the same postcode.
SIMILAR_NAME = 0.8


def likely_duplicates(answers: Mapping[str, Any], register: pd.DataFrame) -> pd.DataFrame:
    """The assets of the register the answers are likely about: the same charity number,
    or a similar name (see :data:`SIMILAR_NAME`) in the same postcode sector (such as
    ``OL1 1``); with ``why``, the reason, and ``likeness``, the names' ratio.

    Parameters
    ----------
    answers : Mapping
        Tidy answers (see :func:`clean_answers`).
    register : pandas.DataFrame
        Current assets with ``id``, ``name``, ``postcode`` and ``charity_number``.
    """
    if register.empty:
        return register.assign(why=[], likeness=[])
    name = _folded_name(answers.get("name", ""))
    likeness = register["name"].map(lambda n: SequenceMatcher(None, name,
                                                              _folded_name(str(n))).ratio())
    sector = (answers.get("postcode") or "")[:-2]
    same_sector = register["postcode"].fillna("").str.upper().str[:-2] == sector if sector \
        else pd.Series(False, index=register.index)
    charity = answers.get("charity_number") or ""
    same_charity = (register.get("charity_number", pd.Series("", index=register.index))
                    .fillna("") == charity) if charity else pd.Series(False,
                                                                      index=register.index)
    similar = (likeness >= SIMILAR_NAME) & same_sector
    chosen = (same_charity | similar).astype(bool)
    # the likeness of those chosen only: an empty frame given a whole column takes its rows
    found = register[chosen].assign(likeness=likeness[chosen].round(2))
    found["why"] = [("the same charity number" if same_charity[i] else "") +
                    (" and " if same_charity[i] and similar[i] else "") +
                    ("a similar name in the same postcode sector" if similar[i] else "")
                    for i in found.index]
    return found.sort_values("likeness", ascending=False)


#: The columns a file of answers from a form tool can be matched to: each answer field,
#: and one share column per source of income.
FILE_FIELDS: dict[str, str] = {
    **{f: QUESTIONS[f] for f in ANSWER_FIELDS[:ANSWER_FIELDS.index("funding_shares")]},
    **{f"share_{code}": f"{label} (%)" for code, label in FUNDING_SOURCES.items()},
    **{f: QUESTIONS[f] for f in ANSWER_FIELDS[ANSWER_FIELDS.index("funding_shares") + 1:]},
}
#: What the columns must be matched to for answers to be read.
NEEDED_FILE_FIELDS = ("name", "fields_of_work", "postcode")


def _folded_heading(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", str(text).casefold()).split())


def _heading_of(field: str, headings: Mapping[str, str]) -> str:
    if field in headings:
        return headings[field]
    if field == "funding_shares":
        shares = [h for f, h in headings.items() if f.startswith("share_")]
        return ", ".join(shares) or field
    return field


def match_columns(headings: Iterable[str]) -> dict[str, str | None]:
    """A first guess at which of a file's columns holds each answer (see
    :data:`FILE_FIELDS`): the heading most like the field's name or label (difflib's
    ratio of at least 0.6, each heading used once), or None.

    Examples
    --------
    >>> match_columns(["Org name", "Post code", "Notes"])["postcode"]
    'Post code'
    """
    headings = [str(h) for h in headings]
    scored = sorted(
        ((max(SequenceMatcher(None, _folded_heading(h), _folded_heading(w)).ratio()
              for w in (field.replace("_", " "), label)), field, h)
         for field, label in FILE_FIELDS.items() for h in headings), reverse=True)
    found: dict[str, str | None] = dict.fromkeys(FILE_FIELDS)
    used: set[str] = set()
    for score, field, heading in scored:
        if score >= 0.6 and found[field] is None and heading not in used:
            found[field], _ = heading, used.add(heading)
    return found


def answers_from_table(cells: pd.DataFrame, rows: Iterable[int],
                       matched: Mapping[str, str | None]) -> tuple[list[dict[str, Any]],
                                                                  list[RecordProblem]]:
    """The answers of each row of a file, by the columns matched to the fields.

    Parameters
    ----------
    cells : pandas.DataFrame
        The file's cells as text (see :class:`data.userfiles.read.Table`).
    rows : iterable of int
        Each row's number in the file (the header being row 1).
    matched : Mapping
        Field -> the file's heading (None for none), as :func:`match_columns` guesses
        and a person corrects.

    Returns
    -------
    records, problems : list of dict, list of Problem
        The answers of each row (for :meth:`SurveyAnswerStore.import_answers`), and what
        stops the file being read: a needed field with no column, a heading not in the
        file, or one column matched to two fields.
    """
    problems = [RecordProblem(1, FILE_FIELDS[f], "", "match a column of the file to this "
                              "answer; it is needed.")
                for f in NEEDED_FILE_FIELDS if not matched.get(f)]
    given = [h for h in matched.values() if h]
    problems += [RecordProblem(1, h, "", "this column is matched to two answers; match it to "
                               "one.") for h in sorted({h for h in given if given.count(h) > 1})]
    problems += [RecordProblem(1, h, "", "the file has no column of this heading.")
                 for h in given if h not in cells.columns]
    if problems:
        return [], problems
    records = []
    for _, cell_row in zip(rows, cells.to_dict("records"), strict=True):
        record = {field: cell_row[heading] for field, heading in matched.items()
                  if heading and not field.startswith("share_")}
        shares = {field.removeprefix("share_"): cell_row[heading]
                  for field, heading in matched.items()
                  if heading and field.startswith("share_") and text_of(cell_row[heading])}
        record["funding_shares"] = shares
        records.append(record)
    return records, []
