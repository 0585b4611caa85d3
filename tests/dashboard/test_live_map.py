"""The live map's exchange with the browser: what each run sends, and what a click does.

The front end itself is tested in a real browser (tests/browser/test_map.py).
"""

import json

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from dashboard.components import live_map
    from dashboard.maps import MapBase

    base = MapBase(st.session_state.get("base_id", "b1"), '<div id="m"></div>', "", "var m;",
                   {"map": "m", "areas": "a"}, [[53.5, -2.2], [53.6, -2.0]])
    paint = {"id": st.session_state.get("paint_id", "p1"), "codes": ["A", "B"],
             "fill": ["#000", "#fff"], "tips": [["A"], ["B"]], "fields": [],
             "legend": {"title": "T", "note": "", "rows": []}, "public": False}
    clicked = live_map.clicked("m")
    if clicked:
        st.session_state["selected"] = clicked
    live_map.live_map(base, paint, st.session_state.get("selected"), key="m")
    st.write(f"selected: {st.session_state.get('selected')}")


def _sent(app: AppTest) -> dict:
    component = app.get("component_instance")[0]
    return json.loads(component.proto.json_args)


class Browser:
    """Reruns an AppTest as the browser does: with the map frame's last value every time
    (AppTest itself keeps only the values of the widgets it knows)."""

    def __init__(self, app: AppTest) -> None:
        self.app, self.value = app, None

    def run(self) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        tree, value = self.app._tree, self.value
        widget_id = self.app.get("component_instance")[0].proto.id if value else None
        known = tree.get_widget_states

        def states() -> WidgetStates:
            found = known()
            if widget_id:
                state = found.widgets.add()
                state.id, state.json_value = widget_id, json.dumps(value)
            return found

        tree.get_widget_states = states
        self.app.run()

    def answer(self, value: dict) -> None:
        """What the frame does: set the component's value, which reruns the script."""
        self.value = value
        self.run()


def test_the_base_and_paint_are_sent_once_then_only_their_ids():
    app = AppTest.from_function(_script)
    app.run()
    first = _sent(app)
    assert first["base"]["id"] == "b1" and first["paint"]["id"] == "p1"
    assert first["base_id"] == "b1" and first["selected"] is None
    app.run()
    again = _sent(app)
    assert again["base"] is None and again["paint"] is None  # the browser has them
    assert again["base_id"] == "b1" and again["paint_id"] == "p1"
    app.session_state["paint_id"] = "p2"
    app.run()
    repainted = _sent(app)
    assert repainted["base"] is None and repainted["paint"]["id"] == "p2"


def test_a_frame_that_lost_them_asks_and_gets_them_again():
    app = AppTest.from_function(_script)
    app.run()
    browser = Browser(app)
    browser.run()
    browser.answer({"need": {"base": "b1", "paint": None, "n": "x1"}})
    sent = _sent(app)
    assert sent["base"]["id"] == "b1" and sent["paint"] is None
    browser.run()  # the same request is answered once
    assert _sent(app)["base"] is None


def test_a_click_selects_the_area_in_the_same_run_and_only_once():
    app = AppTest.from_function(_script)
    app.run()
    browser = Browser(app)
    browser.answer({"click": {"code": "B", "n": "c1"}})
    assert _sent(app)["selected"] == "B"  # the map is told in the run the click caused
    assert "selected: B" in app.markdown[0].value
    app.session_state["selected"] = "A"  # chosen from the list meanwhile
    browser.run()
    assert _sent(app)["selected"] == "A"  # the old click does not take it back
    browser.answer({"click": {"code": "B", "n": "c2"}})  # the same area clicked again
    assert _sent(app)["selected"] == "B"
