"""A folder of named files that users save between sessions, written whole or not at all."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from data.errors import NamedFileError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _\-]{0,59}$")


class NamedFiles:
    """A folder of named files with one suffix.

    Parameters
    ----------
    folder : Path
        Where the files live (created if needed).
    suffix : str
        The files' suffix, such as ``".yaml"``.
    what : str
        What a file holds, for messages ("spec").
    """

    def __init__(self, folder: Path, suffix: str, what: str) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.suffix, self.what = suffix, what

    def path(self, name: str) -> Path:
        """Return the file of a name.

        Raises
        ------
        NamedFileError
            If the name is not 1 to 60 letters, digits, spaces, hyphens or underscores.
        """
        if not isinstance(name, str) or not _NAME.match(name.strip()):
            raise NamedFileError(
                f"{name!r} cannot be used as a name: use 1 to 60 letters, digits, spaces, "
                "hyphens or underscores, starting with a letter or digit."
            )
        return self.folder / f"{name.strip()}{self.suffix}"

    def existing(self, name: str) -> Path:
        """Return the file of a saved name, or raise NamedFileError listing the saved ones."""
        path = self.path(name)
        if not path.is_file():
            raise NamedFileError(f"there is no saved {self.what} {name!r}. Saved {self.what}s: "
                                 f"{', '.join(self.names()) or 'none yet'}.")
        return path

    def names(self) -> list[str]:
        """Return the saved names, sorted."""
        return sorted(p.stem for p in self.folder.glob(f"*{self.suffix}"))

    def signature(self) -> tuple[tuple[str, int], ...]:
        """The saved names and when each was written, to tell when they change."""
        return tuple((n, self.path(n).stat().st_mtime_ns) for n in self.names())

    def write(self, name: str, text: str) -> Path:
        """Save text under a name, replacing what had that name; return its file."""
        path = self.path(name)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path

    def delete(self, name: str) -> None:
        """Delete a saved file (nothing happens if there is none of that name)."""
        self.path(name).unlink(missing_ok=True)
