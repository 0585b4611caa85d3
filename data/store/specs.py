"""Named index specs that users save, kept as YAML files between sessions."""

from __future__ import annotations

from pathlib import Path

from data.errors import NamedFileError
from data.store.named_files import NamedFiles
from indices.errors import SpecError
from indices.spec import IndexSpec, load_spec, spec_to_yaml


class SpecStore(NamedFiles):
    """A folder of saved specs, one YAML file each.

    Parameters
    ----------
    folder : Path
        Where the files live (created if needed).
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, ".yaml", "spec")

    def save(self, name: str, spec: IndexSpec) -> Path:
        """Save a spec under a name, replacing any spec of that name; return its file.

        The file is written whole or not at all.
        """
        return self.write(name, spec_to_yaml(spec))

    def load(self, name: str) -> IndexSpec:
        """Load a saved spec.

        Raises
        ------
        NamedFileError
            If there is no spec of that name, or its file no longer reads as a spec.
        """
        path = self.existing(name)
        try:
            return load_spec(path)
        except SpecError as error:
            raise NamedFileError(f"the saved spec {name!r} cannot be read: {error}") from None
