"""The Charity Commission's register of charities, as fetched (see
:mod:`data.fetch.charities`): each registered main charity of England and Wales with its
name, latest income, activities and contact postcode, read to check what an organisation
says in the asset survey.

The file is ``charity_register.csv`` (``number``, ``name``, ``income``, ``activities``,
``postcode``), in the data folder (put there by a council) or the charity folder of the
state directory (fetched).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.errors import DataFileError
from data.opendata.sources import CHARITIES
from data.settings import charity_folder

#: The columns of the register's file.
COLUMNS = ("number", "name", "income", "activities", "postcode")


@dataclass(frozen=True)
class Charities:
    """The register's charities, by number.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by the charity number (as text), with ``name``, ``income`` (pounds, NaN
        when not reported), ``activities`` and ``postcode``.
    """

    table: pd.DataFrame

    def __len__(self) -> int:
        return len(self.table)

    def get(self, number: str) -> dict | None:
        """The charity of a number (a main charity's; "1123456-1", a linked charity's, is
        looked up by its main number), or None when the register has none."""
        main = str(number).strip().split("-")[0]
        if main not in self.table.index:
            return None
        row = self.table.loc[main]
        return {"number": main, "name": row["name"], "activities": row["activities"],
                "postcode": row["postcode"],
                "income": None if pd.isna(row["income"]) else float(row["income"])}


def charity_file(root: Path) -> Path | None:
    """Where the register is: in the data folder, or fetched; None if nowhere."""
    for path in (Path(root) / CHARITIES, charity_folder() / CHARITIES):
        if path.is_file():
            return path
    return None


def read_charities(path: Path) -> Charities:
    """Read the register's file (see the module's description).

    Raises
    ------
    DataFileError
        If the file lacks a column, saying which.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise DataFileError(f"{path}: the charity register has no column "
                            f"{', '.join(missing)}; fetch it again (python -m data charities).")
    table["income"] = pd.to_numeric(table["income"], errors="coerce")
    return Charities(table.drop_duplicates("number").set_index("number"))
