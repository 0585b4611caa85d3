"""The Methods page's text, generated from the index spec and the data catalogue.

A spec is a user's (uploaded or edited in the builder): its names, descriptions and
columns are escaped in the Markdown made here.
"""

from __future__ import annotations

import pandas as pd

from dashboard.builder import IMPUTATION_GROUPS
from dashboard.text import plain
from data.areas.capacity import COUNTING_RULE, DEPENDENT_SHARE
from data.areas.change import BRIDGE_RULE
from data.areas.derived import MEASURES
from data.areas.levels import WARD_VINTAGE, aggregation_rule, summed_for
from data.areas.neighbours import DEFAULT_CONTEXT, NOT_IN_DATA
from data.areas.table import column_name
from data.opendata.sources import ATTRIBUTION, dataset
from data.readiness.instrument import (
    DEFAULT_INSTRUMENT,
    LADDER,
    LADDER_MEANING,
    load_instrument,
)
from data.readiness.results import RULES as READINESS_RULES
from data.stats.compare import compared_indicators
from data.stats.suppression import suppression_rule
from indices.aggregate import AGGREGATORS, MISSING_RULES
from indices.contributions import DOMINANT_SHARE
from indices.impute import IMPUTERS
from indices.normalise import NORMALISERS
from indices.sensitivity import SensitivitySettings
from indices.spec import HIGHER_IS_WORSE, IndexSpec
from indices.weighting import WEIGHTINGS

_DIRECTION_WORDS = {
    HIGHER_IS_WORSE: "Higher means more need",
    "higher_is_better": "Higher means less need",
}


def index_shares(spec: IndexSpec) -> pd.Series:
    """Return each indicator's share of the whole index, as used in the build.

    With ``rescale_weights`` off the raw weights multiply as given.
    """
    domain_weights = spec.weights()
    shares = {}
    for domain in spec.domains:
        for code, weight in spec.weights(domain).items():
            shares[code] = weight * domain_weights[domain.code]
    return pd.Series(shares)


def indicator_table(spec: IndexSpec) -> pd.DataFrame:
    """One row per indicator: what it measures, its source, year, unit, direction, weights and
    normalisation, and last, for analysts, the column (and denominator) it is made from."""
    shares = index_shares(spec)
    rows = []
    for domain in spec.domains:
        in_domain = spec.weights(domain)
        for indicator in domain.indicators:
            entry = dataset(indicator.source)
            rows.append(
                {
                    "Domain": domain.name,
                    "Indicator": indicator.name,
                    "What it measures": indicator.description,
                    "Source": f"{entry.title} ({entry.publisher})" if entry else indicator.source,
                    "Year": indicator.year,
                    "Unit": indicator.unit,
                    "Direction": _DIRECTION_WORDS[indicator.direction],
                    "Weight in domain": f"{in_domain[indicator.code]:.1%}",
                    "Weight in index": f"{shares[indicator.code]:.1%}",
                    "Normalisation": NORMALISERS.label(spec.normalisation_of(indicator).method),
                    "Column in the data": indicator.column + (
                        f" per {indicator.scale:,.0f} {indicator.denominator}"
                        if indicator.denominator else ""),
                }
            )
    return pd.DataFrame(rows)


def _groups(column: str | None) -> str:
    """What the groups of within-group imputation are, as a sentence ("" for no groups)."""
    if not column:
        return ""
    if column in IMPUTATION_GROUPS:
        return f" Each area's group is its {IMPUTATION_GROUPS[column]}."
    return f" Each area's group is its value of {plain(column_name(column))}."


def level_rules(spec: IndexSpec) -> str:
    """How each indicator is made for areas larger than an LSOA, as a Markdown list."""
    summed = summed_for(spec)
    lines = []
    for i in spec.indicators:
        if i.denominator:
            rule = (f"recomputed from the totals over its LSOAs of "
                    f"{plain(column_name(i.column))} and of {plain(column_name(i.denominator))}")
        elif aggregation_rule(i.column, summed) == "sum":
            rule = "the sum of its LSOAs' counts"
        else:
            rule = "the mean of its LSOAs weighted by their residents (Census 2021)"
        lines.append(f"- **{plain(i.name)}**: {rule}")
    return "\n".join(lines)


def neighbours_text() -> str:
    """How statistical neighbours are found and compared, with the default context set and
    why each indicator is in it (Markdown)."""
    from indices.neighbours import (
        COMPARISON_SDS,
        DEFAULT_K,
        MIN_COMPARED,
        MIN_SHARED_WEIGHT,
    )

    context = "\n".join(f"- **{m.name}** ({m.unit}): {m.reason}" for m in DEFAULT_CONTEXT)
    return (
        "The Areas like this one page, and each profile, find an area's statistical "
        "neighbours, in the spirit of CIPFA's Nearest Neighbours Model for councils: the "
        "areas most like it on their context, found among **all the region's areas at the "
        "same level** (every borough's LSOAs, wards or MSOAs; for neighbourhoods of your "
        "own, every neighbourhood of the set), not only the borough's. Each context "
        "indicator is turned into z-scores over all those areas (its value less their mean, "
        "over their standard deviation); the distance between two areas is the square root "
        "of the sum of the squared differences of their z-scores, each times its weight, the "
        "weights divided by their sum so they add up to 1 (equal unless the analyst sets "
        "them). An indicator missing for either area, or hidden by the small-number rule, "
        "is left out of that pair's distance and the other weights scaled up to add to 1; "
        f"two areas are compared only when the indicators both have carry at least "
        f"{MIN_SHARED_WEIGHT:.0%} of the weight. An area's {DEFAULT_K} nearest are listed "
        "by default (CIPFA gives 15 for councils, which are fewer and larger), ties broken "
        "by code. Each neighbour's squared distance splits exactly into one part per "
        "indicator, which shows why two areas are alike.\n\n"
        f"The default context set:\n\n{context}\n\n{NOT_IN_DATA} Shares are made from "
        "the counts of an area's LSOAs added up.\n\n"
        "**Compared with areas like it**: on each indicator of the index, an area is "
        "*worse* than its neighbours when its value is further than "
        f"{COMPARISON_SDS:g} standard deviation of the neighbours' values from their mean "
        "in the direction of more need, *better* when as far the other way, and *similar* "
        f"otherwise; with fewer than {MIN_COMPARED} of the neighbours' values, or a value "
        "of its own hidden or missing, it is not compared. Income deprivation is both a "
        "context indicator and, in the default index, an indicator of need, so on it an "
        "area is nearly always similar to its neighbours.")


def comparison_text(spec: IndexSpec) -> str:
    """How profiles, briefings and exports compare an area with its borough and region, and
    which of the spec's indicators are compared (Markdown)."""
    rates = {m.column for m in MEASURES if m.count_column and m.denominator}
    compared = compared_indicators(spec, rates)
    named = ", ".join(plain(i.name) for i in compared) or "none of this index's indicators"
    return (
        "Each indicator made from a count and a denominator is compared with the borough and "
        "the region as the Office for Health Improvement and Disparities (OHID) compares "
        "areas in Fingertips: the area is **worse** or **better** when its confidence "
        "interval lies wholly on the worse or better side of the benchmark, and **similar** "
        "when the interval includes it; which side is worse follows the indicator's "
        "direction. Intervals are 95% (a profile offers 99.8% too, which flags fewer areas "
        "by chance alone). A proportion (a count that is part of its denominator, such as "
        "households among households) gets the Wilson score interval; a rate (events among "
        "residents) the exact Poisson interval below 10 events and Byar's approximation from "
        "10, as OHID's tools do. The borough's and the region's figures are pooled: their "
        "areas' counts added up and divided by their denominators added up, at any level "
        "(LSOAs, wards, MSOAs, your own neighbourhoods).\n\n"
        f"Compared here: {named}. An indicator is compared when the spec makes it from a "
        "count per a denominator, or when it is a rate this app counts from events (such as "
        "road casualties). Indicators published as rates, ratios or scores without their "
        "counts (those of the Indices of Deprivation) have no interval and are **not "
        "compared**; nor is a value hidden by the small-number rule.\n\n"
        "The colours are colour-blind safe, from the Okabe–Ito palette: **blue** for "
        "better, **orange** for worse, light grey for similar and white for not compared "
        "(Fingertips' own red, amber and green are hard to tell apart with red-green colour "
        "blindness). Every cell also says its comparison in words, and the spine chart's "
        "marks differ in shape too (pointing left for worse, right for better, a circle for "
        "similar, a diamond for not compared).\n\n"
        "The **spine chart** shows each indicator's value for the area against the range of "
        "all the areas of the borough, as Fingertips draws it: the worst end on the left, "
        "the best on the right, the borough's figure in the centre; the light bar spans every "
        "area, the dark bar the middle half (25th to 75th percentile). Each side is scaled by "
        "the larger distance of the worst and best areas from the borough's figure, and "
        "values hidden by the small-number rule are left out of the range."
    )


def over_time_text(spec: IndexSpec) -> str:
    """The Methods text of the index on IoD2019 and IoD2025, and of saved editions: which of
    the spec's indicators both editions have, the bridging rule and how a move is read."""
    earlier = [i for i in spec.indicators if i.iod2019 and i.iod2019.column]
    if earlier:
        used = "; ".join(f"{plain(i.name)} ({plain(i.iod2019.note) or 'the same column'})"
                         for i in earlier)
        left = [i for i in spec.indicators if i not in earlier]
        kept = (f"The {len(earlier)} indicators IoD2019 has too are used for both years: "
                f"{used}." + (f" The other {len(left)} are left out of both years, so that the "
                              "two builds measure the same things; the Change over time page "
                              "says why for each." if left else ""))
    else:
        kept = ("No indicator of this index says what it was in IoD2019 (the iod2019 key of "
                "its spec), so it is not built on IoD2019.")
    return (
        "The Change over time page builds the index twice over the same areas, with the same "
        f"methods: once on the 2019 English Indices of Deprivation and once on the 2025 ones. "
        f"{kept} {BRIDGE_RULE} Each build is ranked among its own areas, so a move in rank says "
        "how an area stands against the others, not whether it got better in itself. A move "
        "is more than the index's own uncertainty when the two rank intervals (5th to 95th "
        "percentile, from the robustness analysis of each build) do not overlap. Areas whose "
        "2021 LSOAs were split or merged from 2011 ones are flagged. A saved edition keeps a "
        "build as it was (its spec, its data's sources and years, and its results as the "
        "public may read them), and any two editions over the same areas are compared in "
        "the same way.")


def readiness_instrument_text() -> str:
    """What the readiness survey asks, from the shipped instrument, and how it is run
    (Markdown)."""
    instrument = load_instrument(DEFAULT_INSTRUMENT)
    groups = {"readiness": "one of the six of readiness", "added": "added later"}
    categories = "\n".join(f"- **{plain(c.name)}** ({groups[c.group]}): {plain(c.description)}"
                            for c in instrument.categories)
    scale = ", ".join(f"{score} ({words.lower()})" for score, words in instrument.scale.items())
    return (f"The survey asks the **{plain(instrument.label)}**, written for anyone in a "
            "partner organisation. For each of its categories a respondent reads two "
            "statements and answers how important the factor is to organisations in the "
            "area working well together, and how far it is true of their own organisation "
            f"today, each scored {scale}. \"{plain(instrument.not_applicable)}\" is kept "
            "apart and never scored; a question left unanswered is missing, not zero.\n\n"
            f"{categories}\n\n"
            "Each respondent also says their sector (public, private, or voluntary and "
            "community), their role (front line, middle management or strategic) and how far "
            "their organisation usually involves residents, on the participation ladder: "
            + "; ".join(f"{LADDER[c].lower()} ({LADDER_MEANING[c][:-1].lower()})"
                        for c in LADDER) + ".\n\n"
            "The instrument is a versioned file, like the index's spec: a partnership that "
            "rewords a statement or adds a category makes a new version, each wave keeps the "
            "version it was asked on, and every response and result says which. Answers come "
            "through the wave's link, which needs no account and shows nothing else of the "
            "app, or from a file gathered elsewhere, matched column by column and checked "
            "row by row (nothing is added unless every row is good). Answers are anonymous: a "
            "name or organisation is kept only when the respondent chooses to give it.")


def readiness_text() -> str:
    """How a partnership's readiness results are made: every rule, as a list (Markdown)."""
    return ("A partnership's members answer the readiness survey (the Collaboration "
            "Readiness Index as a self-assessment): for each category, how important it is "
            "to working together and how far it is present in their own organisation, from "
            "0 (not at all) to 3 (a great deal). Each wave's results say which version of "
            "the instrument they come from.\n\n"
            + "\n".join(f"- {rule}" for rule in READINESS_RULES))


def methods_sections(spec: IndexSpec, area_label: str,
                     robustness: SensitivitySettings | None = None) -> list[tuple[str, str]]:
    """Return the Methods page as (heading, Markdown) sections.

    Parameters
    ----------
    spec : IndexSpec
        The index described.
    area_label : str
        The areas the index is built over, for example "Oldham's 142 LSOAs".
    robustness : SensitivitySettings, optional
        The settings behind the rank intervals shown (default: the defaults).
    """
    robustness = robustness or SensitivitySettings()
    domain_weights = spec.weights()
    domains = "\n".join(
        f"- **{plain(d.name)}** ({domain_weights[d.code]:.1%} of the index, "
        f"{len(d.indicators)} indicators){': ' + plain(d.description) if d.description else ''}"
        for d in spec.domains
    )
    methods = sorted({spec.normalisation_of(i).method for i in spec.indicators})
    normalisation = "\n".join(f"- **{NORMALISERS.label(m)}** (`{m}` in the spec): "
                              f"{NORMALISERS.describe(m)}" for m in methods)
    aggregations = sorted({spec.aggregation_of(d) for d in spec.domains} | {spec.aggregation})
    aggregation = "\n".join(f"- **{AGGREGATORS.label(a)}** (`{a}` in the spec): "
                            f"{AGGREGATORS.describe(a)}" for a in aggregations)
    weighting = (
        "Weights are rescaled to add up to 100% within each domain and across the domains."
        if spec.rescale_weights
        else "Weights are used exactly as given, without rescaling."
    )
    if spec.weighting != "manual":
        weighting += (f" Within each domain the weights come from the data: "
                      f"{WEIGHTINGS.describe(spec.weighting)}")
    rates = [i for i in spec.indicators if i.denominator]
    preparation = [f"**Imputation**: {IMPUTERS.describe(spec.imputation.method)}"
                   + _groups(spec.imputation.group)]
    rule = spec.outliers
    preparation.append(
        "**Outliers**: none are treated." if rule.method == "none" else
        f"**Outliers**: an indicator with skewness beyond ±{rule.skew:g} and excess kurtosis "
        f"above {rule.kurtosis:g} has its most extreme values winsorised (set to the next value "
        f"in), up to {rule.max_winsorised}; if that is not enough it is log-transformed "
        "instead, " + ("as COINr does by default: log(x − min + 1% of the range)"
                       if rule.log == "coinr" else "as log(x − min + 1)")
        + ", mirrored for a negative skew. Skewness and kurtosis are the bias-adjusted "
        "estimators COINr uses (as Excel's SKEW and KURT). Changed values are flagged.")
    if rates:
        preparation.append("**Rates**: " + "; ".join(
            f"{plain(i.name)} is the number of {plain(column_name(i.column))} per "
            f"{i.scale:,.0f} {plain(column_name(i.denominator))}" for i in rates) + ".")
    columns = set(spec.columns)
    derived = "\n".join(f"- **{m.name}** ({m.unit}): {m.method}" for m in MEASURES
                        if m.column in columns)
    files = sorted({i.source for i in spec.indicators} | {
        s for m in MEASURES if m.column in columns for s in m.sources})
    sources = "\n".join(
        f"- {e.title}. {e.publisher}, {e.period}. {e.licence}."
        + (f" {e.attribution}." if e.attribution else "")
        for e in (dataset(f) for f in files) if e
    )
    sections = [
        (
            "What the index is",
            f"{plain(spec.description)}\n\nThe **{plain(spec.name)}** (version "
            f"{plain(spec.version)}) is built over {plain(area_label)}. Each neighbourhood gets "
            "a score, where **higher means more need**, a rank (**1 is the most in need**) and "
            "a decile (**decile 1 = the most-in-need tenth of areas**). Ranks compare "
            "neighbourhoods with each other; a small difference in score can mean a large "
            "difference in rank, so read ranks and deciles as bands, not a league table.",
        ),
        ("Domains", f"The index combines {len(spec.domains)} domains:\n\n{domains}"),
        (
            "How indicators are put on one scale",
            "Every indicator is first turned round where needed, so that a higher value always "
            f"means more need, and then normalised:\n\n{normalisation}",
        ),
        (
            "How they are combined",
            f"Indicators are combined into their domain, and domains into the index, "
            f"by:\n\n{aggregation}\n\n{weighting}",
        ),
        ("Preparing the data", "\n".join(f"- {line}" for line in preparation)),
        (
            "Missing values",
            f"A missing value is never treated as zero: {MISSING_RULES[spec.missing]}. Missing "
            "values show as “no data” on the map and in profiles.",
        ),
    ]
    if derived:
        sections.append(("Indicators computed by this app", derived))
    sections.append((
        "Wards, MSOAs, boroughs and your own neighbourhoods",
        f"Every figure starts from 2021 LSOAs. Wards are the electoral wards of {WARD_VINTAGE} "
        "(ONS boundaries); each LSOA is in the ward the ONS best-fit lookup of 2021 LSOAs to "
        f"wards puts it in (its 2024 edition, whose wards in Greater Manchester are those of "
        f"{WARD_VINTAGE}). For a larger area, each indicator is:\n\n"
        + level_rules(spec) + "\n\nThe index is then built over the larger areas themselves: "
        "normalised, combined and ranked among them. Ranks and deciles of LSOAs are not "
        "carried up.",
    ))
    rule = suppression_rule()
    sections.append(("Small numbers", rule.describe()))
    sections.append(("Compared with the borough and the region", comparison_text(spec)))
    sections.append((
        "The voluntary sector's capacity",
        "Voluntary and community organisations describe themselves in the asset survey; "
        "their answers count once an editor has accepted them into the register. Fields of "
        "work are the twelve groups of the International Classification of Nonprofit "
        "Organizations (ICNPO, United Nations, 2003), which NCVO's UK Civil Society Almanac "
        f"also uses. {COUNTING_RULE} Figures made from fewer than {rule.threshold} "
        "organisations are not shown, as one organisation's own figures could be read from "
        "them. Need against capacity sets a field of work beside the index domain it serves "
        "(health organisations against the health domain, social services, education and "
        "housing against deprivation, environmental groups against the environment, law and "
        "advocacy against crime), split at the borough's medians. The funding mix is given "
        "as the mean share across organisations and as the share of all income, each "
        "organisation weighted by the middle of its income band; an organisation depends on "
        f"one source when more than {DEPENDENT_SHARE:g}% of its income comes from it.",
    ))
    sections.append(("Partnership readiness: the instrument", readiness_instrument_text()))
    sections.append(("Partnership readiness: the results", readiness_text()))
    sections.append((
        "What drives a score",
        "Where the domains and the index are weighted averages, an area's score is the sum of "
        "what each indicator brings to it: its normalised value times its weight in its "
        "domain (shared among the indicators the area has) times its domain's weight. Each "
        "profile shows these parts, names the indicators that make up at least half of the "
        f"score by size, and flags one that alone makes more than {DOMINANT_SHARE:.0%} of "
        "it. A geometric mean has no such parts. Indicators hidden by the small-number rule "
        "are left out of what is shown.",
    ))
    sections.append((
        "Ties",
        "Areas with the same score share the best rank of their group (1, 2, 2, 4: "
        "\"minimum\" ranking), and their decile follows from it. Percentile ranks, where "
        "the index normalises by them, give tied values the mean of the ranks they span "
        "(\"average\" ranking): 100 × (rank − 1) / (areas − 1), from 0 for the least need "
        "to 100 for the most. In the robustness analysis an area's median, 5th and 95th "
        "percentile ranks are read from its ranks over the draws, interpolated linearly "
        "between the two nearest (numpy's default).",
    ))
    sections.append(("The index over time", over_time_text(spec)))
    sections.append((
        "How robust the ranks are",
        f"The index is rebuilt in {robustness.describe()}, as the OECD/JRC Handbook "
        "recommends (set on the Robustness page). Each neighbourhood's profile shows its "
        "median rank and the interval holding 90% of its ranks (5th to 95th percentile).",
    ))
    sections.append((
        "Inequality between the most and least deprived",
        "The Rates page gives the slope index of inequality (SII) and the relative index of "
        "inequality (RII) of a count across deprivation deciles, as OHID's Public Health "
        "Technical Guidance defines them and its R package PHEindicatormethods computes them "
        "(Low and Low, 2004). The deciles are put in order from the most deprived "
        "(decile 1 of the Index of Multiple Deprivation 2025) to the least, and each is "
        "placed at the middle of its share of the population, so that the ranks run from 0 "
        "(the most deprived end) to 1 (the least deprived end). A straight line is fitted by "
        "weighted least squares (each decile's value and rank multiplied by the square root "
        "of its share of the population); rates are fitted on the log scale and percentages "
        "on the logit scale, then turned back. The SII is the line's value at the least "
        "deprived end less its value at the most deprived end (negative when the most "
        "deprived have the higher rate), and the RII the first over the second. The 95% "
        "confidence intervals come from 10,000 simulated draws of every decile's value "
        "within its own confidence interval, with a fixed seed so that the same figures come "
        "out every time. Deciles are national ones, so a borough may have none in some.",
    ))
    sections.append(("Areas like this one", neighbours_text()))
    sections.append(("Sources", sources))
    sections.append(("Attribution", ATTRIBUTION))
    return sections
