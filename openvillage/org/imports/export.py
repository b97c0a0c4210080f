"""Exports of the registry in the import templates' format, so that an export can be re-imported.

No clear ID number is stored, so the ID column holds the masked form (``990101********0014``).
On re-import an unchanged masked value means "keep the stored number" (see validate.MaskedId).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from openvillage.core.crypto import unseal
from openvillage.core.spreadsheet import cell as safe_cell
from openvillage.org.imports.templates import CHOICE, CHOICE_LABELS, DATA_SHEET, columns_for
from openvillage.org.models import Person, RollEntry, Unit

BATCH = 2000


def _xlsx(kind: str, rows: Iterable[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    columns = columns_for(kind)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(DATA_SHEET)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for record in rows:
        line = []
        for column in columns:
            value = record.get(column.key)
            if column.type == CHOICE and value:
                value = CHOICE_LABELS[column.choices].get(value, value)
            cell = safe_cell(sheet, value if value not in (None, "") else None)
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            line.append(cell)
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _roll_rows(village: Unit) -> Iterator[dict[str, Any]]:
    entries = (
        RollEntry.objects.filter(household__village=village)
        .select_related("person", "household")
        .order_by("household__number", "pk")
    )
    for entry in entries.iterator(chunk_size=BATCH):
        person, household = entry.person, entry.household
        yield {
            "village_code": village.code,
            "household_number": household.number,
            "village_group": household.village_group,
            "address": household.address,
            "name": person.name,
            "gender": person.gender,
            "birth_date": person.birth_date,
            "id_number": person.id_masked,
            "relation": entry.relation,
            "registration": entry.registration,
        }


def export_roll(village: Unit) -> bytes:
    """The villager roll of a village as an xlsx file in the roll template's format."""
    return _xlsx("roll", _roll_rows(village))


def _people_rows(unit: Unit) -> Iterator[dict[str, Any]]:
    people = (
        Person.objects.filter(village__path__startswith=unit.path)
        .select_related("village")
        .order_by("village__code", "name", "pk")
    )
    for person in people.iterator(chunk_size=BATCH):
        yield {
            "village_code": person.village.code,
            "name": person.name,
            "gender": person.gender,
            "birth_date": person.birth_date,
            "id_number": person.id_masked,
            "education": person.education,
            "phone": unseal(person.phone_sealed) or person.phone,  # staff in scope only
            "party_status": person.party_status,
            "party_joined_on": person.party_joined_on,
        }


def export_people(unit: Unit) -> bytes:
    """The people of a village (or of every village under a town) in the people template."""
    return _xlsx("people", _people_rows(unit))
