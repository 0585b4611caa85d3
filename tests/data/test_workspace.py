import pandas as pd

from data.workspace import load_with_saved, neighbourhood_store, user_table_store


def test_the_borough_is_loaded_with_what_users_saved(root, oldham, tmp_path, monkeypatch):
    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    codes = oldham.table.index[:2]
    user_table_store().save("Mine", pd.DataFrame({"my_count_n": [3.0, 40.0]}, index=codes),
                            oldham.region)
    lookup = pd.DataFrame({"neighbourhood_code": ["N1", "N1"],
                           "neighbourhood_name": ["One", "One"]}, index=codes)
    neighbourhood_store().save("Pair", lookup)
    borough = load_with_saved(root, "E08000004")
    assert borough.table.loc[codes, "my_count_n"].tolist() == [3.0, 40.0]
    # the 3 is hidden, and so is the 40 beside it in the saved neighbourhood N1
    assert borough.hidden.loc[codes, "my_count_n"].tolist() == [True, True]
    assert (tmp_path / "tables" / "Mine.csv").is_file()


def test_the_workspace_makes_each_step_once_when_asked(root, oldham, tmp_path, monkeypatch):
    from data import workspace
    from data.workspace import Workspace
    from indices.presets import load_preset
    from indices.sensitivity import SensitivitySettings

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    loads, builds = [], []
    monkeypatch.setattr(workspace, "load_with_saved", lambda *a: loads.append(a) or oldham)
    build = workspace.build_index
    monkeypatch.setattr(workspace, "build_index", lambda *a: builds.append(a) or build(*a))
    work = Workspace(root, "E08000004", load_preset(), "ward")
    assert loads == [] and builds == []  # nothing until asked
    assert len(work.areas.table) == 20 and work.run is work.run
    assert len(loads) == 1 and len(builds) == 1
    few = SensitivitySettings(draws=20)
    assert work.intervals(few) is work.intervals(few)
    assert len(work.intervals(few).areas) == 20
    for draws in range(21, 21 + Workspace.KEEP_INTERVALS):  # the oldest give way
        work.intervals(SensitivitySettings(draws=draws))
    assert few not in work._intervals and len(work._intervals) == Workspace.KEEP_INTERVALS


def test_the_workspace_takes_a_borough_already_loaded_and_a_saved_neighbourhood_set(
        root, oldham, tmp_path, monkeypatch):
    from data.workspace import Workspace
    from indices.presets import load_preset

    monkeypatch.setenv("TCI_STATE_DIR", str(tmp_path))
    codes = oldham.table.index
    lookup = pd.DataFrame({"neighbourhood_code": ["N1"] * 70 + ["N2"] * (len(codes) - 70),
                           "neighbourhood_name": ["North"] * 70 + ["South"] * (len(codes) - 70)},
                          index=codes)
    neighbourhood_store().save("Halves", lookup)
    work = Workspace(root, "E08000004", load_preset(), "custom:Halves", borough=oldham)
    assert work.borough is oldham
    assert sorted(work.areas.table["area_name"]) == ["North", "South"]
    assert set(work.run.scores.index) == {"N1", "N2"}
