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


def domain_table(profile: AreaProfile) -> pd.DataFrame:
    """The domain chart's numbers as a table."""
    return pd.DataFrame(
        {
            "Domain": profile.domains["name"],
            "Score": profile.domains["score"].round(3),
            f"{profile.borough} average": profile.domains["borough_average"].round(3),
            f"Rank of {profile.areas}": profile.domains["rank"],
            "Decile": profile.domains["decile"],
        }
    )
