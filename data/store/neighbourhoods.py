"""Users' neighbourhood sets saved between sessions: one lookup CSV each, by name."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from data.areas.levels import Neighbourhoods
from data.errors import NamedFileError
from data.store.named_files import NamedFiles
from data.userfiles.checks import odd_characters
from data.userfiles.validate import NEIGHBOURHOOD_COLUMNS


class NeighbourhoodStore(NamedFiles):
    """A folder of saved neighbourhood sets, one lookup CSV each.

    Parameters
    ----------
    folder : Path
        Where the files live (created if needed).
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, ".csv", "neighbourhood set")

    def save(self, name: str, lookup: pd.DataFrame) -> Neighbourhoods:
        """Save a lookup (indexed by ``lsoa21cd``) under a name, whole or not at all.

        Raises
        ------
        NamedFileError
            If a neighbourhood's code or name holds characters that could make a path or
            markup, or that cannot be seen (see :func:`data.userfiles.checks.odd_characters`), or
            the name is not a valid one for a saved set.
        """
        for column in NEIGHBOURHOOD_COLUMNS[1:]:
            for value in lookup[column].astype(str).unique():
                odd = odd_characters(value)
                if odd:
                    raise NamedFileError(
                        f"the neighbourhood {column.split('_')[1]} {value!r} cannot be used: "
                        f"{odd}. Correct it in the file and upload it again.")
        frame = lookup[NEIGHBOURHOOD_COLUMNS[1:]].reset_index()
        frame.columns = NEIGHBOURHOOD_COLUMNS
        self.write(name, frame.to_csv(index=False))
        return Neighbourhoods(name.strip(), frame.set_index("lsoa21cd"))

    def groupings(self) -> pd.DataFrame:
        """Every saved set's neighbourhood of each LSOA, one column per set (for suppression)."""
        sets = [self.load(name) for name in self.names()]
        return pd.DataFrame({s.name: s.lookup["neighbourhood_code"] for s in sets})

    def load(self, name: str) -> Neighbourhoods:
        """Load a saved set.

        Raises
        ------
        NamedFileError
            If there is none of that name, or its file no longer has the lookup's columns.
        """
        text = self.existing(name).read_text(encoding="utf-8")
        frame = pd.read_csv(io.StringIO(text), dtype=str)
        if list(frame.columns) != NEIGHBOURHOOD_COLUMNS:
            raise NamedFileError(
                f"the saved neighbourhood set {name!r} has columns {list(frame.columns)}, not "
                f"{NEIGHBOURHOOD_COLUMNS}: upload its lookup again.")
        return Neighbourhoods(name, frame.set_index("lsoa21cd"))
