"""Every page opens without an exception (Streamlit's AppTest)."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text import plain

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ["views/explore.py", "views/profile.py", "views/assets.py", "views/briefings.py",
         "views/downloads.py", "views/conversations.py", "views/promises.py",
         "views/voice.py", "views/sector.py", "views/readiness.py", "views/asset_survey.py",
         "views/builder.py",
         "views/robustness.py", "views/over_time.py",
         "views/methods.py",
         "views/rates.py",
         "views/your_data.py"]


def open_page(page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_an_exception(page):
    app = open_page(page)
    assert not app.exception, app.exception
    assert not app.error


def test_the_map_page_opens_on_oldham_by_default():
    app = open_page()
    assert app.title[0].value == "Thriving Community Index: Oldham"
    assert app.subheader[0].value  # the selected area's profile
    assert "Oldham" in app.caption[0].value or "142" in app.caption[0].value


def test_picking_a_neighbourhood_opens_its_profile():
    app = open_page("views/profile.py")
    picker = app.selectbox(key="profile_area")
    least_in_need = picker.options[-1]  # "Name (code), ward: rank 142"
    picker.select_index(len(picker.options) - 1).run()
    assert not app.exception
    assert app.subheader[0].value == least_in_need.split(" (")[0]
    assert app.query_params["area"] in least_in_need
    assert "142 of 142" in [m.value for m in app.metric]


def test_changing_the_map_measure_and_classes():
    app = open_page()
    app.selectbox(key="explore_measure").select("crime").run()
    app.selectbox(key="explore_scheme").select("deciles").run()
    assert not app.exception


def test_the_downloads_page_offers_every_format_with_suppression_stated():
    app = open_page("views/downloads.py")
    assert app.title[0].value == "Download the results"
    assert "Counts from 1 to 4" in app.info[0].value
    for fmt, label in (("xlsx", "Excel workbook"), ("geojson", "GeoJSON (polygons, WGS84)")):
        app.radio(key="download_format").set_value(fmt).run()
        assert not app.exception
        assert app.get("download_button")[0].proto.label == f"Download as {label}"
    shown = app.dataframe[0].value
    assert len(shown) == 142 and shown["road_casualties_value"].isna().any()


def test_no_data_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_DATA_ROOT", str(tmp_path / "absent"))
    app = open_page()
    assert not app.exception
    assert "TCI_DATA_ROOT" in app.error[0].value


def test_the_builder_changes_the_index_every_page_shows():
    app = open_page("views/builder.py")
    app.selectbox(key="builder_norm_0").select("minmax").run()
    assert not app.exception and not app.error
    assert "minmax" in app.session_state["working_spec_yaml"]
    app.switch_page("views/methods.py").run()
    assert any("minmax" in m.value for m in app.markdown)


#: Codes of methods that must not reach a menu or its help.
CODES = ("zscore", "minmax", "rank_normal", "group_mean", "group_median", "reweight",
         "propagate", "pca", "**manual**", "**arithmetic**", "**geometric**")


def _reads_plainly(text: str) -> bool:
    return not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", text) and not any(c in text for c in CODES)


def test_the_builder_menus_show_plain_labels_and_keep_the_codes():
    app = open_page("views/builder.py")
    menus = {key: app.selectbox(key=f"builder_{key}_0") for key in (
        "imputation", "outliers", "norm", "weighting", "aggregation", "missing")}
    for key, menu in menus.items():
        assert all(_reads_plainly(option) for option in menu.options), (key, menu.options)
        assert menu.help is None or _reads_plainly(menu.help), (key, menu.help)
    assert menus["norm"].value == "zscore"  # the option is the code: the spec keeps it
    assert menus["norm"].options == [
        "exponential transformation (as in the IMD)", "min–max rescaling (0 to 100)",
        "percentile ranks (0 to 100)", "rank-based normal scores", "z-scores (standardised)"]
    assert "mean of its group (by ward)" in menus["imputation"].options
    assert menus["weighting"].options == [
        "from factor analysis", "as set for each indicator", "from principal components (PCA)"]
    assert menus["aggregation"].options == ["weighted average (arithmetic mean)",
                                            "weighted geometric mean"]
    assert menus["missing"].options == ["share the weight among the indicators present",
                                        "no score if any value is missing"]
    assert menus["outliers"].options == ["none", "trim extreme values (winsorise)"]
    assert "**z-scores (standardised)**: Standardised" in menus["norm"].help
    shipped = app.selectbox(key="builder_start_choice").options
    assert "Shipped: Thriving Community Index" in shipped
    menus["norm"].select("rank_normal").run()
    assert "normalisation: rank_normal" in app.session_state["working_spec_yaml"]


def test_the_robustness_choices_are_plain_labels():
    app = open_page("views/robustness.py")
    for key in ("robust_norms", "robust_aggs"):
        options = app.multiselect(key=key).options
        assert all(_reads_plainly(option) for option in options), options
    assert "rank-based normal scores" in app.multiselect(key="robust_norms").options
    assert app.multiselect(key="robust_norms").value == ["zscore", "minmax", "percentile"]


def _headings(frame) -> list[str]:
    """A shown table's column headings: the column_config label, or the column's name."""
    config = json.loads(frame.proto.columns or "{}")
    return [config.get(c, {}).get("label", c) for c in frame.value.columns]


def test_the_asset_tables_have_plain_headings_and_blanks(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/assets.py")
    assert not app.exception
    need, density, register = app.dataframe[0], app.dataframe[1], app.dataframe[-1]
    assert _headings(need) == ["Neighbourhood", "Code", "Index score",
                               "Assets per 1,000 residents"]
    assert _headings(density)[:4] == ["Neighbourhood", "Code", "Assets",
                                      "Assets per 1,000 residents"]
    assert _headings(register) == ["Ref.", "Name", "Category", "Address", "Neighbourhood",
                                   "Staff", "Volunteers", "Last checked", "Retired", "Version"]
    for frame in (need, density, register):
        assert all(_reads_plainly(h) for h in _headings(frame)), _headings(frame)
        assert json.loads(frame.proto.columns)["_index"]["hidden"]  # no codes as the index
        assert frame.proto.placeholder == ""  # a missing value is a blank, not "None"
    places = register.value["area_code"]
    assert places.str.match(r"Oldham \d{3}[A-Z]$").all(), places.head()  # names, not codes


def test_a_spec_that_cannot_be_built_says_why_and_keeps_the_last_one():
    app = open_page("views/builder.py")
    app.selectbox(key="builder_aggregation_0").select("geometric").run()
    assert not app.exception
    assert "geometric aggregation needs scores of 0 or more" in app.error[0].value
    assert "aggregation: arithmetic" in app.session_state["working_spec_yaml"]


def test_saving_a_spec_keeps_it_for_later_sessions(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/builder.py")
    app.text_input(key="builder_save_name").input("My index").run()
    app.button(key="builder_save").click().run()
    assert not app.exception
    assert (tmp_path / "specs" / "My index.yaml").is_file()
    later = open_page("views/builder.py")
    assert "Saved: My index" in later.selectbox(key="builder_start_choice").options


def test_nothing_is_loaded_until_a_spec_is_chosen():
    app = open_page("views/builder.py")
    assert app.selectbox(key="builder_start_choice").value is None
    assert app.button(key="builder_load").disabled
    app.selectbox(key="builder_start_choice").select("Shipped: imd2025").run()
    assert not app.button(key="builder_load").disabled


def test_weights_from_the_data_are_listed_by_name():
    app = open_page("views/builder.py")
    app.selectbox(key="builder_weighting_0").select("pca").run()
    assert not app.exception and not app.error
    weights = app.dataframe[-1].value
    assert list(weights.columns) == ["Domain", "Indicator", "Weight"]
    assert "Income deprivation" in set(weights["Indicator"]) and weights["Weight"].gt(0).all()


def test_coming_back_to_the_builder_keeps_the_changes_made_there():
    app = open_page("views/builder.py")
    app.selectbox(key="builder_norm_0").select("minmax").run()
    app.switch_page("views/methods.py").run()
    app.switch_page("views/builder.py").run()
    assert not app.exception and not app.error
    assert app.selectbox(key="builder_norm_0").value == "minmax"
    assert "normalisation: minmax" in app.session_state["working_spec_yaml"]


def test_a_saved_spec_that_cannot_be_built_is_not_loaded(tmp_path, monkeypatch):
    from indices.presets import SPECS_DIR

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    text = (SPECS_DIR / "tci_oldham.yaml").read_text(encoding="utf-8")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "Broken.yaml").write_text(
        text.replace("column: Income_score", "column: no_such_column"), encoding="utf-8")
    app = open_page("views/builder.py")
    app.selectbox(key="builder_start_choice").select("Saved: Broken").run()
    app.button(key="builder_load").click().run()
    assert not app.exception
    assert plain("no_such_column") in app.error[0].value  # shown as written
    assert "no_such_column" not in app.session_state["working_spec_yaml"]
    app.switch_page("views/explore.py").run()  # every page still shows the index
    assert not app.exception and not app.error


def test_the_profile_shows_the_rank_interval():
    app = open_page("views/profile.py")
    assert any("Rank interval" in c.value for c in app.caption)


def test_adding_a_note_shows_it_safely(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/profile.py")
    hostile = '<img src=x onerror="alert(1)"> Bins **never** emptied'
    app.text_area(key="note_add_text").input(hostile)
    app.text_input(key="notes_search")  # the panel is there
    add = next(b for b in app.button if b.label == "Add note")
    add.click().run()
    assert not app.exception and not app.error
    assert app.toast[0].value == "Note added."
    shown = [m.value for m in app.markdown if "Bins" in m.value]
    assert shown and "\\<img" in shown[0] and "\\*\\*never\\*\\*" in shown[0]
    assert (tmp_path / "tci.sqlite3").is_file()


def _add_asset(app: AppTest, name: str, address: str = "", lon=None, lat=None) -> None:
    """Open Add an asset, fill its form (the last of the page's forms), press Add asset."""
    if not app.session_state["assets_add_open"]:  # drawn once opened
        app.session_state["assets_add_open"] = True
        app.run()
    [t for t in app.text_input if t.label == "Name"][-1].input(name)
    [t for t in app.text_input if t.label == "Address"][-1].input(address)
    if lon is not None:
        [n for n in app.number_input if n.label == "Longitude"][-1].set_value(lon)
        [n for n in app.number_input if n.label == "Latitude"][-1].set_value(lat)
    next(b for b in app.button if b.label == "Add asset").click().run()


def test_the_asset_register_can_be_added_to_and_verified(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/assets.py")
    assert not app.exception and not app.error
    assert "627" not in app.title[0].value
    _add_asset(app, "Hathershaw Community Hub")  # no place given: not saved, and says why
    assert "longitude and latitude" in app.error[0].value
    name = [t for t in app.text_input if t.label == "Name"][-1]
    assert name.value == "Hathershaw Community Hub"  # what was typed is kept to correct
    _add_asset(app, "Hathershaw Community Hub", "1 Fields New Road", -2.105, 53.532)
    assert not app.exception and not app.error
    assert "Added Hathershaw Community Hub" in app.toast[0].value
    assert [t for t in app.text_input if t.label == "Name"][-1].value == ""  # ready for more
    app.text_input(key="assets_search").input("Hathershaw Community").run()
    assert app.dataframe[-1].value["name"].tolist() == ["Hathershaw Community Hub"]
    verify = next(b for b in app.button if b.label.startswith("Verified today"))
    assert "Hathershaw Community Hub" in verify.label  # says which one it verifies
    verify.click().run()
    assert not app.exception and not app.error
    assert "Hathershaw Community Hub was still there today" in app.toast[0].value

    # the same name and address again: refused unless said to be another asset
    _add_asset(app, "hathershaw community hub", "1 Fields New Road.", -2.105, 53.532)
    assert "already in the register" in app.error[0].value
    app.text_input(key="assets_search").input("Hathershaw Community").run()
    assert len(app.dataframe[-1].value) == 1


def test_the_register_forms_are_drawn_only_once_opened(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/assets.py")
    assert [e.label for e in app.expander][-3:] == [
        "History", "Add an asset", "Export or import the register"]
    assert not any(b.label == "Add asset" for b in app.button)
    assert not any(c.value.startswith("Version 1: ") for c in app.caption)
    assert not any(r.label == "What kind of file" for r in app.radio)
    for key in ("assets_add_open", "assets_history_open", "assets_transfer_open"):
        app.session_state[key] = True
    app.run()
    assert any(b.label == "Add asset" for b in app.button)
    assert any(c.value.startswith("Version 1: ") for c in app.caption)  # the history
    assert any(r.label == "What kind of file" for r in app.radio)  # export or import


def test_after_a_search_the_register_picker_is_on_a_listed_asset(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/assets.py")
    picker = next(s for s in app.selectbox if s.label == "Edit, verify or retire")
    picker.select_index(5).run()
    app.text_input(key="assets_search").input("library").run()
    listed = app.dataframe[-1].value["id"].tolist()
    picker = next(s for s in app.selectbox if s.label == "Edit, verify or retire")
    assert picker.value in listed and picker.value == listed[0]


def test_the_map_overlays_chosen_assets():
    app = open_page()
    app.multiselect(key="explore_assets").select("library").select("food_bank").run()
    assert not app.exception


def _notes_in(state_dir):
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    store = NoteStore(open_engine(f"sqlite:///{state_dir / 'tci.sqlite3'}"))
    base = {"area_code": "E01005434", "note_date": "2026-04-01", "author": "Asha",
            "source": "meeting"}
    store.add({**base, "text": "People love the new community garden.",
               "visibility": "public", "consent": True}, "asha")
    store.add({**base, "text": "Safeguarding concern at number 12.",
               "visibility": "internal"}, "asha")


def test_meeting_mode_shows_public_notes_and_no_editing_control(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    _notes_in(tmp_path)
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["mode"] = "meeting"
    app.run()
    assert not app.exception and not app.error
    assert app.title[0].value == "How are Oldham's neighbourhoods doing?"
    shown = " ".join(m.value for m in app.markdown)
    assert "community garden" in shown and "Safeguarding" not in shown
    assert "Most need (top fifth)" in shown
    assert {b.label for b in app.button} == {"◀ Previous", "Next ▶"}
    assert not app.text_area and not app.text_input
    app.toggle(key="meeting_bands").set_value(False).run()
    assert "Rank 1 of 142" in " ".join(m.value for m in app.markdown)
    app.button(key="meeting_next").click().run()
    assert "community garden" not in " ".join(m.value for m in app.markdown)


def test_read_only_viewers_see_no_internal_note_and_cannot_edit(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _notes_in(tmp_path)
    app = open_page("views/profile.py")
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert "community garden" in shown and "Safeguarding" not in shown
    assert not any(b.label in ("Add note", "Save note", "Retire") for b in app.button)
    assets = open_page("views/assets.py")
    assert not any(b.label == "Add asset" for b in assets.button)
    your_data = open_page("views/your_data.py")
    assert not your_data.get("file_uploader")  # checking files is work viewers cannot start
    assert "needs the editor role" in your_data.info[0].value
    with pytest.raises(Exception):  # noqa: B017 - the builder is not a page for viewers
        open_page("views/builder.py")


def test_viewers_learn_nothing_of_internal_or_retired_notes(tmp_path, monkeypatch):
    import json

    from data.store.db import open_engine
    from data.store.notes import NoteStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _notes_in(tmp_path)
    store = NoteStore(open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}"))
    old = store.add({"area_code": "E01005434", "note_date": "2026-03-01", "author": "Asha",
                     "source": "meeting", "text": "Old news.", "visibility": "public",
                     "consent": True, "themes": "eviction list"}, "asha")
    store.retire(old["id"], 1, "asha")
    app = open_page()
    sent = json.loads(app.get("component_instance")[0].proto.json_args)
    paint = sent["paint"]
    tip = paint["tips"][paint["codes"].index("E01005434")]
    assert tip[-1] == "1"  # its public note, not its internal or retired ones
    app.query_params["area"] = "E01005434"
    app.switch_page("views/profile.py").run()
    assert "community garden" in " ".join(m.value for m in app.markdown)
    assert "eviction list" not in app.selectbox(key="notes_theme").options


def test_changing_a_checked_notes_words_holds_it_back_again(tmp_path, monkeypatch):
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    store = NoteStore(open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}"))
    note = store.add({"area_code": "E01005434", "note_date": "2026-04-01", "author": "Asha",
                      "source": "resident", "text": "The library's number is 0161 770 3000",
                      "visibility": "public", "consent": True, "privacy_checked": True}, "a")
    app, said = _profile_of("E01005434")
    assert "Marked public" not in said
    form = f"note_edit_{note['id']}"
    app.text_area(key=f"{form}_text").input("Ring Jo on 07700 900123")
    app.button(key=f"FormSubmitter:{form}-Save note").click().run()
    assert not app.exception and store.get(note["id"])["privacy_checked"] is False
    assert "Marked public, held back: it seems to hold a phone number" in " ".join(
        m.value for m in app.markdown).replace("\\", "")
    app.checkbox(key=f"{form}_checked").check()
    app.button(key=f"FormSubmitter:{form}-Save note").click().run()
    assert store.get(note["id"])["privacy_checked"] is True


def _profile_of(code: str) -> tuple[AppTest, str]:
    """The profile page opened on an area, and the Markdown it shows."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["area"] = code
    app.run()
    app.switch_page("views/profile.py").run()
    return app, " ".join(m.value for m in app.markdown)


def test_the_profile_counts_themes_against_the_borough_hiding_small_counts_from_viewers(
        tmp_path, monkeypatch):
    from datetime import date, timedelta

    from data.store.db import open_engine
    from data.store.notes import NoteStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    store = NoteStore(open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}"))
    recent = (date.today() - timedelta(days=10)).isoformat()
    base = {"note_date": recent, "author": "Asha", "source": "resident",
            "visibility": "public", "consent": True}
    for n in range(6):  # here: 6 public records about parking, one of them about bins too
        store.add({**base, "area_code": "E01005434", "text": f"Cars {n}",
                   "themes": "parking" + ("; bins" if n == 0 else "")}, "asha")
    for n in range(6):  # elsewhere in Oldham: 6 about housing
        store.add({**base, "area_code": "E01005320", "text": f"Damp {n}",
                   "themes": "housing"}, "asha")
    store.add({**base, "area_code": "E01005434", "text": "Staff only", "themes": "bins",
               "visibility": "internal"}, "asha")
    store.add({**base, "area_code": "E01005434", "text": "Long ago", "themes": "litter",
               "note_date": date.today() - timedelta(days=400)}, "asha")
    app, said = _profile_of("E01005434")
    assert plain("parking: 6 records (86%), raised 1.9 times as often as in Oldham (46%)") in said
    assert plain("bins: 2 records (29%)") in said  # staff see every count, internal ones too
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    app, said = _profile_of("E01005434")
    assert plain("parking: 6 records (100%), raised 2 times as often as in Oldham (50%)") in said
    assert plain("bins: fewer than 5 records") in said
    assert plain("litter:") not in said  # raised more than a year ago
    app.selectbox(key="notes_period").set_value("all time").run()
    assert plain("litter: fewer than 5 records") in " ".join(m.value for m in app.markdown)


def test_the_map_and_profile_draw_the_domain_chart_without_vega():
    import base64

    for page in (None, "views/profile.py"):
        app = open_page(page)
        assert not app.get("arrow_vega_lite_chart")  # no Vega scripts for a new tab to load
        (image,) = app.get("image")
        url = image.proto.imgs[0].url
        svg = base64.b64decode(url.split(",", 1)[1]).decode()
        assert url.startswith("data:image/svg+xml") and "domain scores" in svg
        assert image.proto.imgs[0].alt.startswith("Domain scores for ")


@pytest.mark.slow
def test_any_borough_or_all_of_greater_manchester():
    app = open_page()
    app.selectbox(key="borough").select("E08000005").run()
    assert not app.exception
    assert app.title[0].value == "Thriving Community Index: Rochdale"
    app.selectbox(key="borough").select("E47000001").run()
    assert not app.exception
    assert app.title[0].value == "Thriving Community Index: Greater Manchester"
    assert plain("1,702 LSOAs (2021)") in app.caption[0].value
    assert any("of 1,702" in m.value for m in app.metric)


@pytest.mark.parametrize("level, count", [("ward", "20 electoral wards (May 2023)"),
                                          ("msoa", "34 MSOAs (2021)")])
def test_the_index_is_built_and_mapped_at_another_level(level, count):
    app = open_page()
    app.selectbox(key="level").select(level).run()
    assert not app.exception
    assert plain(count) in app.caption[0].value
    assert "imd_change" not in app.selectbox(key="explore_measure").options  # LSOAs only
    app.switch_page("views/profile.py").run()
    assert not app.exception
    assert any(" of " + count.split()[0] in m.value for m in app.metric)


def test_boroughs_are_a_level_of_greater_manchester_only():
    app = open_page()
    assert "borough" not in app.selectbox(key="level").options
    app.selectbox(key="borough").select("E47000001").run()
    app.selectbox(key="level").select("borough").run()
    assert not app.exception
    assert "10 boroughs" in app.caption[0].value
    app.selectbox(key="borough").select("E08000004").run()  # one borough: back to LSOAs
    assert not app.exception and app.selectbox(key="level").value == "lsoa"


@pytest.mark.slow
def test_saved_neighbourhoods_are_a_level(tmp_path, monkeypatch):
    import pandas as pd

    from data.settings import data_root
    from data.store.neighbourhoods import NeighbourhoodStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    lsoas = pd.read_csv(data_root() / "iod2025_lsoa21_greater_manchester.csv",
                        usecols=["lsoa21cd", "lad_code"])
    codes = lsoas[lsoas["lad_code"] == "E08000004"]["lsoa21cd"]
    lookup = pd.DataFrame({"neighbourhood_code": ["East" if i % 2 else "West"
                                                  for i in range(len(codes))],
                           "neighbourhood_name": ["East side" if i % 2 else "West side"
                                                  for i in range(len(codes))]},
                          index=pd.Index(codes, name="lsoa21cd"))
    NeighbourhoodStore(tmp_path / "neighbourhoods").save("Two sides", lookup)
    app = open_page()
    app.selectbox(key="level").select("custom:Two sides").run()
    assert not app.exception
    assert plain("2 neighbourhoods (Two sides)") in app.caption[0].value
    app.switch_page("views/briefings.py").run()
    assert not app.exception


def test_the_map_of_change_since_2019():
    app = open_page()
    app.selectbox(key="explore_measure").select("imd_change").run()
    assert not app.exception
    app.switch_page("views/profile.py").run()
    assert any("National IMD decile" in m.value for m in app.markdown)


def test_robustness_settings_last_the_session_and_the_profile_follows_them():
    app = open_page("views/robustness.py")
    app.select_slider(key="robust_draws").set_value(250).run()
    app.checkbox(key="robust_loo").uncheck().run()
    assert not app.exception
    app.switch_page("views/profile.py").run()
    assert any("250 rebuilds" in c.value for c in app.caption)
    app.switch_page("views/methods.py").run()
    assert any("250 draws" in m.value and "leaving one" not in m.value for m in app.markdown)
    app.switch_page("views/robustness.py").run()
    assert app.select_slider(key="robust_draws").value == 250
    assert app.checkbox(key="robust_loo").value is False


def test_the_builder_offers_coinrs_log_transform_for_outliers():
    app = open_page("views/builder.py")
    app.selectbox(key="builder_outliers_0").select("winsorise").run()
    log = app.selectbox(key="builder_log_0")
    assert log.options == ["log(x − min + 1)", "COINr's: log(x − min + 1% of range)"]
    log.select("coinr").run()
    assert not app.exception and not app.error
    assert "log: coinr" in app.session_state["working_spec_yaml"]


def test_the_profile_says_what_drives_the_score_and_leaves_hidden_values_out(tci):
    from indices.contributions import contributions

    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["area"] = "E01005434"
    app.run()
    app.switch_page("views/profile.py").run()
    assert not app.exception
    said = [m.value for m in app.markdown]
    start = said.index("#### What drives the score")
    assert "score comes from" in said[start + 1]
    assert said[start + 2].startswith("**Most need, by its rank among the areas:**")
    parts = contributions(tci).loc["E01005434"]
    assert parts.sum() == pytest.approx(tci.scores.at["E01005434", tci.spec.code])
    caption = next(c.value for c in app.caption if "sum of these parts" in c.value)
    top = parts.abs().idxmax()
    assert next(i.name for i in tci.spec.indicators if i.code == top) in caption
