"""The app's caches: what they build once, and what they must read afresh every time."""

from streamlit.testing.v1 import AppTest

AREA = "E01005376"


def _maker():
    import streamlit as st

    from dashboard import cache

    st.session_state["make"] = cache.briefing_maker()


def test_a_briefing_prints_the_notes_as_they_are_when_it_is_made(tmp_path, monkeypatch):
    from data.store.db import open_engine
    from data.store.notes import NoteStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    store = NoteStore(open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}"))
    base = {"area_code": AREA, "note_date": "2026-05-04", "author": "Asha",
            "source": "community conversation", "visibility": "public", "consent": True}
    first = store.add({**base, "text": "Mrs Jones at number 4 cannot climb the stairs."}, "a")
    other = store.add({**base, "text": "The new bench is well used."}, "a")
    app = AppTest.from_function(_maker, default_timeout=120)
    app.run()
    assert not app.exception
    make = app.session_state["make"]
    assert sorted(n["text"] for n in make().public_notes) == [
        "Mrs Jones at number 4 cannot climb the stairs.", "The new bench is well used."]

    store.edit(first["id"], 1, {"text": "REDACTED"}, "editor")  # as a page would, later
    store.edit(other["id"], 1, {"visibility": "internal"}, "editor")
    store.add({**base, "text": "A third, new note."}, "a")  # the count of public notes is 2
    texts = [n["text"] for n in make().public_notes if n["area_code"] == AREA]
    assert sorted(texts) == ["A third, new note.", "REDACTED"]


def test_the_warm_up_imports_what_every_page_imports():
    import subprocess
    import sys

    # in a fresh interpreter: this one has imported most of them already
    code = ("import sys\nfrom dashboard import cache\n"
            "assert 'dashboard.components.profile_view' not in sys.modules\n"
            "steps = cache.import_pages()\n"
            "names = [next(steps)]\n"
            "assert 'altair' not in sys.modules, 'a step imports one module'\n"
            "names += steps\n"
            "print(all(n in sys.modules for n in names), len(names), *names)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "True"
    assert {"dashboard.charts", "dashboard.components.profile_view",
            "dashboard.reports.briefing", "data.areas.counts"} <= set(out[2:])
    assert "dashboard.cache.Key" not in out  # names in modules are not modules


def test_the_warm_up_builds_a_place_a_step_at_a_time(root, tmp_path, monkeypatch):
    from dashboard import cache
    from data.store.assets import AssetStore
    from data.store.db import open_engine

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    steps = cache._warm_place(str(root), "E08000004")
    assert next(steps) == "areas"  # and nothing more until asked: the rest waits
    engine = open_engine(f"sqlite:///{tmp_path / 'tci.sqlite3'}")
    assert AssetStore(engine).count("E08000004") == 0
    assert list(steps) == ["index", "map", "meeting map", "rank intervals",
                           "assets and change", "index over time"]
    assert AssetStore(engine).count("E08000004") > 0


def test_the_register_is_read_again_only_once_it_has_changed(root, tmp_path, monkeypatch):
    from dashboard import cache, stores
    from data.store.assets import AssetStore

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    for module in (cache, stores):  # the borough chosen in the session
        monkeypatch.setattr(module, "place", lambda: (str(root), "E08000004"))
    reads = []
    read = AssetStore.assets
    monkeypatch.setattr(AssetStore, "assets",
                        lambda self, *a, **k: reads.append(a) or read(self, *a, **k))
    first = cache.asset_register()
    assert len(first) > 100 and len(reads) == 1
    assert len(cache.asset_register(search=first["name"][0])) >= 1 and len(reads) == 1
    store = stores.asset_store()
    store.retire(int(first["id"][0]), int(first["version"][0]), "test")
    after = cache.asset_register()
    assert len(reads) == 2 and len(after) == len(first) - 1
    assert first["id"][0] in cache.asset_register(include_retired=True)["id"].tolist()
