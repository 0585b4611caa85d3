"""Charts of a neighbourhood profile (Altair), with a text alternative for each."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.formatting import format_value
from data.profiles import AreaProfile

# Viridis blue: distinct from the black average mark in colour and in greyscale.
AREA_COLOUR = "#3b528b"
AVERAGE_COLOUR = "#000000"


def domain_chart(profile: AreaProfile) -> alt.LayerChart:
    """Bar chart of the area's domain scores with the borough average marked on each.

    Higher scores mean more need. The average is a black tick so the chart
    reads in greyscale and without colour vision.
    """
    data = profile.domains.assign(
        area=profile.name,
        score_text=profile.domains["score"].map(format_value),
        average_text=profile.domains["borough_average"].map(format_value),
    )
    y = alt.Y("name:N", sort=None, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("name:N", title="Domain"),
        alt.Tooltip("score_text:N", title=f"{profile.name} score"),
        alt.Tooltip("average_text:N", title=f"{profile.borough} average"),
        alt.Tooltip("rank:Q", title=f"Rank of {profile.areas} (1 = most need)"),
    ]
    bars = alt.Chart(data).mark_bar(color=AREA_COLOUR, height=18).encode(
        x=alt.X("score:Q", title="Domain score (higher = more need)"), y=y, tooltip=tooltip
    )
    average = alt.Chart(data).mark_tick(color=AVERAGE_COLOUR, thickness=3, size=30).encode(
        x="borough_average:Q", y=y, tooltip=tooltip
    )
    return (bars + average).properties(
        height=alt.Step(36),
        title=alt.TitleParams(
            "Domain scores", subtitle=f"Bars: {profile.name}. Black ticks: {profile.borough} "
            "average.", anchor="start", fontSize=14,
        ),
    )


def domain_chart_text(profile: AreaProfile) -> str:
    """Describe the domain chart in words, for screen readers and print."""
    parts = []
    for row in profile.domains.itertuples():
        side = "above" if row.score > row.borough_average else "below"
        parts.append(
            f"{row.name} {format_value(row.score)} ({side} the {profile.borough} average of "
            f"{format_value(row.borough_average)}; rank {row.rank} of {profile.areas})"
        )
    return f"Domain scores for {profile.name}, higher meaning more need: " + "; ".join(parts) + "."


def rank_interval_frame(areas: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The sensitivity table with names and interval widths, ordered by rank."""
    frame = areas.assign(name=names.reindex(areas.index),
                         width=areas["rank_p95"] - areas["rank_p05"])
    return frame.sort_values("rank").rename_axis("code").reset_index()


def rank_interval_chart(areas: pd.DataFrame, names: pd.Series) -> alt.LayerChart:
    """Every area's rank with its 5th to 95th percentile interval, in rank order.

    A vertical line per area spans the interval; a dot marks the median rank
    over the draws, and the rank of the index as built is a black tick.
    """
    data = rank_interval_frame(areas, names)
    x = alt.X("rank:Q", title="Areas in rank order (1 = most in need)",
              scale=alt.Scale(domain=[0, len(data) + 1], nice=False))
    y_title = "Rank over the draws (5th to 95th percentile)"
    tooltip = [alt.Tooltip("name:N", title="Neighbourhood"), alt.Tooltip("code:N", title="Code"),
               alt.Tooltip("rank:Q", title="Rank"),
               alt.Tooltip("median_rank:Q", title="Median rank", format=".1f"),
               alt.Tooltip("rank_p05:Q", title="5th percentile", format=".1f"),
               alt.Tooltip("rank_p95:Q", title="95th percentile", format=".1f")]
    base = alt.Chart(data)
    rules = base.mark_rule(color=AREA_COLOUR, strokeWidth=2).encode(
        x=x, y=alt.Y("rank_p05:Q", title=y_title, scale=alt.Scale(reverse=True)),
        y2="rank_p95:Q", tooltip=tooltip)
    medians = base.mark_circle(color=AREA_COLOUR, size=22, opacity=1).encode(
        x=x, y="median_rank:Q", tooltip=tooltip)
    built = base.mark_tick(color=AVERAGE_COLOUR, thickness=1.5, size=8).encode(
        x=x, y="rank:Q", tooltip=tooltip)
    return (rules + medians + built).properties(height=420)


def rank_interval_text(areas: pd.DataFrame, names: pd.Series) -> str:
    """Describe the rank intervals in words, for screen readers and print."""
    data = rank_interval_frame(areas, names)
    widest = data.loc[data["width"].idxmax()]
    return (
        f"Rank intervals of {len(data)} neighbourhoods. Half of them have an interval "
        f"narrower than {data['width'].median():.0f} ranks. The widest is {widest['name']} "
        f"({widest['code']}), ranked {widest['rank']}, between {widest['rank_p05']:.0f} and "
        f"{widest['rank_p95']:.0f}."
    )


def shares_chart(shares: pd.Series) -> alt.Chart:
    """Horizontal bars: each choice's share of the rank variance, largest first."""
    data = shares.rename("share").rename_axis("choice").reset_index()
    data["label"] = data["share"].map(lambda v: f"{v:.0%}")
    return alt.Chart(data).mark_bar(color=AREA_COLOUR).encode(
        x=alt.X("share:Q", title="Share of the variance of ranks", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("choice:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
        tooltip=[alt.Tooltip("choice:N", title="Choice"), alt.Tooltip("label:N", title="Share")],
    ).properties(height=alt.Step(34))


QUADRANT_SHAPES = {"high need, few assets": "triangle-up", "high need, more assets": "circle",
                   "lower need, few assets": "square", "lower need, more assets": "diamond"}


def need_assets_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Scatter of index score against assets per 1,000 residents, split at the medians.

    Quadrants differ by shape as well as colour, so the chart reads in greyscale.
    """
    data = frame.rename_axis("code").reset_index()
    base = alt.Chart(data)
    points = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x=alt.X("score:Q", title="Index score (higher = more need)"),
        y=alt.Y("per_1000:Q", title="Community assets per 1,000 residents"),
        shape=alt.Shape("quadrant:N", scale=alt.Scale(domain=list(QUADRANT_SHAPES),
                                                      range=list(QUADRANT_SHAPES.values())),
                        legend=alt.Legend(title=None, orient="bottom")),
        color=alt.Color("quadrant:N", scale=alt.Scale(
            domain=list(QUADRANT_SHAPES), range=["#440154", "#3b528b", "#21918c", "#5ec962"]),
            legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Neighbourhood"), alt.Tooltip("code:N"),
                 alt.Tooltip("score:Q", format=".2f", title="Score"),
                 alt.Tooltip("per_1000:Q", format=".1f", title="Assets per 1,000")],
    )
    x_rule = base.mark_rule(strokeDash=[4, 3], color="#555").encode(x="median(score):Q")
    y_rule = base.mark_rule(strokeDash=[4, 3], color="#555").encode(y="median(per_1000):Q")
    return (points + x_rule + y_rule).properties(height=380)
