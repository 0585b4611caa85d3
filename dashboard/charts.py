"""Charts of ranks, rates, assets and partnership readiness (Altair), with a text
alternative for each; the text alternative of the profile's domain chart (drawn by
:mod:`dashboard.reports.svg`)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from dashboard.formatting import format_value
from data.readiness.instrument import LADDER
from data.readiness.results import MIN_GROUP, SCALE
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
    for (_, neighbour), rows in frame.groupby(["order", "neighbour"], sort=True):
        total = rows["part"].sum()
        if total <= 0:
            lines.append(f"{neighbour}: the same as {area} on every indicator")
            continue
        top = rows.nlargest(1, "part").iloc[0]
        what = str(top["indicator"])
        lines.append(f"{neighbour} (distance {total ** 0.5:.2f}): most of the difference is "
                     f"in {what[:1].lower() + what[1:]} ({top['share']:.0%})")
    return (f"The nearest areas to {area}, and where they differ most from it. "
            + "; ".join(lines) + ".")


# Partnership readiness (data.readiness.results): importance against prevalence.

#: Okabe-Ito colours: importance blue, prevalence orange; their lines also differ in dash
#: and their points in shape, so the charts read in greyscale.
READINESS_COLOURS = {"Importance": "#0072B2", "Prevalence": "#E69F00"}
READINESS_SHAPES = {"Importance": "circle", "Prevalence": "square"}
#: The answers 0 to 3, from Okabe-Ito: vermillion, orange, sky blue, blue.
ANSWER_COLOURS = {"Not at all": "#D55E00", "A little": "#E69F00", "Somewhat": "#56B4E9",
                  "A great deal": "#0072B2"}
#: Okabe and Ito's eight colours, and eight shapes, for the categories of the scatter.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
CATEGORY_SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down", "cross",
                   "triangle-right", "triangle-left"]
#: How far out the radar chart's category names sit (the scale runs to 3).
RADAR_LABELS = 3.55


def readiness_frame(results, names) -> pd.DataFrame:
    """Per category shown, long: ``category`` (its name), ``code``, ``order``, ``question``
    ("Importance", "Prevalence"), ``mean``, ``low``, ``high``, ``n``; the categories whose
    two means are both shown (see :func:`data.readiness.results.readiness_results`).

    Parameters
    ----------
    results : data.readiness.results.ReadinessResults
        A group's results.
    names : mapping
        Category code -> name.
    """
    rows = []
    if not results.shown:
        return pd.DataFrame(columns=["category", "code", "order", "question", "mean", "low",
                                     "high", "n"])
    table = results.questions
    for order, code in enumerate(results.categories):
        if not all(table.at[(code, q), "shown"] for q in ("importance", "prevalence")):
            continue
        for question in ("importance", "prevalence"):
            row = table.loc[(code, question)]
            rows.append({"category": names.get(code, code), "code": code, "order": order,
                         "question": question.capitalize(), "mean": float(row["mean"]),
                         "low": float(row["mean_low"]), "high": float(row["mean_high"]),
                         "n": int(row["n"])})
    return pd.DataFrame(rows, columns=["category", "code", "order", "question", "mean", "low",
                                       "high", "n"])


def _left_out(results, names) -> str:
    """The categories a chart leaves out (fewer than the minimum answering), in words."""
    shown = set(readiness_frame(results, names)["code"])
    out = [names.get(c, c) for c in results.categories if c not in shown]
    return (f" Not shown, as fewer than {MIN_GROUP} answered: {', '.join(out)}." if out
            else "")


def _question_colour(legend: bool = True) -> alt.Color:
    return alt.Color("question:N", title=None, scale=alt.Scale(
        domain=list(READINESS_COLOURS), range=list(READINESS_COLOURS.values())),
        legend=alt.Legend(orient="bottom") if legend else None)


def readiness_radar_chart(results, names) -> alt.LayerChart:
    """A radar (spider) chart: one spoke per category, the mean importance and the mean
    prevalence each a closed polygon (0 at the centre, 3 at the rim), drawn from computed
    x and y coordinates, as Altair has no polar lines; rings at 1, 2 and 3."""
    frame = readiness_frame(results, names)
    codes = list(dict.fromkeys(frame["code"]))
    count = max(len(codes), 1)
    angle = {c: 2 * np.pi * i / count for i, c in enumerate(codes)}  # clockwise from the top

    def at(code: str, radius: float) -> tuple[float, float]:
        return radius * np.sin(angle[code]), radius * np.cos(angle[code])

    points = frame.assign(
        x=[at(c, m)[0] for c, m in zip(frame["code"], frame["mean"], strict=True)],
        y=[at(c, m)[1] for c, m in zip(frame["code"], frame["mean"], strict=True)],
        step=frame["code"].map({c: i for i, c in enumerate(codes)}),
        value=frame["mean"].map(lambda v: f"{v:.1f} of 3"))
    closed = pd.concat([points, points[points["step"] == 0].assign(step=count)])
    rings = pd.DataFrame([{"ring": r, "step": i, "x": at(c, r)[0], "y": at(c, r)[1]}
                          for r in (1, 2, 3) for i, c in enumerate([*codes, *codes[:1]])])
    spokes = pd.DataFrame([{"code": c, "x": 0.0, "y": 0.0, "x2": at(c, 3)[0],
                            "y2": at(c, 3)[1]} for c in codes])
    labels = pd.DataFrame([{"category": _two_lines(names.get(c, c)),
                            "x": at(c, RADAR_LABELS)[0],
                            "y": at(c, RADAR_LABELS)[1],
                            "align": "center" if abs(at(c, 1)[0]) < 0.2 else
                            "left" if at(c, 1)[0] > 0 else "right"} for c in codes])
    # one unit is as long across as up (60 pixels), with room across for the names
    x = alt.X("x:Q", scale=alt.Scale(domain=[-6.5, 6.5], nice=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-4.3, 4.3], nice=False), axis=None)
    grid = alt.Chart(rings).mark_line(color="#cccccc", strokeWidth=1).encode(
        x=x, y=y, detail="ring:N", order="step:Q")
    ring_labels = alt.Chart(pd.DataFrame({"x": [0.08] * 3, "y": [1.0, 2.0, 3.0],
                                          "text": ["1", "2", "3"]})).mark_text(
        align="left", baseline="bottom", color="#555555", fontSize=10).encode(
        x=x, y=y, text="text:N")
    rays = alt.Chart(spokes).mark_rule(color="#cccccc").encode(x=x, y=y, x2="x2:Q",
                                                                 y2="y2:Q")
    tooltip = [alt.Tooltip("category:N", title="Category"),
               alt.Tooltip("question:N", title="Question"),
               alt.Tooltip("value:N", title="Mean"), alt.Tooltip("n:Q", title="Answered")]
    lines = alt.Chart(closed).mark_line(strokeWidth=2.5).encode(
        x=x, y=y, order="step:Q", color=_question_colour(),
        strokeDash=alt.StrokeDash("question:N", scale=alt.Scale(
            domain=list(READINESS_COLOURS), range=[[1, 0], [6, 3]]), legend=None))
    marks = alt.Chart(points).mark_point(filled=True, size=70, opacity=1).encode(
        x=x, y=y, color=_question_colour(False),
        shape=alt.Shape("question:N", scale=alt.Scale(
            domain=list(READINESS_SHAPES), range=list(READINESS_SHAPES.values())),
            legend=None), tooltip=tooltip)
    words = [alt.Chart(labels[labels["align"] == side]).mark_text(
        align=side, baseline="middle", fontSize=12, color="#111111", lineBreak="\n").encode(
        x=x, y=y, text="category:N") for side in ("left", "right", "center")]
    return alt.layer(grid, rays, ring_labels, lines, marks, *words).properties(
        width=780, height=516)


def _two_lines(text: str, width: int = 18) -> str:
    """A name broken at the space nearest its middle when longer than ``width`` letters, for
    a chart's label (never shortened)."""
    if len(text) <= width or " " not in text:
        return text
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + "\n" + text[cut + 1:]


def readiness_radar_text(results, names) -> str:
    """The radar chart in words, for screen readers and print."""
    frame = readiness_frame(results, names)
    if frame.empty:
        return "No category has enough answers to draw the radar chart."
    wide = frame.pivot(index="category", columns="question", values="mean")
    wide = wide.reindex(list(dict.fromkeys(frame["category"])))
    parts = [f"{c}: importance {r['Importance']:.1f}, prevalence {r['Prevalence']:.1f}"
             for c, r in wide.iterrows()]
    return ("Radar chart of each category's mean importance and mean prevalence, on a scale "
            "from 0 (not at all) at the centre to 3 (a great deal) at the rim. "
            + "; ".join(parts) + "." + _left_out(results, names))


def readiness_gaps_frame(results, names) -> pd.DataFrame:
    """The gaps shown, largest first: ``category``, ``gap``, ``low``, ``high``, ``n``,
    ``importance``, ``prevalence``, ``side``."""
    if not results.shown:
        return pd.DataFrame(columns=["category", "gap", "low", "high", "n", "importance",
                                     "prevalence", "side"])
    gaps = results.gaps[results.gaps["shown"].astype(bool)]
    frame = pd.DataFrame({"category": [names.get(c, c) for c in gaps.index],
                          "gap": gaps["gap"].astype(float).to_numpy(),
                          "low": gaps["gap_low"].astype(float).to_numpy(),
                          "high": gaps["gap_high"].astype(float).to_numpy(),
                          "n": gaps["n_paired"].astype(int).to_numpy(),
                          "importance": gaps["importance"].astype(float).to_numpy(),
                          "prevalence": gaps["prevalence"].astype(float).to_numpy()})
    frame["side"] = np.where(frame["gap"] >= 0, "Matters more than it happens",
                             "Happens more than it matters")
    return frame.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def readiness_gap_chart(results, names) -> alt.LayerChart:
    """Horizontal bars of each category's gap (mean importance less mean prevalence),
    largest first, with the 95% interval of the paired differences as a line; a gap below
    zero (happens more than it matters) is lighter, and points left."""
    frame = readiness_gaps_frame(results, names)
    order = list(frame["category"])
    y = alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=280))
    tooltip = [alt.Tooltip("category:N", title="Category"),
               alt.Tooltip("gap:Q", title="Gap", format=".2f"),
               alt.Tooltip("low:Q", title="95% CI from", format=".2f"),
               alt.Tooltip("high:Q", title="95% CI to", format=".2f"),
               alt.Tooltip("n:Q", title="Answered both")]
    bars = alt.Chart(frame).mark_bar(height=16).encode(
        x=alt.X("gap:Q", title="Gap: mean importance less mean prevalence (0 to 3 scale)"),
        y=y, color=alt.Color("side:N", title=None, scale=alt.Scale(
            domain=["Matters more than it happens", "Happens more than it matters"],
            range=["#0072B2", "#56B4E9"]), legend=alt.Legend(orient="bottom", labelLimit=320)),
        tooltip=tooltip)
    whiskers = alt.Chart(frame).mark_rule(color="#111111", strokeWidth=1.5).encode(
        x="low:Q", x2="high:Q", y=y, tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#111111").encode(x="x:Q")
    return (bars + whiskers + zero).properties(height=alt.Step(30))


def readiness_gap_text(results, names) -> str:
    """The gap chart in words."""
    frame = readiness_gaps_frame(results, names)
    if frame.empty:
        return "No category has enough answers to both questions to show its gap."
    def signed(value: float) -> str:
        return f"{value:+.1f}".replace("-", "−")

    parts = [f"{r.category} {signed(r.gap)} (95% interval {signed(r.low)} to "
             f"{signed(r.high)})" for r in frame.itertuples()]
    return ("The gap between how much each category matters and how far it happens in "
            "partners' own organisations (mean importance less mean prevalence), largest "
            "first: " + "; ".join(parts) + "." + _left_out(results, names))


def readiness_scatter_chart(results, names) -> alt.LayerChart:
    """Each category as a point: mean prevalence across, mean importance up (both 0 to 3),
    with the diagonal where the two are equal; above it, a category matters more than it
    happens."""
    frame = readiness_gaps_frame(results, names)
    scale = alt.Scale(domain=[0, 3], nice=False)
    diagonal = alt.Chart(pd.DataFrame({"x": [0.0, 3.0], "y": [0.0, 3.0]})).mark_line(
        color="#555555", strokeDash=[5, 4]).encode(x=alt.X("x:Q", scale=scale),
                                                  y=alt.Y("y:Q", scale=scale))
    tooltip = [alt.Tooltip("category:N", title="Category"),
               alt.Tooltip("importance:Q", title="Importance", format=".2f"),
               alt.Tooltip("prevalence:Q", title="Prevalence", format=".2f"),
               alt.Tooltip("gap:Q", title="Gap", format=".2f")]
    x = alt.X("prevalence:Q", scale=scale,
              title="Mean prevalence: how far it happens in their organisation")
    y = alt.Y("importance:Q", scale=scale, title="Mean importance: how much it matters")
    order = list(frame.sort_values("gap", ascending=False)["category"])
    # a colour (Okabe-Ito's eight) and a shape each, named in the legend: names written
    # beside the points would run into each other where categories lie close
    points = alt.Chart(frame).mark_point(filled=True, size=110, opacity=1, stroke="#111111",
                                         strokeWidth=0.5).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("category:N", title=None, sort=order, scale=alt.Scale(
            domain=order, range=OKABE_ITO[:len(order)]),
            legend=alt.Legend(orient="right", labelLimit=260, symbolSize=120)),
        shape=alt.Shape("category:N", title=None, sort=order, scale=alt.Scale(
            domain=order, range=CATEGORY_SHAPES[:len(order)])))
    return (diagonal + points).properties(width=420, height=420, autosize=alt.AutoSizeParams(
        type="pad"))  # the legend beside the plot, not squeezed into its width


def readiness_scatter_text(results, names) -> str:
    """The scatter of importance against prevalence in words."""
    frame = readiness_gaps_frame(results, names)
    if frame.empty:
        return "No category has enough answers to both questions to place it."
    above = frame[frame["gap"] > 0]["category"].tolist()
    return (f"Importance against prevalence of {len(frame)} categories, with the line where "
            "they are equal. "
            + (f"Above the line (matters more than it happens): {', '.join(above)}. "
               if above else "No category lies above the line. ")
            + "; ".join(f"{r.category}: importance {r.importance:.1f}, prevalence "
                        f"{r.prevalence:.1f}" for r in frame.itertuples()) + "."
            + _left_out(results, names))


def readiness_spread_frame(results, names) -> pd.DataFrame:
    """The share giving each answer, long: ``category``, ``order``, ``question``,
    ``answer`` (its words), ``score``, ``share``; categories and questions shown only."""
    rows = []
    if results.shown:
        for (code, question), row in results.questions.iterrows():
            if not row["shown"]:
                continue
            for score, words in SCALE.items():
                rows.append({"category": names.get(code, code), "code": code,
                             "order": results.categories.index(code),
                             "question": question.capitalize(),
                             "answer": words[:1].upper() + words[1:], "score": score,
                             "share": float(row[f"share_{score}"]), "n": int(row["n"])})
    return pd.DataFrame(rows, columns=["category", "code", "order", "question", "answer",
                                       "score", "share", "n"])


def readiness_spread_chart(results, names) -> alt.Chart:
    """Stacked bars of the share giving each answer, 0 to 3, per category: importance in
    one row, prevalence in the next. A bar of one colour means partners agree."""
    frame = readiness_spread_frame(results, names)
    order = list(dict.fromkeys(frame.sort_values("order")["category"]))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("share:Q", stack="zero", title="Share of those answering",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("answer:N", title=None, sort=list(ANSWER_COLOURS),
                        scale=alt.Scale(domain=list(ANSWER_COLOURS),
                                        range=list(ANSWER_COLOURS.values())),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("score:Q"),
        row=alt.Row("question:N", title=None, sort=["Importance", "Prevalence"],
                    header=alt.Header(labelFontSize=13, labelFontWeight="bold",
                                      labelAngle=0, labelAlign="left")),
        tooltip=[alt.Tooltip("category:N", title="Category"),
                 alt.Tooltip("question:N", title="Question"),
                 alt.Tooltip("answer:N", title="Answer"),
                 alt.Tooltip("share:Q", title="Share", format=".0%"),
                 alt.Tooltip("n:Q", title="Answered")],
    ).properties(height=alt.Step(24), width=520)


def readiness_spread_text(results, names) -> str:
    """The spread of answers in words: per category and question, the share of each answer
    and the standard deviation."""
    frame = readiness_spread_frame(results, names)
    if frame.empty:
        return "No category has enough answers to show how they spread."
    parts = []
    for (code, category, question), rows in frame.groupby(["code", "category", "question"],
                                                          sort=False):
        sd = results.questions.at[(code, question.lower()), "sd"]
        parts.append(f"{category}, {question.lower()}: " + ", ".join(
            f"{r.answer.lower()} {r.share:.0%}" for r in rows.itertuples())
            + f" (standard deviation {sd:.1f})")
    return ("How far partners agree: the share giving each answer, from not at all to a "
            "great deal. " + "; ".join(parts) + "." + _left_out(results, names))


def readiness_ladder_chart(results) -> alt.Chart:
    """Bars of the share of respondents at each rung of the participation ladder, from
    inform to empower, in that order."""
    frame = results.ladder.rename(index=LADDER).rename_axis("rung").reset_index()
    return alt.Chart(frame).mark_bar(color="#0072B2").encode(
        x=alt.X("rung:N", sort=list(LADDER.values()), title="Typical public involvement "
                "(lowest to highest rung)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title="Share of those answering", axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("rung:N", title="Rung"), alt.Tooltip("count:Q", title="People"),
                 alt.Tooltip("share:Q", title="Share", format=".0%")],
    ).properties(height=260)


def readiness_ladder_text(results) -> str:
    """The participation ladder in words."""
    if results.ladder.empty:
        return (f"The participation ladder is not shown: fewer than {MIN_GROUP} gave the "
                "typical level of public involvement.")
    return (f"Typical level of public involvement, of the {results.ladder_answered} who gave "
            "one: " + "; ".join(f"{LADDER.get(r, r).lower()} {row['share']:.0%}"
                                for r, row in results.ladder.iterrows()) + ".")
