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
