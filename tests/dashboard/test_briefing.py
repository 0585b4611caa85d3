"""Briefing PDFs: what they say, what they hide, and that every page renders."""

import io
import re
import subprocess
import zipfile

import pytest

from dashboard.reports.briefing import (
    area_codes,
    briefing_html,
    briefing_pdf,
    check_area,
    file_name,
    prepare,
    write_all,
)
from data.errors import UnknownAreaError
from data.stats.suppression import suppression_rule
from indices.presets import load_preset
from indices.sensitivity import SensitivitySettings


@pytest.fixture(scope="module")
def context(root, oldham):
    return prepare(root, load_preset(), borough=oldham,
                   robustness=SensitivitySettings(draws=50))


@pytest.fixture(scope="module")
def wards(root, oldham):
    return prepare(root, load_preset(), level="ward", borough=oldham,
                   robustness=SensitivitySettings(draws=50))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_holds_the_areas_name_score_and_rank(context, tmp_path):
    code = area_codes(context)[9]
    pdf = briefing_pdf(context, code)
    text = squash(pdf_text(pdf, tmp_path))
    profile_score = context.run.scores.at[code, "tci"]
    name = context.level.table.at[code, "area_name"]
    assert name in text and code in text
    assert f"{profile_score:.3f}"[:4] in text
    assert "10 of 142" in text
    assert "Rank interval" in text and "Contains National Statistics data" in text
    assert "Page 1 of" in text


def test_every_page_renders_and_the_pdf_is_tagged_with_embedded_fonts(context, tmp_path):
    code = area_codes(context)[0]
    path = tmp_path / "b.pdf"
    path.write_bytes(briefing_pdf(context, code))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 5  # 5 with the comparisons and spine chart
    assert re.search(r"Tagged:\s+yes", info) and "A4" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")],
                   check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_small_numbers_are_hidden(context, oldham, tmp_path):
    counts = oldham.table["road_casualties_n"]
    code = counts[(counts >= 1) & (counts <= 4)].index[0]
    text = squash(pdf_text(briefing_pdf(context, code), tmp_path))
    assert suppression_rule().value_text in text and "hidden: small number" in text
    html = briefing_html(context, code)
    assert (f'<td>Road casualties</td><td class="num nowrap">{suppression_rule().value_text}</td>'
            "<td>hidden: small number</td>") in html


def test_text_from_files_is_escaped(context):
    from dataclasses import replace

    code = area_codes(context)[0]
    assets = context.assets.copy()  # the module's context stays as it is for later tests
    assets.loc[assets.index[:3], "name"] = '<script>alert("x")</script>'
    html = briefing_html(replace(context, assets=assets), code)
    assert "<script>" not in html
    assert "<script>" not in context.assets["name"].str.cat()


def test_the_data_line_names_only_what_the_data_folder_could_make(context):
    from dashboard.reports.briefing import _data_line

    line = _data_line(context.borough)
    assert line.startswith("English Indices of Deprivation 2025 and 2019, Census 2021, STATS19")
    assert "burglaries" in line and "OS Open Greenspace" in line
    without = context.borough.region.assign(road_casualties_n=float("nan"))
    from dataclasses import replace

    assert "STATS19" not in _data_line(replace(context.borough, region=without))


def test_ward_briefings(wards, tmp_path):
    code = check_area(wards, "Alexandra")
    text = squash(pdf_text(briefing_pdf(wards, code), tmp_path))
    assert "Alexandra" in text and "electoral ward" in text and "of 20" in text
    assert "National IMD 2025 decile" not in text  # no such thing for a ward


def test_an_unknown_code_suggests_close_ones(context):
    with pytest.raises(UnknownAreaError, match=r"'E01005999' is not the code or name of an "
                       r"area at the lsoa level .* Did you mean E01005399"):
        check_area(context, "E01005999")


@pytest.mark.slow
def test_every_briefing_into_a_zip_with_progress(context):
    codes = area_codes(context)[:3]
    seen = []
    buffer = io.BytesIO()
    write_all(context, buffer, lambda done, total, code: seen.append((done, total)),
              workers=2, codes=codes)
    names = zipfile.ZipFile(buffer).namelist()
    assert names == [file_name(context, c) for c in codes]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert all(zipfile.ZipFile(buffer).read(n).startswith(b"%PDF") for n in names)


def test_codes_that_make_the_same_file_name_get_their_own_files(context, tmp_path,
                                                                monkeypatch):
    import dashboard.reports.briefing as briefing

    codes = area_codes(context)[:3]
    monkeypatch.setattr(briefing, "file_name", lambda _context, _code: "N-1_alt.pdf")
    write_all(context, tmp_path / "out", codes=codes)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["N-1_alt-2.pdf", "N-1_alt-3.pdf", "N-1_alt.pdf"]


def test_public_notes_appear_and_internal_ones_never_do(root, oldham, tmp_path):
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    store = NoteStore(open_engine(f"sqlite:///{tmp_path / 'notes.sqlite3'}"))
    code = "E01005376"
    base = {"area_code": code, "note_date": "2026-05-04", "author": "Asha",
            "source": "community conversation", "themes": "young people"}
    store.add({**base, "text": "Parents say the play area feels unsafe after dark.",
               "visibility": "public", "consent": True}, "asha")
    store.add({**base, "text": "Named family at risk of eviction.", "visibility": "internal"},
              "asha")
    retired = store.add({**base, "text": "An old public note since withdrawn.",
                         "visibility": "public", "consent": True}, "asha")
    store.retire(retired["id"], 1, "asha")
    context = prepare(root, load_preset(), borough=oldham, robustness=None, notes=store)
    text = squash(pdf_text(briefing_pdf(context, code), tmp_path))
    assert "Parents say the play area feels unsafe after dark." in text
    assert "eviction" not in text and "withdrawn" not in text
    assert "What people say" in text
    wards = prepare(root, load_preset(), level="ward", borough=oldham, robustness=None,
                    notes=store)
    ward = oldham.table.at[code, "wd24cd"]
    ward_text = squash(pdf_text(briefing_pdf(wards, ward), tmp_path))
    assert "play area feels unsafe" in ward_text and "eviction" not in ward_text


def test_themes_are_counted_against_the_borough_and_quotes_are_the_newest(context):
    from dataclasses import replace
    from datetime import date

    code, other = "E01005376", "E01005320"

    def note(area, day, themes, **more):
        return {"id": day, "area_code": area, "note_date": date(2026, 5, day),
                "source": "resident", "themes": themes, "text": f"Said on day {day}.",
                "visibility": "public", "consent": True, "personal_data": "",
                "privacy_checked": False, "retired": False, **more}

    # here: 8 records, all about parking, 2 about bins; elsewhere 12 records, 2 about parking
    notes = [note(code, d, ["parking"] + (["bins"] if d < 3 else [])) for d in range(1, 9)]
    notes += [note(other, d, ["parking"] if d < 3 else ["housing"]) for d in range(1, 13)]
    notes += [note(code, 20, ["parking"], consent=False),
              note(code, 21, ["parking"], personal_data="a phone number")]
    dated = replace(context, public_notes=tuple(reversed(notes)), created=date(2026, 6, 1))
    text = visible(briefing_html(dated, code))
    # parking: 8 of 8 here (100%) against 10 of 20 in the borough (50%)
    assert "parking: 8 records (100%), raised 2 times as often as in Oldham (50%)" in text
    assert "bins: fewer than 5 records" in text and "housing" not in text.split("Themes")[1][:300]
    assert "Said on day 8." in text and "Said on day 3." in text
    assert "Said on day 2." not in text and "(2 more on the neighbourhood's profile)" in text
    assert "day 20" not in text and "day 21" not in text  # no consent; personal data unread
    a_year_on = replace(dated, created=date(2027, 6, 2))
    assert "Themes raised" not in visible(briefing_html(a_year_on, code))


# ------------------------------------------------------------------ what readers see

def visible(html: str) -> str:
    """The text of a briefing's HTML as printed: no tags, styles or image data."""
    import html as markup

    body = re.sub(r"<style>.*?</style>|<head>.*?</head>", " ", html, flags=re.S)
    return squash(markup.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_caption_says_where_the_assets_really_are(context, tmp_path):
    code = "E01005376"
    html = briefing_html(context, code)
    assert "last page" not in html
    name = context.level.table.at[code, "area_name"]
    text = squash(pdf_text(briefing_pdf(context, code), tmp_path))
    heading = f"Community assets in and near {name}"
    assert f"in the table “{heading}”" in text
    assert text.count(heading) == 2  # the caption, and the table's heading it names
    assert "a line joins a dot moved clear of another" in text  # two share an address


def _with_long_indicator_names(context):
    from dataclasses import replace

    spec = context.run.spec
    longer = " ".join(["with a very long explanation in its name"] * 5)
    spec = replace(spec, domains=tuple(
        replace(d, indicators=tuple(replace(i, name=f"{i.name} {longer}") for i in d.indicators))
        for d in spec.domains))
    return replace(context, run=replace(context.run, spec=spec))


def test_table_rows_never_split_across_pages_and_headers_repeat(context):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    tall = _with_long_indicator_names(context)  # rows of six lines or more
    document = HTML(string=briefing_html(tall, "E01005376")).render()
    pages_of = {}
    for number, page in enumerate(document.pages, start=1):
        groups = [b for b in page._page_box.descendants()
                  if isinstance(b, boxes.TableRowGroupBox)]
        for group in groups:
            if group.is_header:
                continue
            tables = [b for b in page._page_box.descendants() if isinstance(b, boxes.TableBox)
                      and group in list(b.descendants())]
            assert any(g.is_header for g in tables[0].descendants()
                       if isinstance(g, boxes.TableRowGroupBox)), f"no header on page {number}"
            for row in group.children:
                pages_of.setdefault(id(row.element), set()).add(number)
    assert len(document.pages) >= 3
    split = [pages for pages in pages_of.values() if len(pages) > 1]
    assert not split, f"{len(split)} rows split across pages"
    css = briefing_html(context, "E01005376")
    assert "tr { page-break-inside: avoid; break-inside: avoid; }" in css
    assert "thead { display: table-header-group; }" in css


def test_a_sentence_says_what_stands_out(context, wards, tmp_path):
    code = area_codes(context)[9]  # rank 10 of 142: decile 1
    text = squash(pdf_text(briefing_pdf(context, code), tmp_path))
    name = context.level.table.at[code, "area_name"]
    sentence = re.search(rf"{re.escape(name)} is among the 10% of the 142 neighbourhoods in "
                         r"Oldham most in need; its greatest need is in ([\w ,&-]+?), where it "
                         r"ranks (\d+)(st|nd|rd|th) of 142\.", text)
    assert sentence, text[:1500]
    run = context.run
    ranks = {d.name: int(run.ranks.at[code, d.code]) for d in run.spec.domains}
    top = min(ranks, key=ranks.get)
    assert sentence.group(1) == top[0].lower() + top[1:] and int(sentence.group(2)) == ranks[top]
    least = area_codes(context)[-1]
    assert "is the least in need of the 142 neighbourhoods in Oldham" in \
        briefing_html(context, least)
    middle = area_codes(context)[100]  # rank 101: decile 8, among the 30% least in need
    assert "is among the 30% of the 142 neighbourhoods in Oldham least in need" in \
        briefing_html(context, middle)
    assert "of the 20 wards in Oldham" in briefing_html(wards, area_codes(wards)[5])


def test_the_sentence_has_no_deciles_among_few_areas_and_never_names_a_hidden_domain(
        context):
    from dataclasses import replace

    from dashboard.reports.briefing import headline_text
    from data.areas.profiles import build_profile

    code = area_codes(context)[3]
    profile = build_profile(code, context.run, context.level.table, context.borough.region,
                            context.level.hidden, "Oldham")
    few = replace(profile, areas=8, decile=None, rank=3,
                  domains=profile.domains.assign(rank=[2, 1, 3, 4]))
    text = headline_text(few, "neighbourhoods")
    assert "ranks 3rd of the 8 neighbourhoods in Oldham" in text and "%" not in text
    assert "decile" not in text
    second = profile.domains["name"][1]
    assert f"greatest need is in {second[0].lower() + second[1:]}" in text
    # every indicator of the top domain hidden: the domain is not named
    hidden = profile.indicators.assign(
        hidden=profile.indicators["domain"] == second)
    quiet = headline_text(replace(few, indicators=hidden), "neighbourhoods")
    assert second.lower() not in quiet.lower()
    assert f"greatest need is in {profile.domains['name'][0].lower()}" in quiet
    tied = headline_text(replace(few, domains=profile.domains.assign(rank=[2, 2, 3, 4])),
                         "neighbourhoods")
    first, second = (n[0].lower() + n[1:] for n in profile.domains["name"][:2])
    assert f"greatest needs are in {first} and in {second}, where it ranks 2nd of 8 on each." \
        in tied


def test_user_text_is_escaped_once_and_loses_bidi_controls(context, tmp_path):
    from dataclasses import replace

    code = "E01005376"
    spec = replace(context.run.spec, name='Index <"A&B"> \u202eevil\u202c \\ test')
    table = context.level.table.copy()
    table.loc[code, "area_name"] = "Hollinwood \u202eeast\u202c\u200b"
    areas = context.level.areas.copy()
    areas.loc[areas["code"] == code, "name"] = table.at[code, "area_name"]
    assets = context.assets.copy()
    assets["name"] = assets["name"].astype(str) + "\u2067 Hall\u2069"
    note = {"area_code": code, "note_date": __import__("datetime").date(2026, 5, 4),
            "source": "resident\u202e", "themes": ["play\u200f"], "text": "Lights \u202eout",
            "visibility": "public", "consent": True, "retired": False}
    hostile = replace(context, run=replace(context.run, spec=spec),
                      level=replace(context.level, table=table, areas=areas), assets=assets,
                      public_notes=(note,))
    html = briefing_html(hostile, code)
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", html)
    text = pdf_text(briefing_pdf(hostile, code), tmp_path)
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", text)
    footer = [line for line in text.splitlines() if "Page " in line]
    assert footer and all('Index <"A&B"> evil \\ test' in line for line in footer), footer
    assert "&lt;" not in text and "&#34;" not in text and "&amp;" not in text
    assert "Hollinwood east" in squash(text) and "Lights out" in text


FORBIDDEN = ["children", "tenth most", "weighted sum", "zscore", "rank_normal", "group_mean",
             "reweight", "minmax", "propagate"]


@pytest.mark.parametrize("fixture", ["context", "wards"])
def test_the_words_are_plain(fixture, request):
    briefing = request.getfixturevalue(fixture)
    text = visible(briefing_html(briefing, area_codes(briefing)[0]))
    for word in FORBIDDEN:
        assert word not in text.lower(), word
    assert not re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", text)
    assert "decile 1 = the most-in-need tenth of areas" in text or fixture == "wards"
    assert "its indicators' scores" in text and "its domains' scores" in text


def test_the_robustness_sentence_follows_the_settings(root, oldham):
    settings = SensitivitySettings(draws=20, weight_range=0.1, normalisations=("percentile",),
                                   aggregations=(), leave_one_out=False)
    mine = prepare(root, load_preset(), borough=oldham, robustness=settings)
    assert mine.robustness == settings
    text = visible(briefing_html(mine, "E01005376"))
    assert ("rebuilt in 20 draws (from random seed 0, so that they can be made again exactly), "
            "each multiplying every weight by a random factor "
            "within ±10%, drawing the normalisation from percentile ranks (0 to 100), and "
            "keeping the spec's own aggregation.") in text
    assert "±25%" not in text and "left out" not in text
    default = visible(briefing_html(prepare(root, load_preset(), borough=oldham,
                                            robustness=SensitivitySettings(draws=20)),
                                    "E01005376"))
    assert ("rebuilt in 20 draws (from random seed 0, so that they can be made again exactly), "
            "each multiplying every weight by a random factor "
            "within ±25%, drawing the normalisation from z-scores (standardised), min–max "
            "rescaling (0 to 100) or percentile ranks (0 to 100), drawing the aggregation from "
            "weighted average (arithmetic mean) or weighted geometric mean, and sometimes "
            "leaving one indicator out") in default
    none = visible(briefing_html(prepare(root, load_preset(), borough=oldham,
                                         robustness=None), "E01005376"))
    assert "without the robustness analysis" in none and "±" not in none


def test_you_said_we_did_reports_the_areas_public_promises(context, tmp_path):
    from dataclasses import replace
    from datetime import date

    from data.store.db import open_engine
    from data.store.promises import PromiseStore

    store = PromiseStore(open_engine(f"sqlite:///{tmp_path / 'promises.sqlite3'}"))
    code = "E01005376"
    base = {"lad_code": "E08000004", "by_organisation": "Oldham Council",
            "made_at": "Coldhurst community meeting", "made_on": "2026-01-10",
            "areas": code, "due": "2026-03-31", "status": "promised", "visibility": "public"}
    store.add({**base, "asked": "The brook path floods.", "promised": "Clear the drains."}, "a")
    store.add({**base, "asked": "Mend the shelter.", "promised": "A new shelter.",
               "status": "done", "progress": "It went up in May."}, "a")
    store.add({**base, "asked": "Evict number 4.", "promised": "No.",
               "visibility": "internal"}, "a")
    store.add({**base, "asked": "Borough-wide bins.", "promised": "Weekly bins.",
               "areas": ""}, "a")
    dated = replace(context, public_promises=tuple(store.promises("E08000004", public=True)),
                    created=date(2026, 6, 1))
    text = visible(briefing_html(dated, code))
    name = context.level.table.at[code, "area_name"]
    assert (f"Of 2 promises made for {name}, 1 is done and 1 is late. 1 more was made for "
            "the whole of Oldham: see the borough's You said, we did tracker.") in text
    assert "The brook path floods." in text and "It went up in May." in text
    assert text.index("brook") < text.index("shelter")  # late first
    assert "Evict" not in text and "Borough-wide bins" not in text
    other = visible(briefing_html(dated, "E01005320"))
    assert "Of 0" not in other and "No promise made for" in other  # the borough-wide one
    assert "You said, we did" not in visible(briefing_html(context, code))
    pdf = squash(pdf_text(briefing_pdf(dated, code), tmp_path))
    assert "You said, we did" in pdf and "Clear the drains." in pdf


def test_stories_are_told_featured_first_and_long_ones_sent_to_the_profile(context):
    from dataclasses import replace
    from datetime import date

    code = "E01005376"

    def story(n, **more):
        return {"id": n, "lad_code": "E08000004", "title": f"Story {n}", "areas": [code],
                "story": f"Story {n} begins.", "what_changed": f"Change {n}.",
                "story_date": date(2026, 5, n), "author": "Asha", "source": "resident",
                "picture_caption": "", "featured": False, "visibility": "public",
                "consent": True, "personal_data": "", "privacy_checked": False,
                "retired": False, **more}

    long = "\n".join(f"Paragraph {n}: " + "words " * 80 for n in range(1, 9))
    stories = (story(3), story(2, featured=True, story=long, picture_caption="A mural."),
               story(1), story(4, consent=False), story(5, areas=[]))
    text = visible(briefing_html(replace(context, public_stories=stories), code))
    assert text.index("Story 2") < text.index("Story 3") and "Story 1 begins" not in text
    assert "Paragraph 3" in text and "Paragraph 8" not in text
    assert "The rest of the story is on the neighbourhood's profile." in text
    assert "Picture: A mural." in text and "Change 2." in text
    assert "Story 4" not in text and "Story 5" not in text  # no consent; the whole borough


def test_a_briefing_lists_the_organisations_working_in_the_area(tmp_path, monkeypatch, root,
                                                                 oldham):
    """Their figures only where they agreed, and no contact ever."""
    from data.areas.geography import area_locator
    from data.store.db import open_engine
    from data.store.surveys import SurveyAnswerStore
    from indices.presets import DEFAULT_PRESET

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    store = SurveyAnswerStore(engine)
    locate = area_locator(oldham.lsoas)
    link, _ = store.links.open_link("E08000004", "", "a")
    for name, public, everywhere in (("Park Gardeners", True, False),
                                     ("Quiet Advice Centre", False, False),
                                     ("Borough Advice Line", True, True)):
        answer = store.submit(link, {"name": name, "fields_of_work": "health",
                                     "postcode": "OL8 1AA", "serves_borough": everywhere,
                                     "serves": "" if everywhere else "E01005434",
                                     "staff": 4, "staff_fte": 3.5, "volunteers": 20,
                                     "contact_email": "private@example.org",
                                     "figures_public": public}, name)
        store.accept(answer["id"], 1, "a", (-2.1, 53.53), locate=locate)
    context = prepare(root, load_preset(DEFAULT_PRESET), "E08000004", "lsoa", borough=oldham,
                      robustness=None, assets=store.assets)
    text = pdf_text(briefing_pdf(context, "E01005434"), tmp_path)
    engine.dispose()
    assert "Voluntary and community organisations working in Oldham 024B" in text
    lines = [line for line in text.splitlines() if "Gardeners" in line or "Quiet" in line
             or "Borough Advice" in line]
    assert any("Park Gardeners" in line and "3.5" in line and "20" in line for line in lines)
    assert any("Quiet Advice Centre" in line and "3.5" not in line for line in lines)
    assert any("all of Oldham" in line for line in lines)
    assert re.search(r"not\s+published", text)
    assert "private@example.org" not in text and "nan" not in text.split()


def test_the_briefing_compares_rates_with_the_borough_and_draws_the_spine(context, oldham, root,
                                                                            tmp_path):
    from data.areas.counts import count_measures
    from data.stats.compare import compare_areas, counted_indicators

    counts = oldham.table["road_casualties_n"]
    hidden = counts[(counts >= 1) & (counts <= 4)].index[0]
    html = briefing_html(context, hidden)
    assert "<h2>Compared with Oldham and Greater Manchester</h2>" in html
    # a hidden value: no interval, not compared, against either
    assert ('<td>Road casualties</td><td class="num nowrap">hidden</td><td>–</td>' in html)
    assert html.count('<td class="cmp-not-compared">Not compared</td>') == 2
    # the verdicts are the comparisons' (95%), in words and coloured by class
    counted = counted_indicators(context.run.spec, count_measures(root, context.run.spec))
    compared = compare_areas(context.level.table, oldham.region, counted,
                             context.level.hidden)
    row = compared[(compared["area"] == hidden)
                   & (compared["indicator"] == "household_deprivation")].iloc[0]
    verdict = row["against_borough"]
    assert f'<td class="cmp-{verdict}">{verdict.capitalize()}</td>' in html
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Spine chart of 18 '
                     r'indicators for [^"]+"', html)
    assert "Not compared, as they are published without their counts: Income deprivation" in html
    text = squash(pdf_text(briefing_pdf(context, hidden), tmp_path))
    assert "Compared with Oldham and Greater Manchester" in text
    assert "Worst" in text and "Better than Oldham" in text  # the spine chart, drawn


def test_a_briefing_names_the_five_areas_most_like_it(context):
    """The five nearest of the region's LSOAs by name, and the index's indicators counted
    better, similar and worse than its ten neighbours, as the Areas like this one page finds
    them."""
    code = area_codes(context)[0]
    near = context.neighbours.nearest(code)
    text = squash(visible(briefing_html(context, code)))
    assert "Areas like this one" in text
    assert "; ".join(near.table["name"].head(5)) in text
    counts = near.counts
    assert (f"is worse on {counts['worse']} of the index's indicators, similar on "
            f"{counts['similar']} and better on {counts['better']}") in text
    assert near.table["name"].iloc[5] not in text.split("Areas like this one")[1][:600]
