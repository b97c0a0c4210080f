"""Open an uploaded zip archive (an xlsx) without letting it expand beyond a limit (zip bombs).

A 1 MB file can declare, or hold, parts that expand to gigabytes. :func:`open_archive` refuses an
archive whose parts declare more than the limit in total before anything is decompressed, and
every part it opens counts the bytes actually decompressed against the part's declared size and
against the same limit, so a part that lies about its size stops at the lie. Parts are only
opened as streams: there is no ``read`` of a whole part.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

MB = 1024 * 1024
MAX_PARTS = 10_000  # an xlsx from Excel or WPS has a few dozen


class ArchiveTooLarge(InvalidInput):
    """The archive expands, or claims to expand, beyond the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            gettext_noop(
                "The file expands to more than %(limit)s MB when unzipped; split it into "
                "smaller files and import them one by one."
            ),
            {"limit": max(1, limit // MB)},
            field="file",
        )


class ArchiveDamaged(InvalidInput):
    """A part holds more than the archive declares for it."""

    def __init__(self) -> None:
        super().__init__(
            gettext_noop("The file cannot be opened as an xlsx workbook; it may be damaged."),
            field="file",
        )


class _Budget:
    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def spend(self, size: int) -> None:
        self.used += size
        if self.used > self.limit:
            raise ArchiveTooLarge(self.limit)


class _CountedPart:
    """A read-only stream of one part that stops at its declared size and at the budget."""

    def __init__(self, stream: IO[bytes], declared: int, budget: _Budget) -> None:
        self.stream, self.left, self.budget = stream, declared, budget

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 20  # never the whole part at once
        data = self.stream.read(size)
        self.left -= len(data)
        if self.left < 0:
            raise ArchiveDamaged()
        self.budget.spend(len(data))
        return data

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> _CountedPart:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class GuardedArchive:
    """The few read operations of :class:`zipfile.ZipFile` an xlsx reader needs, guarded."""

    def __init__(self, path: Path | str | IO[bytes], limit: int) -> None:
        self.zip = zipfile.ZipFile(path)
        try:
            infos = self.zip.infolist()
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > limit:
                raise ArchiveTooLarge(limit)
        except BaseException:
            self.zip.close()
            raise
        self.budget = _Budget(limit)

    def namelist(self) -> list[str]:
        return self.zip.namelist()

    def open(self, name: str) -> _CountedPart:
        info = self.zip.getinfo(name)
        return _CountedPart(self.zip.open(info), info.file_size, self.budget)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> GuardedArchive:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open_archive(path: Path | str | IO[bytes], limit: int | None = None) -> GuardedArchive:
    """Open ``path`` as a zip archive whose parts may expand to ``limit`` bytes in all
    (default: settings.IMPORT_MAX_UNZIPPED_BYTES)."""
    return GuardedArchive(path, settings.IMPORT_MAX_UNZIPPED_BYTES if limit is None else limit)
