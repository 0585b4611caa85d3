"""Named exceptions of the index engine.

Every message says what is wrong, where (spec key, indicator, column, file or
row) and how to fix it, so that the command line and the app can show it as it
is, without a traceback.
"""

from __future__ import annotations


class IndicesError(Exception):
    """Base class of every error the index engine raises on bad input."""


class SpecError(IndicesError):
    """An index specification is malformed or inconsistent."""


class UnknownMethodError(SpecError):
    """A method name (normalisation, aggregation, ...) is not registered."""


class DataError(IndicesError):
    """The data given to the engine cannot be used with the spec."""


class TableError(DataError):
    """A data table (file) cannot be read or is malformed."""


class NeighbourError(DataError):
    """A table or weights for statistical neighbours cannot be used."""
