from dataclasses import replace

from streamlit.testing.v1 import AppTest

from dashboard.state import SPEC_KEY
from dashboard.text import plain
from data.store.db import open_engine
from data.store.notes import NoteStore
from indices.presets import load_preset
from indices.spec import spec_to_yaml
from tests.dashboard.test_app import APP, _add_asset, open_page

HOSTILE = '<script>alert(1)</script> ![x](http://evil.example/p.png) [link](javascript:x) **b**'
# The pages show what users and files wrote as its text: a Markdown image in it would make
# every reader's browser fetch an outside address.
IMAGE = "![a](http://evil.example/p.png)"
SHOWN = "\\!\\[a\\]\\(http\\:"  # the image as plain() escapes it


def test_markdown_and_html_characters_are_escaped():
    assert plain("a*b") == "a\\*b"
    assert plain("<b>") == "\\<b\\>"
    assert plain("line one\nline two") == "line one  \nline two"


def test_hostile_text_cannot_make_tags_links_or_images():
    shown = plain(HOSTILE)
    assert "<" not in shown.replace("\\<", "")
    assert "![" not in shown.replace("\\!\\[", "") and "](" not in shown.replace("\\]\\(", "")
    assert "**" not in shown.replace("\\*\\*", "").replace("\\*", "")


def test_a_note_s_author_and_editor_are_shown_as_written(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    NoteStore(open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")).add(
        {"area_code": "E01005434", "note_date": "2026-04-01", "author": IMAGE,
         "source": "meeting", "text": "Bins never emptied.", "visibility": "public",
         "consent": True},
        f"{IMAGE} **editor**")
    app = open_page("views/profile.py")
    assert not app.exception and not app.error
    about = [c.value for c in app.caption if "version 1" in c.value]
    assert about and about[0].startswith(SHOWN) and "last changed by " + SHOWN in about[0]
    history = [c.value for c in app.caption if c.value.startswith("Version 1")]
    assert history and "\\*\\*editor\\*\\*" in history[0]
    assert not any(IMAGE in c.value for c in app.caption)


def test_an_asset_s_name_is_escaped_in_its_confirmations_and_buttons(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    app = open_page("views/assets.py")
    _add_asset(app, f"{IMAGE} **Hub**", "1 Fields New Road", -2.105, 53.532)
    assert not app.exception and not app.error
    assert app.toast[0].value == f"Added {plain(IMAGE + ' **Hub**')} to the register."
    app.text_input(key="assets_search").input("evil.example").run()
    verify = next(b for b in app.button if b.label.startswith("Verified today"))
    assert SHOWN in verify.label and IMAGE not in verify.label
    verify.click().run()
    assert SHOWN in app.toast[0].value and IMAGE not in app.toast[0].value


def test_a_spec_s_name_is_escaped_in_the_methods_page():
    spec = load_preset("tci_oldham")
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state[SPEC_KEY] = spec_to_yaml(replace(spec, name=IMAGE,
                                                       description=f"{IMAGE} a test"))
    app.run()
    app.switch_page("views/methods.py").run()
    assert not app.exception and not app.error
    assert app.title[0].value == f"Methods: {plain(IMAGE)}"
    shown = " ".join(m.value for m in app.markdown)
    assert SHOWN in shown and IMAGE not in shown


def test_a_plain_table_shows_its_cells_and_headings_as_written():
    import pandas as pd

    from dashboard.text import plain, plain_table

    table = plain_table(pd.DataFrame({"Name *x*": ["![p](http://evil.example/p.png)"],
                                      "Rank": [3]}))
    assert list(table.columns) == [plain("Name *x*"), "Rank"]
    assert table.iloc[0, 0] == plain("![p](http://evil.example/p.png)")
    assert table.iloc[0, 1] == 3
