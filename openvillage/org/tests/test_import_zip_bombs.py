"""An xlsx is a zip archive: one that expands far beyond its size (a zip bomb), or that declares
smaller parts than it holds, is refused with a message naming the limit, reading no more than
the limit and holding no whole part in memory."""

import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from openvillage.core.errors import InvalidInput
from openvillage.org.imports.service import import_file
from openvillage.org.models import Person
from openvillage.org.tests.test_import_roll import GOOD, english, roll  # noqa: F401

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MB = 1024 * 1024


SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>'


def inflate(source: Path, target: Path, part: str, padding_mb: int, before=b"</") -> Path:
    """Copy the workbook with ``padding_mb`` MB of blanks inside ``part`` (added if missing):
    still valid XML, compressed about a thousand times (100 MB take about 100 KB in the file)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        parts = {info.filename: old.read(info.filename) for info in old.infolist()}
        parts.setdefault(part, SST)
        for name, data in parts.items():
            if name != part:
                new.writestr(name, data)
                continue
            cut = data.rindex(before)  # by default before the root element's closing tag
            with new.open(name, "w") as out:
                out.write(data[:cut])
                for _ in range(padding_mb):
                    out.write(b" " * MB)
                out.write(data[cut:])
    return target


def declare_size(path: Path, part: str, size: int) -> None:
    """Rewrite the uncompressed size the archive declares for ``part`` (local and central)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        position = archive.start_dir
    raw = bytearray(path.read_bytes())
    struct.pack_into("<I", raw, info.header_offset + 22, size)
    central = -1
    start = raw.rindex(b"PK\x05\x06")
    while position < start:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", raw, position + 28)
        name = bytes(raw[position + 46 : position + 46 + name_len]).decode()
        if name == part:
            central = position
            break
        position += 46 + name_len + extra_len + comment_len
    assert central > 0
    struct.pack_into("<I", raw, central + 24, size)
    path.write_bytes(bytes(raw))


def import_roll(cast, village, path):
    return import_file(actor=cast["vic"], kind="roll", village_or_unit=village, uploaded_file=path)


@override_settings(IMPORT_MAX_UNZIPPED_BYTES=8 * MB)
def test_a_bomb_is_refused_by_its_declared_size_naming_the_limit(cast, village_a1, tmp_path):
    bomb = inflate(roll(tmp_path), tmp_path / "bomb.xlsx", SHEET, 100)
    assert bomb.stat().st_size < MB
    started = time.monotonic()
    with pytest.raises(InvalidInput) as err:
        import_roll(cast, village_a1, bomb)
    with translation.override("zh-hans"):
        assert "文件解压后超过 8 MB" in err.value.translated()
    assert time.monotonic() - started < 2
    assert Person.objects.count() == 0


@override_settings(IMPORT_MAX_UNZIPPED_BYTES=8 * MB)
def test_a_part_that_holds_more_than_it_declares_is_refused(cast, village_a1, tmp_path):
    bomb = inflate(roll(tmp_path), tmp_path / "liar.xlsx", SHEET, 100)
    declare_size(bomb, SHEET, 4000)  # the rows fit in 4000 bytes; the blanks do not
    with pytest.raises(InvalidInput) as err:
        import_roll(cast, village_a1, bomb)
    assert "xlsx" in err.value.translated()
    assert Person.objects.count() == 0


@override_settings(IMPORT_MAX_UNZIPPED_BYTES=1024 * MB)
def test_a_large_shared_strings_part_is_streamed_not_read_whole(cast, village_a1, tmp_path):
    big = inflate(roll(tmp_path), tmp_path / "big.xlsx", STRINGS, 60)
    tracemalloc.start()
    try:
        result = import_roll(cast, village_a1, big)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok, result.errors
    assert Person.objects.count() == len(GOOD)
    assert peak < 20 * MB, f"peak {peak // MB} MB"


@override_settings(IMPORT_MAX_UNZIPPED_BYTES=1024 * MB)
def test_blanks_after_the_last_row_are_not_held_in_memory(cast, village_a1, tmp_path):
    big = inflate(roll(tmp_path), tmp_path / "blanks.xlsx", SHEET, 60)
    tracemalloc.start()
    try:
        result = import_roll(cast, village_a1, big)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok, result.errors
    assert peak < 20 * MB, f"peak {peak // MB} MB"


def test_the_default_limit_is_far_above_a_large_real_roll(settings):
    # A 100,000-row roll is about 40 MB of sheet XML once unzipped.
    assert settings.IMPORT_MAX_UNZIPPED_BYTES >= 200 * MB


@override_settings(IMPORT_MAX_UNZIPPED_BYTES=1024 * MB)
def test_a_row_larger_than_any_real_one_is_refused_naming_it(cast, village_a1, tmp_path):
    big = inflate(roll(tmp_path), tmp_path / "row.xlsx", SHEET, 40, before=b"</row>")
    with pytest.raises(InvalidInput) as err:
        import_roll(cast, village_a1, big)
    assert "Row 6 of the file is larger than 16 MB" in err.value.translated()
    assert Person.objects.count() == 0
