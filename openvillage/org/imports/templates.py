"""The import templates: which columns each kind of file has, and the files a clerk downloads.

A column's header is bilingual, the Chinese label first as clerks read it (``姓名 name``). The
reader accepts the full label, the Chinese part, the English part or the key, so that a clerk
who retypes a header in either language is understood. Choice columns take the Chinese label
(``男``), the English label or the stored value (``male``); the templates offer the Chinese
labels in a drop-down list. Exports write the same columns, so an export can be re-imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvillage.org import models

TEXT, DATE, CHOICE, ID, CODE = "text", "date", "choice", "id", "code"

# Chinese labels of the stored values, as printed on paper registers.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "level": {"county": "县", "town": "乡镇", "village": "村"},
    "unit_kind": {
        "county": "县",
        "district": "区",
        "township": "乡",
        "town": "镇",
        "street": "街道",
        "village": "行政村",
        "community": "社区",
    },
    "gender": {"male": "男", "female": "女"},
    "education": {
        "primary": "小学",
        "junior": "初中",
        "senior": "高中或中专",
        "college": "大专",
        "bachelor": "本科",
        "postgraduate": "研究生",
    },
    "party_status": {"none": "群众", "probationary": "预备党员", "full": "正式党员"},
    "relation": {
        "head": "户主",
        "spouse": "配偶",
        "child": "子女",
        "parent": "父母",
        "grandchild": "孙子女",
        "grandparent": "祖父母",
        "sibling": "兄弟姐妹",
        "child_in_law": "儿媳或女婿",
        "other": "其他",
    },
    "registration": {
        "registered_resident": "户籍在本村且居住",
        "registered_away": "户籍在本村但外出",
        "resident_unregistered": "居住在本村但户籍不在",
    },
    "body": {
        "branch_committee": "村党组织委员会",
        "villagers_committee": "村民委员会",
        "supervision_committee": "村务监督委员会",
    },
    "post": {
        "secretary": "书记",
        "deputy_secretary": "副书记",
        "director": "主任",
        "deputy_director": "副主任",
        "chair": "监委会主任",
        "committee_member": "委员",
    },
    "end_reason": {
        "term_ended": "任期届满",
        "resigned": "辞职",
        "removed": "免职",
        "recalled": "罢免",
        "died": "去世",
        "left_office": "依法离任",
    },
}

# The model choices behind each list, for the English labels.
_MODEL_CHOICES = {
    "level": models.Level,
    "unit_kind": models.UnitKind,
    "gender": models.Gender,
    "education": models.Education,
    "party_status": models.PartyStatus,
    "relation": models.Relation,
    "registration": models.Registration,
    "body": models.Body,
    "post": models.PostKind,
    "end_reason": models.EndReason,
}


def normalize_label(text: str) -> str:
    """Lower-case, without spaces, underscores, hyphens or the asterisks of required columns."""
    return re.sub(r"[\s_\-*＊]+", "", str(text)).lower()


def choice_lookup(choices: str) -> dict[str, str]:
    """Map every accepted spelling (normalized) of a choice list to its stored value."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    with translation.override("en"):
        for value, label in _MODEL_CHOICES[choices].choices:
            lookup[normalize_label(value)] = value
            lookup[normalize_label(str(label))] = value
    for value, label in CHOICE_LABELS[choices].items():
        lookup[normalize_label(label)] = value
    return lookup


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    type: str = TEXT
    required: bool = False
    max_length: int = 0
    choices: str = ""
    help: str = ""

    @property
    def label(self) -> str:
        return f"{self.zh} {self.en}"

    def spellings(self) -> set[str]:
        return {normalize_label(s) for s in (self.label, self.zh, self.en, self.key)}


VILLAGE = Column(
    "village_code",
    "村代码",
    "village code",
    CODE,
    help=gettext_lazy("12 digits; may be left empty when the file is imported into one village."),
)
NAME = Column("name", "姓名", "name", TEXT, True, 60)
GENDER = Column("gender", "性别", "gender", CHOICE, True, choices="gender")
BIRTH = Column("birth_date", "出生日期", "birth date", DATE, True)
ID_NUMBER = Column(
    "id_number",
    "身份证号",
    "ID number",
    ID,
    help=gettext_lazy(
        "18 characters, typed as text. A masked number (with *) as exported keeps the stored one."
    ),
)
PARTY_HELP = gettext_lazy("Required for a party member.")

KINDS: dict[str, tuple[Column, ...]] = {
    "units": (
        Column("code", "区划代码", "division code", CODE, True),
        Column("name", "名称", "name", TEXT, True, 100),
        Column("level", "层级", "level", CHOICE, True, choices="level"),
        Column("kind", "类型", "kind", CHOICE, choices="unit_kind"),
        Column(
            "parent_code",
            "上级区划代码",
            "parent code",
            CODE,
            help=gettext_lazy("Empty only for a county."),
        ),
    ),
    "people": (
        VILLAGE,
        NAME,
        GENDER,
        BIRTH,
        ID_NUMBER,
        Column("education", "文化程度", "education", CHOICE, choices="education"),
        Column("phone", "手机号", "mobile phone", TEXT, max_length=20),
        Column("party_status", "政治面貌", "party membership", CHOICE, choices="party_status"),
        Column("party_joined_on", "入党日期", "joined the party on", DATE, help=PARTY_HELP),
    ),
    "households": (
        VILLAGE,
        Column("number", "户号", "household number", TEXT, True, 30),
        Column("village_group", "村民小组", "village group", TEXT, max_length=40),
        Column("address", "住址", "address", TEXT, max_length=200),
    ),
    "roll": (
        VILLAGE,
        Column("household_number", "户号", "household number", TEXT, True, 30),
        Column("village_group", "村民小组", "village group", TEXT, max_length=40),
        Column("address", "住址", "address", TEXT, max_length=200),
        NAME,
        GENDER,
        BIRTH,
        ID_NUMBER,
        Column("relation", "与户主关系", "relation to head", CHOICE, True, choices="relation"),
        Column(
            "registration", "户籍状态", "registration status", CHOICE, True, choices="registration"
        ),
    ),
    "posts": (
        VILLAGE,
        NAME,
        Column(
            "id_number",
            "身份证号",
            "ID number",
            ID,
            help=gettext_lazy("The ID number or the birth date identifies the person."),
        ),
        Column("birth_date", "出生日期", "birth date", DATE),
        Column("body", "机构", "body", CHOICE, True, choices="body"),
        Column("post", "职务", "post", CHOICE, True, choices="post"),
        Column("started_on", "任职日期", "started on", DATE, True),
        Column("ended_on", "离任日期", "ended on", DATE),
        Column("end_reason", "离任原因", "end reason", CHOICE, choices="end_reason"),
    ),
}

KIND_LABELS = {
    "units": gettext_lazy("Administrative units"),
    "people": gettext_lazy("People"),
    "households": gettext_lazy("Households"),
    "roll": gettext_lazy("Villager roll (households and their members)"),
    "posts": gettext_lazy("Posts and terms of office"),
}

DATA_SHEET = "数据 data"
HELP_SHEET = "说明 instructions"


def columns_for(kind: str) -> tuple[Column, ...]:
    return KINDS[kind]


def _type_help(column: Column) -> str:
    if column.type == DATE:
        return _("date, as 2024-03-31")
    if column.type == CODE:
        return _("12-digit division code, typed as text")
    if column.type == CHOICE:
        values = "、".join(CHOICE_LABELS[column.choices].values())
        return _("one of: %(values)s") % {"values": values}
    if column.max_length:
        return _("text, at most %(n)s characters") % {"n": column.max_length}
    return _("text")


def instructions(kind: str) -> list[tuple[str, str, str, str]]:
    """(column, required, format, note) for each column of ``kind``."""
    return [
        (c.label, _("required") if c.required else _("optional"), _type_help(c), str(c.help))
        for c in KINDS[kind]
    ]


def xlsx_template(kind: str) -> bytes:
    """An empty template: the header row, drop-down lists for choices, and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.freeze_panes = "A2"
    for index, column in enumerate(KINDS[kind], start=1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.label) + 6)
        cells = f"{letter}2:{letter}100000"
        if column.type in (ID, CODE, TEXT):
            # Text format, so that Excel keeps the 18 digits of an ID number and leading zeros.
            sheet.column_dimensions[letter].number_format = "@"
        elif column.type == DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        if column.type == CHOICE:
            values = ",".join(CHOICE_LABELS[column.choices].values())
            check = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
            check.error = _("Choose a value from the list.")
            sheet.add_data_validation(check)
            check.add(cells)
    notes = book.create_sheet(HELP_SHEET)
    notes.append([_("Column"), _("Required"), _("Format"), _("Note")])
    for row in instructions(kind):
        notes.append(list(row))
    notes.append([])
    for line in general_notes():
        notes.append([line])
    for letter, width in zip("ABCD", (24, 10, 50, 60), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def general_notes() -> list[str]:
    return [
        _("Fill the first sheet from row 2; keep the header row as it is."),
        _(
            "If any row is wrong, nothing is imported and every wrong row is listed with its "
            "column and the reason."
        ),
        _("Importing the same file again changes nothing."),
        _(
            "ID numbers are kept only as a keyed hash and a masked form; exports show the masked "
            "form, which on re-import means: keep the stored number."
        ),
    ]


def csv_template(kind: str) -> bytes:
    """The header row as CSV in UTF-8 with a byte-order mark, so that Excel reads the Chinese."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.label for c in KINDS[kind]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
