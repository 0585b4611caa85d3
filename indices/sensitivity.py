"""Sensitivity analysis: how robust is each area's rank to the choices made in building it?

A Monte Carlo over the uncertain choices, as in the OECD/JRC Handbook and COINr:
every draw perturbs each indicator's and domain's weight by up to
``weight_range`` (uniformly, as a share of the weight), picks a normalisation
and an aggregation method from the alternatives, and may leave one indicator
out. The index is rebuilt for every draw from the run's treated values, and
each area's ranks over the draws give its median rank and its 5th to 95th
percentile rank interval.

Each choice's share of the rank variance is its first-order effect: the
variance of the areas' mean rank across the choice's options, as a share of
the total variance of the ranks (summed over areas). What the discrete choices
do not explain is put down to the weights and to interactions between choices.

Within a draw, scores are computed in single precision (so two areas whose
scores differ by less than about one part in ten million may be ranked either
way), exact ties are broken by area order, and areas without a score rank
last. The ranks of those scores are exact: each draw is sorted in full (its
keys made and its ranks written by the compiled loops of
:mod:`indices.kernels`), and each area's percentile ranks come from sorting its
ranks over all the draws. The variance shares use an even sample of up to
5,000 areas.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indices.aggregate import AGGREGATORS, GEOMETRIC_FLOOR
from indices.build import IndexRun, normalise_indicators
from indices.errors import SpecError
from indices.normalise import NORMALISERS
from indices.spec import IndexSpec

#: Normalisations that give no negative scores, and so can be aggregated geometrically.
NON_NEGATIVE = frozenset({"minmax", "percentile", "exponential"})

#: Label of the spec's own methods among the options.
AS_SPECIFIED = "as specified"

#: Most draws processed together (bounds the memory of the score matrix).
_CHUNK = 128

#: Areas whose ranks are sorted together to find their percentiles.
_AREA_BLOCK = 512

#: The percentile ranks found for each area, by column name.
_PERCENTILES = {"median_rank": 0.5, "rank_p05": 0.05, "rank_p95": 0.95}


@dataclass(frozen=True)
class SensitivitySettings:
    """What to vary, and how much.

    Attributes
    ----------
    draws : int
        Number of Monte Carlo draws.
    seed : int
        Seed of the random draws: the same seed gives the same result.
    weight_range : float
        Each weight is multiplied by a factor drawn uniformly from
        ``1 - weight_range`` to ``1 + weight_range``; 0 leaves weights alone.
    normalisations : tuple of str
        The normalisation methods to draw from; empty keeps the spec's own.
        (An indicator whose own method is drawn keeps its parameters.)
    aggregations : tuple of str
        The aggregation methods to draw from (applied at both levels); empty
        keeps the spec's own.
    leave_one_out : bool
        Whether draws may leave one indicator out (each indicator, or none,
        equally likely).
    """

    draws: int = 1000
    seed: int = 0
    weight_range: float = 0.25
    normalisations: tuple[str, ...] = ("zscore", "minmax", "percentile")
    aggregations: tuple[str, ...] = ("arithmetic", "geometric")
    leave_one_out: bool = True

    def describe(self) -> str:
        """Say in words what each draw varies: the one description of the settings, for
        the Methods page and the briefings."""
        varied = [f"multiplying every weight by a random factor within ±{self.weight_range:.0%}"
                  if self.weight_range else "keeping the weights as set"]
        for kind, registry, names in (("normalisation", NORMALISERS, self.normalisations),
                                      ("aggregation", AGGREGATORS, self.aggregations)):
            options = [registry.label(name) for name in names]
            choices = " or ".join([", ".join(options[:-1]), options[-1]] if len(options) > 1
                                  else options)
            varied.append(f"drawing the {kind} from {choices}" if options
                          else f"keeping the spec's own {kind}")
        if self.leave_one_out:
            varied.append("sometimes leaving one indicator out (each, or none, equally likely)")
        return (f"{self.draws:,} draws (from random seed {self.seed}, so that they can be made "
                "again exactly), each "
                + ", ".join(varied[:-1]) + ", and " + varied[-1])

    def check(self) -> None:
        """Raise SpecError naming the first setting that cannot be used."""
        if isinstance(self.draws, bool) or not isinstance(self.draws, int) or self.draws < 1:
            raise SpecError(f"draws must be a whole number of 1 or more, not {self.draws!r}.")
        if not 0 <= self.weight_range < 1:
            raise SpecError(
                f"weight_range must be from 0 to below 1 (0.25 means ±25%), not "
                f"{self.weight_range!r}."
            )
        for name in self.normalisations:
            NORMALISERS.get(name, "sensitivity normalisations")
        for name in self.aggregations:
            AGGREGATORS.get(name, "sensitivity aggregations")


@dataclass(frozen=True)
class SensitivityResult:
    """What the Monte Carlo found.

    Attributes
    ----------
    areas : pandas.DataFrame
        Per area: ``rank`` (of the run itself), ``median_rank``, ``rank_p05``
        and ``rank_p95`` (the 5th and 95th percentile ranks over the draws).
    shares : pandas.Series
        Each choice's share of the rank variance (0 to 1): ``normalisation``,
        ``aggregation``, ``indicator left out``, and ``weights and
        interactions`` (the rest).
    draws : pandas.DataFrame
        One row per draw: the normalisation, aggregation and indicator left
        out ("" for none).
    settings : SensitivitySettings
    """

    areas: pd.DataFrame
    shares: pd.Series
    draws: pd.DataFrame
    settings: SensitivitySettings = field(default_factory=SensitivitySettings)


# --------------------------------------------------------------------- set-up

#: Areas used to estimate the variance shares (an even sample of larger sets).
_SHARE_AREAS = 5000


def _normalised_options(run: IndexRun, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Each normalisation option's matrix, transposed: one row per indicator."""
    if not names:
        return {AS_SPECIFIED: np.ascontiguousarray(run.normalised.to_numpy().T)}
    treated = run.treated.to_numpy()
    options = {}
    for name in names:
        if all(run.spec.normalisation_of(i).method == name for i in run.spec.indicators):
            options[name] = run.normalised.to_numpy().T  # the run's own: no need to redo it
            continue
        matrix = np.empty(treated.shape, order="F")
        normalise_indicators(run.spec, treated, matrix, method=name)
        options[name] = matrix.T  # F-ordered (n x k) is C-ordered (k x n)
    return options


def _combinations(
    spec: IndexSpec, normalised: dict[str, np.ndarray], aggregations: tuple[str, ...]
) -> list[tuple[str, str]]:
    aggregation_names = aggregations or (AS_SPECIFIED,)
    combos = []
    for n_name, matrix in normalised.items():
        negative = np.nanmin(matrix, initial=0.0) < 0
        for a_name in aggregation_names:
            if "geometric" in _methods(spec, a_name) and negative:
                continue
            combos.append((n_name, a_name))
    if not combos:
        raise SpecError(
            "no combination of the normalisations and aggregations can be used: geometric "
            f"aggregation needs scores of 0 or more ({', '.join(sorted(NON_NEGATIVE))})."
        )
    return combos


def _methods(spec: IndexSpec, aggregation: str) -> set[str]:
    if aggregation != AS_SPECIFIED:
        return {aggregation}
    return {spec.aggregation} | {spec.aggregation_of(d) for d in spec.domains}


# --------------------------------------------------------------------- scoring


def _log(values: np.ndarray) -> np.ndarray:
    """Logarithm of scores floored as the engine's geometric mean floors them."""
    with np.errstate(invalid="ignore"):
        return np.log(np.maximum(values, np.float32(GEOMETRIC_FLOOR)))


def _combine(values: np.ndarray, present: np.ndarray | None, weights: np.ndarray,
             propagate: bool) -> np.ndarray:
    """Weighted sums of rows of ``values`` (indicators or domains x areas), one per draw
    -> (draws x areas).

    Weights of missing indicators (or domains) are redistributed over the present ones,
    keeping each draw's total, as the engine's "reweight" rule does.
    """
    if present is None:
        return weights @ values
    shown = present.astype(values.dtype)
    share = weights @ shown
    with np.errstate(invalid="ignore", divide="ignore"):
        total = (weights @ np.where(present, values, 0)) * (weights.sum(axis=1)[:, None] / share)
    unscored = share <= 0
    if propagate:
        unscored |= (weights > 0).astype(values.dtype) @ (1 - shown) > 0
    return np.where(unscored, np.nan, total)


def _scores(spec: IndexSpec, matrix: np.ndarray, logs: np.ndarray | None, aggregation: str,
            indicator_w: np.ndarray, domain_w: np.ndarray) -> np.ndarray:
    """Scores (draws x areas) for draws sharing a normalisation and an aggregation.

    Only their order matters, so a geometric index is left as its logarithm.
    """
    methods = _methods(spec, aggregation)
    sizes = [len(d.indicators) for d in spec.domains]
    home = np.repeat(np.arange(len(sizes)), sizes)
    missing = np.isnan(matrix).any()
    if not missing and len(methods) == 1:
        # one matrix product: each indicator's weight in the whole index
        return (indicator_w * domain_w[:, home]) @ (logs if "geometric" in methods else matrix)
    present = ~np.isnan(matrix) if missing else None
    propagate = spec.missing == "propagate"
    index_method = aggregation if aggregation != AS_SPECIFIED else spec.aggregation
    start = 0
    parts, known = [], []
    for domain, size in zip(spec.domains, sizes, strict=True):
        stop = start + size
        method = aggregation if aggregation != AS_SPECIFIED else spec.aggregation_of(domain)
        geometric = method == "geometric"
        rows = (logs if geometric else matrix)[start:stop]
        score = _combine(rows, None if present is None else present[start:stop],
                         indicator_w[:, start:stop], propagate)
        if geometric:
            score = np.exp(score)
        if index_method == "geometric":
            score = _log(score)
        known.append(~np.isnan(score))
        parts.append(np.where(known[-1], score, 0))
        start = stop
    total = np.zeros_like(parts[0])
    weight = np.zeros_like(parts[0])
    for d, (part, seen) in enumerate(zip(parts, known, strict=True)):
        w = domain_w[:, d][:, None]
        total += w * part
        weight += w * seen
    with np.errstate(invalid="ignore", divide="ignore"):
        total *= domain_w.sum(axis=1)[:, None] / weight
    unscored = weight <= 0
    if propagate:
        unscored |= ~np.logical_and.reduce(
            [seen | (domain_w[:, d][:, None] == 0) for d, seen in enumerate(known)])
    return np.where(unscored, np.nan, total)


def _draw_weights(spec: IndexSpec, base: pd.Series, rng: np.random.Generator, draws: int,
                  spread: float, left_out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Perturbed weights: indicators within domains (draws x k), domains (draws x D)."""
    codes = [i.code for i in spec.indicators]
    k, n_domains = len(codes), len(spec.domains)
    indicator_w = base[codes].to_numpy() * rng.uniform(1 - spread, 1 + spread, (draws, k))
    domain_w = (base[[d.code for d in spec.domains]].to_numpy()
                * rng.uniform(1 - spread, 1 + spread, (draws, n_domains)))
    start = 0
    for d, domain in enumerate(spec.domains):
        stop = start + len(domain.indicators)
        block = indicator_w[:, start:stop]
        total = block.sum(axis=1, keepdims=True)
        if spec.rescale_weights:
            total = np.ones_like(total)
        dropped = block.copy()
        inside = (left_out >= start) & (left_out < stop)
        dropped[inside, left_out[inside] - start] = 0.0
        kept = dropped.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            indicator_w[:, start:stop] = np.where(kept > 0, dropped * total / kept, 0.0)
        domain_w[kept[:, 0] <= 0, d] = 0.0
        start = stop
    if spec.rescale_weights:
        domain_w = domain_w / domain_w.sum(axis=1, keepdims=True)
    return indicator_w, domain_w


# --------------------------------------------------------------------- ranking


def _rank_draws(scores: np.ndarray, keys: np.ndarray, ranks: np.ndarray) -> None:
    """Rank each row of ``scores`` (a draw) into the same row of ``ranks``, 1 the highest score.

    Scores are compared in single precision; ties are broken by area order and
    missing scores rank last. The sort is on 64-bit keys: the score's bits
    (made to sort in numeric order) above the area's position (see
    :func:`indices.kernels.fill_sort_keys`).
    """
    from indices.kernels import fill_sort_keys, write_ranks  # loads numba: only when needed

    for row, out in zip(scores, ranks, strict=True):
        fill_sort_keys(row, keys)
        keys.sort()
        write_ranks(keys, out)


def _interval(sorted_ranks: np.ndarray, q: float) -> np.ndarray:
    """Linear-interpolated percentile of rows already sorted along axis 1."""
    position = q * (sorted_ranks.shape[1] - 1)
    low = int(np.floor(position))
    high = min(low + 1, sorted_ranks.shape[1] - 1)
    weight = position - low
    return sorted_ranks[:, low] * (1 - weight) + sorted_ranks[:, high] * weight


def _percentile_ranks(ranks: np.ndarray) -> dict[str, np.ndarray]:
    """Each area's median, 5th and 95th percentile rank over the draws (rows of ``ranks``).

    The areas' ranks are copied out and sorted a block of areas at a time, as
    32-bit integers, which numpy sorts fastest.
    """
    draws, n = ranks.shape
    percentiles = {name: np.empty(n) for name in _PERCENTILES}
    rows = np.empty((_AREA_BLOCK, draws), dtype=np.int32)
    for start in range(0, n, _AREA_BLOCK):
        block = rows[:min(_AREA_BLOCK, n - start)]
        block[...] = ranks[:, start:start + len(block)].T
        block.sort(axis=1)
        for name, q in _PERCENTILES.items():
            percentiles[name][start:start + len(block)] = _interval(block, q)
    # whole ranks interpolated at multiples of 0.05: two decimals are exact (no 1448.9499999)
    return {name: np.round(values, 2) for name, values in percentiles.items()}


def _shares(ranks: np.ndarray, sample: np.ndarray, cells: np.ndarray,
            labels: dict[str, np.ndarray]) -> pd.Series:
    """First-order variance shares from the ranks of a sample of areas.

    ``ranks`` has a row per draw, the draws ordered by cell, and a column per
    area; ``sample`` names the areas used; ``labels[factor][c]`` is the option
    of cell ``c`` for each factor. Sums of ranks are whole numbers, kept exact.
    """
    from indices.kernels import cell_sums

    draws = len(cells)
    starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]])
    sums = np.zeros((len(starts), len(sample)), dtype=np.int64)
    squares = np.zeros(len(sample), dtype=np.int64)
    cell_sums(ranks, sample, starts, sums, squares)
    totals = sums.sum(axis=0)
    # each area's variance times draws squared, in Python's integers: exact, and no overflow
    spread = draws * squares.astype(object) - totals.astype(object) ** 2
    total_variance = float(spread.sum()) / draws**2
    sums = sums.astype(np.float64)
    counts = np.diff(np.r_[starts, draws]).astype(np.float64)
    mean = totals / draws
    shares = {}
    for factor, options in labels.items():
        levels, level_of = np.unique(options, return_inverse=True)
        member = np.zeros((len(levels), len(options)))
        member[level_of, np.arange(len(options))] = 1.0
        level_sums = member @ sums  # whole numbers, so exact whatever the order of adding
        sizes = member @ counts
        between = 0.0
        for level_sum, size in zip(level_sums, sizes, strict=True):
            between += size / draws * float(((level_sum / size - mean) ** 2).sum())
        shares[factor] = between / total_variance if total_variance > 0 else 0.0
    shares["weights and interactions"] = (
        max(0.0, 1.0 - sum(shares.values())) if total_variance > 0 else 0.0
    )
    return pd.Series(shares)


def sensitivity(run: IndexRun, settings: SensitivitySettings | None = None) -> SensitivityResult:
    """Run the Monte Carlo sensitivity analysis of a built index.

    Parameters
    ----------
    run : IndexRun
        The index as built; its treated values are re-normalised and
        re-aggregated in every draw.
    settings : SensitivitySettings, optional
        What to vary (default: 1,000 draws, weights ±25%, z-score, min-max and
        percentile normalisation, arithmetic and geometric aggregation, leaving
        each indicator out).

    Returns
    -------
    SensitivityResult

    Raises
    ------
    SpecError
        If a setting cannot be used.
    """
    settings = settings or SensitivitySettings()
    settings.check()
    spec = run.spec
    rng = np.random.default_rng(settings.seed)
    normalised = _normalised_options(run, settings.normalisations)
    combos = _combinations(spec, normalised, settings.aggregations)
    k = len(spec.indicators)
    combo = rng.integers(0, len(combos), settings.draws)
    left_out = (rng.integers(-1, k, settings.draws) if settings.leave_one_out
                else np.full(settings.draws, -1))
    indicator_w, domain_w = _draw_weights(spec, run.weights, rng, settings.draws,
                                          settings.weight_range, left_out)
    # process draws cell by cell (combination, indicator left out) so cells are contiguous
    cells = combo * (k + 1) + (left_out + 1)
    order = np.argsort(cells, kind="stable")
    cells = cells[order]
    n = len(run.scores)
    sample = np.unique(np.linspace(0, n - 1, min(n, _SHARE_AREAS)).astype(int))
    rank_type = np.uint16 if n <= np.iinfo(np.uint16).max else np.int32
    ranks = np.empty((settings.draws, n), dtype=rank_type)  # draws in cell order
    keys = np.empty(n)
    matrices = {name: m.astype(np.float32) for name, m in normalised.items()}
    logs = {name: _log(m) for name, m in matrices.items()
            if any(c == (name, a) and "geometric" in _methods(spec, a) for c in combos
                   for a in (settings.aggregations or (AS_SPECIFIED,)))}
    sorted_combo = combo[order]
    for c, (n_name, a_name) in enumerate(combos):
        first, last = np.searchsorted(sorted_combo, [c, c + 1])
        bounds = np.linspace(first, last, -(-(last - first) // _CHUNK) + 1).astype(int)
        for start, stop in itertools.pairwise(bounds):  # chunks of even size
            block = order[start:stop]
            scores = _scores(spec, matrices[n_name], logs.get(n_name), a_name,
                             indicator_w[block].astype(np.float32),
                             domain_w[block].astype(np.float32))
            _rank_draws(np.ascontiguousarray(scores, dtype=np.float32), keys,
                        ranks[start:stop])
    areas = pd.DataFrame({"rank": run.summary()["rank"], **_percentile_ranks(ranks)},
                         index=run.scores.index)
    cell_ids = np.unique(cells)
    labels = {
        "normalisation": np.array([combos[c // (k + 1)][0] for c in cell_ids]),
        "aggregation": np.array([combos[c // (k + 1)][1] for c in cell_ids]),
    }
    if settings.leave_one_out:
        labels["indicator left out"] = np.array([c % (k + 1) for c in cell_ids])
    codes = [""] + [i.code for i in spec.indicators]
    draws = pd.DataFrame(
        {
            "normalisation": [combos[c][0] for c in combo[order]],
            "aggregation": [combos[c][1] for c in combo[order]],
            "left_out": [codes[i + 1] for i in left_out[order]],
        }
    )
    return SensitivityResult(
        areas=areas,
        shares=_shares(ranks, sample, cells, labels),
        draws=draws,
        settings=settings,
    )
