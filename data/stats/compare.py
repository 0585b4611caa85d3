"""Comparing each area with its borough and region using confidence intervals, as OHID's
Fingertips does, and the figures of a spine chart.

The method
----------
Fingertips (the Office for Health Improvement and Disparities' public health profiles)
compares an area's value with a benchmark by the area's confidence interval: when the
interval lies wholly above or below the benchmark's value, the area is *significantly*
higher or lower; when it includes the benchmark, it is *similar*. Whether higher is
*worse* or *better* follows the indicator's direction (``higher_is_worse`` or
``higher_is_better`` in the spec). Intervals are 95% by default; 99.8% (about three
standard errors, fewer chance flags among many areas) is Fingertips' other level.

* A **proportion** (a count that is part of its denominator, such as households deprived
  in three or four dimensions as a percentage of households) gets the Wilson score
  interval.
* A **rate** (events among a population, such as road casualties per 1,000 residents a
  year) gets the exact Poisson interval of its count below 10 events and Byar's
  approximation from 10 up, as OHID's tools do (:func:`data.stats.rates.count_interval`).
* A benchmark (the borough, the region) is the pooled figure of its areas: their counts
  summed over their denominators summed, never an average of rates.

**Which indicators are compared** (:func:`compared_indicators`): those with a count and
a denominator, that is, an indicator whose spec names a ``denominator`` (a proportion
when its ``scale`` is 100, a rate otherwise), and an indicator whose column is a rate
the app makes from a count of events (given as ``rate_columns``, such as road
casualties). An indicator published as a rate, ratio or score without its counts (the
Indices of Deprivation's) has no interval and is "not compared"; so is a value hidden by
the small-number rule, and an area without a value.

Colours
-------
Fingertips colours better, similar and worse green, amber and red, which many people
with red-green colour blindness cannot tell apart. Here they come from the Okabe–Ito
palette (Okabe and Ito, "Color Universal Design", 2002), which reads with every common
kind of colour blindness, like Fingertips' own blue-orange option: **blue for better**,
**orange for worse**, light grey for similar and white for not compared (see
:data:`COLOURS`). Blue and orange also differ in lightness, so they read in greyscale,
and every cell and mark carries its word too, so nothing depends on colour.

Spine charts
------------
:func:`spine_table` gives, per indicator, the area's value, the benchmark and the range
of all the areas (minimum, 25th and 75th percentiles, maximum: numpy's linear
interpolation), oriented as Fingertips draws them: the worst end on the left, the best
on the right, the benchmark in the centre. Positions run from -1 (left edge) to 1
(right edge) with the benchmark at 0, each side scaled by the larger distance of the
worst and best values from the benchmark, so both sides share one scale. Values hidden
by the small-number rule are left out of the range as well as the area's mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from data.stats.rates import check_counts, rate_interval, wilson_interval
from indices.spec import IndexSpec, Indicator

#: The comparisons, and what an indicator without an interval (or hidden) gets.
WORSE, SIMILAR, BETTER, NOT_COMPARED = "worse", "similar", "better", "not compared"
OUTCOMES = (WORSE, SIMILAR, BETTER, NOT_COMPARED)

#: The confidence levels Fingertips offers: 95% by default, and 99.8%.
CONFIDENCES = (0.95, 0.998)

#: Each outcome's colour and the colour of text written on it (Okabe–Ito blue and
#: orange; greys; every pair has a contrast of at least 4.5 to 1).
COLOURS = {
    BETTER: ("#0072B2", "#ffffff"),
    SIMILAR: ("#e0e0e0", "#111111"),
    WORSE: ("#E69F00", "#111111"),
    NOT_COMPARED: ("#ffffff", "#333333"),
}

#: Each outcome as a table cell says it.
LABELS = {WORSE: "Worse", SIMILAR: "Similar", BETTER: "Better", NOT_COMPARED: "Not compared"}


@dataclass(frozen=True)
class Counted:
    """An indicator made from a count and a denominator, which can be compared.

    Attributes
    ----------
    code : str
        The indicator's code in the spec.
    column : str
        The indicator's column in the area table (its suppression is looked up by it).
    count, denominator : str
        Columns of the area table holding the count and its denominator.
    per, years : float
        The value is ``count / denominator * per / years``: a percentage when ``per``
        is 100, a rate per ``per`` a year over ``years`` years otherwise.
    proportion : bool
        The count is part of its denominator (Wilson interval) rather than events
        among it (Poisson).
    higher_is_worse : bool
        Whether a higher value means more need.
    """

    code: str
    column: str
    count: str
    denominator: str
    per: float = 1000.0
    years: float = 1.0
    proportion: bool = False
    higher_is_worse: bool = True


def compared_indicators(spec: IndexSpec, rate_columns: Iterable[str] = ()) -> list[Indicator]:
    """The spec's indicators that are compared: those with a count and a denominator.

    Parameters
    ----------
    spec : IndexSpec
        The index.
    rate_columns : iterable of str
        Columns the app makes as rates from counts of events (road casualties, burglaries).

    Returns
    -------
    list of Indicator
        In spec order: each indicator naming a ``denominator``, and each whose column is
        one of ``rate_columns``.
    """
    rates = set(rate_columns)
    return [i for i in spec.indicators if i.denominator or i.column in rates]


def counted_indicators(spec: IndexSpec, measures: Mapping[str, Any]) -> dict[str, Counted]:
    """Each compared indicator (see :func:`compared_indicators`) with its count and
    denominator, by indicator code.

    Parameters
    ----------
    spec : IndexSpec
        The index.
    measures : Mapping
        The app's rates made from counts, by column, each with ``count``,
        ``denominator``, ``per``, ``years`` and ``proportion`` (as
        :class:`data.areas.counts.CountMeasure` has them). An indicator naming a
        ``denominator`` needs none: it is its column per ``scale`` of its denominator,
        a proportion when ``scale`` is 100.
    """
    counted = {}
    for indicator in compared_indicators(spec, measures):
        if indicator.denominator:
            counted[indicator.code] = Counted(
                indicator.code, indicator.column, indicator.column, indicator.denominator,
                float(indicator.scale), 1.0, indicator.scale == 100, indicator.higher_is_worse)
        else:
            m = measures[indicator.column]
            counted[indicator.code] = Counted(
                indicator.code, indicator.column, m.count, m.denominator, float(m.per),
                float(m.years), bool(m.proportion), indicator.higher_is_worse)
    return counted


def value_interval(counts: pd.Series, denominators: pd.Series, counted: Counted,
                   confidence: float = 0.95) -> pd.DataFrame:
    """Each area's value with its confidence interval.

    Returns
    -------
    pandas.DataFrame
        ``value``, ``lower``, ``upper`` by area (the index of ``counts``); NaN where the
        count or the denominator is missing, or the denominator is not positive.

    Raises
    ------
    data.errors.ImpossibleCountError
        When a count is negative, larger than its whole (a proportion), or over a
        denominator of 0.
    """
    count = pd.to_numeric(counts, errors="coerce").astype(float)
    base = pd.to_numeric(denominators.reindex(count.index), errors="coerce").astype(float)
    check_counts(count, base, counted.proportion, what=counted.code)
    if counted.proportion:
        value, low, high = (v * counted.per for v in wilson_interval(count, base, confidence))
    else:
        value, low, high = rate_interval(count, base * counted.years, counted.per, confidence)
    frame = pd.DataFrame({"value": value, "lower": low, "upper": high}, index=count.index)
    return frame.where(count.notna() & base.notna(), axis=0)


def pooled(table: pd.DataFrame, counted: Counted) -> float:
    """The figure of a group of areas: their counts summed over their denominators summed
    (areas lacking either left out), per ``per`` a year; NaN when the total is not positive."""
    count = pd.to_numeric(table[counted.count], errors="coerce")
    base = pd.to_numeric(table[counted.denominator], errors="coerce")
    both = count.notna() & base.notna()
    total = float(base[both].sum())
    return float(count[both].sum()) / total * counted.per / counted.years if total > 0 \
        else float("nan")


def compare(lower: np.ndarray, upper: np.ndarray, benchmark: float | np.ndarray,
            higher_is_worse: bool = True) -> np.ndarray:
    """Compare intervals with a benchmark: worse, similar or better, or not compared.

    An interval wholly above the benchmark is worse when higher is worse (better when
    higher is better), wholly below it the other way round; one that includes it (ends
    included) is similar. Without an interval or a benchmark: not compared.
    """
    low = np.asarray(lower, dtype=float)
    high = np.asarray(upper, dtype=float)
    mark = np.broadcast_to(np.asarray(benchmark, dtype=float), low.shape)
    above, below = low > mark, high < mark
    out = np.where(above, WORSE if higher_is_worse else BETTER,
                   np.where(below, BETTER if higher_is_worse else WORSE, SIMILAR)).astype(object)
    out[np.isnan(low) | np.isnan(high) | np.isnan(mark)] = NOT_COMPARED
    return out


def _hidden(hidden: pd.DataFrame | None, column: str, index: pd.Index) -> pd.Series:
    if hidden is None or column not in hidden:
        return pd.Series(False, index=index)
    return hidden[column].reindex(index, fill_value=False).fillna(False).astype(bool)


#: The columns of :func:`compare_areas`' table.
COMPARISON_COLUMNS = ("area", "indicator", "value", "lower", "upper", "borough", "region",
                      "against_borough", "against_region", "hidden")


def compare_areas(table: pd.DataFrame, region: pd.DataFrame, counted: Mapping[str, Counted],
                  hidden: pd.DataFrame | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """Compare every area of a table with the borough and the region, indicator by indicator.

    Parameters
    ----------
    table : pandas.DataFrame
        The borough's areas at a level (LSOAs, wards, neighbourhoods), indexed by area
        code, with the count and denominator columns summed from their LSOAs (see
        :func:`data.areas.levels.level_data`); the borough's figure is pooled over them.
    region : pandas.DataFrame
        The region's areas (any level), whose pooled figure is the region's.
    counted : Mapping
        The compared indicators, from :func:`counted_indicators`.
    hidden : pandas.DataFrame, optional
        Per data column, True where an area's value must be hidden: its value,
        interval and comparisons come out missing and "not compared".
    confidence : float
        0.95 (default) or 0.998, as Fingertips offers.

    Returns
    -------
    pandas.DataFrame
        One row per area and compared indicator (areas in table order, indicators in
        the order given), with :data:`COMPARISON_COLUMNS`: ``value``, ``lower`` and
        ``upper``; the pooled ``borough`` and ``region`` figures; ``against_borough``
        and ``against_region`` (one of :data:`OUTCOMES`); ``hidden``.

    Raises
    ------
    data.errors.ImpossibleCountError
        When an area's count cannot make a rate or proportion.
    """
    frames = []
    for code, what in counted.items():
        if what.count not in table or what.denominator not in table:
            continue
        figures = value_interval(table[what.count], table[what.denominator], what, confidence)
        masked = _hidden(hidden, what.column, table.index) | _hidden(hidden, what.count,
                                                                       table.index)
        figures.loc[masked.to_numpy()] = np.nan
        borough = pooled(table, what)
        place = pooled(region, what) if {what.count, what.denominator} <= set(region) \
            else float("nan")
        frames.append(pd.DataFrame({
            "area": table.index, "indicator": code,
            "value": figures["value"].to_numpy(), "lower": figures["lower"].to_numpy(),
            "upper": figures["upper"].to_numpy(), "borough": borough, "region": place,
            "against_borough": compare(figures["lower"], figures["upper"], borough,
                                       what.higher_is_worse),
            "against_region": compare(figures["lower"], figures["upper"], place,
                                      what.higher_is_worse),
            "hidden": masked.to_numpy()}))
    if not frames:
        return pd.DataFrame(columns=list(COMPARISON_COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    order = {code: n for n, code in enumerate(table.index)}
    out = out.sort_values("area", key=lambda s: s.map(order), kind="stable")
    return out.reset_index(drop=True)[list(COMPARISON_COLUMNS)]


def area_comparison(spec: IndexSpec, comparisons: pd.DataFrame, code: str) -> pd.DataFrame:
    """One area's comparisons for every indicator of a spec, in spec order.

    Parameters
    ----------
    spec : IndexSpec
        The index; its indicators without a comparison are "not compared".
    comparisons : pandas.DataFrame
        From :func:`compare_areas`.
    code : str
        The area.

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``indicator`` (its code), ``name``, ``unit``, ``compared``
        (whether it has counts), then the columns of :func:`compare_areas` but ``area``.
    """
    mine = comparisons[comparisons["area"] == code].set_index("indicator")
    rows = []
    for indicator in spec.indicators:
        row = {"indicator": indicator.code, "name": indicator.name, "unit": indicator.unit,
               "compared": indicator.code in mine.index}
        if row["compared"]:
            found = mine.loc[indicator.code]
            row |= {c: found[c] for c in COMPARISON_COLUMNS[2:]}
        else:
            row |= {"value": np.nan, "lower": np.nan, "upper": np.nan, "borough": np.nan,
                    "region": np.nan, "against_borough": NOT_COMPARED,
                    "against_region": NOT_COMPARED, "hidden": False}
        rows.append(row)
    return pd.DataFrame(rows)


#: The columns of :func:`spine_table`'s table.
SPINE_COLUMNS = ("indicator", "name", "unit", "value", "benchmark", "minimum", "p25", "p75",
                 "maximum", "worst", "worse_quartile", "better_quartile", "best",
                 "at_value", "at_worst", "at_worse_quartile", "at_better_quartile", "at_best",
                 "comparison")


def spine_table(spec: IndexSpec, values: pd.DataFrame, code: str, benchmarks: pd.Series,
                hidden: pd.DataFrame | None = None,
                comparisons: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The figures of an area's spine chart: per indicator its value, the benchmark and the
    range of all the areas, oriented worst (left) to best (right) about the benchmark.

    Parameters
    ----------
    spec : IndexSpec
        The index (names, units, directions).
    values : pandas.DataFrame
        Every area's value of each indicator (columns: indicator codes), such as
        :attr:`indices.build.IndexRun.values`: the areas the range is taken over.
    code : str
        The area charted.
    benchmarks : pandas.Series
        The benchmark of each indicator (by code), such as the borough's figure.
    hidden : pandas.DataFrame, optional
        Per data column, True where an area's value must be hidden: it is left out of
        the range, and the area's own hidden value is missing.
    comparisons : Mapping, optional
        The area's comparison with the benchmark per indicator code (default: not
        compared).

    Returns
    -------
    pandas.DataFrame
        One row per indicator, in spec order, with :data:`SPINE_COLUMNS`: the
        ``value``, ``benchmark``, ``minimum``, ``p25``, ``p75`` and ``maximum`` as
        values; ``worst``, ``worse_quartile``, ``better_quartile`` and ``best``, the
        same oriented by direction (for higher is worse: maximum, 75th percentile,
        25th, minimum); and each of these as a position ``at_...`` from -1 (left, the
        worst side) to 1 (right) with the benchmark at 0; ``comparison``.
    """
    comparisons = comparisons or {}
    rows = []
    for indicator in spec.indicators:
        column = values[indicator.code].astype(float) if indicator.code in values \
            else pd.Series(np.nan, index=values.index)
        masked = _hidden(hidden, indicator.column, column.index)
        shown = column[~masked].dropna()
        value = np.nan if masked.get(code, False) else float(column.get(code, np.nan))
        benchmark = float(benchmarks.get(indicator.code, np.nan))
        if len(shown):
            low, p25, p75, high = np.percentile(shown.to_numpy(), [0, 25, 75, 100])
        else:
            low = p25 = p75 = high = np.nan
        worse = indicator.higher_is_worse
        worst, worse_q, better_q, best = (high, p75, p25, low) if worse else (low, p25, p75, high)
        sign = -1.0 if worse else 1.0  # higher is worse: higher values go left

        with np.errstate(invalid="ignore"):
            half = np.nanmax([abs(worst - benchmark), abs(best - benchmark),
                              abs(value - benchmark), 0.0]) if not np.isnan(benchmark) \
                else np.nan

        def at(x: float, half: float = half, benchmark: float = benchmark,
               sign: float = sign) -> float:
            if np.isnan(x) or np.isnan(benchmark) or np.isnan(half):
                return np.nan
            return 0.0 if half == 0 else sign * (x - benchmark) / half

        rows.append({
            "indicator": indicator.code, "name": indicator.name, "unit": indicator.unit,
            "value": value, "benchmark": benchmark, "minimum": low, "p25": p25, "p75": p75,
            "maximum": high, "worst": worst, "worse_quartile": worse_q,
            "better_quartile": better_q, "best": best, "at_value": at(value),
            "at_worst": at(worst), "at_worse_quartile": at(worse_q),
            "at_better_quartile": at(better_q), "at_best": at(best),
            "comparison": comparisons.get(indicator.code, NOT_COMPARED),
        })
    return pd.DataFrame(rows, columns=list(SPINE_COLUMNS))
