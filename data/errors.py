"""Named exceptions of the data layer and the app, every one a :class:`DataLayerError`
(the engine's are :class:`indices.errors.IndicesError`); each message says what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class DataLayerError(Exception):
    """Base class of every error the data layer raises on bad or absent input."""


class DataRootNotFound(DataLayerError):
    """The data root setting points nowhere, or no data was found."""


class DataFileError(DataLayerError):
    """A data file is missing or does not have the shape expected."""


class UnreadableFile(DataFileError):
    """A user's file cannot be read at all; ``fix`` says what to do about it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


class FetchError(DataLayerError):
    """Open data could not be fetched from its publisher (or the mirror folder)."""


class DownloadError(FetchError):
    """A download failed, was cut short, or is not the file the publisher serves."""


class UnknownBorough(FetchError):
    """A borough name or code matches no local authority district in England."""


class SuppressionSettingError(DataLayerError):
    """The suppression threshold setting is not a whole number of 2 or more."""


class ImpossibleCountError(DataLayerError, ValueError):
    """Counts that no rate or proportion can be made from (a negative count, a part larger
    than its whole, a denominator of zero), naming each area and value."""


class InequalityError(DataLayerError, ValueError):
    """A table of quantiles (such as deprivation deciles) that no slope or relative index of
    inequality can be made from, naming the row, column and value, or a setting the method
    does not allow."""


class EditionError(DataLayerError):
    """An index cannot be built on an earlier edition of the data, or a saved edition cannot
    be read or compared."""


class OrukError(DataLayerError):
    """An ORUK file cannot be read; the message names the file, table or field."""


class LevelError(DataLayerError):
    """A level cannot be made for the areas chosen."""


class UserTableError(DataLayerError):
    """A user's table cannot be added to the area table."""


class NamedFileError(DataLayerError):
    """A saved file cannot be named, found or read."""


class StoreError(DataLayerError):
    """The store cannot be opened, or refuses a change; the message says why."""


@dataclass(frozen=True)
class RecordProblem:
    """One fault in a record or an imported row: where, what, and how to fix it."""

    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}column {self.column!r}, value {self.value!r}: {self.message}"


class RecordError(StoreError):
    """A record cannot be saved as it is; ``problems`` lists every fault."""

    def __init__(self, problems: list[RecordProblem], source: str = "") -> None:
        self.problems = problems
        prefix = f"{source}: " if source else ""
        lines = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{prefix}{len(problems)} problem(s), nothing was saved: {lines}{more}")


class SurveyLimitReached(StoreError):
    """Answers to the asset survey (or a readiness survey) refused because one of its limits
    was reached (see :data:`data.store.surveys.LIMITS`, :data:`data.store.readiness.LIMITS`);
    the message says when to try again."""


class InstrumentError(DataLayerError):
    """A readiness instrument file cannot be read or is faulty; the message names the key."""


class StaleEditError(StoreError):
    """Someone else saved the record first; ``current`` is the newer version."""

    def __init__(self, kind: str, current: dict[str, Any]) -> None:
        self.current = current
        super().__init__(
            f"{kind} {current['id']} was changed by {current['updated_by']} at "
            f"{current['updated_at']:%d %b %Y %H:%M} (now version {current['version']}), after "
            "you started editing, so your change was not saved. The newer version is shown: "
            "apply your change to it and save again."
        )


class OfflineAssetError(DataLayerError, RuntimeError):
    """A map element needs a front-end file the app does not serve itself."""


class UnknownAreaError(DataLayerError, LookupError):
    """A briefing was asked for an area code that is not at the level chosen."""
