"""Placing postcodes: a borough's postcodes and the 2021 LSOA each lies in, from the ONS
National Statistics Postcode Lookup (see :data:`data.opendata.sources.POSTCODE_LOOKUP`).

The lookup of a borough is a CSV file (``pcds``, the postcode as Royal Mail writes it;
``lsoa21cd``; ``doterm``, the month it was terminated, empty for a live one), fetched by
:func:`data.fetch.postcodes.fetch_postcodes` into the postcode folder, or put in the data
folder by a council. A postcode not in the lookup is outside the borough or not a
postcode at all; one terminated is named with its month, so the person can give the
current one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data.errors import DataFileError
from data.opendata.sources import POSTCODES
from data.settings import postcode_folder

#: A full UK postcode: its outward code and its inward code (spaces aside).
_POSTCODE = re.compile(r"^(GIR0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2})$")


def normalise(text: str) -> str | None:
    """A postcode as Royal Mail writes it ("OL1 1AA"), from any case and spacing; None
    when the text is not a full postcode.

    Examples
    --------
    >>> normalise(" ol11aa ")
    'OL1 1AA'
    >>> normalise("OL1") is None
    True
    """
    squeezed = re.sub(r"\s+", "", str(text)).upper()
    if not _POSTCODE.match(squeezed):
        return None
    return f"{squeezed[:-3]} {squeezed[-3:]}"


@dataclass(frozen=True)
class Postcodes:
    """A borough's postcodes, each with its 2021 LSOA and, if terminated, when.

    Attributes
    ----------
    lsoas : dict
        Postcode (as :func:`normalise` writes it) -> its 2021 LSOA code.
    terminated : dict
        Terminated postcode -> the month it was terminated (``YYYY-MM``).
    """

    lsoas: dict[str, str]
    terminated: dict[str, str]

    def __len__(self) -> int:
        return len(self.lsoas)

    def place(self, text: str, borough: str) -> tuple[str | None, str]:
        """The LSOA a postcode lies in, or what is wrong with it.

        Parameters
        ----------
        text : str
            The postcode, in any case and spacing.
        borough : str
            The borough's name, for the messages.

        Returns
        -------
        lsoa, problem : str or None, str
            The LSOA code and ""; or None and what to do.
        """
        postcode = normalise(text)
        if postcode is None:
            return None, ("this is not a full postcode (such as OL1 1AA); check it, or give "
                          "the LSOA code or the coordinates instead.")
        if postcode in self.terminated:
            return None, (f"{postcode} was terminated in {self.terminated[postcode]}: it is no "
                          "longer a postcode. Give the current one, or the LSOA code.")
        if postcode not in self.lsoas:
            return None, (f"{postcode} is not a postcode of {borough}: it is outside the "
                          "borough, or not in the ONS postcode lookup. Check it, or give the "
                          "LSOA code or the coordinates.")
        return self.lsoas[postcode], ""


def read_postcodes(path: Path) -> Postcodes:
    """Read a borough's postcode lookup (see the module's description).

    Raises
    ------
    DataFileError
        If the file cannot be read or lacks a column, naming it and what to do.
    """
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise DataFileError(f"the postcode lookup {path} cannot be read ({error}); fetch it "
                            "again.") from None
    absent = [c for c in ("pcds", "lsoa21cd", "doterm") if c not in table.columns]
    if absent:
        raise DataFileError(f"the postcode lookup {path} has no column "
                            f"{', '.join(map(repr, absent))}; fetch it again.")
    names = table["pcds"].map(normalise)
    table = table.assign(pcds=names).dropna(subset=["pcds"])
    live = table["doterm"].str.strip() == ""
    return Postcodes(dict(zip(table.loc[live, "pcds"], table.loc[live, "lsoa21cd"],
                              strict=True)),
                     {p: _month(d) for p, d in zip(table.loc[~live, "pcds"],
                                                   table.loc[~live, "doterm"], strict=True)})


def _month(doterm: str) -> str:
    """The NSPL's termination date (``YYYYMM``, or a date) as ``YYYY-MM``."""
    digits = re.sub(r"\D", "", doterm)
    return f"{digits[:4]}-{digits[4:6]}" if len(digits) >= 6 else doterm


def postcode_file(root: Path, codes: Iterable[str]) -> Path | None:
    """Where a borough's postcode lookup is: in the data folder, or fetched for one of the
    borough's codes (its own; for Greater Manchester, the region's); None if nowhere.

    Parameters
    ----------
    root : Path
        The data folder.
    codes : iterable of str
        The codes the lookup may have been fetched under, in order of preference.
    """
    for path in (Path(root) / POSTCODES, *(postcode_folder() / c / POSTCODES for c in codes)):
        if path.is_file():
            return path
    return None
