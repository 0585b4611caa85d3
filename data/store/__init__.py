"""The store of what users write and save: notes (with conversations imported in bulk, the
theme list and the checks on what may be public), stories of places, the promises made to
communities ("you said, we did"), saved editions of the index, the asset register and the
asset survey's links and answers, and partnerships' readiness surveys in the database,
with their history (versioned records, optimistic locking, retiring), and the files saved
between sessions (named specs, users' tables, neighbourhood sets).

SQLAlchemy over SQLite by default (a file in the state folder, WAL mode) or PostgreSQL when
``TCI_DATABASE_URL`` is set; the schema is made and upgraded by Alembic migrations.
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "assets": ("AssetStore", "asset_density"),
    "conversations": ("COLUMNS", "Places", "read_conversations"),
    "db": ("database_url", "open_engine"),
    "editions": ("EditionStore",),
    "models": ("NOTE_SOURCES", "PROMISE_STATUSES", "VISIBILITIES"),
    "neighbourhoods": ("NeighbourhoodStore",),
    "notes": ("NoteStore", "is_public"),
    "privacy": ("describe",),
    "promises": ("STANDINGS", "STANDING_WORDS", "PromiseStore", "for_a_card", "ordered",
                 "promise_is_public", "standing", "tally", "tally_sentence", "tracker_csv",
                 "tracker_rows", "what_happened"),
    "readiness": ("ReadinessStore",),
    "records": ("VersionedStore",),
    "specs": ("SpecStore",),
    "stories": ("StoryStore", "featured_first", "in_brief"),
    "surveys": ("CAMPAIGN", "FILE_FIELDS", "LIMITS", "MERGED_FIELDS", "ORGANISATION_CATEGORY",
                "QUESTIONS", "SurveyAnswerStore", "SurveyPlaces", "answers_from_table",
                "as_asset", "charity_check", "likely_duplicates", "match_columns"),
    "tables": ("UserTableStore", "points_per_lsoa"),
    "themes": ("ThemeStore",),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
