"""The Partnership readiness page, the profile's and meeting mode's readiness lines, and
the readiness briefing PDF, on a database of the test's own with made-up answers (Streamlit's
AppTest). The figures are worked out by hand in each test's docstring."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text import plain
from data.store.db import open_engine
from data.store.readiness import ReadinessStore
from tests.dashboard.test_app import APP

OLDHAM = "E08000004"
AREA = "E01005434"


def person(sector: str, behaviours: tuple, citizens: tuple, ladder: str = "consult") -> dict:
    """One response's flat fields (score, "na" or None)."""
    fields = {"sector": sector, "role_level": "strategic", "ladder": ladder}
    for category, pair in (("behaviours", behaviours), ("citizens", citizens)):
        for question, answer in zip(("importance", "prevalence"), pair, strict=True):
            if answer is not None:
                fields[f"{category}_{question}"] = answer
    return fields


#: Ten partners: five public (behaviours 3/1, citizens 2/2), five voluntary (behaviours
#: 2/2, citizens 3/not applicable).
TEN = [person("public", (3, 1), (2, 2)) for _ in range(5)] + \
    [person("voluntary", (2, 2), (3, "na"), "involve") for _ in range(5)]


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("TCI_READ_ONLY", raising=False)
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield ReadinessStore(engine)
    engine.dispose()


def _wave(store, label: str, responses: list[dict], place: str = OLDHAM,
          partnership: dict | None = None) -> tuple[dict, dict]:
    partnership = partnership or store.add_partnership("Oldham Partnership", OLDHAM, "ann",
                                                       place_code=place)
    wave = store.open_wave(partnership["id"], label, "ann")
    if responses:
        store.import_responses(wave["id"], responses, "answers.csv", "ann")
    return partnership, wave


def _open(page: str = "views/readiness.py") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, app.exception
    return app


def _words(app: AppTest) -> str:
    return " ".join([m.value for m in app.markdown] + [c.value for c in app.caption]
                    + [i.value for i in app.info])


def test_without_a_partnership_the_page_says_how_to_start(store):
    app = _open()
    assert app.title[0].value == "Partnership readiness"
    assert "No partnership of Oldham has run the readiness survey yet" in app.info[0].value


def test_three_answers_show_no_result_and_no_chart(store):
    _wave(store, "2026", TEN[:3])
    app = _open()
    assert app.metric[0].value == "3"
    assert "3 of the 5 answers needed so far" in app.info[-1].value
    assert not app.get("vega_lite_chart")
    assert not app.dataframe
    assert "No figure is made from fewer than 5 people" in _words(app)


def test_ten_answers_show_the_table_charts_sectors_and_downloads(store):
    """Behaviours: importance five 3s and five 2s = 2.5, prevalence five 1s and five 2s =
    1.5, gap 1.0 (the largest); citizens: importance 2.5, prevalence five 2s (the voluntary
    five said not applicable) = 2.0. Each sector has five partners, so both are offered."""
    _wave(store, "2026", TEN)
    app = _open()
    assert app.metric[0].value == "10" and app.metric[1].value == "version 1"
    said = _words(app)
    assert plain("Partners say working across organisations matters a great deal (2.5 of "
                 "3), but fewer say it happens in their organisation (1.5 of 3).") in said
    table = app.dataframe[0].value.set_index("Category")
    assert table.loc["Working across organisations", "Importance"] == "2.5"
    assert table.loc["Working across organisations", "Prevalence"] == "1.5"
    assert table.loc["Working across organisations", "Gap"] == "+1.0"
    assert table.loc["Residents' voice", "Prevalence"] == "2.0"
    assert table.loc["Residents' voice", "Answered (prevalence)"] == "5"
    assert table.loc["Knowing the area", "Importance"] == "–"  # no one answered it
    assert len(app.get("vega_lite_chart")) == 5
    for start in ("Radar chart of each category", "Importance against prevalence of 2",
                  "The gap between how much", "How far partners agree",
                  "Typical level of public involvement, of the 10"):
        assert plain(start) in said, start
    radio = app.radio(key="readiness_group")
    assert radio.options == ["Every partner", "Public sector (5)",
                             "Voluntary and community sector (5)"]
    radio.set_value("public").run()
    assert not app.exception
    assert plain("Working across organisations: importance 3.0, prevalence 1.0") in _words(app)
    keys = {b.proto.id.split("-")[-1] for b in app.get("download_button")}
    assert len(app.get("download_button")) == 3, keys


def test_a_viewer_sees_the_results_but_no_management_panel(store, monkeypatch):
    _wave(store, "2026", TEN)
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    app = _open()
    assert not [e for e in app.expander if "Partnerships, waves" in e.label]
    assert not [e for e in app.expander if "Import answers" in e.label]
    assert len(app.get("vega_lite_chart")) == 5


def test_an_editor_sees_the_management_panels(store):
    _wave(store, "2026", TEN)
    app = _open()
    labels = [e.label for e in app.expander]
    assert "Partnerships, waves and survey links" in labels
    assert "Import answers gathered elsewhere (CSV or Excel)" in labels


def test_change_against_an_earlier_wave_is_tested(store):
    """2025: five partners scoring behaviours' importance 1 (sd 0); 2026: 2.5 with sd
    √(10 × 0.25 / 9) = 0.527: v = 0.2778/10 = 0.02778, se = 0.1667, t = 1.5 / 0.1667 = 9.0
    on 9 degrees of freedom: more than chance."""
    partnership, _ = _wave(store, "2025", [person("public", (1, 1), (None, None))] * 5)
    _wave(store, "2026", TEN, partnership=partnership)
    app = _open()
    assert app.selectbox(key="readiness_wave").value == 2
    change = app.dataframe[-1].value.set_index(["Category", "Question"])
    row = change.loc[("Working across organisations", "Importance")]
    assert row["Change"] == "+1.50" and row["More than chance?"] == "More than chance"
    assert ("Residents' voice", "Importance") not in change.index  # not asked in 2025


def test_the_downloads_and_the_briefing_hold_the_results_and_the_rule(store):
    from dashboard.reports.readiness import make_report, readiness_html, readiness_pdf
    from data.exports import tables_zip
    from data.readiness.results import results_tables

    partnership, wave = _wave(store, "2026", TEN)
    report = make_report(partnership, wave, store.instrument_of(wave),
                         store.long_table(wave["id"]), "Oldham")
    files = zipfile.ZipFile(io.BytesIO(tables_zip(
        results_tables(report.results, report.names, report.sectors),
        [("minimum group", "5 respondents")])))
    assert {"categories.csv", "gaps.csv", "overall.csv", "ladder.csv", "by_sector.csv",
            "metadata.csv"} <= set(files.namelist())
    categories = pd.read_csv(files.open("categories.csv"), encoding="utf-8-sig")
    assert categories.iloc[0]["category"] == "Working across organisations"
    html = readiness_html(report, date(2026, 3, 1))
    assert "Partners say working across organisations matters a great deal" in html
    assert "Public sector (5 partners)" in html
    pdf = readiness_pdf(report, date(2026, 3, 1))
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_the_briefing_of_a_small_wave_shows_nothing_from_it(store):
    """Four partners, all public: the briefing has their number, and no mean, share or
    sector table."""
    from pypdf import PdfReader

    from dashboard.reports.readiness import make_report, readiness_pdf

    partnership, wave = _wave(store, "2026", TEN[:4])
    report = make_report(partnership, wave, store.instrument_of(wave),
                         store.long_table(wave["id"]), "Oldham")
    reader = PdfReader(io.BytesIO(readiness_pdf(report, date(2026, 3, 1))))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    assert "Fewer than 5 partners have answered this wave" in text
    for figure in ("3.0", "1.0", "Public sector", "The results by category", "Overall"):
        assert figure not in text, figure


def test_the_profile_and_meeting_mode_say_how_ready_partners_are(store):
    """A borough-wide partnership with ten answers: its sentence on the profile of any
    area, and on meeting mode's card."""
    _wave(store, "2026", TEN)
    sentence = plain("Partners say working across organisations matters a great deal (2.5 "
                     "of 3), but fewer say it happens in their organisation (1.5 of 3).")
    profile = _open("views/profile.py")
    assert "#### How ready partners are to work together" in [m.value for m in
                                                                profile.markdown]
    assert sentence in _words(profile)
    meeting = _open("views/meeting.py")
    assert sentence in _words(meeting)


def test_a_small_wave_is_not_on_the_meeting_card_and_the_profile_says_why(store):
    _wave(store, "2026", TEN[:4], place=AREA)
    meeting = _open("views/meeting.py")
    assert "Partners say" not in _words(meeting)
    assert "How ready partners" not in _words(meeting)
    profile = _open("views/profile.py")
    profile.selectbox(key="profile_area").set_value(AREA).run()
    assert "Not enough partners have answered yet" in _words(profile)


def test_the_neighbourhood_briefing_has_the_readiness_of_its_partners(store, root, oldham):
    """A partnership of one LSOA (ten answers) is in that LSOA's briefing, not another's;
    a borough-wide one with four answers says it has too few."""
    from dataclasses import replace

    from dashboard.reports.briefing import briefing_html, prepare
    from indices.presets import load_preset

    _wave(store, "2026", TEN, place=AREA)
    _wave(store, "Spring", TEN[:4], partnership=store.add_partnership(
        "Oldham Together", OLDHAM, "ann"))
    context = replace(prepare(root, load_preset(), borough=oldham, robustness=None),
                      readiness=tuple(store.summaries(OLDHAM)))
    here = briefing_html(context, AREA)
    assert "How ready partners are to work together" in here
    assert ("<strong>Oldham Partnership</strong> (2026, 10 partners): Partners say working "
            "across organisations matters a great deal (2.5 of 3)") in here.replace(
        "&#39;", "'")
    assert "<strong>Oldham Together</strong> (Spring, 4 partners, for the whole of Oldham): " \
        "Not enough partners have answered yet" in here
    other = briefing_html(context, next(c for c in context.level.table.index if c != AREA))
    assert "Oldham Partnership" not in other and "Oldham Together" in other
