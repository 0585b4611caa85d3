"""A neighbourhood's profile: headline figures, domain chart and indicator table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import contributions_chart
from dashboard.formatting import format_rank, format_value
from dashboard.reports.svg import domain_chart as domain_svg
from dashboard.reports.svg import domain_chart_text
from dashboard.text import plain, plain_table
from data.areas.geography import REGION_NAME
from data.areas.profiles import AreaProfile
from data.stats.suppression import suppression_rule
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
