"""The import service: check the whole file, then write all of it or nothing.

``import_file`` reads the upload once, streaming: pass 1 (:mod:`.validate`) collects every
error with its row and column and spools the parsed rows, chunk by chunk, to an anonymous
temporary file (pickled: typed values, ID numbers already reduced to hash and mask); pass 2
(:mod:`.load`) runs only when there is no error, reads the spool back, and writes in one
transaction with one audit row for the whole import. Reading and parsing the file once halves
the work of a large import (profiled: the xlsx reading and the ID hashing were half of pass 2).
The upload is copied to a temporary file that is deleted before the function returns; nothing of
it is kept.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.text import gettext_noop
from openvillage.org.imports.load import LOADERS, Counts
from openvillage.org.imports.reader import detect_format, read_rows
from openvillage.org.imports.report import report_bytes
from openvillage.org.imports.templates import KINDS, columns_for
from openvillage.org.imports.validate import CHECKERS, Checker, Parsed
from openvillage.org.models import Unit

CHUNK = 2000

# Called after each chunk with (rows checked, rows written) so far.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # the column's label as in the template
    message: str


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def total(self, what: str) -> int:
        return sum(c[what] for c in self.counts.values())


@contextlib.contextmanager
def spooled(uploaded_file: Any) -> Iterator[tuple[Path, str]]:
    """A path to the upload's bytes: a path is used as it is, a file is copied to a temp file."""
    if isinstance(uploaded_file, str | os.PathLike):
        path = Path(uploaded_file)
        yield path, path.name
        return
    name = os.path.basename(getattr(uploaded_file, "name", "") or "upload")
    handle, temp = tempfile.mkstemp(prefix="ov-import-", suffix=Path(name).suffix[:8])
    try:
        with os.fdopen(handle, "wb") as out:
            if hasattr(uploaded_file, "chunks"):
                for piece in uploaded_file.chunks():
                    out.write(piece)
            else:
                shutil.copyfileobj(uploaded_file, out)
        yield Path(temp), name
    finally:
        os.unlink(temp)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(
            gettext_noop("Unknown kind of import %(kind)s."), {"kind": kind}, field="kind"
        )


def parsed_chunks(checker: Checker, path: Path, fmt: str) -> Iterator[list[Parsed]]:
    """The rows that parse without error, in chunks (bad rows are recorded in the checker)."""
    chunk: list[Parsed] = []
    for number, record in read_rows(path, fmt, checker.kind):
        parsed = checker.parse(number, record)
        if parsed is not None:
            chunk.append(parsed)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check(
    checker: Checker,
    path: Path,
    fmt: str,
    spool: Any = None,
    progress: Progress | None = None,
) -> None:
    """Pass 1: check every row; while no error is found, pickle the parsed chunks to ``spool``."""
    for chunk in parsed_chunks(checker, path, fmt):
        checker.check_chunk(chunk)
        if spool is not None and not checker.errors:
            pickle.dump(chunk, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if progress is not None:
            progress(checker.rows, 0)
    checker.finish()


def spooled_chunks(spool: Any, progress: Progress | None, checked: int) -> Iterator[list[Parsed]]:
    """Pass 2's input: the chunks pass 1 spooled, in order, reporting rows written so far."""
    spool.seek(0)
    written = 0
    while True:
        try:
            # Our own anonymous file, written by pass 1 in this call: nobody else can write it.
            chunk = pickle.load(spool)  # noqa: S301
        except EOFError:
            return
        yield chunk
        written += len(chunk)
        if progress is not None:
            progress(checked, written)


def _errors(checker: Checker) -> list[RowError]:
    labels = {c.key: c.label for c in columns_for(checker.kind)}
    return [
        RowError(row, labels.get(key, key), message)
        for row in sorted(checker.errors)
        for key, message in checker.errors[row]
    ]


def import_file(
    *,
    actor: Any,
    kind: str,
    village_or_unit: Unit,
    uploaded_file: Any,
    progress: Progress | None = None,
    file_name: str = "",
) -> ImportResult:
    """Import a whole file into a village (or the villages under a town), or nothing of it.

    Refuses the whole import (NotAllowed) when the actor may not write the registry of
    ``village_or_unit``; refuses a malformed file (InvalidInput naming the column); returns every
    bad row with its column and reason, having written nothing, when a row is wrong.
    ``progress`` is called after each chunk with the rows checked and written so far;
    ``file_name`` is the name the uploader gave the file, when it is stored under another.
    """
    _check_kind(kind)
    permissions.require_write(actor, village_or_unit.path, permissions.ORG)
    with spooled(uploaded_file) as (path, name), tempfile.TemporaryFile() as spool:
        name = file_name or name
        fmt = detect_format(path, name)
        checker = CHECKERS[kind](actor, village_or_unit)
        check(checker, path, fmt, spool, progress)
        result = ImportResult(kind=kind, file_name=name, rows=checker.rows)
        if checker.errors:
            result.errors = _errors(checker)
            return result
        counts = _write(checker, spooled_chunks(spool, progress, checker.rows), name)
    result.counts = {entity: c.as_dict() for entity, c in counts.items()}
    return result


def _write(checker: Checker, chunks: Iterator[list[Parsed]], name: str) -> dict[str, Counts]:
    target = checker.target
    try:
        with transaction.atomic():
            counts = LOADERS[checker.kind](checker, chunks)
            audit_log(
                actor=checker.actor,
                action="org.registry.import",
                obj=target,
                unit_path=target.path,
                object_label=target.name,
                changes={
                    f"{entity}.{what}": [None, number]
                    for entity, c in counts.items()
                    for what, number in c.as_dict().items()
                },
                note=f"{checker.kind}: {name[:200]} ({checker.rows})",
            )
    except IntegrityError:
        # Someone changed the registry between the check and the write: nothing was written.
        raise WrongState(
            gettext_noop("The registry changed while the file was imported; import it again.")
        )
    return counts


def error_report(*, actor: Any, kind: str, village_or_unit: Unit, uploaded_file: Any) -> bytes:
    """Check a file without writing and return the xlsx copy of it with an error column."""
    _check_kind(kind)
    permissions.require_write(actor, village_or_unit.path, permissions.ORG)
    with spooled(uploaded_file) as (path, name):
        fmt = detect_format(path, name)
        checker = CHECKERS[kind](actor, village_or_unit)
        check(checker, path, fmt)
        return report_bytes(path, fmt, kind, checker.errors)
