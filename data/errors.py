"""Named exceptions of the data layer; each message says what to do."""

from __future__ import annotations


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
