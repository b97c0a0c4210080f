"""People of the registry behind the cast's accounts, and a few problems of village A1.

- ``responsible`` (李主任): director of A1's villagers' committee, responsible for rectifications;
- ``member`` (赵委员): a member of A1's branch committee;
- sue (supervision committee of A1) is 钱监督, a villager of A1 on no committee;
- tom (town A) is 孙镇干 of village A2; cora (county supervisor) is 周县干 of village B1.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date

import pytest

from openvillage.org.models import Person, Term
from openvillage.supervision import services


def _person(village, name):
    return Person.objects.create(
        village=village, name=name, gender="male", birth_date=date(1975, 5, 5)
    )


@pytest.fixture
def responsible(village_a1):
    person = _person(village_a1, "李主任")
    Term.objects.create(
        village=village_a1,
        person=person,
        body="villagers_committee",
        post="director",
        started_on=date(2021, 1, 1),
    )
    return person


@pytest.fixture
def member(village_a1):
    person = _person(village_a1, "赵委员")
    Term.objects.create(
        village=village_a1,
        person=person,
        body="branch_committee",
        post="committee_member",
        started_on=date(2021, 1, 1),
    )
    return person


@pytest.fixture
def linked(cast, village_a1, village_a2, village_b1):
    """Link sue, tom and cora to their entries in the registry."""
    for name, village, person_name in (
        ("sue", village_a1, "钱监督"),
        ("tom", village_a2, "孙镇干"),
        ("cora", village_b1, "周县干"),
    ):
        user = cast[name]
        user.person = _person(village, person_name)
        user.save(update_fields=["person"])
    return cast


@pytest.fixture
def problem(cast, village_a1):
    """A serious problem of A1 found by the town's inspection."""
    return services.problem_raise(
        actor=cast["tom"], village=village_a1, title="财务公开未按期更新", severity="serious"
    )


@pytest.fixture
def ordered(cast, problem, responsible):
    return services.problem_order(
        actor=cast["tom"], problem=problem, responsible=responsible, today=date(2026, 3, 2)
    )


@pytest.fixture
def submitted(cast, ordered):
    return services.problem_submit(
        actor=cast["vic"], problem=ordered, rectification="已补公开", note="公开栏照片"
    )


def png_photo() -> bytes:
    """A real 8x8 PNG (a photo of the updated notice board, as far as the checks can tell)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x20\x80\x20" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
