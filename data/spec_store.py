"""Named index specs that users save, kept as YAML files between sessions."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from data.errors import DataLayerError
from indices.errors import SpecError
from indices.spec import IndexSpec, load_spec, spec_to_yaml

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _\-]{0,59}$")


class SpecStoreError(DataLayerError):
    """A saved spec cannot be named, found or read."""


class SpecStore:
    """A folder of saved specs, one YAML file each.

    Parameters
    ----------
    folder : Path
        Where the files live (created if needed).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, name: str) -> Path:
        if not isinstance(name, str) or not _NAME.match(name.strip()):
            raise SpecStoreError(
                f"{name!r} cannot be used as a name: use 1 to 60 letters, digits, spaces, "
                "hyphens or underscores, starting with a letter or digit."
            )
        return self.folder / f"{name.strip()}.yaml"

    def names(self) -> list[str]:
        """Return the saved specs' names, sorted."""
        return sorted(p.stem for p in self.folder.glob("*.yaml"))

    def save(self, name: str, spec: IndexSpec) -> Path:
        """Save a spec under a name, replacing any spec of that name; return its file.

        The file is written whole or not at all.
        """
        path = self._path(name)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(spec_to_yaml(spec))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path

    def load(self, name: str) -> IndexSpec:
        """Load a saved spec.

        Raises
        ------
        SpecStoreError
            If there is no spec of that name, or its file no longer reads as a spec.
        """
        path = self._path(name)
        if not path.is_file():
            raise SpecStoreError(f"there is no saved spec {name!r}. Saved specs: "
                                 f"{', '.join(self.names()) or 'none yet'}.")
        try:
            return load_spec(path)
        except SpecError as error:
            raise SpecStoreError(f"the saved spec {name!r} cannot be read: {error}") from None

    def delete(self, name: str) -> None:
        """Delete a saved spec (nothing happens if there is none of that name)."""
        self._path(name).unlink(missing_ok=True)
