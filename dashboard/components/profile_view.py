"""A neighbourhood's profile: headline figures, domain chart and indicator table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.charts import contributions_chart, spine_chart
from dashboard.formatting import format_rank, format_value
from dashboard.reports.svg import domain_chart as domain_svg
from dashboard.reports.svg import domain_chart_text, spine_chart_text
from dashboard.text import plain, plain_table
from data.areas.geography import REGION_NAME
from data.areas.profiles import AreaProfile
from data.errors import DataLayerError
from data.stats.compare import (
    COLOURS,
    LABELS,
    area_comparison,
    spine_table,
)
from data.stats.suppression import suppression_rule
from data.workspace import Workspace
from indices.build import IndexRun
from indices.contributions import contributions, strengths_and_weaknesses
from indices.contributions import drivers as indicator_drivers


def headline(profile: AreaProfile) -> None:
    """Show the area's name, place, score, rank and deciles."""
    st.subheader(plain(profile.name))
    ward = f" · {profile.ward} ward" if profile.ward and profile.ward != profile.name else ""
    st.caption(plain(f"{profile.code}{ward} · {profile.district}"))
    score, rank = st.columns(2)
    decile, imd = st.columns(2)
    score.metric("Index score", format_value(profile.score),
                 help="Higher means more need. Its scale follows the index's normalisation and "
                 "aggregation (see Methods), so compare it with other neighbourhoods' "
                 "scores in the same index rather than read it on its own.")
    rank.metric("Rank", format_rank(profile.rank, profile.areas),
                help=f"Among the {profile.areas:,} areas of {profile.borough}; 1 is the most "
                "in need.")
    decile.metric("Decile", "–" if profile.decile is None else profile.decile,
                  help=f"Among the areas of {profile.borough}: 1 is the most-in-need tenth of "
                  "areas, 10 the least; none is given among fewer than ten areas.")
    imd.metric("National IMD 2025 decile", "–" if profile.imd_decile is None
               else profile.imd_decile,
               help="Decile of England's 33,755 neighbourhoods in the Index of Multiple "
               "Deprivation 2025; 1 is the most deprived tenth.")
    st.caption(f"Rank and decile among the {profile.areas:,} areas of {profile.borough}; "
               "1 is the most in need.")


def rank_interval(profile: AreaProfile, intervals: pd.DataFrame, draws: int) -> None:
    """Say how far the area's rank moves when the index is built in other reasonable ways."""
    if profile.code not in intervals.index or profile.rank is None:
        return
    row = intervals.loc[profile.code]
    st.caption(
        f"**Rank interval:** in 90% of {draws:,} rebuilds of the index with other reasonable "
        f"weights and methods, {plain(profile.name)} ranked between {row['rank_p05']:.0f} and "
        f"{row['rank_p95']:.0f} (median {row['median_rank']:.0f}). See the Robustness page."
    )


def domains(profile: AreaProfile) -> None:
    """Show the domain chart, the briefing's own, with its text alternative.

    A drawing (SVG) rather than a Vega chart: the map and the profile then need none of
    Vega's scripts, which take a new browser tab about a second to load and start.
    """
    st.markdown("**Domain scores** (higher = more need)")
    text = domain_chart_text(profile)
    st.image(domain_svg(profile.domains, profile.name, profile.borough, width=460), alt=text,
             width=640)  # drawn for print: shown larger, as it is a drawing, to read easily
    st.caption(plain(text))  # names only, no Markdown of ours


def drivers(run: IndexRun, profile: AreaProfile) -> None:
    """What drives the area's score: each indicator's contribution, in a chart and in
    words, and the indicators where it ranks best and worst. An indicator whose value is
    hidden (small numbers) is left out of both, as its part would give its value away."""
    st.markdown("#### What drives the score")
    spec, code = run.spec, profile.code
    table = profile.indicators.set_index("code")
    shown = [c for c in table.index if not table.at[c, "hidden"]]
    names = {c: table.at[c, "name"] for c in shown}
    left_out = len(table) - len(shown)
    parts = contributions(run)
    if parts is None:
        st.write("This index combines its parts by a geometric mean, whose score does not "
                 "split into what each indicator adds; see the domains above.")
    else:
        row = parts.loc[code, shown]
        said = indicator_drivers(row, names, profile.name)
        st.write(plain(said["sentence"]))
        frame = pd.DataFrame({"indicator": [names[c] for c in row.index],
                              "contribution": row.to_numpy(), "size": row.abs().to_numpy(),
                              "domain": [table.at[c, "domain"] for c in row.index]})
        st.altair_chart(contributions_chart(frame), width="stretch")
        shares = said["shares"]
        st.caption("The score is the sum of these parts: each indicator's normalised value "
                   "times its weight in its domain and its domain's weight in the index"
                   + (f" ({left_out} hidden by the small-number rule, and left out here)"
                      if left_out else "") + ". In words, largest first: " + "; ".join(
                       f"{plain(names[c])} {row[c]:+.2f} ({shares[c]:.0%})"
                       for c in shares.index if shares[c] == shares[c]) + ".")
    best, worst = strengths_and_weaknesses(table.loc[shown, "rank"].astype(float))
    size = int(run.ranks[spec.indicators[0].code].notna().sum())
    for heading, codes in (("Most need, by its rank among the areas", worst),
                           ("Least need", best)):
        if codes:
            st.markdown(f"**{heading}:** " + "; ".join(
                f"{plain(names[c])} ({format_rank(int(table.at[c, 'rank']), size)})"
                for c in codes) + ".")


def indicator_frame(profile: AreaProfile, region_name: str = REGION_NAME) -> pd.DataFrame:
    """The indicator table as shown: formatted values, hidden ones said so."""
    rows = profile.indicators
    return pd.DataFrame(
        {
            "Domain": rows["domain"],
            "Indicator": rows["name"],
            "Value": [suppression_rule().hidden_text if h else format_value(v)
                      for v, h in zip(rows["value"], rows["hidden"], strict=True)],
            "Unit": rows["unit"],
            profile.borough: rows["borough"].map(format_value),
            region_name: rows["region"].map(format_value),
            f"Rank of {profile.areas} (1 = most need)": [
                "–" if pd.isna(r) else str(int(r)) for r in rows["rank"]],
            "Year": rows["year"],
        }
    )


def indicators(profile: AreaProfile, region_name: str = REGION_NAME) -> None:
    """Show every indicator with the borough and regional figures beside it."""
    # a plain table (not the data grid, whose scripts a new tab would wait for), which is
    # also read row by row by screen readers
    st.table(plain_table(indicator_frame(profile, region_name)), hide_index=True,
             border="horizontal")
    st.caption(
        f"{profile.borough} and {region_name} figures are averages of their neighbourhoods "
        "weighted by resident population (Census 2021). " + suppression_rule().describe()
    )


#: The confidence levels a profile offers for its comparisons, as Fingertips does.
CONFIDENCE_CHOICES = {"95%": 0.95, "99.8%": 0.998}


def comparison_frame(rows: pd.DataFrame, borough: str, region_name: str,
                     confidence: float = 0.95) -> pd.DataFrame:
    """The comparison table as shown: one row per compared indicator, its value and
    interval, the borough and region figures and, in words, how the area compares.

    Parameters
    ----------
    rows : pandas.DataFrame
        The area's comparisons, from :func:`data.stats.compare.area_comparison`; the
        indicators not compared are left out.
    """
    rows = rows[rows["compared"]]
    level = f"{confidence:.1%}".replace(".0%", "%")
    hidden = suppression_rule().hidden_text
    return pd.DataFrame({
        "Indicator": rows["name"].to_numpy(),
        "Value": [hidden if h else format_value(v)
                  for v, h in zip(rows["value"], rows["hidden"], strict=True)],
        f"{level} interval": ["–" if h or pd.isna(lo) else
                              f"{format_value(lo)} to {format_value(hi)}"
                              for lo, hi, h in zip(rows["lower"], rows["upper"], rows["hidden"],
                                                   strict=True)],
        "Unit": rows["unit"].to_numpy(),
        borough: rows["borough"].map(format_value).to_numpy(),
        f"Against {borough}": rows["against_borough"].map(LABELS).to_numpy(),
        region_name: rows["region"].map(format_value).to_numpy(),
        f"Against {region_name}": rows["against_region"].map(LABELS).to_numpy(),
    })


def _cell_style(text: object) -> str:
    """The colours of a comparison cell (worse, similar, better, not compared)."""
    outcome = {label: key for key, label in LABELS.items()}.get(str(text))
    if outcome is None:
        return ""
    fill, ink = COLOURS[outcome]
    return f"background-color: {fill}; color: {ink}"


def compared(profile: AreaProfile, work: Workspace) -> None:
    """Compare the area with the borough and the region by confidence intervals, as OHID's
    Fingertips does (see :mod:`data.stats.compare`): a table whose cells say and colour
    worse, similar or better, and a spine chart of every indicator against the range of
    the areas, with its text alternative.

    Parameters
    ----------
    profile : AreaProfile
        The area's profile.
    work : Workspace
        The borough, its areas at the level and the index over them (see
        :meth:`data.workspace.Workspace.comparisons`).
    """
    choice = st.radio("Confidence level", list(CONFIDENCE_CHOICES), horizontal=True,
                      key="profile_confidence",
                      help="95% is the usual level. 99.8% flags fewer areas by chance alone, "
                      "which matters when many areas are compared at once.")
    confidence = CONFIDENCE_CHOICES[choice]
    run, areas, borough = work.run, work.areas, work.borough
    spec = run.spec
    try:
        comparisons = work.comparisons(confidence)
    except DataLayerError as error:
        st.warning(str(error))
        return
    rows = area_comparison(spec, comparisons, profile.code)
    region_name = borough.region_name
    if rows["compared"].any():
        frame = plain_table(comparison_frame(rows, profile.borough, region_name, confidence))
        against = [c for c in frame.columns if c.startswith("Against ")]
        st.table(frame.style.map(_cell_style, subset=against), hide_index=True,
                 border="horizontal")
    left_out = rows.loc[~rows["compared"], "name"].tolist()
    st.caption(plain(
        "Worse or better: the area's confidence interval lies wholly on the worse or better "
        f"side of the {profile.borough} or {region_name} figure, which are pooled from their "
        "areas' counts; similar: it includes that figure. Wilson intervals for proportions, "
        "exact Poisson (below 10 events) or Byar's for rates. "
        + (f"Not compared, as they are published without their counts: "
           f"{', '.join(left_out)}." if left_out else "")))
    spine = spine_table(spec, run.values, profile.code,
                        profile.indicators.set_index("code")["borough"], areas.hidden,
                        dict(zip(rows["indicator"], rows["against_borough"], strict=True)))
    st.markdown(f"**Spine chart**: {plain(profile.name)} against the range of the areas of "
                f"{plain(profile.borough)}")
    text = spine_chart_text(spine, profile.name, profile.borough)
    st.altair_chart(spine_chart(spine, profile.name, profile.borough), width="stretch")
    st.caption("Worst on the left, best on the right, the borough's figure in the centre; "
               "light grey spans every area, dark grey the middle half. Blue (pointing right) "
               "is better, orange (pointing left) worse, grey circles similar, white "
               "diamonds not compared. In words: " + plain(text))


#: How the comparison with the statistical neighbours reads, by verdict.
NEIGHBOUR_VERDICTS = {"worse": "Worse than areas like it", "similar": "Similar to them",
                      "better": "Better than them"}


def neighbour_comparison_frame(near) -> pd.DataFrame:
    """How an area compares with its statistical neighbours on each index indicator, as
    shown: its value, the neighbours' mean and the verdict; a value the small-number rule
    hides is said so, with no verdict.

    Parameters
    ----------
    near : data.areas.neighbours.AreaNeighbours
        The area's neighbours.
    """
    from data.stats.suppression import suppression_rule

    rows = near.comparison
    hidden = suppression_rule().hidden_text
    return pd.DataFrame({
        "Indicator": rows["name"].to_numpy(),
        near.name: [hidden if h else format_value(v)
                    for v, h in zip(rows["value"], rows["hidden"], strict=True)],
        "Mean of its neighbours": rows["neighbours_mean"].map(format_value).to_numpy(),
        "Compared with them": [
            "not shown" if h else (v if isinstance(v, str) else "no comparison")
            for v, h in zip(rows["verdict"], rows["hidden"], strict=True)],
    })


def compared_with_neighbours(region, code: str, k: int | None = None) -> None:
    """On the profile: for each index indicator, whether the area is better, similar or
    worse than its statistical neighbours across the region, with a link to the Areas like
    this one page.

    Parameters
    ----------
    region : data.areas.neighbours.RegionNeighbours
        The region's areas at the level, with the context indicators.
    code : str
        The area.
    k : int, optional
        How many neighbours (default :data:`indices.neighbours.DEFAULT_K`).
    """
    from dashboard.failures import or_stop
    from indices.neighbours import COMPARISON_SDS, DEFAULT_K

    near = or_stop(lambda: region.nearest(code, k or DEFAULT_K))
    rows = near.comparison[~near.comparison["hidden"]]
    for verdict, heading in NEIGHBOUR_VERDICTS.items():
        names = rows.loc[rows["verdict"] == verdict, "name"].tolist()
        st.markdown(f"**{heading}** ({len(names)}): "
                    + ("; ".join(plain(n) for n in names) if names else "none") + ".")
    st.caption(
        f"Compared with its {len(near.table)} statistical neighbours: the "
        f"{region.areas.plural} of the whole region most like {plain(near.name)} on "
        f"{plain(', '.join(region.names.values()))}. Worse means more need than their mean "
        f"by more than {COMPARISON_SDS:g} standard deviation of their values, better less "
        "need by as much. Indicators with too few of their values, or hidden by the "
        "small-number rule, are not compared.")
    st.page_link("views/neighbours.py", icon=":material/compare_arrows:",
                 label="Areas like this one: its neighbours, why they are alike, on a map")


def readiness_beside(found: list[Mapping[str, Any]], borough: str) -> None:
    """On the profile: how ready the partners of this area, or of the whole borough, say
    they are to work together (``found``: each partnership's latest wave with enough
    answers, see :func:`data.readiness.results.beside`), with a link to the results."""
    from data.readiness.results import MIN_GROUP

    if not found:
        st.write(f"No partnership of this area or of {plain(borough)} has run the readiness "
                 "survey yet.")
    for summary in found:
        st.markdown(f"**{plain(summary['partnership'])}** ({plain(summary['wave'])}, "
                    f"{summary['respondents']} partners"
                    + (f", for the whole of {plain(borough)}" if summary["whole_borough"]
                       else "") + f"): {plain(summary['sentence'])}")
    if found:
        st.caption(f"From the partners' own answers to the readiness survey, 0 (not at all) "
                   f"to 3 (a great deal); no result is shown from fewer than {MIN_GROUP}.")
    st.page_link("views/readiness.py", icon=":material/groups:",
                 label="Partnership readiness: every result, by sector and over time")
