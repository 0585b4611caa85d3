"""The results of a partnership's readiness self-assessment, from its answers' long table.

Pure: the answers arrive as the long table of :func:`data.readiness.instrument.long_answers`
(one row per response, category and question: ``response_id``, ``sector``, ``role_level``,
``ladder``, ``category``, ``question``, ``score`` 0 to 3 or NaN, ``not_applicable``).

The rules, each stated in words in the constants below (the Methods page, the results
page, the downloads and the briefing print them):

- a category's mean, with its 95% confidence interval from the t distribution
  (:data:`MEAN_RULE`);
- the share answering "a great deal", with Wilson's interval (:data:`SHARE_RULE`);
- the gap between importance and prevalence, with the interval of the paired differences
  (:data:`GAP_RULE`);
- the overall means across the six readiness categories and across all eight
  (:data:`OVERALL_RULE`);
- nothing made from fewer than :data:`MIN_GROUP` people (:data:`GROUP_RULE`), by sector
  too, where a hidden group could otherwise be worked out from the whole (:data:`SECTOR_RULE`);
- change between two waves by Welch's t-test (:data:`CHANGE_RULE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# scipy.special's t distribution, without the second scipy.stats takes to import
from scipy.special import stdtr, stdtrit

from data.readiness.instrument import CATEGORIES, LADDER, QUESTIONS, SECTORS
from data.stats.rates import wilson_interval

#: The smallest group whose answers are shown: fewer respondents than this, in a wave or a
#: sector, or answering a category, and no figure is made from them.
MIN_GROUP = 5
#: The confidence level of every interval.
CONFIDENCE = 0.95
#: The significance level of the change between waves (two-sided).
ALPHA = 0.05

#: The shipped instrument's six categories of readiness (its two added later, urgency and
#: requirements, are in the overall mean of all eight only).
READINESS = CATEGORIES[:6]
#: The four-point scale, as a sentence says it; "not applicable" is kept apart, never scored.
SCALE = {0: "not at all", 1: "a little", 2: "somewhat", 3: "a great deal"}
#: The top of the scale, whose share is reported.
GREAT_DEAL = 3
#: The overall means: their codes in the tables, and what they are called.
OVERALL = {"readiness": "The six readiness categories", "all": "All eight categories"}

#: What each category is, in a few plain words that fit a sentence ("Partners say ...
#: matters"), for the summary; a category of another instrument falls back on its name.
PHRASES = {
    "behaviours": "working across organisations",
    "citizens": "residents' voice",
    "systems": "trying things and learning from them",
    "services": "understanding demand",
    "places": "knowing the area",
    "markets": "new ways of working together",
    "urgency": "a shared sense of urgency",
    "requirements": "government expecting partners to work together",
}

MEAN_RULE = (
    "A category's mean is the mean of the scores (0 not at all, 1 a little, 2 somewhat, "
    "3 a great deal) of those who answered it; \"not applicable\" and unanswered questions "
    "are counted apart and never scored. Its 95% confidence interval is the mean ± t × "
    "sd / √n, with t the 97.5th percentile of the t distribution with n − 1 degrees of "
    "freedom, sd the standard deviation of the scores (divided by n − 1) and n the number "
    "who answered; an interval reaching past the ends of the scale is cut at 0 or 3.")
SHARE_RULE = (
    "The share answering \"a great deal\" is of those who answered the question, with "
    "Wilson's 95% score interval. How far partners agree is shown by the standard deviation "
    "of the scores and the share giving each answer from 0 to 3.")
GAP_RULE = (
    "The gap is the mean importance less the mean prevalence: how far what partners say "
    "matters is short of what they say their own organisation does. Its 95% confidence "
    "interval comes from the paired differences (importance less prevalence) of the "
    "respondents who answered both questions: their mean ± t × sd / √n with n − 1 degrees "
    "of freedom; it is centred on the gap itself when everyone who answered one question "
    "answered the other.")
OVERALL_RULE = (
    "The overall means are made per respondent first: each respondent's mean of their "
    "scored answers over the categories (the six of readiness, or all eight), then the mean "
    "of those over the respondents with at least one scored answer, with a 95% t interval "
    "as for a category. The six and the eight are reported separately, importance and "
    "prevalence each.")
GROUP_RULE = (
    f"No figure is made from fewer than {MIN_GROUP} people: a wave (or a sector) with fewer "
    f"than {MIN_GROUP} respondents shows no results at all, and a category answered by "
    f"fewer than {MIN_GROUP} shows no mean or share, so no one's answers can be picked out.")
SECTOR_RULE = (
    f"By sector, a sector with at least {MIN_GROUP} respondents gets the same tables. Where "
    "the hidden respondents (smaller sectors, and those who did not give their sector) "
    f"number from 1 to {MIN_GROUP - 1}, their answers could be worked out from the whole "
    "wave's figures less the sectors shown, so the smallest sector shown is hidden too "
    "(for the whole sector, a category or the ladder), until they number none or at least "
    f"{MIN_GROUP}.")
LADDER_RULE = (
    "The participation ladder counts each respondent's typical level of public involvement "
    "(inform, consult, involve, collaborate, empower), as shares of those who gave one; it "
    f"is shown when at least {MIN_GROUP} did.")
CHANGE_RULE = (
    "Change between two waves is the later mean less the earlier, with its 95% confidence "
    "interval from Welch's t-test (unequal variances, Welch–Satterthwaite degrees of "
    "freedom). Answers are anonymous, so the two waves are taken as independent samples, "
    "even where the same people answered both. A change is more than chance when the "
    "two-sided p-value is below 0.05 (the interval then leaves out zero). A category is "
    f"compared only when each wave has at least {MIN_GROUP} answers to it.")
#: Every rule, in the order the Methods page and the downloads give them.
RULES = (MEAN_RULE, SHARE_RULE, GAP_RULE, OVERALL_RULE, GROUP_RULE, SECTOR_RULE,
         LADDER_RULE, CHANGE_RULE)

#: The columns of :attr:`ReadinessResults.questions`.
QUESTION_COLUMNS = ("respondents", "n", "not_applicable", "missing", "mean", "mean_low",
                    "mean_high", "sd", "great_deal", "great_deal_low", "great_deal_high",
                    "share_0", "share_1", "share_2", "share_3", "shown")
GAP_COLUMNS = ("importance", "prevalence", "gap", "n_paired", "paired_mean", "gap_low",
               "gap_high", "shown")
OVERALL_COLUMNS = ("n", "mean", "mean_low", "mean_high", "sd", "shown")
LADDER_COLUMNS = ("count", "share")


@dataclass(frozen=True)
class ReadinessResults:
    """The results of one group of respondents (a wave, or a sector of it).

    Attributes
    ----------
    respondents : int
        How many responses the group has.
    shown : bool
        Whether the group is large enough (:data:`MIN_GROUP`) for any figure; when not,
        every table below is empty.
    questions : pandas.DataFrame
        Per category and question (a two-level index): :data:`QUESTION_COLUMNS`. ``n`` is
        the number who gave a score, ``not_applicable`` and ``missing`` the others; the
        figures are NaN where ``shown`` is false (fewer than :data:`MIN_GROUP` scores).
    gaps : pandas.DataFrame
        Per category: :data:`GAP_COLUMNS`, the two means, the gap and the paired
        differences' interval.
    overall : pandas.DataFrame
        Per overall mean (:data:`OVERALL`) and question: :data:`OVERALL_COLUMNS`.
    ladder : pandas.DataFrame
        Per rung of the ladder (:data:`LADDER` order): ``count`` and ``share``; empty when
        fewer than :data:`MIN_GROUP` gave one.
    ladder_answered : int
        How many gave a rung of the ladder.
    categories : tuple of str
        The categories, in order.
    """

    respondents: int
    shown: bool
    questions: pd.DataFrame
    gaps: pd.DataFrame
    overall: pd.DataFrame
    ladder: pd.DataFrame
    ladder_answered: int = 0
    categories: tuple[str, ...] = field(default=CATEGORIES)


def _categories(long: pd.DataFrame, categories: Sequence[str] | None) -> tuple[str, ...]:
    """The categories in order: those given, else the instrument's known ones then any
    other the answers hold, in the order they first appear."""
    if categories is not None:
        return tuple(categories)
    seen = list(dict.fromkeys(long["category"].astype(str))) if len(long) else []
    return tuple([c for c in CATEGORIES] + [c for c in seen if c not in CATEGORIES])


def _t(df: np.ndarray | float) -> np.ndarray:
    """The t distribution's two-sided critical value at :data:`CONFIDENCE`."""
    with np.errstate(invalid="ignore"):
        return stdtrit(np.asarray(df, dtype=float), 1 - (1 - CONFIDENCE) / 2)


def mean_interval(values: Sequence[float], bounds: tuple[float, float] | None = (0.0, 3.0)
                  ) -> tuple[float, float, float, float, int]:
    """The mean of some scores with its 95% t interval (see :data:`MEAN_RULE`).

    Parameters
    ----------
    values : sequence of float
        The scores; NaN are left out.
    bounds : tuple of float, optional
        Where the interval is cut (the ends of the scale, 0 and 3, by default); None for
        no cut (differences).

    Returns
    -------
    tuple
        ``(mean, low, high, sd, n)``; NaN where they cannot be made (no score; the
        interval and sd with a single one).
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return np.nan, np.nan, np.nan, np.nan, 0
    mean = float(x.mean())
    if n == 1:
        return mean, np.nan, np.nan, np.nan, 1
    sd = float(x.std(ddof=1))
    half = float(_t(n - 1)) * sd / np.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return mean, low, high, sd, n


def _check(long: pd.DataFrame) -> None:
    scores = long["score"].to_numpy(dtype=float)
    wrong = ~np.isnan(scores) & ~np.isin(scores, list(SCALE))
    if wrong.any():
        row = long[wrong].iloc[0]
        raise ValueError(f"Response {row['response_id']} scores {float(row['score']):g} on "
                         f"{row['category']} ({row['question']}); scores are 0, 1, 2 or 3, "
                         "or empty for not applicable or not answered.")


def _empty(columns: Sequence[str], names: Sequence[str]) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([], names=list(names)) if len(names) > 1 \
        else pd.Index([], name=names[0])
    return pd.DataFrame(columns=list(columns), index=index)


def _question_rows(long: pd.DataFrame, categories: Sequence[str],
                   respondents: int) -> pd.DataFrame:
    rows = []
    for category in categories:
        for question in QUESTIONS:
            part = long[(long["category"] == category) & (long["question"] == question)]
            scores = part["score"].to_numpy(dtype=float)
            scored = scores[~np.isnan(scores)]
            n = len(scored)
            na = int((part["not_applicable"].astype(bool) & np.isnan(scores)).sum())
            shown = n >= MIN_GROUP
            mean, low, high, sd, _ = mean_interval(scored) if shown else (np.nan,) * 4 + (n,)
            great = int((scored == GREAT_DEAL).sum())
            share, share_low, share_high = (float(v[0]) for v in wilson_interval(
                [great], [n])) if shown else (np.nan,) * 3
            spread = {f"share_{k}": float((scored == k).sum()) / n if shown else np.nan
                      for k in SCALE}
            rows.append({"category": category, "question": question,
                         "respondents": respondents, "n": n, "not_applicable": na,
                         "missing": respondents - n - na, "mean": mean, "mean_low": low,
                         "mean_high": high, "sd": sd, "great_deal": share,
                         "great_deal_low": share_low, "great_deal_high": share_high,
                         **spread, "shown": shown})
    return pd.DataFrame(rows).set_index(["category", "question"])[list(QUESTION_COLUMNS)]


def _wide(long: pd.DataFrame) -> pd.DataFrame:
    """Scores by response (rows) and (category, question) (columns)."""
    if long.empty:
        return pd.DataFrame()
    return long.groupby(["response_id", "category", "question"], sort=False)["score"] \
        .first().unstack(["category", "question"])


def _gap_rows(wide: pd.DataFrame, questions: pd.DataFrame,
              categories: Sequence[str]) -> pd.DataFrame:
    rows = []
    for category in categories:
        importance = questions.at[(category, "importance"), "mean"]
        prevalence = questions.at[(category, "prevalence"), "mean"]
        both = questions.at[(category, "importance"), "shown"] and \
            questions.at[(category, "prevalence"), "shown"]
        if (category, "importance") in wide and (category, "prevalence") in wide:
            differences = (wide[(category, "importance")] - wide[(category, "prevalence")])
        else:
            differences = pd.Series(dtype=float)
        paired = differences.dropna()
        shown = bool(both and len(paired) >= MIN_GROUP)
        mean, low, high, _, _ = mean_interval(paired, None) if shown else (np.nan,) * 5
        rows.append({"category": category, "importance": importance,
                     "prevalence": prevalence,
                     "gap": importance - prevalence if both else np.nan,
                     "n_paired": len(paired), "paired_mean": mean, "gap_low": low,
                     "gap_high": high, "shown": shown})
    return pd.DataFrame(rows).set_index("category")[list(GAP_COLUMNS)]


def _overall_rows(wide: pd.DataFrame, categories: Sequence[str],
                  readiness: Sequence[str]) -> pd.DataFrame:
    rows = []
    for scope in OVERALL:
        within = [c for c in categories if scope == "all" or c in readiness]
        for question in QUESTIONS:
            columns = [(c, question) for c in within if (c, question) in wide]
            per_person = wide[columns].mean(axis=1, skipna=True) if columns else \
                pd.Series(dtype=float)
            mean, low, high, sd, n = mean_interval(per_person)
            shown = n >= MIN_GROUP
            if not shown:
                mean = low = high = sd = np.nan
            rows.append({"scope": scope, "question": question, "n": n, "mean": mean,
                         "mean_low": low, "mean_high": high, "sd": sd, "shown": shown})
    return pd.DataFrame(rows).set_index(["scope", "question"])[list(OVERALL_COLUMNS)]


def _rungs(long: pd.DataFrame) -> pd.Series:
    """Each response's rung of the ladder ("" where not given)."""
    if long.empty:
        return pd.Series(dtype=object)
    return long.groupby("response_id", sort=True)["ladder"].first().fillna("").astype(str)


def _ladder_rows(long: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    rungs = _rungs(long)
    given = rungs[rungs.isin(list(LADDER))]
    if len(given) < MIN_GROUP:
        return _empty(LADDER_COLUMNS, ["rung"]), len(given)
    counts = given.value_counts().reindex(list(LADDER), fill_value=0)
    return pd.DataFrame({"count": counts.astype(int), "share": counts / len(given)}
                        ).rename_axis("rung"), len(given)


def readiness_results(long: pd.DataFrame, categories: Sequence[str] | None = None,
                      readiness: Sequence[str] = READINESS) -> ReadinessResults:
    """Every figure of one group's answers (see the module's rules).

    Parameters
    ----------
    long : pandas.DataFrame
        The answers' long table (see the module's docstring).
    categories : sequence of str, optional
        The instrument's categories in order (default: :data:`CATEGORIES`, then any other
        the answers hold).
    readiness : sequence of str
        The categories of readiness, whose overall mean is given apart from all of them
        (default: the shipped instrument's six, :data:`READINESS`; an instrument's own are
        ``instrument.in_group("readiness")``).

    Returns
    -------
    ReadinessResults
        With no figure at all when the group has fewer than :data:`MIN_GROUP` respondents.

    Raises
    ------
    ValueError
        If a score is not 0, 1, 2, 3 or empty, naming the response and category.
    """
    if not len(long):
        long = pd.DataFrame(columns=["response_id", "sector", "role_level", "ladder",
                                     "category", "question", "score", "not_applicable"])
    _check(long)
    order = _categories(long, categories)
    respondents = int(long["response_id"].nunique())
    if respondents < MIN_GROUP:
        return ReadinessResults(
            respondents=respondents, shown=False,
            questions=_empty(QUESTION_COLUMNS, ["category", "question"]),
            gaps=_empty(GAP_COLUMNS, ["category"]),
            overall=_empty(OVERALL_COLUMNS, ["scope", "question"]),
            ladder=_empty(LADDER_COLUMNS, ["rung"]), categories=order)
    questions = _question_rows(long, order, respondents)
    wide = _wide(long)
    ladder, answered = _ladder_rows(long)
    return ReadinessResults(respondents=respondents, shown=True, questions=questions,
                            gaps=_gap_rows(wide, questions, order),
                            overall=_overall_rows(wide, order, readiness), ladder=ladder,
                            ladder_answered=answered, categories=order)


def _secondary(total: int, parts: Mapping[str, int], hidden: set[str]) -> set[str]:
    """The parts to hide so that the hidden ones together number none or at least
    :data:`MIN_GROUP`: the smallest part shown is hidden in turn (ties by name)."""
    hidden = set(hidden)
    while True:
        rest = total - sum(n for p, n in parts.items() if p not in hidden)
        if rest <= 0 or rest >= MIN_GROUP:
            return hidden
        shown = sorted((n, p) for p, n in parts.items() if p not in hidden)
        if not shown:
            return hidden
        hidden.add(shown[0][1])


def _blank(results: ReadinessResults) -> ReadinessResults:
    """The same group with no figure (its size kept)."""
    return ReadinessResults(
        respondents=results.respondents, shown=False,
        questions=_empty(QUESTION_COLUMNS, ["category", "question"]),
        gaps=_empty(GAP_COLUMNS, ["category"]),
        overall=_empty(OVERALL_COLUMNS, ["scope", "question"]),
        ladder=_empty(LADDER_COLUMNS, ["rung"]), categories=results.categories)


_FIGURES = [c for c in QUESTION_COLUMNS if c not in
            ("respondents", "n", "not_applicable", "missing", "shown")]


def sector_results(long: pd.DataFrame, categories: Sequence[str] | None = None,
                   whole: ReadinessResults | None = None,
                   readiness: Sequence[str] = READINESS) -> dict[str, ReadinessResults]:
    """The results of each sector of a wave (:data:`SECTORS`, those with respondents).

    A sector with fewer than :data:`MIN_GROUP` respondents gets no figure; nor does the
    smallest sector shown while the hidden respondents (of the smaller sectors, and those
    who gave no sector) number from 1 to :data:`MIN_GROUP` − 1, which the whole wave's
    figures less the sectors' would give away. The same is done per category and
    question, for the overall means and for the ladder (see :data:`SECTOR_RULE`).

    Parameters
    ----------
    long : pandas.DataFrame
        The wave's answers' long table.
    categories, readiness : sequence of str, optional
        As in :func:`readiness_results`.
    whole : ReadinessResults, optional
        The wave's own results, if already made.
    """
    whole = whole or readiness_results(long, categories, readiness)
    sectors = long.drop_duplicates("response_id")["sector"].fillna("").astype(str) \
        if len(long) else pd.Series(dtype=object)
    present = [s for s in SECTORS if (sectors == s).any()]
    made = {s: readiness_results(long[long["sector"] == s], whole.categories, readiness)
            for s in present}
    if not whole.shown:
        return {s: _blank(r) for s, r in made.items()}
    hidden = _secondary(whole.respondents, {s: r.respondents for s, r in made.items()},
                        {s for s, r in made.items() if not r.shown})
    made = {s: _blank(r) if s in hidden else r for s, r in made.items()}
    shown = {s: r for s, r in made.items() if r.shown}
    for (category, question), row in whole.questions.iterrows():
        if not row["shown"]:
            continue
        cells = {s: int(r.questions.at[(category, question), "n"]) for s, r in shown.items()}
        off = {s for s, r in shown.items() if not r.questions.at[(category, question), "shown"]}
        for s in _secondary(int(row["n"]), cells, off):
            frame = shown[s].questions
            frame.loc[(category, question), _FIGURES] = np.nan
            frame.loc[(category, question), "shown"] = False
            gaps = shown[s].gaps
            gaps.loc[category, ["gap", "paired_mean", "gap_low", "gap_high"]] = np.nan
            gaps.loc[category, question] = np.nan
            gaps.loc[category, "shown"] = False
    for key, row in whole.overall.iterrows():
        if not row["shown"]:
            continue
        cells = {s: int(r.overall.at[key, "n"]) for s, r in shown.items()}
        off = {s for s, r in shown.items() if not r.overall.at[key, "shown"]}
        for s in _secondary(int(row["n"]), cells, off):
            shown[s].overall.loc[key, ["mean", "mean_low", "mean_high", "sd"]] = np.nan
            shown[s].overall.loc[key, "shown"] = False
    if len(whole.ladder):
        cells = {s: r.ladder_answered for s, r in shown.items()}
        off = {s for s, r in shown.items() if r.ladder.empty}
        for s in _secondary(whole.ladder_answered, cells, off):
            shown[s].ladder.drop(shown[s].ladder.index, inplace=True)
    return made


def _welch(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int
           ) -> tuple[float, float, float, float, float, float]:
    """Welch's t-test of two means: ``(difference, low, high, t, df, p)``."""
    v1, v2 = s1 ** 2 / n1, s2 ** 2 / n2
    difference = m2 - m1
    se = np.sqrt(v1 + v2)
    if not se > 0:
        return difference, difference, difference, np.nan, np.nan, np.nan
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    t = difference / se
    p = float(2 * stdtr(df, -abs(t)))
    half = float(_t(df)) * se
    return difference, difference - half, difference + half, t, df, p


#: The columns of :func:`wave_change`'s table.
CHANGE_COLUMNS = ("before", "n_before", "after", "n_after", "change", "change_low",
                  "change_high", "t", "df", "p", "more_than_chance")


def wave_change(before: ReadinessResults, after: ReadinessResults) -> pd.DataFrame:
    """The change from one wave to a later one, per category and question, then for the
    overall means (their scope as the category: :data:`OVERALL`), by Welch's t-test (see
    :data:`CHANGE_RULE`).

    Returns
    -------
    pandas.DataFrame
        Indexed by (category, question): :data:`CHANGE_COLUMNS`; only the rows both waves
        show (empty when either wave is too small).
    """
    rows = []
    if before.shown and after.shown:
        pairs = [(before.questions, after.questions, after.categories),
                 (before.overall, after.overall, tuple(OVERALL))]
        for first, second, keys in pairs:
            for key in keys:
                for question in QUESTIONS:
                    at = (key, question)
                    if at not in first.index or at not in second.index or \
                            not (first.at[at, "shown"] and second.at[at, "shown"]):
                        continue
                    a, b = first.loc[at], second.loc[at]
                    change, low, high, t, df, p = _welch(
                        float(a["mean"]), float(a["sd"]), int(a["n"]),
                        float(b["mean"]), float(b["sd"]), int(b["n"]))
                    rows.append({"category": key, "question": question, "before": a["mean"],
                                 "n_before": int(a["n"]), "after": b["mean"],
                                 "n_after": int(b["n"]), "change": change,
                                 "change_low": low, "change_high": high, "t": t, "df": df,
                                 "p": p, "more_than_chance": bool(p < ALPHA)})
    if not rows:
        return _empty(CHANGE_COLUMNS, ["category", "question"])
    return pd.DataFrame(rows).set_index(["category", "question"])[list(CHANGE_COLUMNS)]


def scale_words(mean: float) -> str:
    """The point of the scale nearest a mean, in words ("a great deal" for 2.6)."""
    return SCALE[int(np.clip(np.floor(mean + 0.5), 0, 3))]


def summary_sentence(results: ReadinessResults,
                     names: Mapping[str, str] | None = None) -> str:
    """The results in one plain sentence, for meeting mode and the profile: the category
    with the largest gap, what partners say of its importance and of its presence.

    Parameters
    ----------
    results : ReadinessResults
        A wave's results.
    names : mapping, optional
        Category code -> its name, for a category :data:`PHRASES` does not know.
    """
    if not results.shown:
        return (f"Not enough partners have answered yet to show what they say: the results "
                f"are shown from {MIN_GROUP} answers.")
    gaps = results.gaps[results.gaps["importance"].notna()
                        & results.gaps["prevalence"].notna()]
    if gaps.empty:
        return (f"Too few partners answered each question (fewer than {MIN_GROUP}) to say "
                "what they think.")
    category = gaps["gap"].idxmax()
    row = gaps.loc[category]
    phrase = PHRASES.get(category) or (names or {}).get(category, str(category)).lower()
    importance, prevalence = float(row["importance"]), float(row["prevalence"])
    said = (f"Partners say {phrase} matters {scale_words(importance)} "
            f"({importance:.1f} of 3)")
    if row["gap"] > 0:
        return (f"{said}, but fewer say it happens in their organisation "
                f"({prevalence:.1f} of 3).")
    return (f"{said}, and as many say it happens in their organisation ({prevalence:.1f} "
            "of 3): what matters is present.")


def beside(summaries: Iterable[Mapping[str, Any]], codes: Iterable[str]
           ) -> list[Mapping[str, Any]]:
    """The summaries of the partnerships whose place is one of ``codes`` (an area and the
    LSOAs it is made of) or the whole borough, the area's own first.

    Parameters
    ----------
    summaries : iterable of mapping
        As :meth:`data.store.readiness.ReadinessStore.summaries` gives them.
    codes : iterable of str
        The area's code and its LSOAs' codes.

    Returns
    -------
    list of mapping
        The summaries beside the area: its own partnerships first, then the borough's.
    """
    places = set(codes)
    return sorted((s for s in summaries if s["whole_borough"] or s["place"] in places),
                  key=lambda s: s["whole_borough"])


def results_tables(results: ReadinessResults, names: Mapping[str, str],
                   sectors: Mapping[str, ReadinessResults] | None = None,
                   change: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The tables a download holds, with plain headings: ``categories`` (per category and
    question), ``gaps``, ``overall``, ``ladder``, ``by_sector`` and ``change`` (when given);
    hidden figures are empty.

    Parameters
    ----------
    results : ReadinessResults
        The wave's results.
    names : mapping
        Category code -> name.
    sectors : mapping, optional
        From :func:`sector_results`.
    change : pandas.DataFrame, optional
        From :func:`wave_change`.
    """
    def named(frame: pd.DataFrame, level: str = "category") -> pd.DataFrame:
        out = frame.reset_index()
        if level in out:
            out[level] = out[level].map(lambda c: names.get(c, OVERALL.get(c, c)))
        return out

    tables = {"categories": named(results.questions).drop(columns="shown"),
              "gaps": named(results.gaps).drop(columns="shown"),
              "overall": named(results.overall.rename(index=OVERALL, level="scope"),
                               "scope").drop(columns="shown"),
              "ladder": results.ladder.rename(index=LADDER).reset_index()}
    if sectors:
        parts = [named(r.questions).drop(columns="shown").assign(sector=SECTORS[s])
                 for s, r in sectors.items() if r.shown]
        tables["by_sector"] = pd.concat(parts, ignore_index=True)[
            ["sector", *[c for c in parts[0].columns if c != "sector"]]] if parts else \
            pd.DataFrame(columns=["sector", "category", "question"])
    if change is not None:
        tables["change"] = named(change)
    return {k: v.set_index(v.columns[0]) for k, v in tables.items()}
