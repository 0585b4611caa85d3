"""The slope and relative index of inequality (SII, RII) across deprivation quantiles, as
OHID's public health technical guidance computes them and its R package PHEindicatormethods
implements them (``phe_sii``, version 2).

- **Ranks.** The quantiles are put in order of their number, quantile 1 (the most deprived
  decile of the IoD, say) first, as the package expects ("ordered from 1 most deprived to 10
  least deprived"); a table whose highest number is the most deprived is turned round with
  ``descending=True``. Each quantile's relative rank is the middle of its share of the
  population, cumulated in that order: 0 is the most deprived end, 1 the least deprived.
- **Fit.** Weighted least squares, as Hayes and Berry transform it: the value and the rank
  of each quantile are multiplied by the square root of its share of the population and
  regressed, without a constant, on that square root and on the rank times it. The SII is
  the slope, the fitted value at the least deprived end (rank 1) less that at the most
  deprived end (rank 0), so it is **positive when the less deprived have the higher value**
  and negative when the more deprived do (a ``multiplier`` of -1 turns it round, and takes
  the inverse of the RII, as the package does). The RII is the fitted value at rank 1 over
  that at rank 0.
- **Transformations.** A rate (``value_type="rate"``) is taken on the log scale and a
  proportion (between 0 and 1) on the logit scale to find each quantile's standard error
  from its 95% confidence limits, ``(g(upper) - g(lower)) / (2 x 1.96)``, and to draw from;
  a standard error given instead is read on that scale. With ``transform=True`` (which the
  package recommends for rates and proportions, and which needs the limits) the line is
  fitted on that scale too, and the SII is turned back into the indicator's units as
  ``g^-1(intercept + slope) - g^-1(intercept)``; its limits pivot round the line's middle
  (``x = 1/2``), as the package's do.
- **Confidence intervals** by simulation: each quantile's value is drawn ``draws`` times from
  a normal distribution with its standard error (on the transformed scale), the line fitted
  to each draw, and the limits read at the draws' 2.5th and 97.5th percentiles (for 95%)
  by the package's positions (``round(draws x 0.025)`` and ``round(draws x 0.975)``, from
  1). A fixed ``seed`` gives the same limits every time. With ``reliability=True`` nine more
  sets of draws are made and the mean absolute difference of their limits from the first
  set's is given as a measure of how much the limits would move on another run.

References: Low A, Low A. Measuring the gap: quantifying and comparing local health
inequalities. Journal of Public Health 2004;26:388-395. Office for Health Improvement and
Disparities, Public Health Technical Guidance (Fingertips). PHEindicatormethods (R package,
UK Health Security Agency and OHID): ``phe_sii``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit, logit, ndtri

from data.errors import InequalityError
from data.stats.rates import check_counts, rate_interval, wilson_interval

#: The kinds of value: a rate (log scale), a proportion between 0 and 1 (logit), or other.
VALUE_TYPES = ("rate", "proportion", "other")
#: Draws of the simulation by default (the package's own default is 100,000).
DRAWS = 10_000
#: Fewest draws the package allows.
FEWEST_DRAWS = 1000
#: The seed of the simulation by default, so that the same table gives the same limits.
SEED = 20_250_101
#: How many quantiles the package allows.
QUANTILES = (5, 100)
#: The headings each column is first guessed from (in any case), most likely first.
HEADINGS = {
    "quantile": ("quantile", "decile", "quintile", "imd decile", "imd_decile", "imd quintile",
                 "deprivation decile", "deprivation quintile", "group"),
    "value": ("value", "rate", "proportion", "percentage", "indicator", "dsr", "life expectancy"),
    "population": ("population", "pop", "denominator", "residents", "persons", "total_pop"),
    "se": ("se", "standard error", "standarderror", "std error"),
    "lower": ("lower", "lower cl", "lowercl", "lower_cl", "lcl", "lower 95", "lower limit",
              "95% lower"),
    "upper": ("upper", "upper cl", "uppercl", "upper_cl", "ucl", "upper 95", "upper limit",
              "95% upper"),
}
#: The z of the 95% limits a quantile's standard error is found from (as the package: fixed).
_Z95 = float(ndtri(0.975))


def guess_quantile_columns(headings: list[str]) -> dict[str, str | None]:
    """A first guess at which of a table's columns holds the quantile, value, population,
    standard error and lower and upper limits (see :data:`HEADINGS`; None where none is
    recognised)."""
    folded = {str(h).strip().casefold(): str(h) for h in headings}
    return {name: next((folded[n] for n in names if n in folded), None)
            for name, names in HEADINGS.items()}


@dataclass(frozen=True)
class Inequality:
    """The slope and relative index of inequality of one table of quantiles.

    Attributes
    ----------
    sii, rii : float
        The slope index (times the multiplier) and the relative index.
    intercept : float
        The fitted value at the most deprived end (rank 0), in the value's units times the
        size of the multiplier.
    limits, rii_limits : dict
        Each confidence level's (lower, upper) limits of the SII and of the RII.
    reliability : dict
        With ``reliability=True``, each confidence level's mean absolute difference of the
        SII's and the RII's limits over nine more sets of draws (``(sii, rii)``); else empty.
    quantiles : pandas.DataFrame
        Indexed by quantile, most deprived first: ``population``, ``value``, ``se`` (on the
        scale drawn from), ``share`` of the population, ``rank`` and ``fitted`` (the line's
        value at the rank, in the value's units), and ``lower``/``upper`` where given.
    value_type : str
        One of :data:`VALUE_TYPES`.
    transform : bool
        Whether the line was fitted on the log (logit) scale.
    multiplier : float
        What the SII and its limits were multiplied by.
    draws, seed : int
        The simulation's draws and seed.
    """

    sii: float
    rii: float
    intercept: float
    limits: dict[float, tuple[float, float]]
    rii_limits: dict[float, tuple[float, float]]
    quantiles: pd.DataFrame
    value_type: str
    transform: bool
    multiplier: float
    draws: int
    seed: int | None
    coefficients: tuple[float, float] = field(repr=False, default=(np.nan, np.nan))
    reliability: dict[float, tuple[float, float]] = field(default_factory=dict)

    def fitted(self, ranks: Sequence[float] | np.ndarray) -> np.ndarray:
        """The fitted line's value at each relative rank (0 most deprived, 1 least), in the
        value's units."""
        intercept, slope = self.coefficients
        line = intercept + slope * np.asarray(ranks, dtype=float)
        return _back(line, self.value_type) if self.transform else line

    def summary(self) -> pd.DataFrame:
        """One row per statistic (``sii``, ``rii``, ``intercept``) with its value and each
        confidence level's limits (``lower_95``, ``upper_95``...), for a spreadsheet."""
        rows = {"sii": {"value": self.sii}, "rii": {"value": self.rii},
                "intercept": {"value": self.intercept}}
        for level in self.limits:
            name = f"{level * 100:g}"
            for stat, limits in (("sii", self.limits), ("rii", self.rii_limits)):
                rows[stat][f"lower_{name}"], rows[stat][f"upper_{name}"] = limits[level]
            if level in self.reliability:
                rows["sii"][f"mad_{name}"], rows["rii"][f"mad_{name}"] = self.reliability[level]
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("statistic")

    def method(self) -> str:
        """How these figures were made, in a sentence."""
        scale = {"rate": "log", "proportion": "logit"}.get(self.value_type)
        fit = (f"fitted on the {scale} scale and turned back" if self.transform
               else "fitted to the values as they are")
        drawn = f", drawn on the {scale} scale" if scale else ""
        return (f"Slope and relative index of inequality as OHID computes them "
                f"(the R package PHEindicatormethods): weighted least squares on the "
                f"population's cumulative mid-point ranks, most deprived 0 to least deprived "
                f"1, {fit}; confidence intervals from {self.draws:,} simulated draws of each "
                f"quantile's value{drawn} (seed {self.seed}).")


def _back(values: np.ndarray, value_type: str) -> np.ndarray:
    """Undo the log (rate) or logit (proportion) of values."""
    return np.exp(values) if value_type == "rate" else expit(values) \
        if value_type == "proportion" else values


def _there(value: object) -> bool:
    return str(value).strip() not in ("", "nan", "None", "NaN", "<NA>")


def _checked(table: pd.DataFrame, value_type: str, rows: Sequence[int] | None,
             what: str) -> pd.DataFrame:
    """The table's columns as numbers, refusing what no index can be made from; each fault
    names the row (the header is row 1), the column and the value."""
    limits = "lower" in table.columns or "upper" in table.columns
    needed = ["quantile", "value", "population"]
    needed += ["lower", "upper"] if limits or "se" not in table.columns else ["se"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise InequalityError(
            f"{what}: the table has no column {', '.join(missing)}; give each quantile's "
            "value, population and either its standard error or its 95% lower and upper "
            "limits.")
    if len(table) == 0:
        raise InequalityError(f"{what}: the table has no rows.")
    row_of = list(rows) if rows is not None else list(range(2, len(table) + 2))
    frame = table.reset_index(drop=True)
    numbers = pd.DataFrame({c: pd.to_numeric(frame[c], errors="coerce").astype(float)
                            for c in needed})

    def fault(i: int, column: str, message: str) -> InequalityError:
        return InequalityError(
            f"{what}, row {row_of[i]}, column {column!r}, value {str(frame.at[i, column])!r}: "
            f"{message}.")

    for column in needed:
        for i in range(len(frame)):
            given, number = frame.at[i, column], numbers.at[i, column]
            if not _there(given):
                raise fault(i, column, "it is empty; every quantile needs a value here "
                            "(a quantile without data cannot be left in)")
            if np.isnan(number) or np.isinf(number):
                raise fault(i, column, "it is not a number")
    quantile = numbers["quantile"]
    repeated = quantile[quantile.duplicated()]
    if len(repeated):
        raise fault(int(repeated.index[0]), "quantile", "this quantile is given twice")
    for i in range(len(frame)):
        if numbers.at[i, "population"] <= 0:
            raise fault(i, "population", "a quantile's population must be more than 0")
        if "se" in numbers and numbers.at[i, "se"] < 0:
            raise fault(i, "se", "a standard error cannot be negative")
        if "lower" in numbers and numbers.at[i, "lower"] > numbers.at[i, "upper"]:
            raise fault(i, "lower", f"the lower limit is above the upper limit "
                        f"({numbers.at[i, 'upper']:g})")
        for column in ("value", "lower", "upper"):
            if column not in numbers:
                continue
            number = numbers.at[i, column]
            if value_type == "proportion" and not 0 < number < 1:
                raise fault(i, column, "a proportion must be between 0 and 1 (give 0.25, "
                            "not 25%), and above 0 and below 1 for its logit")
            if value_type == "rate" and number <= 0:
                raise fault(i, column, "a rate must be above 0 for its logarithm (a quantile "
                            "with no events cannot be taken on the log scale: choose the "
                            "value type 'other', or join quantiles)")
    low, high = QUANTILES
    if not low <= len(frame) <= high:
        raise InequalityError(f"{what}: the table has {len(frame)} quantiles; the method needs "
                              f"from {low} to {high} (deciles or quintiles, say).")
    return numbers


def _positions(draws: int, level: float) -> tuple[int, int]:
    """The package's positions (from 1) of a level's limits among sorted draws."""
    upper = level + (1 - level) / 2
    return int(round(draws * (1 - upper))), int(round(draws * upper))


def slope_index(table: pd.DataFrame, value_type: str = "other", transform: bool = False,
                multiplier: float = 1.0, confidence: float | Sequence[float] = 0.95,
                draws: int = DRAWS, seed: int | None = SEED, reliability: bool = False,
                descending: bool = False, rows: Sequence[int] | None = None,
                what: str = "Quantiles") -> Inequality:
    """The slope and relative index of inequality of a table of quantiles, with simulated
    confidence intervals (see the module's description of the method).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per quantile: ``quantile`` (its number, 1 the most deprived unless
        ``descending``; or the index, named so, as :func:`quantile_table` makes it),
        ``value``, ``population`` and either ``se`` or ``lower`` and ``upper`` (the
        value's 95% confidence limits; used when both are given).
    value_type : str
        ``"rate"``, ``"proportion"`` (between 0 and 1) or ``"other"``.
    transform : bool
        Fit on the log (rate) or logit (proportion) scale; needs the limits, not ``se``.
    multiplier : float
        What the SII and its limits are multiplied by (100 for percentage points of a
        proportion; negative to turn the SII round, which inverts the RII).
    confidence : float or sequence of float
        The limits' confidence levels, each from 0.9 to 1 (or 90 to 100).
    draws : int
        Draws of the simulation, 1,000 or more.
    seed : int or None
        The random generator's seed (None for a fresh one each time).
    reliability : bool
        Also make nine more sets of draws and give the limits' mean absolute difference.
    descending : bool
        The highest-numbered quantile is the most deprived.
    rows : sequence of int, optional
        Each row's number as its user sees it, for messages (default: 2, 3, ... as in a
        file whose header is row 1).
    what : str
        The table's name (its file), for messages.

    Returns
    -------
    Inequality

    Raises
    ------
    InequalityError
        For a missing column, an empty or non-numeric cell, a repeated quantile, a
        population of 0, a proportion outside 0 to 1 or a rate of 0 to be logged, fewer
        than 5 or more than 100 quantiles, or a setting the method does not allow; each
        naming the row, column and value.
    """
    if value_type not in VALUE_TYPES:
        raise InequalityError(f"The value type must be one of {', '.join(VALUE_TYPES)}, not "
                              f"{value_type!r}.")
    levels = [float(c) for c in (confidence if isinstance(confidence, Sequence)
                                 else [confidence])]
    levels = [c / 100 if c >= 90 else c for c in levels]
    if not levels or any(not 0.9 <= c <= 1 for c in levels):
        raise InequalityError("Each confidence level must be from 0.9 to 1 (or 90 to 100).")
    if draws < FEWEST_DRAWS:
        raise InequalityError(f"The simulation needs {FEWEST_DRAWS:,} draws or more, not "
                              f"{draws:,}.")
    if "quantile" not in table.columns and table.index.name == "quantile":
        table = table.reset_index()  # as quantile_table makes it
    uses_limits = "lower" in table.columns or "upper" in table.columns
    if transform and value_type == "other":
        raise InequalityError("Only a rate or a proportion can be transformed: choose its value "
                              "type, or leave the transformation off.")
    if transform and not uses_limits:
        raise InequalityError("Transforming needs each quantile's 95% lower and upper limits, "
                              "not a standard error (as in PHEindicatormethods).")
    numbers = _checked(table, value_type, rows, what)
    numbers = numbers.sort_values("quantile", ascending=not descending, kind="stable")
    g = {"rate": np.log, "proportion": logit}.get(value_type, lambda v: v)
    value = numbers["value"].to_numpy()
    drawn_mean = g(value)
    if uses_limits:
        se = (g(numbers["upper"].to_numpy()) - g(numbers["lower"].to_numpy())) / _Z95 / 2
    else:
        se = numbers["se"].to_numpy()
    population = numbers["population"].to_numpy()
    share = population / population.sum()
    rank = np.cumsum(share) - share / 2
    root = np.sqrt(share)
    design = np.column_stack([root, rank * root])
    solver = np.linalg.solve(design.T @ design, design.T)  # (X'X)^-1 X'
    intercept, slope = solver @ ((drawn_mean if transform else value) * root)

    total = draws * (10 if reliability else 1)
    generator = np.random.default_rng(seed)
    sampled = generator.normal(drawn_mean[:, None], se[:, None], size=(len(value), total))
    if not transform:
        sampled = _back(sampled, value_type)
    fits = solver @ (sampled * root[:, None])
    sim_intercept, sim_slope = fits[0].reshape(-1, draws), fits[1].reshape(-1, draws)
    negative = multiplier < 0
    size = abs(multiplier)
    if transform:
        at_1, at_0 = _back(np.array(intercept + slope), value_type), _back(
            np.array(intercept), value_type)
        sii, rii = float((at_1 - at_0) * multiplier), float(at_1 / at_0)
        rii = 1 / rii if negative else rii
        fitted_0 = float(at_0 * size)
        middle = intercept + slope / 2
        sim_sii = sim_rii = None
    else:
        sii, rii = float(slope * multiplier), float((intercept + slope) / intercept)
        rii = 1 / rii if negative else rii
        fitted_0 = float(intercept * size)
        sim_sii = np.sort(sim_slope * multiplier, axis=1)
        ratio = (sim_slope + sim_intercept) / sim_intercept
        sim_rii = np.sort(1 / ratio if negative else ratio, axis=1)
    sorted_slope = np.sort(sim_slope, axis=1) if transform else None

    limits, rii_limits, mad = {}, {}, {}
    for level in levels:
        low_at, high_at = _positions(draws, level)
        if transform:
            s_low, s_high = sorted_slope[:, low_at - 1], sorted_slope[:, high_at - 1]
            ends = [(_back(middle + s / 2, value_type), _back(middle - s / 2, value_type))
                    for s in (s_low, s_high)]
            siis = [(one - zero) * multiplier for one, zero in ends]
            riis = [one / zero for one, zero in ends]
            if negative:
                siis, riis = siis[::-1], [1 / r for r in riis[::-1]]
            sii_sets, rii_sets = np.array(siis), np.array(riis)  # (lower/upper, set)
        else:
            sii_sets = np.array([sim_sii[:, low_at - 1], sim_sii[:, high_at - 1]])
            rii_sets = np.array([sim_rii[:, low_at - 1], sim_rii[:, high_at - 1]])
        limits[level] = (float(sii_sets[0, 0]), float(sii_sets[1, 0]))
        rii_limits[level] = (float(rii_sets[0, 0]), float(rii_sets[1, 0]))
        if reliability:
            mad[level] = (float(np.abs(sii_sets[:, 1:] - sii_sets[:, :1]).mean()),
                          float(np.abs(rii_sets[:, 1:] - rii_sets[:, :1]).mean()))

    quantiles = pd.DataFrame({"population": population, "value": value, "se": se,
                              "share": share, "rank": rank},
                             index=pd.Index(numbers["quantile"].to_numpy(), name="quantile"))
    for column in ("lower", "upper"):
        if column in numbers:
            quantiles[column] = numbers[column].to_numpy()
    result = Inequality(sii=sii, rii=rii, intercept=fitted_0, limits=limits,
                        rii_limits=rii_limits, quantiles=quantiles, value_type=value_type,
                        transform=transform, multiplier=float(multiplier), draws=draws,
                        seed=seed, coefficients=(float(intercept), float(slope)),
                        reliability=mad)
    quantiles["fitted"] = result.fitted(rank)
    if quantiles.index.equals(quantiles.index.astype(int)):
        quantiles.index = quantiles.index.astype(int)
    return result


def quantile_table(counts: pd.Series, denominators: pd.Series, quantiles: pd.Series,
                   per: float = 1000.0, years: float = 1.0, proportion: bool = False,
                   confidence: float = 0.95, what: str = "Counts") -> pd.DataFrame:
    """Areas' counts and populations summed by the quantile each area is in (such as its IMD
    decile), with each quantile's rate or proportion and its confidence interval.

    Parameters
    ----------
    counts, denominators, quantiles : pandas.Series
        Each area's count, denominator (population, households) and quantile, by area
        code. Areas without a quantile, a count or a denominator are left out.
    per, years : float
        A rate is per ``per`` of the denominator a year over ``years`` (the exact Poisson
        interval below 10 events, Byar's from 10; :func:`data.stats.rates.rate_interval`).
    proportion : bool
        The counts are parts of their denominators: the value is a proportion between 0
        and 1 with Wilson's interval (:func:`data.stats.rates.wilson_interval`).
    confidence : float
        The intervals' confidence.
    what : str
        What the counts are, for messages.

    Returns
    -------
    pandas.DataFrame
        Indexed by quantile in order: ``count``, ``population`` (the denominator summed),
        ``areas``, ``value``, ``lower`` and ``upper``; ready for :func:`slope_index`.

    Raises
    ------
    ImpossibleCountError
        For a negative count or denominator, a count over a denominator of 0, or (for a
        proportion) a part larger than its whole, naming the areas.
    """
    check_counts(counts, denominators, proportion=proportion, what=what)
    frame = pd.DataFrame({"count": pd.to_numeric(counts, errors="coerce"),
                          "population": pd.to_numeric(denominators.reindex(counts.index),
                                                      errors="coerce"),
                          "quantile": pd.to_numeric(quantiles.reindex(counts.index),
                                                    errors="coerce")}).dropna()
    summed = frame.groupby("quantile").agg(count=("count", "sum"),
                                           population=("population", "sum"),
                                           areas=("count", "size")).sort_index()
    if summed.index.equals(summed.index.astype(int)):
        summed.index = summed.index.astype(int)
    if proportion:
        value, low, high = wilson_interval(summed["count"], summed["population"], confidence)
    else:
        value, low, high = rate_interval(summed["count"], summed["population"] * years, per,
                                         confidence)
    return summed.assign(value=value, lower=low, upper=high)
