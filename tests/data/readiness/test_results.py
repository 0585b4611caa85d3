"""The readiness results, tested against values computed by hand on small made-up sets of
answers (each test's docstring shows the working; t quantiles from tables: t(4) = 2.776445,
t(5) = 2.570582; z = 1.959964)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from data.readiness.results import (
    CATEGORIES,
    MIN_GROUP,
    QUESTIONS,
    beside,
    readiness_results,
    results_tables,
    scale_words,
    sector_results,
    summary_sentence,
    wave_change,
)

NA = "na"


def answers(people: list[dict], start: int = 1) -> pd.DataFrame:
    """The long table of some made-up responses: each person a dict with ``sector``,
    ``ladder`` and category -> (importance, prevalence), a score, ``NA`` (not applicable)
    or None (not answered); a category not named is not answered."""
    rows = []
    for number, person in enumerate(people, start=start):
        for category in CATEGORIES:
            pair = person.get(category, (None, None))
            for question, answer in zip(QUESTIONS, pair, strict=True):
                rows.append({"response_id": number, "sector": person.get("sector", ""),
                             "role_level": person.get("role_level", ""),
                             "ladder": person.get("ladder", ""), "category": category,
                             "question": question,
                             "score": float(answer) if isinstance(answer, int) else np.nan,
                             "not_applicable": answer == NA})
    return pd.DataFrame(rows)


#: Six respondents: behaviours answered by five (the sixth: not applicable), citizens'
#: importance by five and its prevalence by four, urgency by one.
SIX = [
    {"behaviours": (3, 1), "citizens": (3, None), "urgency": (0, None), "ladder": "inform",
     "sector": "public"},
    {"behaviours": (3, 2), "citizens": (2, 1), "ladder": "consult", "sector": "public"},
    {"behaviours": (2, 0), "citizens": (3, 0), "ladder": "consult", "sector": "public"},
    {"behaviours": (3, 1), "citizens": (1, 1), "ladder": "involve", "sector": "public"},
    {"behaviours": (2, 2), "ladder": "", "sector": "public"},
    {"behaviours": (NA, NA), "citizens": (3, 3), "ladder": "empower", "sector": "voluntary"},
]


@pytest.fixture
def six():
    return readiness_results(answers(SIX))


def test_a_category_mean_has_its_t_interval_and_counts(six):
    """Behaviours' importance: 3, 3, 2, 3, 2 (and one not applicable): n = 5, mean 13/5 =
    2.6; deviations 0.4, 0.4, -0.6, 0.4, -0.6 square to 1.2, so the variance is 1.2/4 = 0.3
    and sd = 0.547723; half-width t(4) × sd / √5 = 2.776445 × 0.244949 = 0.680087: from
    1.919913 to 3.280087, cut at 3, the top of the scale."""
    row = six.questions.loc[("behaviours", "importance")]
    assert (row["respondents"], row["n"], row["not_applicable"], row["missing"]) == (6, 5, 1, 0)
    assert row["mean"] == pytest.approx(2.6)
    assert row["sd"] == pytest.approx(math.sqrt(0.3))
    assert row["mean_low"] == pytest.approx(1.919913, abs=1e-6)
    assert row["mean_high"] == 3.0
    prevalence = six.questions.loc[("behaviours", "prevalence")]
    # 1, 2, 0, 1, 2: mean 1.2, variance 2.8/4 = 0.7, half-width 2.776445 × √0.7/√5 = 1.038851
    assert prevalence["mean"] == pytest.approx(1.2)
    assert prevalence["mean_low"] == pytest.approx(0.161149, abs=1e-6)
    assert prevalence["mean_high"] == pytest.approx(2.238851, abs=1e-6)


def test_the_share_a_great_deal_has_wilsons_interval_and_the_spread_its_shares(six):
    """3 of 5 answered "a great deal": p = 0.6; Wilson: centre (2·3 + z²) / (2(5 + z²)) =
    9.841459 / 17.682918 = 0.556552, half-width z √(z² + 4·3·0.4) / (2(5 + z²)) =
    1.959964 × 2.939636 / 17.682918 = 0.325828: 0.230724 to 0.882380. Prevalence answers
    1, 2, 0, 1, 2: shares 0.2, 0.4, 0.4, 0 of 0 to 3."""
    row = six.questions.loc[("behaviours", "importance")]
    assert row["great_deal"] == pytest.approx(0.6)
    assert row["great_deal_low"] == pytest.approx(0.230724, abs=1e-5)
    assert row["great_deal_high"] == pytest.approx(0.882380, abs=1e-5)
    prevalence = six.questions.loc[("behaviours", "prevalence")]
    assert [prevalence[f"share_{k}"] for k in range(4)] == pytest.approx([0.2, 0.4, 0.4, 0.0])


def test_a_category_answered_by_fewer_than_the_minimum_shows_no_mean_or_share(six):
    """Citizens' prevalence: 1, 0, 1, 3 from four people (two did not answer): n = 4 < 5,
    so no mean, share or spread, and no gap; its importance (3, 2, 3, 1, 3) is shown."""
    hidden = six.questions.loc[("citizens", "prevalence")]
    assert (hidden["n"], hidden["missing"], hidden["not_applicable"]) == (4, 2, 0)
    assert not hidden["shown"]
    assert hidden[["mean", "mean_low", "sd", "great_deal", "share_0", "share_3"]].isna().all()
    assert six.questions.loc[("citizens", "importance"), "mean"] == pytest.approx(12 / 5)
    assert six.questions.loc[("citizens", "importance"), "missing"] == 1
    assert np.isnan(six.gaps.loc["citizens", "gap"])
    assert not six.gaps.loc["citizens", "shown"]
    urgency = six.questions.loc[("urgency", "importance")]
    assert urgency["n"] == 1 and np.isnan(urgency["mean"])


def test_the_gap_and_its_interval_from_paired_differences(six):
    """Behaviours: 2.6 − 1.2 = 1.4. The five pairs differ by 2, 1, 2, 2, 0 (mean 1.4);
    their deviations 0.6, -0.4, 0.6, 0.6, -1.4 square to 3.2, variance 0.8, half-width
    2.776445 × √0.8 / √5 = 2.776445 × 0.4 = 1.110578: 0.289422 to 2.510578."""
    gap = six.gaps.loc["behaviours"]
    assert gap["gap"] == pytest.approx(1.4)
    assert gap["n_paired"] == 5
    assert gap["gap_low"] == pytest.approx(0.289422, abs=1e-6)
    assert gap["gap_high"] == pytest.approx(2.510578, abs=1e-6)


def test_the_overall_means_are_per_respondent_first_six_and_eight_apart(six):
    """Importance per respondent over the six: (3+3)/2 = 3, 2.5, 2.5, 2, 2 (behaviours
    only), 3 (citizens only): mean 15/6 = 2.5, deviations square to 4 × 0.25 = 1, variance
    0.2, half-width t(5) × √0.2 / √6 = 2.570582 × 0.182574 = 0.469322. Over all eight the
    first respondent's urgency 0 makes theirs (3+3+0)/3 = 2: mean 14/6 = 2.333333,
    variance (15/18)/5 = 1/6, half-width 2.570582 × (1/6) = 0.428430."""
    six_mean = six.overall.loc[("readiness", "importance")]
    assert six_mean["n"] == 6
    assert six_mean["mean"] == pytest.approx(2.5)
    assert six_mean["mean_low"] == pytest.approx(2.030678, abs=1e-6)
    assert six_mean["mean_high"] == pytest.approx(2.969322, abs=1e-6)
    eight = six.overall.loc[("all", "importance")]
    assert eight["mean"] == pytest.approx(14 / 6)
    assert eight["mean_low"] == pytest.approx(1.904903, abs=1e-6)
    assert eight["mean_high"] == pytest.approx(2.761764, abs=1e-6)
    # prevalence: 1, 1.5, 0, 1, 2, 3 -> 8.5/6
    assert six.overall.loc[("readiness", "prevalence"), "mean"] == pytest.approx(8.5 / 6)


def test_the_ladder_counts_those_who_gave_a_rung(six):
    """Five gave a rung (inform 1, consult 2, involve 1, collaborate 0, empower 1)."""
    assert six.ladder_answered == 5
    assert six.ladder["count"].tolist() == [1, 2, 1, 0, 1]
    assert six.ladder["share"].tolist() == pytest.approx([0.2, 0.4, 0.2, 0.0, 0.2])
    fewer = readiness_results(answers([{**p, "ladder": ""} for p in SIX[:2]] + SIX[2:]))
    assert fewer.ladder_answered == 3 and fewer.ladder.empty


def test_a_group_of_four_gets_no_figures_at_all():
    """Four respondents, one fewer than the minimum: their size is said, nothing else."""
    four = readiness_results(answers(SIX[:4]))
    assert MIN_GROUP == 5
    assert four.respondents == 4 and not four.shown
    assert four.questions.empty and four.gaps.empty and four.overall.empty
    assert four.ladder.empty
    assert "from 5 answers" in summary_sentence(four)
    assert readiness_results(answers([])).respondents == 0


def test_a_sector_below_the_minimum_hides_itself_and_the_one_it_could_be_worked_out_from():
    """Five public and one voluntary: the voluntary respondent is hidden, and the public
    sector too, as the whole wave less the public five would give the one away."""
    sectors = sector_results(answers(SIX))
    assert set(sectors) == {"public", "voluntary"}
    assert not sectors["voluntary"].shown and not sectors["public"].shown
    assert sectors["public"].respondents == 5


def test_sectors_large_enough_are_shown_and_a_hidden_remainder_of_one_hides_the_smallest():
    """Six public, five voluntary and one private (hidden): the hidden one would be the
    wave less public and voluntary, so the smaller shown sector (voluntary) is hidden too;
    public keeps its figures. Behaviours' importance among the public six: 3, 3, 2, 3, 2,
    1: mean 14/6."""
    public = [{"behaviours": (s, 1), "sector": "public"} for s in (3, 3, 2, 3, 2, 1)]
    voluntary = [{"behaviours": (2, 2), "sector": "voluntary"} for _ in range(5)]
    wave = answers(public + voluntary + [{"behaviours": (0, 0), "sector": "private"}])
    sectors = sector_results(wave)
    assert sectors["public"].shown
    assert not sectors["voluntary"].shown and not sectors["private"].shown
    assert sectors["public"].questions.loc[("behaviours", "importance"), "mean"] == \
        pytest.approx(14 / 6)
    both = sector_results(answers(public + voluntary))
    assert both["public"].shown and both["voluntary"].shown


def test_a_category_a_sector_cannot_show_hides_the_same_category_of_the_other():
    """Five public and five voluntary, one voluntary not answering citizens' importance:
    voluntary's four answers are hidden, and public's five too, as the wave's nine less
    public's five would give them; behaviours is shown in both."""
    public = [{"behaviours": (3, 1), "citizens": (2, 1), "sector": "public"}] * 5
    voluntary = [{"behaviours": (2, 2), "citizens": (3, 2), "sector": "voluntary"}] * 4 + \
        [{"behaviours": (2, 2), "citizens": (None, 2), "sector": "voluntary"}]
    sectors = sector_results(answers(public + voluntary))
    for sector in ("public", "voluntary"):
        table = sectors[sector].questions
        assert not table.loc[("citizens", "importance"), "shown"]
        assert np.isnan(table.loc[("citizens", "importance"), "mean"])
        assert np.isnan(sectors[sector].gaps.loc["citizens", "gap"])
        assert table.loc[("citizens", "prevalence"), "shown"]
        assert table.loc[("behaviours", "importance"), "shown"]


def test_change_between_waves_is_welchs_t_test():
    """Behaviours' importance 3, 3, 2, 3, 2 (mean 2.6, variance 0.3, n 5) then 1, 2, 2, 1,
    2, 1 (mean 1.5, variance 0.3, n 6): v = 0.3/5 + 0.3/6 = 0.06 + 0.05 = 0.11, t =
    −1.1 / √0.11 = −3.316625, df = 0.11² / (0.06²/4 + 0.05²/5) = 0.0121 / 0.0014 =
    8.642857; scipy.stats.ttest_ind(after, before, equal_var=False) gives the same t and
    p = 0.009506, and the interval −1.855025 to −0.344975."""
    before = readiness_results(answers([{"behaviours": (s, 1)} for s in (3, 3, 2, 3, 2)]))
    after = readiness_results(answers([{"behaviours": (s, 1)} for s in (1, 2, 2, 1, 2, 1)]))
    change = wave_change(before, after)
    row = change.loc[("behaviours", "importance")]
    assert row["change"] == pytest.approx(-1.1)
    assert row["t"] == pytest.approx(-3.316625, abs=1e-6)
    assert row["df"] == pytest.approx(8.642857, abs=1e-6)
    assert row["p"] == pytest.approx(0.009506, abs=1e-6)
    assert row["change_low"] == pytest.approx(-1.855025, abs=1e-6)
    assert row["change_high"] == pytest.approx(-0.344975, abs=1e-6)
    assert row["more_than_chance"]
    # prevalence is 1 in both: no change, and no test of it to make (no spread)
    assert change.loc[("behaviours", "prevalence"), "change"] == 0
    assert not change.loc[("behaviours", "prevalence"), "more_than_chance"]
    assert ("citizens", "importance") not in change.index  # no one answered it
    assert ("readiness", "importance") in change.index
    small = readiness_results(answers([{"behaviours": (3, 1)}] * 4))
    assert wave_change(small, after).empty


def test_the_summary_names_the_largest_gap_plainly(six):
    """Behaviours has the only gap shown: 2.6 against 1.2."""
    assert summary_sentence(six) == (
        "Partners say working across organisations matters a great deal (2.6 of 3), but fewer "
        "say it happens in their organisation (1.2 of 3).")
    assert scale_words(1.4) == "a little" and scale_words(2.5) == "a great deal"
    even = readiness_results(answers([{"citizens": (2, 2)}] * 5))
    assert summary_sentence(even).startswith("Partners say residents' voice matters somewhat")
    assert "as many say it happens" in summary_sentence(even)


def test_the_download_tables_name_categories_and_leave_hidden_figures_empty(six):
    names = {c: c.capitalize() for c in CATEGORIES}
    tables = results_tables(six, names, sector_results(answers(SIX)))
    assert set(tables) == {"categories", "gaps", "overall", "ladder", "by_sector"}
    cats = tables["categories"]
    assert "Behaviours" in cats.index and "shown" not in cats.columns
    citizens = cats.loc["Citizens"].set_index("question")
    assert np.isnan(citizens.loc["prevalence", "mean"])
    assert tables["by_sector"].empty  # both sectors hidden
    assert list(tables["ladder"].index) == ["Inform", "Consult", "Involve", "Collaborate",
                                            "Empower"]


def test_a_score_off_the_scale_is_refused_naming_the_response():
    wrong = answers(SIX)
    wrong.loc[0, "score"] = 4.0
    with pytest.raises(ValueError, match="Response 1 scores 4 on behaviours"):
        readiness_results(wrong)


def test_beside_a_place_its_own_partnerships_come_before_the_boroughs():
    summaries = [{"partnership": "Borough", "place": "E08000004", "whole_borough": True},
                 {"partnership": "Here", "place": "E01005434", "whole_borough": False},
                 {"partnership": "Elsewhere", "place": "E01005390", "whole_borough": False}]
    assert [s["partnership"] for s in beside(summaries, ["E01005434"])] == ["Here", "Borough"]
    assert [s["partnership"] for s in beside(summaries, {"E05004677", "E01005434"})] == [
        "Here", "Borough"]
    assert [s["partnership"] for s in beside(summaries, ["E01000001"])] == ["Borough"]
