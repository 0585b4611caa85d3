import pytest

from data.errors import NamedFileError
from data.store.specs import SpecStore
from indices.presets import load_preset


def test_saved_specs_come_back(tmp_path):
    store = SpecStore(tmp_path / "specs")
    spec = load_preset("tci_oldham")
    store.save("Oldham with wellbeing", spec)
    assert store.names() == ["Oldham with wellbeing"]
    assert SpecStore(tmp_path / "specs").load("Oldham with wellbeing") == spec
    store.delete("Oldham with wellbeing")
    assert store.names() == []
    assert not list((tmp_path / "specs").glob("*.part"))


@pytest.mark.parametrize("name", ["", "../escape", "a/b", "x" * 61])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(NamedFileError, match="cannot be used as a name"):
        SpecStore(tmp_path).save(name, load_preset("tci_oldham"))


def test_missing_and_broken_specs(tmp_path):
    store = SpecStore(tmp_path)
    with pytest.raises(NamedFileError, match="there is no saved spec 'nope'. Saved specs: none"):
        store.load("nope")
    (tmp_path / "broken.yaml").write_text("code: [")
    with pytest.raises(NamedFileError, match="the saved spec 'broken' cannot be read"):
        store.load("broken")
