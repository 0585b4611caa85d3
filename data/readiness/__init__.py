"""Partnership readiness: the Collaboration Readiness Index as a self-assessment that a
place's partners answer (the instrument, versioned in YAML like the index specs; one
person's answers checked; files of answers matched and checked; the answers as one long
table), the statistics of a partnership's answers by wave, and which partnerships' results
sit beside a place.
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "answers": ("check_response", "field_labels"),
    "imports": ("NEEDED", "file_fields", "match_columns", "responses_from_table"),
    "instrument": ("DEFAULT_INSTRUMENT", "Instrument", "LADDER", "LADDER_MEANING",
                   "NOT_APPLICABLE", "QUESTIONS", "ROLE_LEVELS", "SCORES", "SECTORS",
                   "instrument_from_yaml", "instrument_names", "load_instrument",
                   "long_answers"),
    "results": ("GROUP_RULE", "MIN_GROUP", "OVERALL", "RULES", "ReadinessResults", "SCALE",
                "beside", "readiness_results", "results_tables", "sector_results",
                "summary_sentence", "wave_change"),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
