"""Index specifications: indicator metadata and the aggregation tree.

A spec describes an index as a three-level tree, indicator -> domain ->
index, with each indicator's column, direction, weight and metadata, and the
methods used to normalise and aggregate. Specs are read from and written to
YAML; every fault found while reading gets its own message naming the key.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from indices.aggregate import AGGREGATORS, MISSING_RULES
from indices.errors import SpecError
from indices.impute import GROUP_METHODS, IMPUTERS
from indices.normalise import NORMALISERS, check_parameters
from indices.outliers import LOG_TRANSFORMS, OUTLIER_METHODS, OutlierRule
from indices.weighting import WEIGHTINGS

HIGHER_IS_WORSE = "higher_is_worse"
HIGHER_IS_BETTER = "higher_is_better"
DIRECTIONS = (HIGHER_IS_WORSE, HIGHER_IS_BETTER)

#: Column names of the results table that no node code may take.
RESERVED_CODES = frozenset({"score", "rank", "decile"})
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

_SPEC_KEYS = {
    "code", "name", "version", "description", "imputation", "outliers", "normalisation",
    "weighting", "aggregation", "missing", "rescale_weights", "domains",
}
_DOMAIN_KEYS = {"code", "name", "description", "weight", "aggregation", "indicators"}
_INDICATOR_KEYS = {
    "code", "name", "column", "description", "source", "year", "unit",
    "direction", "weight", "normalisation", "denominator", "scale", "iod2019",
}
_COUNTERPART_KEYS = {"column", "denominator", "note", "none"}
_IMPUTATION_KEYS = {"method", "group"}
_OUTLIER_KEYS = {"method", "skew", "kurtosis", "max_winsorised", "log"}


@dataclass(frozen=True)
class Normalisation:
    """A normalisation method and its parameters."""

    method: str = "zscore"
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_yaml_value(self) -> str | dict[str, Any]:
        """Return the short form (the name) when there are no parameters."""
        return {"method": self.method, **self.params} if self.params else self.method


@dataclass(frozen=True)
class Imputation:
    """How missing values are filled before normalising (``group``: the column of groups)."""

    method: str = "none"
    group: str | None = None

    def to_yaml_value(self) -> str | dict[str, Any]:
        """Return the short form (the name) when there is no group."""
        return {"method": self.method, "group": self.group} if self.group else self.method


@dataclass(frozen=True)
class Counterpart:
    """What an indicator was in the earlier edition of the data (IoD2019, on 2011 LSOAs
    bridged to 2021 ones): a column of that edition's table, or, when it has none, why.

    Attributes
    ----------
    column : str or None
        The column of the earlier table (see :func:`data.areas.change.iod2019_table`);
        None when the indicator has no counterpart.
    denominator : str or None
        The earlier table's denominator column, for an indicator made from counts.
    note : str
        How the two editions' figures differ, or why there is no counterpart.
    """

    column: str | None
    denominator: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    """One measured indicator: where its values come from and how they count."""

    code: str
    name: str
    column: str
    direction: str
    weight: float = 1.0
    unit: str = ""
    source: str = ""
    year: str = ""
    description: str = ""
    normalisation: Normalisation | None = None
    denominator: str | None = None
    scale: float = 1000.0
    #: Its counterpart in IoD2019 (None: the spec does not say).
    iod2019: Counterpart | None = None

    @property
    def higher_is_worse(self) -> bool:
        """Whether a higher value of this indicator means more need."""
        return self.direction == HIGHER_IS_WORSE


@dataclass(frozen=True)
class Domain:
    """A group of indicators scored together."""

    code: str
    name: str
    indicators: tuple[Indicator, ...]
    weight: float = 1.0
    aggregation: str | None = None
    description: str = ""


@dataclass(frozen=True)
class IndexSpec:
    """A whole index: its domains, their indicators and its methods."""

    code: str
    name: str
    domains: tuple[Domain, ...]
    version: str = "1"
    description: str = ""
    normalisation: Normalisation = field(default_factory=Normalisation)
    aggregation: str = "arithmetic"
    missing: str = "reweight"
    rescale_weights: bool = True
    imputation: Imputation = field(default_factory=Imputation)
    outliers: OutlierRule = field(default_factory=OutlierRule)
    weighting: str = "manual"

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """All indicators, in spec order."""
        return tuple(i for d in self.domains for i in d.indicators)

    @property
    def columns(self) -> list[str]:
        """The data columns the spec reads values from, in spec order."""
        return [i.column for i in self.indicators]

    @property
    def numeric_columns(self) -> list[str]:
        """Every numeric column the spec reads: values, then denominators, once each."""
        denominators = [i.denominator for i in self.indicators if i.denominator]
        return list(dict.fromkeys(self.columns + denominators))

    @property
    def group_column(self) -> str | None:
        """The column of groups for within-group imputation, if any."""
        return self.imputation.group

    def indicator(self, code: str) -> Indicator:
        """Return the indicator with this code."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def domain(self, code: str) -> Domain:
        """Return the domain with this code."""
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(code)

    def domain_of(self, indicator_code: str) -> Domain:
        """Return the domain an indicator belongs to."""
        for domain in self.domains:
            if any(i.code == indicator_code for i in domain.indicators):
                return domain
        raise KeyError(indicator_code)

    def normalisation_of(self, indicator: Indicator) -> Normalisation:
        """Return the normalisation that applies to an indicator."""
        return indicator.normalisation or self.normalisation

    def aggregation_of(self, domain: Domain) -> str:
        """Return the aggregation method that applies within a domain."""
        return domain.aggregation or self.aggregation

    def weights(self, domain: Domain | None = None) -> dict[str, float]:
        """Return the weights of a domain's indicators, or of the domains.

        When ``rescale_weights`` is true the weights are rescaled to add up
        to 1 within their parent; otherwise they are used as given.
        """
        children = domain.indicators if domain else self.domains
        raw = {c.code: float(c.weight) for c in children}
        if not self.rescale_weights:
            return raw
        total = sum(raw.values())
        return {code: w / total for code, w in raw.items()}


# --------------------------------------------------------------------- reading


def _check_keys(data: Mapping, allowed: set[str], where: str) -> None:
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise SpecError(
            f"{where}: unknown key {unknown[0]!r}. Valid keys are: {', '.join(sorted(allowed))}."
        )


def _text(data: Mapping, key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise SpecError(f"{where}: the key {key!r} is missing; add it.")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SpecError(f"{where}: {key!r} must be text, not {value!r}.")
    return value


def _code(data: Mapping, where: str) -> str:
    code = _text(data, "code", where)
    if not _CODE.match(code):
        raise SpecError(
            f"{where}: code {code!r} must start with a letter and use only letters, "
            "digits and underscores (it becomes a column name)."
        )
    if code in RESERVED_CODES:
        raise SpecError(
            f"{where}: code {code!r} is reserved for a results column; choose another code."
        )
    return code


#: The largest weight: weights are relative, and far larger ones would overflow when added.
MAX_WEIGHT = 1e6


def _weight(data: Mapping, where: str) -> float:
    value = data.get("weight", 1.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise SpecError(f"{where}: weight must be a number, not {value!r}.")
    if value < 0:
        raise SpecError(f"{where}: weight must be 0 or more, not {value!r}.")
    if value > MAX_WEIGHT:
        raise SpecError(f"{where}: weight {value:g} is more than {MAX_WEIGHT:,.0f}; weights "
                        "are relative, so use numbers such as 1, 2 or 0.5.")
    return float(value)


def _normalisation(value: Any, where: str) -> Normalisation:
    if isinstance(value, str):
        method, params = value, {}
    elif isinstance(value, Mapping) and "method" in value:
        params = {str(k): v for k, v in value.items() if k != "method"}
        method = value["method"]
    else:
        raise SpecError(
            f"{where}: normalisation must be a method name or a mapping with a 'method' key, "
            f"not {value!r}."
        )
    NORMALISERS.get(method, f"{where}: normalisation")
    check_parameters(method, params, where)
    return Normalisation(method, params)


def _number(data: Mapping, key: str, where: str, default: float, whole: bool = False) -> float:
    value = data.get(key, default)
    kind = "whole number" if whole else "number"
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or value <= 0 or (whole and value != int(value))):
        raise SpecError(f"{where}: {key} must be a positive {kind}, not {value!r}.")
    return int(value) if whole else float(value)


def _settings(value: Any, keys: set[str], where: str) -> Mapping:
    """A stage's settings: a method name alone, or a mapping of the given keys."""
    if isinstance(value, str):
        value = {"method": value}
    if not isinstance(value, Mapping):
        raise SpecError(f"{where} must be a method name or a mapping of "
                        f"{', '.join(sorted(keys))}, not {value!r}.")
    _check_keys(value, keys, where)
    return value


def _imputation(value: Any) -> Imputation:
    where = "spec: imputation"
    value = _settings(value, _IMPUTATION_KEYS, where)
    method = value.get("method", "none")
    IMPUTERS.get(method, where)
    group = value.get("group")
    if method in GROUP_METHODS and not isinstance(group, str):
        raise SpecError(f"{where}: {method!r} needs 'group', the column that groups the areas "
                        "(for example wd24cd for wards).")
    if method not in GROUP_METHODS and group is not None:
        raise SpecError(f"{where}: {method!r} takes no 'group'; use group_mean or "
                        "group_median to impute within groups.")
    return Imputation(method, group)


def _outliers(value: Any) -> OutlierRule:
    where = "spec: outliers"
    value = _settings(value, _OUTLIER_KEYS, where)
    method = value.get("method", "none")
    if method not in OUTLIER_METHODS:
        raise SpecError(f"{where}: unknown method {method!r}. Use one of: "
                        f"{', '.join(OUTLIER_METHODS)}.")
    default = OutlierRule()
    log = value.get("log", default.log)
    if log not in LOG_TRANSFORMS:
        raise SpecError(f"{where}: unknown log {log!r}. Use one of: "
                        f"{', '.join(LOG_TRANSFORMS)}.")
    return OutlierRule(
        method=method, log=log,
        skew=_number(value, "skew", where, default.skew),
        kurtosis=_number(value, "kurtosis", where, default.kurtosis),
        max_winsorised=_number(value, "max_winsorised", where, default.max_winsorised,
                               whole=True),
    )


def _aggregation(value: Any, where: str) -> str:
    AGGREGATORS.get(value, f"{where}: aggregation")
    return value


def _counterpart(value: Any, where: str, denominator: str | None) -> Counterpart | None:
    """An indicator's ``iod2019`` key: ``{column, denominator, note}``, or ``{none: why}``."""
    if value is None:
        return None
    where = f"{where}, iod2019"
    if not isinstance(value, Mapping):
        raise SpecError(f"{where}: give a mapping, with column (and a note) or with none: "
                        f"and why there is no IoD2019 counterpart; not {value!r}.")
    _check_keys(value, _COUNTERPART_KEYS, where)
    if "none" in value:
        if set(value) != {"none"}:
            raise SpecError(f"{where}: none says there is no counterpart; give it alone, "
                            "with why (for example none: Census 2021 only).")
        return Counterpart(None, note=_text(value, "none", where))
    column = _text(value, "column", where)
    earlier = value.get("denominator")
    if (earlier is None) != (denominator is None):
        raise SpecError(f"{where}: the indicator is made from counts with a denominator, so "
                        "its counterpart needs one too (or neither has one)." if denominator
                        else f"{where}: the indicator has no denominator, so its counterpart "
                        "cannot have one; remove denominator.")
    if earlier is not None and not isinstance(earlier, str):
        raise SpecError(f"{where}: denominator must be a column name, not {earlier!r}.")
    return Counterpart(column, earlier, _text(value, "note", where, ""))


def _indicator(data: Any, domain_where: str, number: int) -> Indicator:
    where = f"{domain_where}, indicator #{number}"
    if not isinstance(data, Mapping):
        raise SpecError(f"{where}: each indicator must be a mapping of keys, not {data!r}.")
    code = _code(data, where)
    where = f"{domain_where}, indicator {code!r}"
    _check_keys(data, _INDICATOR_KEYS, where)
    direction = _text(data, "direction", where)
    if direction not in DIRECTIONS:
        raise SpecError(
            f"{where}: direction {direction!r} is not known. Use {HIGHER_IS_WORSE} (a higher "
            f"value means more need) or {HIGHER_IS_BETTER}."
        )
    normalisation = data.get("normalisation")
    denominator = data.get("denominator")
    if denominator is not None and not isinstance(denominator, str):
        raise SpecError(f"{where}: denominator must be a column name, not {denominator!r}.")
    return Indicator(
        code=code,
        name=_text(data, "name", where, code),
        column=_text(data, "column", where, code),
        direction=direction,
        weight=_weight(data, where),
        unit=_text(data, "unit", where, ""),
        source=_text(data, "source", where, ""),
        year=_text(data, "year", where, ""),
        description=_text(data, "description", where, ""),
        normalisation=None if normalisation is None else _normalisation(normalisation, where),
        denominator=denominator,
        scale=_number(data, "scale", where, 1000.0),
        iod2019=_counterpart(data.get("iod2019"), where, denominator),
    )


def _domain(data: Any, where: str) -> Domain:
    if not isinstance(data, Mapping):
        raise SpecError(f"{where}: each domain must be a mapping of keys, not {data!r}.")
    code = _code(data, where)
    where = f"domain {code!r}"
    _check_keys(data, _DOMAIN_KEYS, where)
    raw = data.get("indicators")
    if not isinstance(raw, list) or not raw:
        raise SpecError(f"{where}: 'indicators' must be a non-empty list of indicators.")
    indicators = tuple(
        _indicator(item, where, n) for n, item in enumerate(raw, start=1)
    )
    if not any(i.weight for i in indicators):
        raise SpecError(f"{where}: every indicator has weight 0; give at least one a weight.")
    aggregation = data.get("aggregation")
    return Domain(
        code=code,
        name=_text(data, "name", where, code),
        indicators=indicators,
        weight=_weight(data, where),
        aggregation=None if aggregation is None else _aggregation(aggregation, where),
        description=_text(data, "description", where, ""),
    )


def _check_unique(spec: IndexSpec) -> None:
    seen: dict[str, str] = {spec.code: "the index itself"}
    for domain in spec.domains:
        for code, what in [(domain.code, "domain")] + [
            (i.code, "indicator") for i in domain.indicators
        ]:
            if code in seen:
                raise SpecError(
                    f"{what} {code!r}: the code is used twice (also by a {seen[code]}); "
                    "codes must be unique."
                )
            seen[code] = what
    columns: dict[str, str] = {}
    for indicator in spec.indicators:
        if indicator.column in columns:
            raise SpecError(
                f"indicator {indicator.code!r}: column {indicator.column!r} is already used by "
                f"indicator {columns[indicator.column]!r}; the same data would count twice."
            )
        columns[indicator.column] = indicator.code


def spec_from_dict(data: Any) -> IndexSpec:
    """Build and check a spec from plain data (as read from YAML).

    Parameters
    ----------
    data : Mapping
        The spec's keys and values.

    Returns
    -------
    IndexSpec

    Raises
    ------
    SpecError
        With one specific message per fault, naming the key.
    """
    if not isinstance(data, Mapping):
        raise SpecError("the spec must be a mapping of keys (code, name, domains, ...).")
    _check_keys(data, _SPEC_KEYS, "spec")
    code = _code(data, "spec")
    raw = data.get("domains")
    if not isinstance(raw, list) or not raw:
        raise SpecError("spec: 'domains' must be a non-empty list of domains.")
    domains = tuple(_domain(item, f"domain #{n}") for n, item in enumerate(raw, start=1))
    if not any(d.weight for d in domains):
        raise SpecError("spec: every domain has weight 0; give at least one a weight.")
    missing = data.get("missing", "reweight")
    if missing not in MISSING_RULES:
        raise SpecError(
            f"spec: missing {missing!r} is not known. Use one of: {', '.join(MISSING_RULES)}."
        )
    rescale = data.get("rescale_weights", True)
    if not isinstance(rescale, bool):
        raise SpecError(f"spec: rescale_weights must be true or false, not {rescale!r}.")
    weighting = data.get("weighting", "manual")
    WEIGHTINGS.get(weighting, "spec: weighting")
    spec = IndexSpec(
        code=code,
        name=_text(data, "name", "spec", code),
        domains=domains,
        version=_text(data, "version", "spec", "1"),
        description=_text(data, "description", "spec", ""),
        normalisation=_normalisation(data.get("normalisation", "zscore"), "spec"),
        aggregation=_aggregation(data.get("aggregation", "arithmetic"), "spec"),
        missing=missing,
        rescale_weights=rescale,
        imputation=_imputation(data.get("imputation", "none")),
        outliers=_outliers(data.get("outliers", "none")),
        weighting=weighting,
    )
    _check_unique(spec)
    return spec


#: Environment variables setting the largest spec (in kilobytes) and the most indicators
#: in one, checked before a spec is read or built.
SPEC_KB_ENV, INDICATORS_ENV = "TCI_MAX_SPEC_KB", "TCI_MAX_INDICATORS"
_DEFAULT_SPEC_KB, _DEFAULT_INDICATORS = 256, 300
#: How deeply a spec's YAML may nest (a spec needs 6 levels).
MAX_DEPTH = 20
#: The longest message about a spec; longer ones are cut.
_MESSAGE_LENGTH = 600


def spec_limits() -> tuple[float, int]:
    """The largest spec in kilobytes and the most indicators in one, from
    ``TCI_MAX_SPEC_KB`` and ``TCI_MAX_INDICATORS`` (defaults 256 and 300)."""
    def read(variable: str, default: float) -> float:
        try:
            value = float(os.environ.get(variable, ""))
        except ValueError:
            return default
        return value if value > 0 else default
    return read(SPEC_KB_ENV, _DEFAULT_SPEC_KB), int(read(INDICATORS_ENV, _DEFAULT_INDICATORS))


#: libyaml's safe dumper where PyYAML has it (the same text, six times faster).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _SpecLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases and with bounded nesting: a 1 KB spec could
    otherwise expand to gigabytes ("billion laughs"), or nest deep enough to crash."""

    def compose_node(self, parent, index):  # noqa: D102 (PyYAML's own method)
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise SpecError(f"line {mark.line + 1}: the spec uses a YAML alias (*name); "
                            "specs cannot, so that none can expand to an enormous size. "
                            "Write the value out where the alias is.")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise SpecError(f"line {mark.line + 1}: the spec nests more than {MAX_DEPTH} "
                                "levels deep; a spec needs far fewer. Check its indentation.")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _bounded(message: str) -> str:
    return message if len(message) <= _MESSAGE_LENGTH else \
        message[:_MESSAGE_LENGTH] + " … (the rest of the message is left out)"


def spec_from_yaml(text: str, source: str = "spec") -> IndexSpec:
    """Read a spec from YAML text.

    Parameters
    ----------
    text : str
        The YAML document.
    source : str
        Where the text came from (a file name), put at the start of messages.

    Raises
    ------
    SpecError
        If the YAML cannot be parsed, is larger than :func:`spec_limits` allows, uses
        aliases or nests too deeply, or the spec is faulty; messages are kept short.
    """
    most_kb, most_indicators = spec_limits()
    size = len(text.encode("utf-8"))
    if size > most_kb * 1000:
        raise SpecError(f"{source}: the spec ({size / 1000:,.0f} KB) is larger than the app "
                        f"takes ({most_kb:g} KB); ask the administrator to raise the limit "
                        f"(the setting {SPEC_KB_ENV}) if it is right.")
    try:
        data = yaml.load(text, Loader=_SpecLoader)  # noqa: S506 (a safe loader)
    except SpecError as error:
        raise SpecError(f"{source}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise SpecError(f"{source}: not valid YAML{at}: {problem}. Fix the syntax.") from None
    domains = data.get("domains") if isinstance(data, Mapping) else None
    indicators = sum(len(d["indicators"]) for d in domains if isinstance(d, Mapping)
                     and isinstance(d.get("indicators"), list)) \
        if isinstance(domains, list) else 0
    if indicators > most_indicators:
        raise SpecError(f"{source}: the spec has {indicators:,} indicators, more than the app "
                        f"builds ({most_indicators:,}); ask the administrator to raise the "
                        f"limit (the setting {INDICATORS_ENV}) if it is right.")
    try:
        return spec_from_dict(data)
    except SpecError as error:
        raise type(error)(_bounded(f"{source}: {error}")) from None


def load_spec(path: str | Path) -> IndexSpec:
    """Read a spec from a YAML file.

    Raises
    ------
    SpecError
        If the file cannot be read or holds a faulty spec.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}: no such spec file. Check the path.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"{path}: cannot read the spec file ({error}).") from None
    return spec_from_yaml(text, str(path))


# --------------------------------------------------------------------- writing


def _indicator_to_dict(indicator: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {"code": indicator.code, "name": indicator.name,
                           "column": indicator.column}
    for key in ("description", "source", "year", "unit"):
        if getattr(indicator, key):
            out[key] = getattr(indicator, key)
    out["direction"] = indicator.direction
    out["weight"] = indicator.weight
    if indicator.normalisation:
        out["normalisation"] = indicator.normalisation.to_yaml_value()
    if indicator.denominator:
        out["denominator"] = indicator.denominator
        out["scale"] = indicator.scale
    earlier = indicator.iod2019
    if earlier is not None:
        out["iod2019"] = {"none": earlier.note} if earlier.column is None else {
            "column": earlier.column,
            **({"denominator": earlier.denominator} if earlier.denominator else {}),
            **({"note": earlier.note} if earlier.note else {})}
    return out


def spec_to_dict(spec: IndexSpec) -> dict[str, Any]:
    """Return a spec as plain data that :func:`spec_from_dict` reads back equal."""
    domains = []
    for domain in spec.domains:
        entry: dict[str, Any] = {"code": domain.code, "name": domain.name}
        if domain.description:
            entry["description"] = domain.description
        entry["weight"] = domain.weight
        if domain.aggregation:
            entry["aggregation"] = domain.aggregation
        entry["indicators"] = [_indicator_to_dict(i) for i in domain.indicators]
        domains.append(entry)
    out: dict[str, Any] = {"code": spec.code, "name": spec.name, "version": spec.version}
    if spec.description:
        out["description"] = spec.description
    outliers = spec.outliers
    out.update(
        imputation=spec.imputation.to_yaml_value(),
        outliers=outliers.method if outliers == OutlierRule(outliers.method) else {
            "method": outliers.method, "skew": outliers.skew, "kurtosis": outliers.kurtosis,
            "max_winsorised": outliers.max_winsorised, "log": outliers.log},
        normalisation=spec.normalisation.to_yaml_value(),
        weighting=spec.weighting,
        aggregation=spec.aggregation,
        missing=spec.missing,
        rescale_weights=spec.rescale_weights,
        domains=domains,
    )
    return out


def spec_to_yaml(spec: IndexSpec) -> str:
    """Return a spec as a YAML document."""
    return yaml.dump(spec_to_dict(spec), Dumper=_DUMPER, sort_keys=False, allow_unicode=True,
                     width=100)


def save_spec(spec: IndexSpec, path: str | Path) -> None:
    """Write a spec to a YAML file."""
    Path(path).write_text(spec_to_yaml(spec), encoding="utf-8")
