"""The contract register in and out of Excel: template, import (all or nothing), export.

The template's columns are the export's columns, so an export re-imports unchanged. A re-import
matches rows by the contract number and updates them in place: the items, steps and history that
point at a contract stay. An import runs in the background (:func:`register_import_create` stores
the file and enqueues :func:`run_register_import`); the checking pass reports its progress on the
job's row, then one transaction writes every row and runs the red flags over them, or nothing is
written and every bad row is reported with its column and reason.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from openvillage.campaigns import services
from openvillage.campaigns.audit_actions import IMPORT
from openvillage.campaigns.models import (
    Arrears,
    ArrearsSource,
    Campaign,
    Collectability,
    Contract,
    ContractKind,
    DecisionStatus,
    FlagRun,
    IdleAsset,
    IdleAssetType,
    ImportState,
    PetitionCase,
    PetitionChannel,
    RegisterImport,
    SanitationCheck,
    Satisfaction,
    Target,
)
from openvillage.campaigns.rules import sanitation
from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput
from openvillage.core.spreadsheet import row as safe_row
from openvillage.core.text import gettext_noop
from openvillage.disclosure.rules.statement import parse_yuan
from openvillage.org.models import Unit

log = logging.getLogger(__name__)

SHEET = "合同台账"
CHUNK = 1000
MAX_ERRORS = 1000


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy: the header in the user's language; both languages are read back
    kind: str = "text"  # text, date, money, bool, points, a CHOICES key, list, payments
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", _("Contract number"), required=True),
    Column("kind", _("Kind of contract"), "kind", required=True),
    Column("collective_party", _("Collective party"), required=True),
    Column("counterparty_name", _("Counterparty"), required=True),
    Column("counterparty_id", _("Counterparty ID number")),
    Column("outside_party", _("Outside the collective"), "bool"),
    Column("asset_type", _("Asset or resource")),
    Column("location", _("Location")),
    Column("use", _("Use")),
    Column("signed_on", _("Signed on"), "date"),
    Column("start", _("Start"), "date", required=True),
    Column("end", _("End"), "date", required=True),
    Column("annual_rent_fen", _("Annual rent (yuan)"), "money"),
    Column("reference_rent_fen", _("Reference rent (yuan)"), "money"),
    Column("written", _("Written contract"), "bool"),
    Column("decision", _("Democratic decision"), "decision"),
    Column("two_thirds_consent", _("Two-thirds consent"), "bool"),
    Column("township_approval", _("Township approval"), "bool"),
    Column("competition", _("Open competition held"), "bool"),
    Column("competition_required", _("Open competition required"), "bool"),
    Column("parent_end", _("End of the transferred right"), "date"),
    Column("clauses_text", _("Clauses")),
    Column("missing_clauses", _("Missing clauses"), "list"),
    Column("recovered", _("Recovered or re-let"), "bool"),
    Column("payments", _("Payments (due date, amount, paid)"), "payments"),
)

ID_COLUMNS = frozenset({"counterparty_id", "debtor_id"})

YES = {"是", "有", "yes", "y", "true", "1", "√"}
NO = {"否", "无", "no", "n", "false", "0", "", "×"}


class Fault(ValueError):
    def __init__(self, message: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.params = params or {}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Fault(gettext_noop("Write a date as YYYY-MM-DD, e.g. 2026-05-01.")) from None


def _fen(value: Any) -> int | None:
    """Yuan as clerks type them (1,200.50, 1200.5, ¥1200), as integer fen: the statement's
    parser (no float arithmetic); a register's amounts are never negative."""
    text = _text(value)
    if not text:
        return None
    try:
        fen = parse_yuan(text, field="")
    except InvalidInput:
        raise Fault(gettext_noop("Write an amount in yuan, e.g. 1200.50.")) from None
    if fen < 0:
        raise Fault(gettext_noop("An amount is positive, with at most two decimals."))
    return fen


def _bool(value: Any) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise Fault(gettext_noop("Write 是 or 否."))


def _choice(value: Any, choices: Any) -> str:
    text = _text(value)
    for code, label in choices.choices:
        if text in (code, str(label), _t(str(label))):
            return str(code)
    from django.utils import translation

    with translation.override("zh-hans"):
        for code, label in choices.choices:
            if text == str(label):
                return str(code)
    raise Fault(gettext_noop("“%(value)s” is not one of the choices."), {"value": text[:40]})


def _payments(value: Any) -> list[dict[str, Any]]:
    """``2025-01-01,500,100; 2026-01-01,500,0``: due date, amount and paid, in yuan."""
    out = []
    for part in _text(value).replace("；", ";").split(";"):
        if not part.strip():
            continue
        fields = [f.strip() for f in part.replace("，", ",").split(",")]
        if len(fields) != 3:
            raise Fault(
                gettext_noop("Write each payment as due date, amount, paid; separate with ;.")
            )
        due = _date(fields[0])
        amount, paid = _fen(fields[1]), _fen(fields[2])
        out.append({"due": due.isoformat() if due else "", "amount_fen": amount or 0,
                    "paid_fen": paid or 0})  # fmt: skip
    return out


def _points(value: Any) -> int:
    """Points of one checklist item: a whole number from 0 to the maximum."""
    text = _text(value)
    if not text.isdigit() or int(text) > sanitation.MAX_POINTS:
        raise Fault(gettext_noop("Write a whole number of points from 0 to %(max)s."),
                    {"max": sanitation.MAX_POINTS})  # fmt: skip
    return int(text)


#: Columns whose cells are one of a set of choices (code or label, in either language), with the
#: value of a blank cell (None: the column's own rule).
CHOICES: dict[str, tuple[Any, str | None]] = {
    "kind": (ContractKind, None),
    "decision": (DecisionStatus, DecisionStatus.NONE),
    "source": (ArrearsSource, None),
    "collectability": (Collectability, Collectability.NORMAL),
    "asset_type": (IdleAssetType, None),
    "channel": (PetitionChannel, None),
    "satisfaction": (Satisfaction, Satisfaction.UNKNOWN),
}


def _cell(column: Column, value: Any) -> Any:
    if column.kind == "date":
        return _date(value)
    if column.kind == "money":
        return _fen(value)
    if column.kind == "bool":
        return _bool(value)
    if column.kind in CHOICES:
        choices, blank = CHOICES[column.kind]
        if blank is not None and not _text(value):
            return blank
        return _choice(value, choices)
    if column.kind == "list":
        return [w.strip() for w in _text(value).replace("，", "、").split("、") if w.strip()]
    if column.kind == "payments":
        return _payments(value)
    if column.kind == "points":
        return _points(value)
    text = _text(value)
    if column.key in ID_COLUMNS and "*" in text:
        return ""  # an exported (masked) number: keep the one on file
    return text


def _header_keys(cells: Iterable[Any], columns: tuple[Column, ...] = COLUMNS) -> list[str | None]:
    from django.utils import translation

    names: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names.update({str(c.label): c.key for c in columns})
    names.update({c.key: c.key for c in columns})
    return [names.get(_text(cell)) for cell in cells]


def _guarded_rows(content: bytes, sheet_name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The sheet's rows through the registry imports' guarded reader: a zip bomb is refused by
    its declared and its real size (core.safezip), a formula gives only the value it shows,
    and no part is ever held whole in memory."""
    import zlib
    from xml.parsers.expat import ExpatError
    from zipfile import BadZipFile

    from openvillage.org.imports.xlsx import iter_rows

    try:
        yield from iter_rows(io.BytesIO(content), sheet_name)
    except InvalidInput:
        raise
    except (BadZipFile, KeyError, ValueError, ExpatError, EOFError, zlib.error, IndexError):
        raise InvalidInput(
            gettext_noop("The file cannot be opened as an xlsx workbook; it may be damaged."),
            field="file",
        ) from None


def read_rows(
    content: bytes, columns: tuple[Column, ...] = COLUMNS, sheet_name: str = SHEET
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(row number, {column key: raw value})`` of every non-empty data row."""
    rows = _guarded_rows(content, sheet_name)
    _first, header = next(rows, (1, ()))
    keys = _header_keys(header, columns)
    missing = [str(c.label) for c in columns if c.required and c.key not in keys]
    if missing:
        raise InvalidInput(
            gettext_noop("The file has no column %(columns)s: use the template."),
            {"columns": "、".join(missing)},
            field="file",
        )
    for number, values in rows:
        if all(_text(v) == "" for v in values):
            continue
        yield number, {k: v for k, v in zip(keys, values, strict=False) if k}


def _parse(
    raw: dict[str, Any], columns: tuple[Column, ...]
) -> tuple[dict[str, Any], list[tuple[str, str, dict]]]:
    values: dict[str, Any] = {}
    faults: list[tuple[str, str, dict]] = []
    for column in columns:
        value = raw.get(column.key)
        if column.required and _text(value) == "":
            faults.append((column.key, gettext_noop("This column must be filled in."), {}))
            continue
        try:
            parsed = _cell(column, value)
        except Fault as fault:
            faults.append((column.key, fault.message, fault.params))
            continue
        if parsed is not None and parsed != "":
            values[column.key] = parsed
    return values, faults


def _checked(
    raw: dict[str, Any], columns: tuple[Column, ...], make: Any, verify: Any = None
) -> tuple[Any, list[tuple[str, str, dict]]]:
    """One row of a register: its cells parsed by ``columns``, the input ``make(**values)``
    builds, then the register's own checks (``verify``); the input, or every fault."""
    values, faults = _parse(raw, columns)
    if faults:
        return None, faults
    data = make(**values)
    faults = verify(data) if verify else []
    return (None, faults) if faults else (data, [])


def _sanitation_input(**values: Any) -> services.SanitationInput:
    """The points of the checklist's columns (``points.<item>``) gathered into one mapping."""
    points = {key.split(".", 1)[1]: values.pop(key) for key in list(values)
              if key.startswith("points.")}  # fmt: skip
    return services.SanitationInput(points=points, **values)


def check_row(
    raw: dict[str, Any],
) -> tuple[services.ContractInput | None, list[tuple[str, str, dict]]]:
    """Parse one row; return the contract or every fault as ``(column key, message, params)``."""
    return _checked(raw, COLUMNS, services.ContractInput, services.check_contract_input)


ARREARS_SHEET = "集体尾欠台账"
ARREARS_COLUMNS: tuple[Column, ...] = (
    Column("number", _("Arrears number"), required=True),
    Column("debtor_name", _("Debtor"), required=True),
    Column("debtor_id", _("Debtor ID number")),
    Column("source", _("Source of the debt"), "source", required=True),
    Column("contract_number", _("Contract number")),
    Column("principal_fen", _("Principal owed (yuan)"), "money", required=True),
    Column("due_date", _("Due date"), "date", required=True),
    Column("collectability", _("Collectability"), "collectability"),
    Column("recovered_fen", _("Recovered (yuan)"), "money"),
)

IDLE_SHEET = "闲置资产资源台账"
IDLE_COLUMNS: tuple[Column, ...] = (
    Column("number", _("Asset number"), required=True),
    Column("asset_type", _("Type of asset"), "asset_type", required=True),
    Column("location", _("Location")),
    Column("idle_since", _("Idle or occupied since"), "date"),
    Column("occupied_without_contract", _("Occupied without a contract"), "bool"),
    Column("expected_income_fen", _("Expected yearly income (yuan)"), "money"),
)


def check_arrears_row(
    raw: dict[str, Any],
) -> tuple[services.ArrearsInput | None, list[tuple[str, str, dict]]]:
    """One row of the arrears register: the debt or every fault."""
    return _checked(raw, ARREARS_COLUMNS, services.ArrearsInput, services.check_arrears_input)


def check_idle_row(
    raw: dict[str, Any],
) -> tuple[services.IdleAssetInput | None, list[tuple[str, str, dict]]]:
    """One row of the idle-asset register: the asset or every fault."""
    return _checked(raw, IDLE_COLUMNS, services.IdleAssetInput)


SANITATION_SHEET = "环境卫生检查台账"
#: The checklist's items as the register heads them (rules.sanitation.CHECKLIST, in order).
CHECKLIST_LABELS = {
    "refuse": _("Refuse collection (points)"),
    "public_spaces": _("Public spaces (points)"),
    "sewage": _("Sewage (points)"),
    "toilets": _("Toilets (points)"),
    "clutter": _("Clutter and stacking (points)"),
    "livestock": _("Livestock and poultry (points)"),
    "waterways": _("Waterways (points)"),
}
SANITATION_COLUMNS: tuple[Column, ...] = (
    Column("number", _("Check number"), required=True),
    Column("checked_on", _("Checked on"), "date", required=True),
    Column("inspector", _("Inspector"), required=True),
    *(Column(f"points.{item}", CHECKLIST_LABELS[item], "points", required=True)
      for item in sanitation.CHECKLIST),
    Column("problems", _("Problems found")),
)  # fmt: skip

PETITION_SHEET = "信访矛盾台账"
PETITION_COLUMNS: tuple[Column, ...] = (
    Column("number", _("Case number"), required=True),
    Column("received_on", _("Received on"), "date", required=True),
    Column("channel", _("Channel"), "channel", required=True),
    Column("petitioner_name", _("Petitioner"), required=True),
    Column("category", _("Matter raised"), required=True),
    Column("respondent", _("Respondent body")),
    Column("accepted_on", _("Acceptance decided on"), "date"),
    Column("concluded_on", _("Concluded on"), "date"),
    Column("result", _("Handling result")),
    Column("settled", _("Petitioner accepts the result"), "bool"),
    Column("satisfaction", _("Petitioner's satisfaction"), "satisfaction"),
)


def check_sanitation_row(
    raw: dict[str, Any],
) -> tuple[services.SanitationInput | None, list[tuple[str, str, dict]]]:
    """One row of the sanitation register: the check (its points per item) or every fault."""
    return _checked(raw, SANITATION_COLUMNS, _sanitation_input)


def check_petition_row(
    raw: dict[str, Any],
) -> tuple[services.PetitionInput | None, list[tuple[str, str, dict]]]:
    """One row of the petition register: the case or every fault."""
    return _checked(raw, PETITION_COLUMNS, services.PetitionInput, services.check_petition_input)


@dataclass(frozen=True)
class Register:
    """One register that imports from xlsx: its columns, sheet, row check and file names."""

    code: str  # a Target code
    label: Any
    columns: tuple[Column, ...]
    sheet: str
    check: Any  # raw row -> (input or None, faults)
    template_name: str


REGISTERS: dict[str, Register] = {
    Target.CONTRACTS: Register(Target.CONTRACTS, _("Contract register"), COLUMNS, SHEET,
                               check_row, "contract-template.xlsx"),
    Target.ARREARS: Register(Target.ARREARS, _("Arrears register"), ARREARS_COLUMNS,
                             ARREARS_SHEET, check_arrears_row, "arrears-template.xlsx"),
    Target.IDLE_ASSETS: Register(Target.IDLE_ASSETS, _("Idle asset register"), IDLE_COLUMNS,
                                 IDLE_SHEET, check_idle_row, "idle-asset-template.xlsx"),
    Target.SANITATION: Register(Target.SANITATION, _("Sanitation check register"),
                                SANITATION_COLUMNS, SANITATION_SHEET, check_sanitation_row,
                                "sanitation-template.xlsx"),
    Target.PETITION: Register(Target.PETITION, _("Petition register"), PETITION_COLUMNS,
                              PETITION_SHEET, check_petition_row, "petition-template.xlsx"),
}  # fmt: skip


def label_of(key: str, columns: tuple[Column, ...] = COLUMNS) -> str:
    return next((str(c.label) for c in columns if c.key == key), key)


# --- the job ---------------------------------------------------------------------------------


def register_import_create(
    *,
    actor: Any,
    village: Unit,
    content: bytes,
    file_name: str,
    campaign: Campaign | None = None,
    register: str = Target.CONTRACTS,
) -> RegisterImport:
    """Store an upload and queue its import (NotAllowed outside the actor's villages)."""
    permissions.require_write(actor, village.path, permissions.CAMPAIGNS)
    if register not in REGISTERS:
        raise InvalidInput(gettext_noop("Choose the register to import."), field="register")
    with transaction.atomic():
        job = RegisterImport.objects.create(
            village=village,
            campaign=campaign,
            register=register,
            content=content,
            file_name=file_name[-200:],
            created_by=actor,
        )
        transaction.on_commit(lambda: run_register_import.enqueue(job.pk))
    return job


@task()
def run_register_import(job_id: int) -> str:
    """The background task: import one queued register file."""
    return register_import_run(job_id)


def register_import_run(job_id: int) -> str:
    """Claim a queued job, check every row (progress on the row), then write all or nothing."""
    claimed = RegisterImport.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING
    )
    if not claimed:
        return "not queued"
    job = RegisterImport.objects.select_related("village", "created_by", "campaign").get(pk=job_id)
    try:
        rows, errors = _check_all(job)
        if errors:
            _end(job, ImportState.REFUSED, errors=errors)
        elif job.register == Target.CONTRACTS:
            _write(job, rows)
        else:
            _write_other(job, rows)
    except InvalidInput as error:
        _end(job, ImportState.REFUSED, errors=[[0, "file", error.message, error.params]])
    return RegisterImport.objects.get(pk=job_id).state


def _check_all(job: RegisterImport) -> tuple[list[Any], list[list[Any]]]:
    register = REGISTERS[job.register]
    rows: list[Any] = []
    errors: list[list[Any]] = []
    seen: dict[str, int] = {}
    contracts: set[str] | None = None
    if job.register == Target.ARREARS:  # a debt names a contract of the village's register
        contracts = set(
            Contract.objects.filter(village=job.village).values_list("number", flat=True)
        )
    rows_read = read_rows(bytes(job.content), register.columns, register.sheet)
    for count, (number, raw) in enumerate(rows_read, start=1):
        data, faults = register.check(raw)
        if data is not None and data.number in seen:
            message = (
                gettext_noop("This contract number is also on row %(row)s.")
                if job.register == Target.CONTRACTS
                else gettext_noop("This number is also on row %(row)s.")
            )
            faults = [("number", message, {"row": seen[data.number]})]
        elif (
            contracts is not None
            and data is not None
            and data.contract_number
            and data.contract_number not in contracts
        ):
            unknown = gettext_noop(
                "No contract with this number in the village's contract register."
            )
            faults = [("contract_number", unknown, {})]
        for key, message, params in faults:
            if len(errors) < MAX_ERRORS:
                errors.append([number, key, message, params])
        if data is not None and not faults:
            seen[data.number] = number
            rows.append(data)
        if count % CHUNK == 0:  # progress of the checking pass, visible to the upload page
            RegisterImport.objects.filter(pk=job.pk).update(total=count)
    RegisterImport.objects.filter(pk=job.pk).update(total=len(rows) + len(errors))
    return rows, errors


def _write(job: RegisterImport, rows: list[services.ContractInput]) -> None:
    village = job.village
    before = set(Contract.objects.filter(village=village).values_list("number", flat=True))
    flags = created = 0
    rules: dict[str, int] = {}
    with transaction.atomic():
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            contracts, new = services.contracts_upsert(village, chunk)
            created += new
            flags += services.flags_refresh(village, contracts, found_by=FlagRun.IMPORT)
            for rule, n in services.flags_by_rule(contracts).items():
                rules[rule] = rules.get(rule, 0) + n
            if job.campaign is not None:
                services.items_for(job.campaign, contracts)
        audit_log(
            actor=job.created_by,
            action=IMPORT["import"],
            obj=job,
            unit_path=village.path,
            changes={"rows": [0, len(rows)]},
            note=job.file_name,
        )
        _end(job, ImportState.DONE, total=len(rows), created=created,
             updated=len({r.number for r in rows} & before), flags=flags,
             flag_rules=dict(sorted(rules.items(), key=lambda pair: int(pair[0][2:]))))  # fmt: skip


#: The model and the upsert service of each register other than the contracts'.
UPSERTS: dict[str, tuple[Any, Any]] = {
    Target.ARREARS: (Arrears, services.arrears_upsert),
    Target.IDLE_ASSETS: (IdleAsset, services.idle_assets_upsert),
    Target.SANITATION: (SanitationCheck, services.sanitation_upsert),
    Target.PETITION: (PetitionCase, services.petitions_upsert),
}
#: Registers whose rows become campaign items (a sanitation check is a measure, not an item).
ITEM_REGISTERS = frozenset({Target.ARREARS, Target.IDLE_ASSETS, Target.PETITION})


def _write_other(job: RegisterImport, rows: list[Any]) -> None:
    """Arrears, idle assets, sanitation checks or petition cases: one transaction, updated in
    place by number, items kept."""
    village = job.village
    model, upsert = UPSERTS[job.register]
    before = set(model.objects.filter(village=village).values_list("number", flat=True))
    rules: dict[str, int] = {}
    with transaction.atomic():
        records = upsert(village, rows)
        if job.register == Target.IDLE_ASSETS:
            found = services.idle_flags_refresh(village, found_by=FlagRun.IMPORT)
            if found:
                rules["RF16"] = found
        if job.campaign is not None and job.register in ITEM_REGISTERS:
            services.register_items_for(job.campaign, job.register, records)
        audit_log(
            actor=job.created_by,
            action=IMPORT["import"],
            obj=job,
            unit_path=village.path,
            changes={"rows": [0, len(rows)]},
            note=job.file_name,
        )
        _end(job, ImportState.DONE, total=len(rows),
             created=len({r.number for r in rows} - before),
             updated=len({r.number for r in rows} & before), flags=sum(rules.values()),
             flag_rules=rules)  # fmt: skip


def _end(job: RegisterImport, state: str, **values: Any) -> None:
    RegisterImport.objects.filter(pk=job.pk).update(
        state=state, finished_at=timezone.now(), content=b"", **values
    )


def flag_lines(job: RegisterImport) -> list[str]:
    """The red flags the import found, one line per rule in rule order: label and count."""
    from openvillage.campaigns.labels import RULES

    return [
        _t("%(rule)s: %(n)s contracts") % {"rule": RULES.get(rule, rule), "n": n}
        for rule, n in (job.flag_rules or {}).items()
    ]


def error_lines(job: RegisterImport) -> list[str]:
    """Every reported fault as a sentence in the active language: row, column, reason."""
    lines = []
    for number, key, message, params in job.errors:
        reason = _t(message) % params if params else _t(message)
        if number:
            column = label_of(key, REGISTERS[job.register].columns)
            lines.append(_t("Row %(row)s, %(column)s: %(reason)s")
                         % {"row": number, "column": column, "reason": reason})  # fmt: skip
        else:
            lines.append(reason)
    return lines


# --- template and export ---------------------------------------------------------------------


def _display(column: Column, contract: Any) -> Any:
    """One cell of an export as the import reads it back (IDs masked, money in yuan)."""
    if contract is None:
        return ""
    if column.key in ID_COLUMNS:
        return getattr(contract, f"{column.key}_masked")
    if column.key == "contract_number":
        return contract.contract.number if contract.contract_id else ""
    if column.kind == "points":
        return contract.points.get(column.key.split(".", 1)[1], "")
    value = getattr(contract, column.key)
    if column.kind == "money":
        return "" if value is None else f"{value // 100}.{value % 100:02d}"
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind in CHOICES:
        return str(CHOICES[column.kind][0](value).label)
    if column.kind == "list":
        return "、".join(value or [])
    if column.kind == "payments":
        return "; ".join(
            f"{p['due']},{p['amount_fen'] // 100}.{p['amount_fen'] % 100:02d},"
            f"{p['paid_fen'] // 100}.{p['paid_fen'] % 100:02d}"
            for p in value or []
        )
    return value


def workbook(contracts: Iterable[Contract]) -> bytes:
    """The register (or the empty template) as xlsx: one header row, one row per contract."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(safe_row(sheet, [str(c.label) for c in COLUMNS]))
    for contract in contracts:
        sheet.append(safe_row(sheet, [_display(c, contract) for c in COLUMNS]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(contracts: Iterable[Any], arrears: Iterable[Any] = (), assets: Iterable[Any] = (),
           checks: Iterable[Any] = (), petitions: Iterable[Any] = ()) -> bytes:  # fmt: skip
    """A filtered view as xlsx: one sheet per register that has rows (the contracts' always),
    each with its template's columns, so that each sheet re-imports as its register."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    parts = ((REGISTERS[Target.CONTRACTS], list(contracts), True),
             (REGISTERS[Target.ARREARS], list(arrears), False),
             (REGISTERS[Target.IDLE_ASSETS], list(assets), False),
             (REGISTERS[Target.SANITATION], list(checks), False),
             (REGISTERS[Target.PETITION], list(petitions), False))  # fmt: skip
    for spec, rows, always in parts:
        if not rows and not always:
            continue
        sheet = book.create_sheet(spec.sheet)
        sheet.append(safe_row(sheet, [str(c.label) for c in spec.columns]))
        for record in rows:
            sheet.append(safe_row(sheet, [_display(c, record) for c in spec.columns]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(register: str) -> bytes:
    """The empty template of a register: its header row in the user's language."""
    from openpyxl import Workbook

    spec = REGISTERS[register]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(spec.sheet)
    sheet.append(safe_row(sheet, [str(c.label) for c in spec.columns]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
