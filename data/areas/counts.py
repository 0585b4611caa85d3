"""Count measures: a count per area with the denominator that makes it a rate or a proportion.

They come from the measures derived from point files (burglaries, road
casualties: events per 1,000 residents a year) and from the working spec's
indicators that name a denominator (such as households deprived in three or
four dimensions, as a percentage of households).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.areas.derived import MEASURES, PER, unavailable
from data.areas.table import column_name
from data.stats.funnel import Funnel, make_funnel
from indices.spec import IndexSpec


@dataclass(frozen=True)
class CountMeasure:
    """A count per area and what it is counted among.

    Attributes
    ----------
    code, name, unit : str
        Identifier, plain name and the unit of its rate (such as "per 1,000
        residents a year" or "% of households").
    count, denominator : str
        Columns of the area table holding the count and its denominator.
    denominator_name : str
        What the denominator counts, in words.
    per, years : float
        The rate is per ``per`` of the denominator, per year over ``years``.
    proportion : bool
        The count is part of its denominator (a percentage, with Wilson
        intervals and binomial limits) rather than events among it.
    """

    code: str
    name: str
    unit: str
    count: str
    denominator: str
    denominator_name: str
    per: float = PER
    years: float = 1.0
    proportion: bool = False


def count_measures(root: Path, spec: IndexSpec) -> dict[str, CountMeasure]:
    """Return every count measure of the data and of a spec, by code.

    Parameters
    ----------
    root : Path
        The data folder (the periods the point files cover are read from it).
    spec : IndexSpec
        The working spec; its indicators with a ``denominator`` are included,
        those with ``scale`` 100 as percentages. Measures whose point file is
        not in the data folder (a fetched borough) are left out.
    """
    absent = {m.column for m in unavailable(root)}
    measures = {
        m.column: CountMeasure(m.column, m.name, m.unit, m.count_column, m.denominator,
                               "usual residents (Census 2021)", PER, m.period(root))
        for m in MEASURES
        if m.count_column and m.denominator and m.period and m.column not in absent
    }
    for indicator in spec.indicators:
        if indicator.denominator:
            measures[indicator.code] = CountMeasure(
                indicator.code, indicator.name, indicator.unit, indicator.column,
                indicator.denominator, column_name(indicator.denominator),
                indicator.scale, proportion=indicator.scale == 100)
    return measures


def measure_funnel(table: pd.DataFrame, measure: CountMeasure,
                   overdispersion: bool = False) -> Funnel:
    """Return the funnel of a count measure over the areas of a table, against their rate.

    With ``overdispersion`` the limits are widened when the areas spread more
    than chance would give (see :func:`data.stats.funnel.make_funnel`).

    Raises
    ------
    data.errors.ImpossibleCountError
        When a count is negative, larger than its whole, or over a denominator of 0.
    """
    return make_funnel(table[measure.count], table[measure.denominator], measure.per, measure.years,
                  proportion=measure.proportion, overdispersion=overdispersion,
                  what=measure.name)
