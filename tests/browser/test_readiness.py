"""The partnership readiness survey in a real browser: three partners, each in a browser
of their own, answer it through the wave's link, seeing nothing else of the app; their
answers are stored as they gave them, anonymously.

:func:`answer_survey` answers the survey as a person does; :func:`make_wave` makes a
partnership, a wave and its link in the running app's database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from data.readiness.instrument import LADDER, ROLE_LEVELS, SECTORS, load_instrument
from data.store.db import open_engine
from data.store.readiness import ReadinessStore
from tests.browser.conftest import snap
from tests.browser.test_builder import wait_idle

OLDHAM = "E08000004"
#: Three partners' answers (scores 0 to 3, or "na"); a category left out is not answered.
PARTNERS = [
    {"sector": "public", "role_level": "strategic", "ladder": "consult",
     "scores": {"citizens": {"importance": 3, "prevalence": 1},
                "behaviours": {"importance": 2, "prevalence": 2},
                "requirements": {"importance": "na", "prevalence": 0}}},
    {"sector": "voluntary", "role_level": "front_line", "ladder": "involve",
     "scores": {"citizens": {"importance": 3, "prevalence": 2},
                "places": {"importance": 3, "prevalence": 3}}},
    {"sector": "private", "role_level": "middle_management", "ladder": "inform",
     "scores": {"citizens": {"importance": 2, "prevalence": 0},
                "urgency": {"importance": 1, "prevalence": "na"}}},
]


def make_wave(app_state: Path, name: str = "Oldham Partnership", label: str = "2026"
              ) -> tuple[ReadinessStore, dict[str, Any], str]:
    """A partnership of Oldham, a wave on the shipped instrument and its link, in the
    running app's database: returns the store, the wave and the survey's path
    (``/?readiness=SECRET``)."""
    store = ReadinessStore(open_engine(f"sqlite:///{app_state / 'tci.sqlite3'}"))
    partnership = store.add_partnership(name, OLDHAM, "ann")
    wave = store.open_wave(partnership["id"], label, "ann")
    _, secret = store.make_link(wave["id"], "ann")
    return store, wave, f"/?readiness={secret}"


def _choose(page, group, option: str) -> None:
    group.get_by_text(option, exact=True).click()
    expect(group.get_by_role("radio", checked=True)).to_have_count(1)


def answer_survey(page, url: str, answers: Mapping[str, Any], name: str = "",
                  shot: str = "") -> None:
    """Answer the readiness survey at ``url`` as a person does, and wait for the thank-you.

    Parameters
    ----------
    page : playwright Page
        A page of its own browser context (a session answers once).
    url : str
        The survey's address.
    answers : Mapping
        ``sector``, ``role_level``, ``ladder`` (codes) and ``scores`` ({category:
        {"importance": 0-3 or "na", "prevalence": ...}}), as :data:`PARTNERS`.
    name : str
        A name to give (with the box to give it ticked); none by default.
    shot : str
        The name of a screenshot of the answers before they are sent (none by default).
    """
    instrument = load_instrument()
    page.goto(url, wait_until="networkidle")
    page.get_by_role("heading", name="Partnership readiness survey").wait_for(timeout=60_000)
    expect(page.locator("[data-testid='stSidebar']")).to_have_count(0)  # nothing else
    expect(page.locator("[data-testid='stSidebarNav']")).to_have_count(0)
    radios = page.locator("[data-testid='stRadio']")
    for label, known, code in (("Your sector", SECTORS, answers["sector"]),
                               ("Your role", ROLE_LEVELS, answers["role_level"]),
                               ("how far does it usually go", LADDER, answers.get("ladder"))):
        if code:
            _choose(page, radios.filter(has_text=label).first, known[code])
    words = {**instrument.scale, "na": instrument.not_applicable}
    for code, given in answers.get("scores", {}).items():
        category = instrument.category(code)
        for question, score in given.items():
            group = radios.filter(has_text=instrument.questions[question]).filter(
                has_text=category.statements[question])
            _choose(page, group, words[score] if score == "na" else f"{score} – {words[score]}")
    if name:
        page.get_by_text("I choose to give my name").click()
        page.get_by_label("Your name").fill(name)
    if shot:
        snap(page, shot)
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text(re.compile("have been received")).wait_for(timeout=60_000)


def test_three_partners_answer_and_their_answers_are_stored(browser, app_url, app_state):
    store, wave, path = make_wave(app_state)
    for n, answers in enumerate(PARTNERS):
        context = browser.new_context(viewport={"width": 1200, "height": 1000})
        page = context.new_page()
        outside = []
        page.on("request", lambda r, outside=outside: outside.append(r.url)
                if not r.url.startswith((app_url, "data:", "blob:", "about:")) else None)
        answer_survey(page, f"{app_url}{path}", answers,
                      shot="readiness-answered" if n == 0 else "")
        snap(page, f"readiness-thanks-{n + 1}")
        expect(page.get_by_role("button", name="Send my answers")).to_have_count(0)
        assert not outside, outside
        context.close()
    responses = store.responses(wave["id"])
    assert len(responses) == 3
    for response, answers in zip(responses, PARTNERS, strict=True):
        assert (response["sector"], response["role_level"], response["ladder"]) == (
            answers["sector"], answers["role_level"], answers["ladder"])
        for code, given in answers["scores"].items():
            assert response["answers"][code] == given
        assert response["answers"]["markets"] == {"importance": None, "prevalence": None}
        assert (response["named"], response["name"]) == (False, "")
    long = store.long_table(wave["id"])
    citizens = long[(long["category"] == "citizens") & (long["question"] == "importance")]
    assert citizens["score"].tolist() == [3.0, 3.0, 2.0]
    store.engine.dispose()


def test_after_three_answers_the_results_wait_for_five_then_show_the_charts(
        browser, app_url, app_state, tmp_path):
    """Three partners answer through the link: the results page says the results are not
    shown yet (fewer than 5, the minimum group, so no one's answers can be picked out).
    Two more answers are imported from a file through the page's import panel (a wrong
    score refused first), and the page then shows the five charts with their words."""
    store, wave, path = make_wave(app_state, name="Oldham Ageing Well Partnership")
    for answers in PARTNERS:
        context = browser.new_context(viewport={"width": 1200, "height": 1000})
        answer_survey(context.new_page(), f"{app_url}{path}", answers)
        context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_url}/readiness", wait_until="networkidle")
    page.get_by_role("heading", name="Partnership readiness").wait_for(timeout=60_000)
    expect(page.get_by_text("3 of the 5 answers needed so far")).to_be_visible(timeout=60_000)
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(0)
    snap(page, "readiness-results-three")
    # two more answers, gathered on paper at a meeting, come in through the import panel:
    # checked first (a score of 7 is refused, by row, column and value), then added
    page.get_by_text("Import answers gathered elsewhere (CSV or Excel)").click()
    header = ("Sector,Role level,How residents are usually involved,Citizens importance,"
              "Citizens prevalence\n")
    for name, rows in (("paper-answers.csv", "public,strategic,collaborate,7,1\n"),
                       ("paper-answers-corrected.csv", "public,strategic,collaborate,3,1\n")):
        upload = tmp_path / name
        upload.write_text(header + rows + "voluntary,front line,consult,2,2\n",
                          encoding="utf-8")
        page.locator("[data-testid='stFileUploader']").filter(
            has_text="File of answers").locator("input[type=file]").set_input_files(
            str(upload))
        page.get_by_text(f"{name}: 2 rows").wait_for(timeout=60_000)
        wait_idle(page)
        page.get_by_role("button", name="Check and import").click()
        if name == "paper-answers.csv":
            expect(page.get_by_text("paper-answers.csv has 1 problem to fix. Nothing from it "
                                    "has been stored.")).to_be_visible(timeout=60_000)
            assert len(store.responses(wave["id"])) == 3
    expect(page.get_by_text("Added 2 people's answers from paper-answers-corrected.csv"
                            )).to_be_visible(timeout=60_000)
    assert len(store.responses(wave["id"])) == 5
    charts = page.locator("[data-testid='stVegaLiteChart']")
    expect(charts).to_have_count(5, timeout=60_000)
    # citizens' importance 3, 3, 2, 3, 2 = 2.6; prevalence 1, 2, 0, 1, 2 = 1.2
    expect(page.get_by_text("Partners say residents' voice matters a great deal (2.6 of 3), "
                            "but fewer say it happens in their organisation (1.2 of 3).")
           ).to_be_visible()
    expect(page.get_by_text(re.compile("^Radar chart of each category"))).to_be_visible()
    for n in range(5):
        charts.nth(n).scroll_into_view_if_needed()
        expect(charts.nth(n).locator("canvas, svg").first).to_be_visible(timeout=30_000)
    snap(page, "readiness-results-five")
    context.close()
    store.engine.dispose()
