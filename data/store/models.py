"""The tables of the store."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Where a note comes from.
NOTE_SOURCES = ("community conversation", "front-line staff", "resident",
                "ethnographic observation", "survey", "meeting")
#: Who may read a note: everyone (public pages, meetings, briefings) or staff only.
VISIBILITIES = ("public", "internal")
#: Where a promise to a community stands: not started, under way, kept, or not possible
#: (with the reason).
PROMISE_STATUSES = ("promised", "in progress", "done", "not possible")


class Base(DeclarativeBase):
    """Base of the store's tables."""


class Versioned:
    """Columns of every record that is edited in place: soft retiring and versions."""

    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(200))


class Change:
    """Columns of a change to a record: which version, what, when, who, and the record after."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[dict] = mapped_column(JSON)


class Note(Versioned, Base):
    """A qualitative note about one area; edits bump ``version``, retiring keeps the row."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    note_date: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(40))
    themes: Mapped[list] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(10))
    indicator: Mapped[str | None] = mapped_column(String(100), nullable=True)
    #: Whether the person whose words these are agreed to them being made public.
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The kinds of personal data the text seems to hold ("; "-joined; "" for none), see
    #: :mod:`data.store.privacy`; worked out from the text, never typed.
    personal_data: Mapped[str] = mapped_column(String(200), default="")
    #: Whether an editor has read the text flagged by ``personal_data`` and found it safe.
    privacy_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What recognises the same record imported again (see :func:`data.store.notes.import_key`).
    import_key: Mapped[str] = mapped_column(String(64), index=True, default="")


class NoteChange(Change, Base):
    """One change to a note."""

    __tablename__ = "note_changes"

    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)


class Theme(Versioned, Base):
    """A theme of what people say (such as "parking and traffic"), from the list analysts
    keep; notes name their themes by ``name``."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    #: The index domain the theme speaks to (a domain code of the spec), if any.
    domain: Mapped[str] = mapped_column(String(100), default="")


class ThemeChange(Change, Base):
    """One change to a theme."""

    __tablename__ = "theme_changes"

    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)


class Promise(Versioned, Base):
    """A promise made to a community ("you said, we did"): what people asked for, what was
    promised, by whom, where and when, and what has happened since."""

    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The borough (or Greater Manchester) the promise was made in.
    lad_code: Mapped[str] = mapped_column(String(20), index=True)
    #: What people asked for ("you said").
    asked: Mapped[str] = mapped_column(Text)
    #: What was promised in answer ("we will").
    promised: Mapped[str] = mapped_column(Text)
    by_organisation: Mapped[str] = mapped_column(String(200))
    by_role: Mapped[str] = mapped_column(String(200), default="")
    #: Where it was made: the meeting or conversation.
    made_at: Mapped[str] = mapped_column(String(300))
    made_on: Mapped[date] = mapped_column(Date)
    #: The codes of the areas it was made for (LSOAs, wards, or areas of another level);
    #: empty for the whole borough.
    areas: Mapped[list] = mapped_column(JSON, default=list)
    themes: Mapped[list] = mapped_column(JSON, default=list)
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    #: What has been done so far ("we did").
    progress: Mapped[str] = mapped_column(Text, default="")
    #: Why it is not possible (needed with that status).
    reason: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(10))
    #: As for notes: the personal data the words seem to hold, and whether an editor has
    #: read them and found them safe.
    personal_data: Mapped[str] = mapped_column(String(200), default="")
    privacy_checked: Mapped[bool] = mapped_column(Boolean, default=False)


class PromiseChange(Change, Base):
    """One change to a promise."""

    __tablename__ = "promise_changes"

    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id"), index=True)


class Story(Versioned, Base):
    """A story of a place: longer than a note, told about how and why something changed,
    with what changed said apart."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The borough (or Greater Manchester) the story belongs to.
    lad_code: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    story: Mapped[str] = mapped_column(Text)
    what_changed: Mapped[str] = mapped_column(Text, default="")
    story_date: Mapped[date] = mapped_column(Date)
    #: Who told or gathered it.
    author: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(40))
    #: The codes of the areas it belongs to; empty for the whole borough.
    areas: Mapped[list] = mapped_column(JSON, default=list)
    themes: Mapped[list] = mapped_column(JSON, default=list)
    #: Words that describe a picture to go with it (no picture is uploaded).
    picture_caption: Mapped[str] = mapped_column(String(500), default="")
    #: Whether meeting mode and briefings show it before the others of its areas.
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    visibility: Mapped[str] = mapped_column(String(10))
    #: As for notes: whether the people in it agreed to it being made public, the personal
    #: data its words seem to hold, and whether an editor has read them and found them safe.
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_data: Mapped[str] = mapped_column(String(200), default="")
    privacy_checked: Mapped[bool] = mapped_column(Boolean, default=False)


class StoryChange(Change, Base):
    """One change to a story."""

    __tablename__ = "story_changes"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"), index=True)


class Asset(Versioned, Base):
    """A community asset: a place or organisation a neighbourhood has.

    Open Referral UK has no staff, volunteer or funding fields; they are this
    register's extension of it.
    """

    __tablename__ = "assets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(100), default="")
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(100), index=True)
    subcategory: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    area_code: Mapped[str] = mapped_column(String(20), index=True, default="")
    ward_code: Mapped[str] = mapped_column(String(20), default="")
    lad_code: Mapped[str] = mapped_column(String(20), index=True, default="")
    services: Mapped[list] = mapped_column(JSON, default=list)
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    staff: Mapped[int | None] = mapped_column(Integer, nullable=True)
    volunteers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    funding: Mapped[list] = mapped_column(JSON, default=list)
    last_verified: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    # What a voluntary or community organisation says of itself in the asset survey (see
    # data.store.surveys); ``staff`` above is its paid staff's headcount.
    charity_number: Mapped[str] = mapped_column(String(20), default="")
    company_number: Mapped[str] = mapped_column(String(20), default="")
    #: Its fields of work, as ICNPO group codes (see data.store.surveys.FIELDS_OF_WORK).
    fields_of_work: Mapped[list] = mapped_column(JSON, default=list)
    #: Its venues besides its base: a list of {"address", "postcode"}.
    venues: Mapped[list] = mapped_column(JSON, default=list)
    #: The codes of the areas it serves (LSOAs or wards); empty for its base's LSOA alone.
    serves: Mapped[list] = mapped_column(JSON, default=list)
    serves_borough: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_fte: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: Volunteers' hours in a typical month, all volunteers together.
    volunteer_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    income_band: Mapped[str] = mapped_column(String(40), default="")
    #: Each source of income -> its share in per cent.
    funding_shares: Mapped[dict] = mapped_column(JSON, default=dict)
    support_needs: Mapped[list] = mapped_column(JSON, default=list)
    #: Who the council may contact: {"name", "email", "phone"}; internal, never public.
    contact: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Whether its staff, volunteer, income and funding figures may be published.
    figures_public: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The year of the survey answers it was last updated from.
    survey_year: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AssetChange(Change, Base):
    """One change to an asset."""

    __tablename__ = "asset_changes"

    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)


#: Where an answer to the asset survey stands in the moderation queue.
ANSWER_STATUSES = ("waiting", "accepted", "merged", "rejected")


class SurveyLink(Versioned, Base):
    """A link to the asset survey: open to any organisation of a borough (a campaign's), or
    private to one organisation, for updating its answers; retired when closed."""

    __tablename__ = "survey_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lad_code: Mapped[str] = mapped_column(String(20), index=True)
    #: "campaign" (any organisation) or "organisation" (one, to update its answers).
    purpose: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(200), default="")
    #: A private link's organisation: the asset, or (before it is accepted) its first answer.
    asset_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    answer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The secret of the link, hashed (SHA-256); a campaign link's is also kept as it is, to
    #: be shared again.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token: Mapped[str] = mapped_column(String(64), default="")


class SurveyLinkChange(Change, Base):
    """One change to a survey link."""

    __tablename__ = "survey_link_changes"

    survey_link_id: Mapped[int] = mapped_column(ForeignKey("survey_links.id"), index=True)


class SurveyAnswer(Versioned, Base):
    """One organisation's answers to the asset survey, in one year, and what an editor made
    of them (accepted as a new asset, merged into one, or rejected with the reason)."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lad_code: Mapped[str] = mapped_column(String(20), index=True)
    link_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    year: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The asset the answers are about: the one a private link updates, and the one they
    #: became or were merged into once accepted.
    asset_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    #: Where they came from: "survey", or the file they were imported from.
    source: Mapped[str] = mapped_column(String(300), default="survey")
    submitted_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class SurveyAnswerChange(Change, Base):
    """One change to a survey answer (its moderation)."""

    __tablename__ = "survey_answer_changes"

    survey_answer_id: Mapped[int] = mapped_column(ForeignKey("survey_answers.id"), index=True)


class Edition(Versioned, Base):
    """A built index kept as a dated edition: its spec, the vintages of its data and its
    results, so that any two editions can be compared."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lad_code: Mapped[str] = mapped_column(String(20), index=True)
    #: The level of areas it was built at (``lsoa``, ``ward``, ``custom:NAME``...).
    level: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    edition_date: Mapped[date] = mapped_column(Date)
    spec_code: Mapped[str] = mapped_column(String(100))
    spec_yaml: Mapped[str] = mapped_column(Text)
    #: Each indicator's column, source and year.
    vintages: Mapped[list] = mapped_column(JSON, default=list)
    #: One record per area: code, name, score, rank, rank interval, domain scores.
    results: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")


class EditionChange(Change, Base):
    """One change to a saved edition."""

    __tablename__ = "edition_changes"

    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)


class ReadinessPartnership(Versioned, Base):
    """A partnership of a place's organisations (council, NHS, police, voluntary sector)
    that assesses its readiness to work together."""

    __tablename__ = "readiness_partnerships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The borough it belongs to.
    lad_code: Mapped[str] = mapped_column(String(20), index=True)
    #: The place it serves: the borough's code, or a neighbourhood's, ward's or LSOA's.
    place_code: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")


class ReadinessPartnershipChange(Change, Base):
    """One change to a partnership."""

    __tablename__ = "readiness_partnership_changes"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("readiness_partnerships.id"),
                                                index=True)


class ReadinessWave(Versioned, Base):
    """One round of a partnership's readiness survey (such as "2026"), on one version of
    the instrument, kept whole with it."""

    __tablename__ = "readiness_waves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(Integer, index=True)
    label: Mapped[str] = mapped_column(String(100))
    instrument_code: Mapped[str] = mapped_column(String(40))
    instrument_version: Mapped[str] = mapped_column(String(40))
    #: The instrument as answered (its YAML), so that the wave reads the same however the
    #: shipped files change.
    instrument_yaml: Mapped[str] = mapped_column(Text)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ReadinessWaveChange(Change, Base):
    """One change to a wave."""

    __tablename__ = "readiness_wave_changes"

    wave_id: Mapped[int] = mapped_column(ForeignKey("readiness_waves.id"), index=True)


class ReadinessLink(Versioned, Base):
    """The link of a partnership's wave, shared with its partners; retired when closed."""

    __tablename__ = "readiness_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(Integer, index=True)
    wave_id: Mapped[int] = mapped_column(Integer, index=True)
    #: The secret of the link, hashed (SHA-256), by which it is found; kept as it is too,
    #: as a campaign link's of the asset survey is, to be shared again.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token: Mapped[str] = mapped_column(String(64), default="")


class ReadinessLinkChange(Change, Base):
    """One change to a readiness link."""

    __tablename__ = "readiness_link_changes"

    link_id: Mapped[int] = mapped_column(ForeignKey("readiness_links.id"), index=True)


class ReadinessResponse(Versioned, Base):
    """One person's answers to a wave of the readiness survey: anonymous unless they chose
    to give their name."""

    __tablename__ = "readiness_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[int] = mapped_column(Integer, index=True)
    instrument_version: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(20))
    role_level: Mapped[str] = mapped_column(String(20))
    ladder: Mapped[str] = mapped_column(String(20), default="")
    #: {category: {"importance": 0-3 | "na" | None, "prevalence": ...}}.
    answers: Mapped[dict] = mapped_column(JSON)
    #: Whether the person chose to give their name; without it the two below stay empty.
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: What tells one browser session from another, hashed, for the limits ("" for an
    #: import).
    session_hash: Mapped[str] = mapped_column(String(32), index=True, default="")
    #: Where it came from: "survey", or the file it was imported from.
    source: Mapped[str] = mapped_column(String(300), default="survey")
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class ReadinessResponseChange(Change, Base):
    """One change to a readiness response (its retiring, or its import)."""

    __tablename__ = "readiness_response_changes"

    response_id: Mapped[int] = mapped_column(ForeignKey("readiness_responses.id"), index=True)
