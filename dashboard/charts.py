"""Charts of ranks, rates and assets (Altair), with a text alternative for each; the text
alternative of the profile's domain chart (drawn by :mod:`dashboard.reports.svg`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.formatting import format_value
from data.stats.compare import COLOURS, LABELS
from data.stats.funnel import Funnel

# Viridis blue: distinct from the black average mark in colour and in greyscale.
AREA_COLOUR = "#3b528b"
AVERAGE_COLOUR = "#000000"


def rank_interval_frame(areas: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    """The sensitivity table with names and interval widths, ordered by rank."""
    frame = areas.assign(name=names.reindex(areas.index),
                         width=areas["rank_p95"] - areas["rank_p05"])
    return frame.sort_values("rank").rename_axis("code").reset_index()


def rank_interval_chart(areas: pd.DataFrame, names: pd.Series) -> alt.LayerChart:
    """Every area's rank with its 5th to 95th percentile interval, in rank order.

    A vertical line per area spans the interval; an open circle marks the
    median rank over the draws, and the rank of the index as built is a short
    black bar across the line.
    """
    data = rank_interval_frame(areas, names)
    ends = [0.5, len(data) + 0.5]  # ranks run from 1 to the number of areas, no further
    x = alt.X("rank:Q", title="Areas in rank order (1 = most in need)",
              scale=alt.Scale(domain=ends, nice=False))
    y_title = "Rank over the draws (5th to 95th percentile)"
    tooltip = [alt.Tooltip("name:N", title="Neighbourhood"), alt.Tooltip("code:N", title="Code"),
               alt.Tooltip("rank:Q", title="Rank"),
               alt.Tooltip("median_rank:Q", title="Median rank", format=".1f"),
               alt.Tooltip("rank_p05:Q", title="5th percentile", format=".1f"),
               alt.Tooltip("rank_p95:Q", title="95th percentile", format=".1f")]
    base = alt.Chart(data)
    rules = base.mark_rule(color=AREA_COLOUR, strokeWidth=2).encode(
        x=x, y=alt.Y("rank_p05:Q", title=y_title,
                     scale=alt.Scale(domain=ends, reverse=True, nice=False)),
        y2="rank_p95:Q", tooltip=tooltip)
    medians = base.mark_point(shape="circle", filled=True, fill="white", stroke=AREA_COLOUR,
                              strokeWidth=1.5, size=30, opacity=1).encode(
        x=x, y="median_rank:Q", tooltip=tooltip)
    built = base.mark_tick(color=AVERAGE_COLOUR, orient="horizontal", thickness=2,
                           size=9).encode(x=x, y="rank:Q", tooltip=tooltip)
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


def contributions_chart(frame: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: what each indicator brings to an area's score (``indicator``,
    ``contribution``, ``domain``), largest first; those pulling the score down (below the
    average) point left, in a lighter shade, so the chart reads in greyscale."""
    data = frame.assign(side=frame["contribution"].map(
        lambda v: "adds to the score" if v >= 0 else "takes from it"))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("contribution:Q", title="Contribution to the index score"),
        y=alt.Y("indicator:N", sort=alt.EncodingSortField("size", order="descending"),
                title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("side:N", scale=alt.Scale(domain=["adds to the score", "takes from it"],
                                                  range=[AREA_COLOUR, "#9ecae1"]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("indicator:N", title="Indicator"),
                 alt.Tooltip("domain:N", title="Domain"),
                 alt.Tooltip("contribution:Q", title="Contribution", format=".3f")],
    ).properties(height=alt.Step(26))


QUADRANT_SHAPES = {"high need, few assets": "triangle-up", "high need, more assets": "circle",
                   "lower need, few assets": "square", "lower need, more assets": "diamond"}


def need_assets_chart(frame: pd.DataFrame, x_title: str = "Index score (higher = more need)",
                      y_title: str = "Community assets per 1,000 residents",
                      what: str = "assets") -> alt.LayerChart:
    """Scatter of need (a score) against assets, or the sector's capacity, per 1,000
    residents, split at the medians.

    Quadrants differ by shape as well as colour, so the chart reads in greyscale.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``name``, ``score``, ``per_1000`` and ``quadrant``, as
        :func:`data.areas.assets.need_against_assets` (``what="assets"``) or
        :func:`data.areas.capacity.need_against_capacity` (``what="capacity"``) make it.
    """
    quadrants = list(QUADRANT_SHAPES) if what == "assets" else \
        [q.replace("few assets", "little capacity").replace("more assets", "more capacity")
         for q in QUADRANT_SHAPES]
    data = frame.rename_axis("code").reset_index()
    base = alt.Chart(data)
    points = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x=alt.X("score:Q", title=x_title),
        y=alt.Y("per_1000:Q", title=y_title),
        shape=alt.Shape("quadrant:N", scale=alt.Scale(domain=quadrants,
                                                      range=list(QUADRANT_SHAPES.values())),
                        legend=alt.Legend(title=None, orient="bottom")),
        color=alt.Color("quadrant:N", scale=alt.Scale(
            domain=quadrants, range=["#440154", "#3b528b", "#21918c", "#5ec962"]),
            legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Neighbourhood"), alt.Tooltip("code:N", title="Code"),
                 alt.Tooltip("score:Q", format=".2f", title="Score"),
                 alt.Tooltip("per_1000:Q", format=".1f", title="Per 1,000 residents")],
    )
    x_rule = base.mark_rule(strokeDash=[4, 3], color="#555").encode(x="median(score):Q")
    y_rule = base.mark_rule(strokeDash=[4, 3], color="#555").encode(y="median(per_1000):Q")
    return (points + x_rule + y_rule).properties(height=380)


#: Funnel statuses, highest first: triangles point the way an area differs, and darker
#: marks lie beyond the wider (99.8%) limits, so the chart reads in greyscale.
STATUS_MARKS = {
    "above 99.8% limit": ("triangle-up", "#440154"),
    "above 95% limit": ("triangle-up", "#3b528b"),
    "within the limits": ("circle", "#21918c"),
    "below 95% limit": ("triangle-down", "#3b528b"),
    "below 99.8% limit": ("triangle-down", "#440154"),
}

#: The funnel's lines: 95% limits dashed, 99.8% limits dotted, the target solid.
LIMIT_LINES = {"upper_95": "95% limits", "lower_95": "95% limits",
               "upper_998": "99.8% limits", "lower_998": "99.8% limits"}


def funnel_points(result: Funnel, names: pd.Series, hidden: pd.Series) -> pd.DataFrame:
    """The areas a funnel plot may show: those with a rate whose count is not hidden.

    An area with a suppressed count is left out altogether: its position
    against the denominator would give its count away.
    """
    shown = result.areas[result.areas["rate"].notna() & ~hidden.reindex(result.areas.index,
                                                                        fill_value=False)]
    return shown.assign(name=names.reindex(shown.index)).rename_axis("code").reset_index()


def funnel_chart(result: Funnel, names: pd.Series, hidden: pd.Series, unit: str,
                 denominator_name: str) -> alt.LayerChart:
    """Funnel plot: each area's rate against its denominator, with the target and limits.

    Parameters
    ----------
    result : data.stats.funnel.Funnel
        The areas' rates, the target and the grid of limits.
    names : pandas.Series
        Area names by code.
    hidden : pandas.Series
        True for areas whose count is suppressed; they are not drawn.
    unit, denominator_name : str
        Axis titles: the rate's unit and what the denominator counts.
    """
    points = funnel_points(result, names, hidden)
    lines = result.grid.melt(id_vars="denominator", value_vars=list(LIMIT_LINES),
                             var_name="limit", value_name="value")
    lines["lines"] = lines["limit"].map(LIMIT_LINES)
    x_title = denominator_name[:1].upper() + denominator_name[1:]
    x = alt.X("denominator:Q", title=x_title,
              scale=alt.Scale(zero=False, nice=False))
    y_title = f"Rate ({unit})"
    limits = alt.Chart(lines).mark_line(color="#555555", strokeWidth=1.5).encode(
        x=x, y=alt.Y("value:Q", title=y_title), detail="limit:N",
        strokeDash=alt.StrokeDash("lines:N", title=None, scale=alt.Scale(
            domain=["95% limits", "99.8% limits"], range=[[6, 3], [2, 2]]),
            legend=alt.Legend(orient="bottom")))
    target = alt.Chart(pd.DataFrame({"target": [result.target]})).mark_rule(
        color=AVERAGE_COLOUR, strokeWidth=1.5).encode(y="target:Q")
    statuses = list(STATUS_MARKS)
    marks = alt.Chart(points).mark_point(filled=True, size=60, opacity=0.9).encode(
        x=x, y=alt.Y("rate:Q", title=y_title),
        shape=alt.Shape("status:N", scale=alt.Scale(
            domain=statuses, range=[s for s, _ in STATUS_MARKS.values()]),
            legend=alt.Legend(title=None, orient="bottom")),
        color=alt.Color("status:N", scale=alt.Scale(
            domain=statuses, range=[c for _, c in STATUS_MARKS.values()]),
            legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Neighbourhood"), alt.Tooltip("code:N", title="Code"),
                 alt.Tooltip("count:Q", title="Count", format=",.0f"),
                 alt.Tooltip("denominator:Q", title=x_title, format=",.0f"),
                 alt.Tooltip("rate:Q", title="Rate", format=",.2f"),
                 alt.Tooltip("low:Q", title="95% CI from", format=",.2f"),
                 alt.Tooltip("high:Q", title="95% CI to", format=",.2f"),
                 alt.Tooltip("status:N", title="Against the funnel")])
    return (limits + target + marks).properties(height=440)


def funnel_chart_text(result: Funnel, names: pd.Series, hidden: pd.Series, unit: str,
                      place: str) -> str:
    """Describe the funnel plot in words, for screen readers and print."""
    points = funnel_points(result, names, hidden)
    counts = points["status"].value_counts()
    parts = [f"{counts[s]} {s}" for s in STATUS_MARKS if s in counts]
    text = (f"Funnel plot of {len(points)} neighbourhoods against the {place} rate of "
            f"{format_value(result.target)} {unit}: " + ", ".join(parts) + ".")
    above = points[points["status"].str.startswith("above")].nlargest(3, "rate")
    if len(above):
        text += " Highest above the limits: " + "; ".join(
            f"{row.name} ({format_value(row.rate)})" for row in above.itertuples()) + "."
    return text


def _p_value(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def funnel_dispersion_text(result: Funnel, place: str) -> str:
    """Say in words how widely the areas spread beyond chance, and which limits are drawn.

    Parameters
    ----------
    result : Funnel
        The funnel drawn; its ``dispersion`` says how widely the areas spread
        (Spiegelhalter's phi and its p-value) and whether its limits allow for
        that.
    place : str
        The place whose rate the areas are compared with, such as the borough.
    """
    spread = result.dispersion
    exact = ("exact Poisson" if not result.proportion else "exact binomial") \
        + f" limits around the {place} rate, which allow for chance alone"
    if pd.isna(spread.phi):
        return f"Too few neighbourhoods to tell whether they differ by more than chance; {exact}."
    if spread.p_value < 0.001:
        verdict = "far more than chance alone would give"
    elif spread.p_value < 0.05:
        verdict = "more than chance alone would usually give"
    else:
        verdict = "no more than chance alone could give"
    text = (f"Spread of the neighbourhoods' rates (over-dispersion): φ = {spread.phi:.1f}, "
            f"where about 1 is what chance alone gives; they differ by {verdict} "
            f"({_p_value(spread.p_value)}). ")
    if spread.adjusted:
        return text + ("The limits drawn are widened for this extra spread (Spiegelhalter's "
                       "method), so a neighbourhood outside them stands out even among "
                       "places that differ for many reasons.")
    if spread.p_value < 0.05 and spread.tau2 > 0:
        return text + (f"The limits drawn are {exact}, so more neighbourhoods lie outside them "
                       "than chance would put there: read them as a guide to where to look, "
                       "not as a verdict.")
    return text + f"The limits drawn are {exact}."


#: Spine chart marks of each comparison: colour-blind-safe colours (see
#: :data:`data.stats.compare.COLOURS`) and a shape each, pointing to the worse or better
#: side, so the chart reads in greyscale and without colour vision.
SPINE_SHAPES = {"worse": "triangle-left", "similar": "circle", "better": "triangle-right",
                "not compared": "diamond"}
#: The spine's bars: the whole range of the areas, and its middle half.
SPINE_RANGE, SPINE_MIDDLE = "#d9d9d9", "#a6a6a6"


def spine_chart(spine: pd.DataFrame, area: str, benchmark: str) -> alt.LayerChart:
    """A Fingertips-style spine chart: per indicator, the range of all the areas (light
    grey, the middle half darker), the benchmark as a black line in the centre, and the
    area's value as a mark coloured and shaped by its comparison; worst on the left.

    Parameters
    ----------
    spine : pandas.DataFrame
        From :func:`data.stats.compare.spine_table`.
    area, benchmark : str
        The area's name and the benchmark's (such as the borough), for the legend.
    """
    data = spine.assign(
        outcome=spine["comparison"].map(LABELS),
        value_text=spine["value"].map(format_value),
        benchmark_text=spine["benchmark"].map(format_value),
        worst_text=spine["worst"].map(format_value), best_text=spine["best"].map(format_value),
        quartiles=[f"{format_value(a)} to {format_value(b)}" for a, b in
                   zip(spine["worse_quartile"], spine["better_quartile"], strict=True)])
    order = list(data["name"])
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=280))
    x_scale = alt.Scale(domain=[-1.05, 1.05], nice=False)
    x = alt.X("at_worst:Q", scale=x_scale, axis=alt.Axis(
        values=[-1, 0, 1], labelExpr="datum.value < 0 ? 'Worst' : datum.value > 0 ? 'Best' : "
        f"{benchmark!r}", grid=False), title=None)
    tooltip = [alt.Tooltip("name:N", title="Indicator"), alt.Tooltip("unit:N", title="Unit"),
               alt.Tooltip("value_text:N", title=area),
               alt.Tooltip("benchmark_text:N", title=benchmark),
               alt.Tooltip("worst_text:N", title="Worst area"),
               alt.Tooltip("quartiles:N", title="Middle half of the areas"),
               alt.Tooltip("best_text:N", title="Best area"),
               alt.Tooltip("outcome:N", title=f"Against {benchmark}")]
    base = alt.Chart(data)
    whole = base.mark_bar(color=SPINE_RANGE, height=14).encode(
        x=x, x2="at_best:Q", y=y, tooltip=tooltip)
    middle = base.mark_bar(color=SPINE_MIDDLE, height=14).encode(
        x=alt.X("at_worse_quartile:Q", scale=x_scale), x2="at_better_quartile:Q", y=y,
        tooltip=tooltip)
    centre = alt.Chart(pd.DataFrame({"at": [0.0]})).mark_rule(
        color=AVERAGE_COLOUR, strokeWidth=2).encode(x=alt.X("at:Q", scale=x_scale))
    outcomes = list(SPINE_SHAPES)
    labels = [LABELS[o] for o in outcomes]
    legend = alt.Legend(title=f"{area} against {benchmark}", orient="bottom", symbolSize=200,
                        symbolStrokeWidth=1)
    marks = base.transform_filter("isValid(datum.at_value)").mark_point(
        filled=True, size=170, opacity=1, strokeWidth=1).encode(
        x=alt.X("at_value:Q", scale=x_scale), y=y,
        shape=alt.Shape("outcome:N", scale=alt.Scale(domain=labels,
                                                     range=[SPINE_SHAPES[o] for o in outcomes]),
                        legend=legend),
        fill=alt.Fill("outcome:N", scale=alt.Scale(domain=labels,
                                                   range=[COLOURS[o][0] for o in outcomes]),
                      legend=legend),
        stroke=alt.Stroke("outcome:N", scale=alt.Scale(domain=labels,
                                                       range=["#111111"] * len(labels)),
                          legend=legend),  # an outline, in the legend too
        tooltip=tooltip)
    return (whole + middle + centre + marks).properties(height=alt.Step(24))



def neighbour_parts_frame(parts: pd.DataFrame, names: dict[str, str],
                          neighbours: pd.Series) -> pd.DataFrame:
    """The neighbours' squared distances split by context indicator, long: ``neighbour``
    (its name), ``order`` (nearest first), ``indicator`` (its name), ``part`` and
    ``share`` (of the squared distance).

    Parameters
    ----------
    parts : pandas.DataFrame
        Neighbours (by code) x context indicators (by key), as
        :attr:`data.areas.neighbours.AreaNeighbours.parts` gives them.
    names : dict
        Context key -> plain name.
    neighbours : pandas.Series
        Each neighbour's name, by code, nearest first.
    """
    frame = parts.reindex(neighbours.index).rename(columns=names)
    totals = frame.sum(axis=1, min_count=1)
    long = frame.assign(neighbour=neighbours.to_numpy(), order=range(1, len(frame) + 1)) \
        .melt(id_vars=["neighbour", "order"], var_name="indicator", value_name="part")
    long["share"] = long["part"] / long["order"].map(
        dict(zip(range(1, len(frame) + 1), totals.to_numpy(), strict=True)))
    return long.dropna(subset=["part"])


def neighbour_parts_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked horizontal bars, nearest neighbour at the top: each neighbour's squared
    distance from the area, in one part per context indicator (a longer part, more of the
    difference). Parts differ in colour (a colour-blind-safe palette) and are named in the
    tooltips and the text alternative."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("sum(part):Q", title="Distance squared, by context indicator "
                "(shorter = more alike)"),
        y=alt.Y("neighbour:N", sort=alt.EncodingSortField("order", order="ascending"),
                title=None, axis=alt.Axis(labelLimit=240)),
        color=alt.Color("indicator:N", scale=alt.Scale(scheme="viridis"),
                        legend=alt.Legend(title=None, orient="bottom", columns=2,
                                          labelLimit=320)),
        order=alt.Order("indicator:N"),
        tooltip=[alt.Tooltip("neighbour:N", title="Neighbour"),
                 alt.Tooltip("indicator:N", title="Context indicator"),
                 alt.Tooltip("part:Q", title="Part of the distance squared", format=".3f"),
                 alt.Tooltip("share:Q", title="Share of the distance squared", format=".0%")],
    ).properties(height=alt.Step(26))


def neighbour_parts_text(frame: pd.DataFrame, area: str) -> str:
    """Describe the neighbours' distances in words: for each, what most of its difference
    from the area comes from."""
    if frame.empty:
        return f"No area can be compared with {area}."
    lines = []
    for (order, neighbour), rows in frame.groupby(["order", "neighbour"], sort=True):
        total = rows["part"].sum()
        if total <= 0:
            lines.append(f"{order}. {neighbour}: the same as {area} on every indicator")
            continue
        top = rows.nlargest(1, "part").iloc[0]
        lines.append(f"{order}. {neighbour} (distance {total ** 0.5:.2f}): most of the "
                     f"difference is {top['indicator']} ({top['share']:.0%})")
    return (f"The nearest areas to {area}, and where they differ most from it. "
            + "; ".join(lines) + ".")
