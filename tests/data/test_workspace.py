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


def test_the_index_over_time_is_built_on_both_editions_with_what_both_have(root, oldham):
    """The shipped index on IoD2019 and IoD2025: its six indicators both editions have, each
    build ranked among the 142 LSOAs, the 2019 build reading IoD2019's own figures, and Oldham's two
    2021 LSOAs split from E01032921 flagged."""
    from data.areas.change import iod2019_table
    from data.workspace import Workspace
    from indices.build import build_index
    from indices.presets import load_preset
    from indices.sensitivity import SensitivitySettings

    work = Workspace(root, "E08000004", load_preset(), borough=oldham)
    found = work.over_time(SensitivitySettings(draws=40))
    assert found.editions.used == ("income", "employment", "acute_morbidity",
                                   "illness_disability", "mental_health", "years_life_lost")
    for results in (found.before, found.after):
        assert len(results) == 142 and results["rank"].between(1, 142).all()
        assert results["rank_p05"].le(results["rank_p95"]).all()
    direct = build_index(found.editions.now, work.areas.table)
    assert (found.after["score"] == direct.scores["tci"]).all()
    earlier = iod2019_table(root)
    assert found.before.loc["E01005450", "income_value"] == earlier.loc[
        "E01005450", "income_domain_score"]
    assert (found.change["rank_change"]
            == found.after["rank"] - found.before["rank"]).all()
    assert sorted(found.change.index[found.change["boundary_change"]]) == [
        "E01034232", "E01034233"]
    assert work.over_time(SensitivitySettings(draws=40)) is found


def test_the_index_over_time_at_wards_and_its_refusals(root, oldham):
    import dataclasses

    import pytest

    from data.errors import EditionError
    from data.workspace import Workspace
    from indices.errors import SpecError
    from indices.presets import load_preset
    from indices.sensitivity import SensitivitySettings
    from indices.spec import Counterpart

    spec = load_preset()
    found = Workspace(root, "E08000004", spec, "ward", borough=oldham).over_time(
        SensitivitySettings(draws=20))
    assert len(found.change) == 20 and found.change["boundary_change"].sum() >= 1

    def with_counterparts(earlier):
        return dataclasses.replace(spec, domains=tuple(
            dataclasses.replace(d, indicators=tuple(
                dataclasses.replace(i, iod2019=earlier) for i in d.indicators))
            for d in spec.domains))

    none = with_counterparts(Counterpart(None, note="not published"))
    with pytest.raises(SpecError, match="no indicator says what it was in IoD2019"):
        Workspace(root, "E08000004", none, borough=oldham).over_time()
    wrong = with_counterparts(Counterpart("Income_score", note=""))  # an IoD2025 column
    with pytest.raises(EditionError, match="no column 'Income_score'"):
        Workspace(root, "E08000004", wrong, borough=oldham).over_time()
