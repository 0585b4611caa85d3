"""The index builder's tables: a spec as two editable tables, and back.

Pure functions: the Index builder page shows these tables in editors and turns
the edited tables back into a spec, so every check of the spec applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from indices.errors import SpecError
from indices.spec import IndexSpec, spec_from_dict, spec_to_dict

#: How directions read in the editor.
DIRECTION_LABELS = {
    "higher_is_worse": "Higher = more need",
    "higher_is_better": "Higher = less need",
}
_DIRECTIONS = {label: key for key, label in DIRECTION_LABELS.items()}

DOMAIN_COLUMNS = ["code", "name", "weight"]
INDICATOR_COLUMNS = ["domain", "code", "name", "column", "direction", "weight", "unit",
                     "denominator", "scale", "source", "year"]

#: The columns within-group imputation groups areas by, and what each group is.
IMPUTATION_GROUPS = {"wd24cd": "ward", "lad_name": "borough"}

#: Columns of the area table that describe areas rather than measure them.
_NOT_INDICATORS = {"lsoa21nm", "wd24cd", "wd24nm", "lad_code", "lad_name", "area_name",
                   "ward_name"}


def indicator_columns(table: pd.DataFrame) -> list[str]:
    """Return the numeric columns of the area table an indicator can use, sorted."""
    return sorted(c for c in table.columns
                  if c not in _NOT_INDICATORS and pd.api.types.is_numeric_dtype(table[c]))


def imputation_group(level: str) -> str:
    """Return the column within-group imputation groups a level's areas by.

    LSOAs are grouped by their ward, larger areas by their borough.
    """
    return "wd24cd" if level == "lsoa" else "lad_name"


def spec_to_frames(spec: IndexSpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a spec's domains and indicators as the builder's two tables."""
    domains = pd.DataFrame(
        [(d.code, d.name, d.weight) for d in spec.domains], columns=DOMAIN_COLUMNS
    )
    indicators = pd.DataFrame(
        [
            (domain.code, i.code, i.name, i.column, DIRECTION_LABELS[i.direction], i.weight,
             i.unit, i.denominator or "", i.scale, i.source, i.year)
            for domain in spec.domains for i in domain.indicators
        ],
        columns=INDICATOR_COLUMNS,
    )
    return domains, indicators


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def frames_to_spec(
    base: IndexSpec,
    domains: pd.DataFrame,
    indicators: pd.DataFrame,
    methods: Mapping[str, Any],
    sources: Mapping[str, str] | None = None,
) -> IndexSpec:
    """Build a spec from the builder's tables and method choices.

    Parameters
    ----------
    base : IndexSpec
        The spec being edited: its code, name, description and the details the
        tables do not show (such as per-indicator normalisation, and the IoD2019
        counterpart while the column and denominator stay) carry over.
    domains, indicators : pandas.DataFrame
        The edited tables (columns as :func:`spec_to_frames` gives them).
    methods : Mapping
        Spec keys to set: ``imputation``, ``outliers``, ``normalisation``,
        ``weighting``, ``aggregation``, ``missing``, ``name``, ...
    sources : Mapping, optional
        The data file of each column, filled in where an indicator's source is blank.

    Raises
    ------
    SpecError
        Naming the table, row and what to change.
    """
    kept = spec_to_dict(base)
    carried = {i["code"]: i for d in kept["domains"] for i in d["indicators"]}
    by_domain: dict[str, list[dict[str, Any]]] = {}
    known = [_text(c).strip() for c in domains["code"]]
    for row, item in enumerate(indicators.to_dict("records"), start=1):
        if all(_text(item.get(k)).strip() == "" for k in ("code", "column", "domain")):
            continue  # an empty row the editor added
        domain = _text(item.get("domain")).strip()
        if domain not in known:
            raise SpecError(
                f"indicators table, row {row}: domain {domain!r} is not in the domains table. "
                f"Use one of: {', '.join(repr(k) for k in known if k)}, or add it."
            )
        code = _text(item.get("code")).strip()
        column = _text(item.get("column")).strip()
        direction = _DIRECTIONS.get(_text(item.get("direction")), _text(item.get("direction")))
        entry: dict[str, Any] = {"code": code, "name": _text(item.get("name")) or code,
                                 "column": column, "direction": direction}
        previous = carried.get(code, {})
        if previous.get("column") == column:
            entry.update({k: previous[k] for k in ("normalisation", "description")
                          if k in previous})
        weight = item.get("weight")
        entry["weight"] = 1.0 if weight is None or pd.isna(weight) else weight
        for key in ("unit", "year"):
            if _text(item.get(key)):
                entry[key] = _text(item.get(key))
        source = _text(item.get("source")) or (sources or {}).get(column, "")
        if source:
            entry["source"] = source
        denominator = _text(item.get("denominator")).strip()
        if denominator:
            entry["denominator"] = denominator
            scale = item.get("scale")
            entry["scale"] = 1000.0 if scale is None or pd.isna(scale) else scale
        if "iod2019" in previous and previous.get("column") == column and \
                previous.get("denominator", "") == denominator:
            entry["iod2019"] = previous["iod2019"]  # its IoD2019 counterpart, while it fits
        by_domain.setdefault(domain, []).append(entry)
    previous_domains = {d["code"]: d for d in kept["domains"]}
    data: dict[str, Any] = {k: v for k, v in kept.items() if k != "domains"}
    data.update(methods)
    data["domains"] = []
    for row, item in enumerate(domains.to_dict("records"), start=1):
        code = _text(item.get("code")).strip()
        if not code:
            continue
        if code not in by_domain:
            raise SpecError(f"domains table, row {row}: domain {code!r} has no indicators. "
                            "Give it some in the indicators table, or delete the row.")
        weight = item.get("weight")
        entry = {key: value for key, value in previous_domains.get(code, {}).items()
                 if key in ("description", "aggregation")}
        entry.update(code=code, name=_text(item.get("name")) or code,
                     weight=1.0 if weight is None or pd.isna(weight) else weight,
                     indicators=by_domain[code])
        data["domains"].append(entry)
    return spec_from_dict(data)
