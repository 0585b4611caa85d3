"""Downloading publishers' files into a cache: resumable, checked, and never half-written.

Each file is streamed into ``NAME.part`` beside its final place, resumed with an
HTTP ``Range`` request when the connection drops, checked (size, then format),
and only then renamed to ``NAME``. The cache folder's ``manifest.json`` records
each file's address, date, size and SHA-256; a later fetch reuses a file whose
checksum still matches, unless asked to refresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import requests

from data.errors import DownloadError

#: Called with a line of progress text, and the share of the whole job done when known.
Progress = Callable[[str, float | None], None]

#: Name of the manifest kept in every cache folder.
MANIFEST = "manifest.json"

_CHUNK = 1 << 16

#: Files smaller than this download without progress lines of their own.
_SHOWN_FROM = 1 << 20


def silent(text: str, fraction: float | None) -> None:
    """A progress callback that shows nothing."""


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the manifest records of one file."""

    url: str
    fetched_at: str
    size: int
    sha256: str


class Manifest:
    """The ``manifest.json`` of a cache folder: one :class:`Entry` per file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / MANIFEST
        self.entries: dict[str, Entry] = {}
        if self.path.is_file():
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = {name: Entry(**entry) for name, entry in raw.items()}
            except (ValueError, TypeError):
                self.entries = {}  # an unreadable manifest means nothing is trusted

    def fresh(self, name: str) -> bool:
        """Whether the file is in the folder with the size and checksum recorded."""
        entry, path = self.entries.get(name), self.folder / name
        return (entry is not None and path.is_file() and path.stat().st_size == entry.size
                and sha256(path) == entry.sha256)

    def record(self, name: str, url: str) -> Entry:
        """Record a file now in the folder, and save the manifest."""
        path = self.folder / name
        entry = Entry(url=url, fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
                      size=path.stat().st_size, sha256=sha256(path))
        self.entries[name] = entry
        write_atomic(self.path, json.dumps({k: asdict(v) for k, v in sorted(
            self.entries.items())}, indent=2).encode("utf-8"))
        return entry


def keep_table(table: pd.DataFrame, folder: Path, name: str, url: str) -> Path:
    """Write a table made from a publisher's file as ``folder/name`` (CSV), through a
    temporary file so that a failure leaves the file that was there, and record in the
    folder's manifest where it came from; return where it is."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{name}.part"
    table.to_csv(part, index=False)
    os.replace(part, folder / name)
    Manifest(folder).record(name, url)
    return folder / name


def write_atomic(path: Path, content: bytes) -> None:
    """Write a file through a temporary one in the same folder, so it is whole or absent."""
    part = path.with_name(path.name + ".part")
    part.write_bytes(content)
    os.replace(part, path)


class Downloader:
    """Fetch files into one cache folder, from the network or a mirror folder.

    Parameters
    ----------
    folder : Path
        The cache folder (created if needed).
    mirror : Path, optional
        A folder of files already downloaded from the publishers; when given,
        files are copied from there by their published name and the network is
        not used.
    refresh : bool
        Download again even when the cache holds a good copy.
    progress : callable, optional
        Receives progress lines (see :data:`Progress`).
    attempts : int
        How many times a dropped download is resumed before giving up.
    timeout : float
        Seconds to wait for the server to answer or send more.
    session : requests.Session, optional
        The HTTP session (default: a new one).
    """

    def __init__(self, folder: Path, *, mirror: Path | None = None, refresh: bool = False,
                 progress: Progress | None = None, attempts: int = 4, timeout: float = 60.0,
                 session: requests.Session | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.mirror = Path(mirror) if mirror else None
        self.refresh = refresh
        self.progress = progress or silent
        self.attempts = attempts
        self.timeout = timeout
        self.session = session or requests.Session()
        self.manifest = Manifest(self.folder)
        self.downloaded: list[str] = []

    def get(self, url: str, name: str, check: Callable[[Path], None], *,
            mirror_name: str | None = None) -> Path:
        """Return the cached file ``name``, downloading it from ``url`` first if needed.

        Parameters
        ----------
        url : str
            The publisher's address.
        name : str
            The file's name in the cache.
        check : callable
            Raises ValueError (with the reason) if a downloaded file is not
            what the publisher serves; the file is then refused.
        mirror_name : str, optional
            The file's name in the mirror folder (default: ``name``).

        Raises
        ------
        DownloadError
            If the file cannot be downloaded whole, or is not in the expected format.
        """
        path = self.folder / name
        if not self.refresh and self.manifest.fresh(name):
            return path
        part = path.with_name(name + ".part")
        if self.mirror is not None:
            self._copy_from_mirror(url, mirror_name or name, part)
        else:
            self._download(url, part)
        try:
            check(part)
        except (ValueError, OSError) as error:
            part.unlink(missing_ok=True)
            raise DownloadError(
                f"The file downloaded from {url} is corrupt or not in the publisher's format "
                f"({error}), so it was not kept. Try again later; if it happens again the "
                "publisher may have moved or changed the file: check its address in "
                "data/opendata/catalogue.py, or download it by hand into a mirror folder "
                "(TCI_FETCH_MIRROR)."
            ) from None
        os.replace(part, path)
        self.manifest.record(name, url)
        self.downloaded.append(name)
        return path

    def _copy_from_mirror(self, url: str, mirror_name: str, part: Path) -> None:
        source = self.mirror / mirror_name
        if not source.is_file():
            raise DownloadError(
                f"The mirror folder {self.mirror} has no file {mirror_name!r}. Download it from "
                f"{url} into that folder, or unset TCI_FETCH_MIRROR to fetch from the publishers."
            )
        self.progress(f"Copying {mirror_name} from the mirror folder", None)
        shutil.copyfile(source, part)

    def _download(self, url: str, part: Path) -> None:
        """Stream ``url`` into ``part``, resuming after a dropped connection."""
        failures = 0
        part.unlink(missing_ok=True)
        while True:
            have = part.stat().st_size if part.exists() else 0
            try:
                total = self._stream(url, part, have)
            except (requests.ConnectionError, requests.Timeout,
                    requests.exceptions.ChunkedEncodingError) as error:
                failures += 1
                got = part.stat().st_size if part.exists() else 0
                if failures >= self.attempts:
                    part.unlink(missing_ok=True)
                    if got == 0:
                        raise DownloadError(
                            f"Could not reach {url} ({type(error).__name__}). Check the "
                            "internet connection, or set TCI_FETCH_MIRROR to a folder of files "
                            "downloaded from the publishers."
                        ) from None
                    raise DownloadError(
                        f"The download from {url} was cut short {failures} times (last at "
                        f"{got:,} bytes), so it was refused and nothing was kept. Try again "
                        "later, or download the file by hand into a mirror folder "
                        "(TCI_FETCH_MIRROR)."
                    ) from None
                self.progress(f"Connection dropped at {got:,} bytes; resuming" if got else
                              f"Could not connect; trying again ({failures} of "
                              f"{self.attempts - 1})", None)
                continue
            size = part.stat().st_size
            if total is not None and size != total:
                part.unlink(missing_ok=True)
                raise DownloadError(
                    f"The download from {url} is truncated: {size:,} of {total:,} bytes "
                    "arrived, so it was refused and nothing was kept. Try again later."
                )
            return

    def _stream(self, url: str, part: Path, have: int) -> int | None:
        """Append the rest of ``url`` to ``part``; return the full size if the server says it."""
        headers = {"Range": f"bytes={have}-"} if have else {}
        with self.session.get(url, headers=headers, stream=True, timeout=self.timeout) as answer:
            if answer.status_code not in (200, 206):
                part.unlink(missing_ok=True)
                raise DownloadError(
                    f"{url} answered HTTP {answer.status_code} {answer.reason}. The publisher "
                    "may have moved the file: check its address in data/opendata/catalogue.py."
                )
            if answer.status_code == 200:
                have = 0  # the server sent it all again, not the rest
            length = answer.headers.get("Content-Length")
            total = have + int(length) if length and length.isdigit() else None
            shown = -1
            with part.open("ab" if have else "wb") as out:
                for block in answer.iter_content(_CHUNK):
                    out.write(block)
                    have += len(block)
                    if total and total > _SHOWN_FROM and have * 10 // total > shown:
                        shown = have * 10 // total
                        self.progress(f"  {url.rsplit('/', 1)[-1][:60]}: {have / 1e6:.1f} of "
                                      f"{total / 1e6:.1f} MB", None)
            return total
