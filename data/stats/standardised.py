"""Age-standardised rates and ratios, as OHID's public health technical guidance computes
them, from counts and populations by age band.

- **Directly standardised rate** (DSR): each band's crude rate weighted by the standard
  population's share in it, per 100,000, with the confidence interval of Dobson et al.
  (1991): ``DSR + sqrt(var(DSR) / O) * (O_limit - O)``, where ``O`` is the total count,
  ``O_limit`` its Poisson limit (exact below 10 events, Byar's from 10, as
  :func:`data.stats.rates.count_interval`) and ``var(DSR) = sum(w_i^2 O_i / n_i^2) /
  (sum w_i)^2`` (times the multiplier squared). OHID does not publish a DSR of fewer than
  10 events: such areas get no rate, and say so.
- **Indirectly standardised ratio** (SMR, or SAR for admissions): the observed count over
  the count expected were the reference rates of each band to apply (the areas together by
  default), times 100, with the exact Poisson interval of the observed count (or Byar's
  approximation) over the expected.

The standard population is the European Standard Population 2013 in its 19 five-year bands
(:data:`ESP2013`), which OHID uses; another can be given.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from data.errors import ImpossibleCountError
from data.stats.rates import byar_interval, check_counts, count_interval, exact_interval

#: The European Standard Population 2013: each five-year age band's weight (of 100,000).
ESP2013: dict[str, int] = {
    "0-4": 5000, "5-9": 5500, "10-14": 5500, "15-19": 5500, "20-24": 6000, "25-29": 6000,
    "30-34": 6500, "35-39": 7000, "40-44": 7000, "45-49": 7000, "50-54": 7000, "55-59": 6500,
    "60-64": 6000, "65-69": 5500, "70-74": 5000, "75-79": 4000, "80-84": 2500, "85-89": 1500,
    "90+": 1000,
}
#: Fewest events a DSR is given for (OHID's rule).
DSR_FEWEST = 10
#: The ways the interval of an indirectly standardised ratio is made.
RATIO_INTERVALS = ("exact", "byar")


#: The headings each column is first guessed from (in any case), most likely first.
HEADINGS = {
    "area": ("area", "code", "lsoa", "lsoa21cd", "ward", "ward code", "neighbourhood"),
    "band": ("band", "age band", "age", "age group", "ageband"),
    "count": ("count", "events", "admissions", "deaths", "cases", "numerator", "observed"),
    "population": ("population", "residents", "denominator", "persons", "pop"),
}


def guess_columns(headings: list[str]) -> dict[str, str | None]:
    """A first guess at which of a table's columns holds the area, the age band, the count
    and the population (see :data:`HEADINGS`; None where none is recognised)."""
    folded = {str(h).strip().casefold(): str(h) for h in headings}
    return {field: next((folded[n] for n in names if n in folded), None)
            for field, names in HEADINGS.items()}


def _checked(table: pd.DataFrame, bands: list[str] | None, what: str) -> pd.DataFrame:
    """The table's ``area``, ``band``, ``count`` and ``population`` as numbers, refusing
    impossible counts and bands the standard does not have."""
    missing = [c for c in ("area", "band", "count", "population") if c not in table.columns]
    if missing:
        raise ImpossibleCountError(f"{what}: the table has no column {', '.join(missing)}.")
    frame = table.assign(count=pd.to_numeric(table["count"], errors="coerce"),
                         population=pd.to_numeric(table["population"], errors="coerce"),
                         band=table["band"].astype(str).str.strip())
    for column in ("count", "population"):
        given = table[column].astype(str).str.strip().replace({"nan": "", "None": ""})
        words = given[(given != "") & frame[column].isna()]
        if len(words):
            row = words.index[0]
            raise ImpossibleCountError(
                f"{what}: {frame.at[row, 'area']} {frame.at[row, 'band']}: the {column} is "
                f"{words.iloc[0]!r}, not a number" + (f" (and {len(words) - 1} more)"
                                                      if len(words) > 1 else "") + ".")
    labels = frame["area"].astype(str) + " " + frame["band"]
    check_counts(frame["count"].set_axis(labels), frame["population"].set_axis(labels),
                 proportion=False, what=what)
    if bands is not None:
        strange = sorted(set(frame["band"]) - set(bands))
        if strange:
            raise ImpossibleCountError(
                f"{what}: the age band {', '.join(strange[:5])} is not a band of the standard "
                f"population; use its bands: {', '.join(bands)}.")
    return frame


def directly_standardised(table: pd.DataFrame, standard: Mapping[str, float] | None = None,
                          per: float = 100_000, confidence: float = 0.95,
                          what: str = "Events") -> pd.DataFrame:
    """Each area's directly standardised rate with Dobson's confidence interval.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area and age band: ``area``, ``band`` (a key of ``standard``),
        ``count`` and ``population``. A band an area has no row for counts as none of
        either.
    standard : Mapping, optional
        Each band's standard population (default :data:`ESP2013`).
    per : float
        The rate's base (100,000 by default).
    confidence : float
        The interval's confidence.
    what : str
        What the counts are, for messages.

    Returns
    -------
    pandas.DataFrame
        Indexed by area: ``count``, ``population``, ``dsr``, ``lower``, ``upper`` and
        ``note`` (why there is no rate, where there is none).

    Raises
    ------
    ImpossibleCountError
        For a negative count or population, a count over a population of 0, or a band the
        standard does not have, naming the area, band and value.
    """
    standard = dict(standard or ESP2013)
    frame = _checked(table, list(standard), what)
    weights = frame["band"].map(standard).astype(float)
    total_weight = float(sum(standard.values()))
    with np.errstate(divide="ignore", invalid="ignore"):
        crude = np.where(frame["population"] > 0, frame["count"] / frame["population"], 0.0)
        variance = np.where(frame["population"] > 0,
                            weights ** 2 * frame["count"] / frame["population"] ** 2, 0.0)
    parts = frame.assign(weighted=weights * crude, variance=variance)
    by_area = parts.groupby("area", sort=False)
    out = pd.DataFrame({"count": by_area["count"].sum(),
                        "population": by_area["population"].sum()})
    out["dsr"] = by_area["weighted"].sum() / total_weight * per
    var_dsr = by_area["variance"].sum() / total_weight ** 2 * per ** 2
    low, high = count_interval(out["count"].to_numpy(), confidence)
    observed = out["count"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(var_dsr.to_numpy() / observed)
        out["lower"] = out["dsr"] + spread * (low - observed)
        out["upper"] = out["dsr"] + spread * (high - observed)
    few = out["count"] < DSR_FEWEST
    out.loc[few, ["dsr", "lower", "upper"]] = np.nan
    out["note"] = np.where(few, f"fewer than {DSR_FEWEST} events: no rate is given (OHID's "
                                "rule)", "")
    return out


def indirectly_standardised(table: pd.DataFrame, reference: pd.DataFrame | None = None,
                            confidence: float = 0.95, interval: str = "exact",
                            what: str = "Events") -> pd.DataFrame:
    """Each area's indirectly standardised ratio (observed over expected, times 100).

    Parameters
    ----------
    table : pandas.DataFrame
        ``area``, ``band``, ``count`` and ``population``, as for
        :func:`directly_standardised`.
    reference : pandas.DataFrame, optional
        The reference population's ``band``, ``count`` and ``population``, whose rates
        give the expected counts; by default the areas of ``table`` together.
    confidence : float
        The interval's confidence.
    interval : str
        ``"exact"`` (the exact Poisson interval of the observed count) or ``"byar"``
        (Byar's approximation), over the expected count.
    what : str
        What the counts are, for messages.

    Returns
    -------
    pandas.DataFrame
        Indexed by area: ``observed``, ``expected``, ``ratio``, ``lower`` and ``upper``.
    """
    if interval not in RATIO_INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(RATIO_INTERVALS)}")
    frame = _checked(table, None, what)
    if reference is None:
        reference = frame.groupby("band", as_index=False)[["count", "population"]].sum()
    else:
        reference = _checked(reference.assign(area="reference"), None, f"{what} (reference)")
    rates = reference.groupby("band")["count"].sum() / \
        reference.groupby("band")["population"].sum()
    strange = sorted(set(frame["band"]) - set(rates.index))
    if strange:
        raise ImpossibleCountError(f"{what}: the reference has no age band "
                                   f"{', '.join(strange[:5])}; give it every band of the areas.")
    expected = (frame["population"] * frame["band"].map(rates)).groupby(frame["area"],
                                                                        sort=False).sum()
    observed = frame.groupby("area", sort=False)["count"].sum()
    low, high = (exact_interval if interval == "exact" else byar_interval)(
        observed.to_numpy(dtype=float), confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.DataFrame({"observed": observed, "expected": expected,
                             "ratio": observed / expected * 100,
                             "lower": low / expected.to_numpy() * 100,
                             "upper": high / expected.to_numpy() * 100})
