"""Statistics of counts and rates, knowing no place: confidence intervals, comparisons with
a benchmark by them (as Fingertips makes them) and spine charts' figures, funnel plots with
overdispersion, age-standardised rates and ratios, small-number suppression for what is
shown publicly, and themes of what people say counted against the borough.
"""

from data import public_names

#: The names this room offers the rest of the app, by the module that holds each.
PUBLIC = {
    "compare": ("COLOURS", "LABELS", "NOT_COMPARED", "area_comparison",
                "compare_areas", "compared_indicators", "counted_indicators", "spine_table"),
    "funnel": ("Funnel", "make_funnel"),
    "inequality": ("DRAWS", "Inequality", "SEED", "VALUE_TYPES", "guess_quantile_columns",
                   "quantile_table", "slope_index"),
    "rates": ("count_interval", "rate_interval", "wilson_interval"),
    "standardised": ("ESP2013", "RATIO_INTERVALS", "directly_standardised", "guess_columns",
                     "indirectly_standardised"),
    "suppression": ("hidden", "hidden_cells", "secondary", "suppression_rule"),
    "themes": ("HIGH_NEED", "RAISED_MOST", "theme_sentences", "theme_table", "themes_by_area",
               "themes_over_time", "voice_and_numbers"),
}
__getattr__, __dir__, __all__ = public_names(__name__, PUBLIC)
