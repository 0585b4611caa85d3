"""Briefing PDFs: what they say, what they hide, and that every page renders."""

import io
import re
import subprocess
import zipfile

import pytest

from dashboard.reports.briefing import (
    UnknownAreaError,
    area_codes,
    briefing_html,
    briefing_pdf,
    check_area,
    file_name,
    prepare,
    write_all,
)
from data.suppression import suppression_rule
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
    assert 2 <= pages <= 4
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
    code = area_codes(context)[0]
    context.assets.loc[context.assets.index[:3], "name"] = '<script>alert("x")</script>'
    html = briefing_html(context, code)
    assert "<script>" not in html


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
               "visibility": "public"}, "asha")
    store.add({**base, "text": "Named family at risk of eviction.", "visibility": "internal"},
              "asha")
    retired = store.add({**base, "text": "An old public note since withdrawn.",
                         "visibility": "public"}, "asha")
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
