import pytest

from data import settings
from data.errors import DataRootNotFound
from data.settings import DATA_ROOT_ENV, data_root


def test_the_environment_variable_wins(tmp_path):
    assert data_root({DATA_ROOT_ENV: str(tmp_path)}) == tmp_path


def test_a_variable_pointing_nowhere_is_named(tmp_path):
    with pytest.raises(DataRootNotFound, match=rf"{DATA_ROOT_ENV} is set to .*nowhere.*, but "
                       "there is no folder there. Set TCI_DATA_ROOT"):
        data_root({DATA_ROOT_ENV: str(tmp_path / "nowhere")})


def test_the_default_is_the_shared_folder_beside_the_checkout():
    assert data_root({}) == settings.DEFAULT_DATA_ROOT
    assert settings.DEFAULT_DATA_ROOT.parts[-2:] == ("shared", "data")


def test_no_data_at_all_names_the_setting(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "DEFAULT_DATA_ROOT", tmp_path / "absent")
    with pytest.raises(DataRootNotFound, match=f"No data found: {DATA_ROOT_ENV} is not set"):
        data_root({})


def test_the_state_folder_is_made_where_the_setting_says(tmp_path):
    from data.settings import STATE_DIR_ENV, state_dir

    folder = tmp_path / "state" / "here"
    assert state_dir({STATE_DIR_ENV: str(folder)}) == folder and folder.is_dir()


def test_without_the_shared_folder_the_latest_fetched_borough_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "DEFAULT_DATA_ROOT", tmp_path / "absent")
    environ = {settings.STATE_DIR_ENV: str(tmp_path / "state")}
    with pytest.raises(DataRootNotFound, match=r"no borough has been fetched. Fetch a borough's "
                       r"open data from its publishers \(python -m data fetch --borough Oldham\)"):
        data_root(environ)
    for code in ("E08000035", "E08000004"):
        folder = settings.fetched_folder(code, environ)
        folder.mkdir(parents=True)
        (folder / "lsoa21_greater_manchester.geojson").write_text("{}")
    assert data_root(environ) == settings.fetched_folder("E08000004", environ)


def test_the_mirror_and_base_settings(tmp_path):
    assert settings.fetch_mirror({}) is None
    assert settings.fetch_mirror({settings.FETCH_MIRROR_ENV: str(tmp_path)}) == tmp_path
    with pytest.raises(DataRootNotFound, match="TCI_FETCH_MIRROR is set to .*, but there is no "
                       "folder there"):
        settings.fetch_mirror({settings.FETCH_MIRROR_ENV: str(tmp_path / "none")})
    assert settings.fetch_base({settings.FETCH_BASE_ENV: "http://127.0.0.1:8000"}) == \
        "http://127.0.0.1:8000"
