import pytest

from data.errors import NamedFileError
from data.store.named_files import NamedFiles


def test_files_are_written_whole_listed_and_deleted(tmp_path):
    files = NamedFiles(tmp_path / "things", ".txt", "thing")
    files.write("First one", "hello")
    assert files.names() == ["First one"]
    assert files.existing("First one").read_text() == "hello"
    assert not list((tmp_path / "things").glob("*.part"))
    files.delete("First one")
    files.delete("First one")  # nothing there: nothing happens
    assert files.names() == []


@pytest.mark.parametrize("name", ["", "../up", "a/b", "x" * 61, ".hidden"])
def test_names_that_could_escape_the_folder_are_refused(tmp_path, name):
    with pytest.raises(NamedFileError, match="cannot be used as a name"):
        NamedFiles(tmp_path, ".txt", "thing").write(name, "x")
