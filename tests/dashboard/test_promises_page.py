"""You said, we did: the tracker page, the profile's section and meeting mode's line, for
viewers and editors (Streamlit's AppTest, on a database of the test's own)."""

import csv
import io
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state import MEETING_CARD_KEY
from dashboard.text import plain
from data.store.db import open_engine
from data.store.promises import PromiseStore
from tests.dashboard.test_app import APP, open_page

CODE = "E01005434"
PAST = (date.today() - timedelta(days=60)).isoformat()
PROMISE = {"lad_code": "E08000004", "asked": "The path by the brook floods every winter.",
           "promised": "We will clear the drains.", "by_organisation": "Oldham Council",
           "by_role": "Highways", "made_at": "Coldhurst community meeting", "made_on": PAST,
           "areas": CODE, "due": (date.today() - timedelta(days=1)).isoformat(),
           "status": "promised", "visibility": "public"}


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    yield PromiseStore(engine)
    engine.dispose()


def _said(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def _three(store):
    """A late public promise here, an internal one here, and a done one elsewhere."""
    store.add(PROMISE, "asha")
    store.add({**PROMISE, "asked": "Name the family at number 4.", "visibility": "internal"},
              "asha")
    store.add({**PROMISE, "asked": "Mend the bus shelter.", "areas": "E01005320",
               "status": "done", "progress": "A new shelter went up in May."}, "asha")


def test_viewers_see_public_promises_with_late_ones_standing_out(store, monkeypatch):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _three(store)
    app = open_page("views/promises.py")
    assert not app.exception
    said = _said(app)
    assert plain("The path by the brook floods every winter.") in said
    assert plain("Mend the bus shelter.") in said and "family" not in said
    assert said.index(":red-badge[Late]") < said.index(":green-badge[Done]")  # late first
    figures = {m.label: m.value for m in app.metric}
    assert (figures["Promises"], figures["Late"], figures["Done"]) == ("2", "1", "1")
    assert not app.get("expander") or not any(
        e.label.startswith(("Update", "Record")) for e in app.expander)
    app.selectbox(key="promises_area").set_value(CODE).run()
    said = _said(app)
    assert "brook" in said and "bus shelter" not in said
    app.multiselect(key="promises_standing").set_value(["done"]).run()
    assert "No promise matches." in [c.value for c in app.caption]


def test_the_public_tracker_download_holds_public_promises_only(store, monkeypatch):
    from dashboard.components import promises_view

    _three(store)
    made = {}
    monkeypatch.setattr(promises_view.st, "download_button",
                        lambda *a, **k: made.setdefault("data", k["data"]))
    app = open_page("views/promises.py")
    assert not app.exception
    rows = list(csv.DictReader(io.StringIO(made["data"]())))
    assert [r["You said"] for r in rows] == ["The path by the brook floods every winter.",
                                             "Mend the bus shelter."]
    assert rows[0]["Where it stands"] == "Late" and rows[0]["For"] == "Oldham 024B"


def test_an_editor_records_a_promise_and_a_stale_update_is_refused(store):
    app = open_page("views/promises.py")
    form = "promise_add"
    app.text_area(key=f"{form}_asked").input("More benches in the park.")
    app.text_area(key=f"{form}_promised").input("Four benches by the pond.")
    app.text_input(key=f"{form}_org").input("Oldham Council")
    app.text_input(key=f"{form}_at").input("Park friends' meeting")
    app.multiselect(key=f"{form}_areas").set_value([CODE])
    app.button(key=f"FormSubmitter:{form}-Add promise").click().run()
    assert not app.exception and not app.error
    (promise,) = store.promises()
    assert promise["areas"] == [CODE] and promise["status"] == "promised"
    assert app.toast[0].value == "Promise recorded."
    # a colleague marks it in progress; this page still shows version 1
    store.edit(promise["id"], 1, {"status": "in progress", "progress": "Benches ordered."},
               "ben")
    edit = f"promise_edit_{promise['id']}"
    app.selectbox(key=f"{edit}_status").set_value("done")
    app.text_area(key=f"{edit}_progress").input("Benches in.")
    app.button(key=f"FormSubmitter:{edit}-Save promise").click().run()
    assert "changed by ben" in app.error[0].value
    assert store.get(promise["id"])["progress"] == "Benches ordered."


def test_not_possible_without_a_reason_is_refused_with_the_field_named(store):
    promise = store.add(PROMISE, "asha")
    app = open_page("views/promises.py")
    edit = f"promise_edit_{promise['id']}"
    app.selectbox(key=f"{edit}_status").set_value("not possible")
    app.button(key=f"FormSubmitter:{edit}-Save promise").click().run()
    assert "say why it is not possible" in app.error[0].value.replace("\\", "")
    assert store.get(promise["id"])["version"] == 1
    app.text_area(key=f"{edit}_reason").input("The land is the railway's.")
    app.button(key=f"FormSubmitter:{edit}-Save promise").click().run()
    assert store.get(promise["id"])["status"] == "not possible"


def test_the_profile_and_meeting_mode_report_the_areas_promises(store, monkeypatch, tci):
    monkeypatch.setenv("TCI_READ_ONLY", "1")
    _three(store)
    order = tci.ranks[tci.spec.code].sort_values().index.tolist()  # the cards' order
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["area"] = CODE
    app.run()
    app.switch_page("views/profile.py").run()
    said = _said(app)
    assert plain("Of 1 promise made for Oldham 024B or all of Oldham, 1 is late.") in said
    assert "brook" in said and "family" not in said and "bus shelter" not in said
    meeting = AppTest.from_file(APP, default_timeout=60)
    meeting.query_params["mode"] = "meeting"
    meeting.session_state[MEETING_CARD_KEY] = order.index(CODE)  # the area's card
    meeting.run()
    said = _said(meeting)
    assert plain("The path by the brook floods every winter.") in said
    assert "Last time you told us" in said and plain("It was due by ") in said
    assert "family" not in said
