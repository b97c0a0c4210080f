"""Writes of the disclosure app: every state change is one ``item_<verb>`` function.

Each runs in one transaction: permission by scope and role (core.permissions), a state check
that raises WrongState with a sentence a clerk understands, the write, one audit row, and on
publication one ledger append. Notices and e-mail go out after commit (see schedules.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import nh3
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openvillage.core import writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.crypto import mask_any_phone, mask_number, seal
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.masking import find_clear_id_numbers, mask_id_number, mask_text, surname_mou
from openvillage.core.permissions import DISCLOSURE, DISCLOSURE_REVIEW, can_write, require_write
from openvillage.core.roles import Role
from openvillage.core.text import clean_text, gettext_noop
from openvillage.disclosure import catalogue_store, schedules, search
from openvillage.disclosure.attachments import clean_upload, pdf_text
from openvillage.disclosure.audit_actions import CATALOGUE, ITEM
from openvillage.disclosure.models import (
    Attachment,
    CatalogueVersion,
    Item,
    ItemVersion,
    State,
    VillageStamp,
)
from openvillage.disclosure.rules import states
from openvillage.disclosure.rules.statement import check_opening, parse_statement
from openvillage.org.models import Level, Unit

log = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
PEOPLE_FIELDS = ("name", "group", "phone", "bank_account", "amount_fen", "note")
MAX_PEOPLE = 5000


@dataclass(frozen=True)
class Content:
    """The fields a clerk writes; validated by :func:`clean_content`."""

    matter: str
    period_start: date
    period_end: date
    title: str
    body: str = ""
    statement: dict[str, Any] | None = None
    people: tuple[dict[str, Any], ...] = ()


# --- validation -----------------------------------------------------------------------------


def sanitize(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={"a": {"href"}, "td": {"colspan"}})


SEALED_PEOPLE_FIELDS = ("phone", "bank_account")


def _sealed_cell(value: Any, key: str, previous: dict[tuple[str, str], str]) -> dict[str, str]:
    """A phone or bank account of a people row: masked in the row, the number itself sealed.

    A masked value sent back by an edit form keeps the number sealed before (issue 11 §4).
    """
    value = str(value or "").strip()[:200]
    if "*" in value:
        return {key: value, f"{key}_sealed": previous.get((key, value), "")}
    masked = mask_any_phone(value) if key == "phone" else mask_number(value)
    return {key: masked, f"{key}_sealed": seal(value)}


def _clean_people(rows: Any, before: Any = ()) -> list[dict[str, Any]]:
    if not isinstance(rows, list | tuple) or len(rows) > MAX_PEOPLE:
        raise InvalidInput(gettext_noop("The list of people is not a list."), field="people")
    previous = {
        (k, old.get(k, "")): old.get(f"{k}_sealed", "")
        for old in before or ()
        for k in SEALED_PEOPLE_FIELDS
        if old.get(f"{k}_sealed")
    }
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not str(row.get("name", "")).strip():
            raise InvalidInput(
                gettext_noop("Row %(n)s of the list of people has no name."),
                {"n": i + 1},
                field=f"people[{i}].name",
            )
        clean: dict[str, Any] = {}
        for k in SEALED_PEOPLE_FIELDS:
            clean.update(_sealed_cell(row.get(k), k, previous))
        for k in ("name", "group", "note"):
            clean[k] = clean_text(str(row.get(k) or ""), field=f"people[{i}].{k}").text[:200]
        amount = row.get("amount_fen")
        if amount not in (None, ""):
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise InvalidInput(
                    gettext_noop("Row %(n)s: the amount must be a whole number of fen."),
                    {"n": i + 1},
                    field=f"people[{i}].amount_fen",
                )
            clean["amount_fen"] = amount
        out.append(clean)
    return out


def clean_content(
    catalogue: CatalogueVersion, content: Content, before: Any = ()
) -> dict[str, Any]:
    """Check the content against the catalogue; return the model fields or raise InvalidInput."""
    try:
        matter = catalogue_store.parsed(catalogue).matter(content.matter)
    except KeyError:
        raise InvalidInput(
            gettext_noop("The catalogue %(version)s has no matter %(matter)s."),
            {"version": catalogue.version, "matter": content.matter},
            field="matter",
        ) from None
    if content.period_end < content.period_start:
        raise InvalidInput(gettext_noop("The period ends before it starts."), field="period_end")
    title = clean_text(content.title, field="title").text
    if not title or len(title) > 200:
        raise InvalidInput(gettext_noop("A title of 1 to 200 characters is needed."), field="title")
    statement = None
    if content.statement is not None:
        if matter.module != "finance":
            raise InvalidInput(
                gettext_noop("Only finance matters carry a finance statement."), field="statement"
            )
        statement = parse_statement(content.statement).as_dict()
        for i, line in enumerate(statement.get("lines", [])):
            line["name"] = clean_text(line.get("name", ""), field=f"statement.lines[{i}].name").text
    return {
        "module": matter.module,
        "category": matter.category,
        "matter": matter.code,
        "period_start": content.period_start,
        "period_end": content.period_end,
        "title": title,
        "body": clean_text(sanitize(content.body), field="body").text,
        "statement": statement,
        "people": _clean_people(list(content.people), before),
    }


def _places(item: Item) -> list[tuple[str, str]]:
    """Every piece of text of an item with the field that holds it (for the X1 scan)."""
    places = [("title", item.title), ("body", item.body)]
    for i, line in enumerate((item.statement or {}).get("lines", [])):
        places.append((f"statement.lines[{i}].name", line.get("name", "")))
    for i, row in enumerate(item.people):
        for key in PEOPLE_FIELDS:
            if key != "amount_fen":
                places.append((f"people[{i}].{key}", str(row.get(key, ""))))
    for attachment in item.attachments.filter(removed=False, content_type="application/pdf"):
        with attachment.file.open("rb") as handle:
            places.append((f"attachment {attachment.name}", pdf_text(handle.read())))
    return places


def refuse_clear_ids(item: Item) -> None:
    """X1: raise InvalidInput naming the first place that holds a valid ID number in clear."""
    from openvillage.disclosure.labels import FieldLabel

    for field, text in _places(item):
        hits = find_clear_id_numbers(text)
        if hits:
            start, _end, number = hits[0]
            raise InvalidInput(
                gettext_noop(
                    "%(place)s holds an ID number in clear (%(masked)s, at character "
                    "%(position)s). ID numbers are never published: remove it or mask it."
                ),
                {
                    "place": FieldLabel(field),
                    "masked": mask_id_number(number),
                    "position": start + 1,
                },
                field=field,
                code="clear_id_number",
            )


# --- permission and state helpers -------------------------------------------------------------


def _require_clerk(actor: Any, item: Item) -> None:
    require_write(actor, item.unit_path, DISCLOSURE)


def _require_reviewer(actor: Any, item: Item) -> None:
    require_write(actor, item.unit_path, DISCLOSURE_REVIEW)


def _locked(item: Item) -> Item:
    """Re-read the item under a lock on its row alone (two clicks cannot both change it)."""
    return writes.locked(item, "village")


def _check(item: Item, action: str, **kwargs: Any) -> None:
    """Raise WrongState unless the item's state allows ``action`` (see rules/states.py)."""
    writes.check(item, action, table=states.ITEM, params={"title": item.title}, **kwargs)


def _move(actor: Any, item: Item, action: str, note: str = "", **changes: Any) -> Item:
    """Move the item through ``action`` of its table with ``changes``; audit the state only
    (the content may hold personal data, which the audit log never copies)."""
    return writes.transition(
        item,
        action,
        actor=actor,
        table=states.ITEM,
        changes=changes,
        note=note,
        params={"title": item.title},
        audited=(),
    )


def _reason(reason: str, field: str = "reason") -> str:
    reason = clean_text(reason, field=field).text
    if not reason:
        raise InvalidInput(gettext_noop("Give a reason."), field=field)
    return reason[:2000]


# --- catalogue ----------------------------------------------------------------------------------


def catalogue_load(*, actor: Any, yaml_text: str) -> CatalogueVersion:
    """Load an adjusted catalogue (county administrator) and make it the current version."""
    if not (actor.is_superuser or actor.role == Role.COUNTY_ADMIN):
        raise NotAllowed(gettext_noop("Only the county administrator loads a catalogue."))
    require_write(actor, actor.unit.path if actor.unit else "", DISCLOSURE)
    version = catalogue_store.new_version(yaml_text, loaded_by=actor)
    with transaction.atomic():
        if CatalogueVersion.objects.filter(region=version.region, version=version.version).exists():
            raise InvalidInput(
                gettext_noop("Catalogue version %(version)s is already loaded; number it anew."),
                {"version": version.version},
                field="version",
            )
        CatalogueVersion.objects.filter(is_current=True).update(is_current=False)
        version.is_current = True
        version.save()
        audit_log(
            actor=actor,
            action=CATALOGUE["load"],
            obj=version,
            unit_path=actor.unit.path if actor.unit else "",
            note=f"sha256 {version.sha256}",
        )
    return version


# --- items ----------------------------------------------------------------------------------


def previous_statement(village: Unit, matter: str, before: Any, exclude: int | None = None):
    """The village's latest statement item of ``matter`` ending before ``before`` (withdrawn
    items left out), or None."""
    qs = (
        Item.objects.filter(village=village, matter=matter, period_end__lt=before)
        .exclude(statement=None)
        .exclude(state=State.WITHDRAWN)
        .order_by("-period_end", "-pk")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.only("statement", "period_end").first()


def previous_closing_fen(village: Unit, matter: str, before: Any, exclude: int | None = None):
    """The closing balance of the previous statement (what a new one's opening carries)."""
    previous = previous_statement(village, matter, before, exclude)
    return None if previous is None else (previous.statement or {}).get("closing_balance_fen")


def _check_opening(village: Unit, fields: dict[str, Any], exclude: int | None = None) -> None:
    """S4: the opening balance is the closing balance of the statement of the period just
    before (a month still missing in between is no basis for the check)."""
    if fields.get("statement") is None:
        return
    previous = previous_statement(village, fields["matter"], fields["period_start"], exclude)
    if previous is None or previous.period_end != fields["period_start"] - timedelta(days=1):
        return
    check_opening(
        parse_statement(fields["statement"]),
        (previous.statement or {}).get("closing_balance_fen"),
    )


def item_create(*, actor: Any, village: Unit, content: Content) -> Item:
    """Write a new draft for a village under the current catalogue."""
    if village.level != Level.VILLAGE:
        raise InvalidInput(gettext_noop("Disclosures belong to a village."), field="village")
    require_write(actor, village.path, DISCLOSURE)
    catalogue = catalogue_store.stored_current_version()  # the item points at it
    fields = clean_content(catalogue, content)
    _check_opening(village, fields)
    with transaction.atomic():
        item = Item.objects.create(
            village=village,
            unit_path=village.path,
            catalogue=catalogue,
            created_by=actor,
            **fields,
        )
        audit_log(actor=actor, action=ITEM["create"], obj=item, changes={"title": ["", item.title]})
    return item


def item_update(*, actor: Any, item: Item, content: Content) -> Item:
    """Change a draft or a returned item (a published one is amended, never edited)."""
    _require_clerk(actor, item)
    with transaction.atomic():
        item = _locked(item)
        _check(item, "update")
        fields = clean_content(item.catalogue, content, item.people)
        _check_opening(item.village, fields, item.pk)
        before = {k: getattr(item, k) for k in ("title", "matter", "period_start", "period_end")}
        for key, value in fields.items():
            setattr(item, key, value)
        item.save(update_fields=[*fields, "updated_at"])
        after = {k: getattr(item, k) for k in before}
        audit_log(
            actor=actor,
            action=ITEM["update"],
            obj=item,
            changes={k: [before[k], after[k]] for k in before},
        )
    return item


def item_attach(
    *, actor: Any, item: Item, name: str, content: bytes, no_card_confirmed: bool = False
) -> Attachment:
    """Add a PDF, JPEG or PNG to a draft (type from the bytes, images re-encoded).

    A picture, or a PDF without text, is added only when the clerk confirms that it shows no ID
    card and no bank card (``no_card_confirmed``, recorded in the audit): no scanner reads them.
    """
    _require_clerk(actor, item)
    clean = clean_upload(name, content)
    unreadable = clean.extension != "pdf" or not pdf_text(clean.content).strip()
    if unreadable and not no_card_confirmed:
        raise InvalidInput(NO_CARD_UNCONFIRMED, {"name": clean.name}, field="no_card_confirmed")
    with transaction.atomic():
        item = _locked(item)
        _check(item, "attach")
        attachment = Attachment(
            item=item,
            name=clean.name,
            content_type=clean.content_type,
            extension=clean.extension,
            size=len(clean.content),
            sha256=clean.sha256,
        )
        attachment.file.save(clean.name, ContentFile(clean.content), save=False)
        # The file is written before the row; if the row fails the orphan is harmless (same hash
        # = same content), and no row ever points at a missing file.
        attachment.save()
        confirmed = " (confirmed: no ID card, no bank card)" if unreadable else ""
        note = f"{clean.name} sha256 {clean.sha256}{confirmed}"
        audit_log(actor=actor, action=ITEM["attach"], obj=item, note=note)
    return attachment


NO_CARD_UNCONFIRMED = gettext_noop(
    "Look at %(name)s and confirm that it shows no ID card and no bank card: no program can "
    "read them in a picture."
)


def item_detach(*, actor: Any, item: Item, attachment: Attachment) -> None:
    """Remove a file from a draft (the row stays, marked removed)."""
    _require_clerk(actor, item)
    with transaction.atomic():
        item = _locked(item)
        _check(item, "detach")
        Attachment.objects.filter(pk=attachment.pk, item=item).update(removed=True)
        audit_log(actor=actor, action=ITEM["detach"], obj=item, note=attachment.name)


def item_submit(*, actor: Any, item: Item) -> Item:
    """Send a draft to the town for review, refusing any ID number in clear (X1)."""
    _require_clerk(actor, item)
    with transaction.atomic():
        item = _locked(item)
        _check(item, "submit")
        refuse_clear_ids(item)
        _move(actor, item, "submit")
    transaction.on_commit(lambda: schedules.notify_submitted(item.pk))
    return item


def item_approve(*, actor: Any, item: Item) -> Item:
    """The town approves a submitted item; the village may then publish it."""
    _require_reviewer(actor, item)
    with transaction.atomic():
        item = _locked(item)
        _move(actor, item, "approve", return_reason="")
    return item


def item_return(*, actor: Any, item: Item, reason: str) -> Item:
    """The town returns a submitted item to the village with a reason."""
    _require_reviewer(actor, item)
    reason = _reason(reason)
    with transaction.atomic():
        item = _locked(item)
        _move(actor, item, "return", reason, return_reason=reason)
    return item


def item_amend(*, actor: Any, item: Item, reason: str, content: Content) -> Item:
    """Start a new version of a published item; it goes through review again before it shows."""
    _require_clerk(actor, item)
    reason = _reason(reason)
    with transaction.atomic():
        item = _locked(item)
        _check(item, "amend")
        fields = clean_content(item.catalogue, content, item.people)
        _check_opening(item.village, fields, item.pk)
        if fields["matter"] != item.matter:
            raise InvalidInput(
                gettext_noop("An amendment keeps the matter; withdraw and write a new item."),
                field="matter",
            )
        _move(actor, item, "amend", reason, **fields, amendment_reason=reason)
    return item


def item_withdraw(*, actor: Any, item: Item, reason: str, personal_data: bool = False) -> Item:
    """Take a published item off the lists; its page and versions stay, with the reason.

    Its files stop being served at once (the file page says when and why). A take-down for
    personal data (``personal_data``, by the village or the town above it) also erases the
    stored files: the ledger keeps only their hashes (issue 11 §3).
    """
    if personal_data:
        _require_clerk_or_reviewer(actor, item)
    else:
        _require_clerk(actor, item)
    reason = _reason(reason)
    with transaction.atomic():
        item = _locked(item)
        if not item.is_public:
            raise WrongState(
                states.ITEM.refusal("withdraw"), {"title": item.title}, code="wrong_state"
            )
        erased = _erase_files(item) if personal_data else []
        note = f"{reason} (files erased, sha256: {', '.join(erased)})" if erased else reason
        _move(
            actor,
            item,
            "take_down" if personal_data else "withdraw",
            note,
            withdrawal_reason=reason,
            withdrawn_at=timezone.now(),
        )
        _ledger(
            kind="disclosure_take_down" if personal_data else "disclosure_withdrawal",
            item=item,
            version=item.published_version,
            content={
                "item": item.pk,
                "withdrawn_at": item.withdrawn_at.isoformat(),
                "reason": reason,
            },
            attachments=(),
        )
        _touch_village(item.village_id)
    return item


def _require_clerk_or_reviewer(actor: Any, item: Item) -> None:
    if not can_write(actor, item.unit_path, DISCLOSURE_REVIEW):
        _require_clerk(actor, item)


def _erase_files(item: Item) -> list[str]:
    """Delete the stored bytes of the item's files; return their hashes (kept in the ledger).

    Files are stored by content hash: bytes another item still uses are left for that item.
    """
    erased = []
    for attachment in item.attachments.exclude(file=""):
        path = attachment.file.name
        shared = Attachment.objects.filter(file=path).exclude(item=item).exists()
        if not shared:
            attachment.file.storage.delete(path)
        Attachment.objects.filter(pk=attachment.pk).update(file="", removed=True)
        erased.append(attachment.sha256)
    return erased


# --- publication ----------------------------------------------------------------------------


#: Lists that publish only what their rule requires. The 低保 and relief lists: the recipient's
#: name, group and amount (最低生活保障审核确认办法, 民政部 2021: names and amounts are made
#: public; no phone, bank account or note is needed for a villager to check the list).
LIST_FIELDS = {"subsidies_and_relief": ("group",)}


def public_people(
    rows: list[dict[str, Any]], profile: str, matter: str = ""
) -> list[dict[str, Any]]:
    """§7: phones 3+4, bank accounts last 4, other numbers masked; names per the profile."""
    out = []
    keys = LIST_FIELDS.get(matter, ("group", "phone", "bank_account", "note"))
    for row in rows:
        name = row.get("name", "")
        public = {k: mask_text(str(row.get(k, ""))) for k in keys}
        public["name"] = surname_mou(name) if profile == "surname_only" and name else name
        if "amount_fen" in row:
            public["amount_fen"] = row["amount_fen"]
        out.append(public)
    return out


def _public_statement(statement: dict[str, Any] | None) -> dict[str, Any] | None:
    if statement is None:
        return None
    lines = [{**line, "name": mask_text(line.get("name", ""))} for line in statement["lines"]]
    return {**statement, "lines": lines}


def item_publish(*, actor: Any, item: Item) -> ItemVersion:
    """Publish an approved item as its next version, masked, and append it to the ledger."""
    _require_clerk(actor, item)
    with transaction.atomic():
        item = _locked(item)
        _check(item, "publish", code="not_approved")
        refuse_clear_ids(item)
        version = _snapshot(actor, item)
        now = version.published_at
        _move(
            actor,
            item,
            "publish",
            f"version {version.number}",
            published_version=version.number,
            first_published_at=item.first_published_at or now,
            last_published_at=now,
            amendment_reason="",
            search_tokens=search.tokens_for(
                version.title,
                search.plain_text(version.body),
                _people_text(version.people),
                _statement_text(version.statement),
            ),
        )
        version.ledger_entry_id = _ledger(
            kind="disclosure_version",
            item=item,
            version=version.number,
            content=ledger_content(version, item),
            attachments=_attachment_bytes(item),
            announce={"item": item, "version": version, "actor": actor},  # e.g. a case's step
        )
        if version.ledger_entry_id is not None:
            version.save(update_fields=["ledger_entry_id"])
        schedules.mark_published(item, local_today())
        _touch_village(item.village_id)
    return version


def _attachment_bytes(item: Item) -> tuple[tuple[str, bytes], ...]:
    out = []
    for attachment in item.attachments.filter(removed=False).order_by("pk"):
        with attachment.file.open("rb") as handle:
            out.append((attachment.name, handle.read()))
    return tuple(out)


def _statement_text(statement: dict[str, Any] | None) -> str:
    """The statement's lines for search: account codes and names (a villager looks for 管理费用
    or 541 as well as for the item's title)."""
    lines = (statement or {}).get("lines", [])
    return " ".join(f"{x.get('account', '')} {x.get('name', '')}" for x in lines)


def _people_text(rows: list[dict[str, Any]]) -> str:
    return " ".join(f"{r.get('name', '')} {r.get('group', '')} {r.get('note', '')}" for r in rows)


def _snapshot(actor: Any, item: Item) -> ItemVersion:
    profile = catalogue_store.parsed(item.catalogue).matter(item.matter).masking_profile
    attachments = [
        {
            "id": a.pk,
            "name": a.name,
            "sha256": a.sha256,
            "size": a.size,
            "content_type": a.content_type,
        }
        for a in item.attachments.filter(removed=False).order_by("pk")
    ]
    return ItemVersion.objects.create(
        item=item,
        number=item.published_version + 1,
        catalogue=item.catalogue,
        category=item.category,
        matter=item.matter,
        period_start=item.period_start,
        period_end=item.period_end,
        title=mask_text(item.title),
        body=mask_text(item.body),
        statement=_public_statement(item.statement),
        people=public_people(item.people, profile, item.matter),
        attachments=attachments,
        reason=item.amendment_reason if item.published_version else "",
        published_at=timezone.now(),
        published_by=actor,
    )


def ledger_content(version: ItemVersion, item: Item) -> dict[str, Any]:
    """The canonical record of a published version (what the ledger hashes)."""
    return {
        "village": item.village.code,
        "item": item.pk,
        "version": version.number,
        "catalogue": f"{item.catalogue.region} {item.catalogue.version}",
        "module": item.module,
        "category": version.category,
        "matter": version.matter,
        "period": [version.period_start.isoformat(), version.period_end.isoformat()],
        "title": version.title,
        "body": version.body,
        "statement": version.statement,
        "people": version.people,
        "attachments": [{"name": a["name"], "sha256": a["sha256"]} for a in version.attachments],
        "reason": version.reason,
        "published_at": version.published_at.isoformat(),
    }


def _ledger(
    *, kind: str, item: Item, version: int, content: dict, attachments, announce=None
) -> int | None:
    """Append to the public record inside the caller's transaction (core.writes.publish)."""
    return writes.publish(
        announce=announce,
        kind=kind,
        obj=item,
        object_type="disclosure.item",
        version=version,
        content=content,
        attachments=attachments,
        unit_path=item.unit_path,
        unit_code=item.village.code,
    )


def _touch_village(village_id: int) -> None:
    """Move the village's page validator forward (ETag, Last-Modified, feed)."""
    now = timezone.now()
    updated = VillageStamp.objects.filter(village_id=village_id).update(
        changed_at=now, changes=F("changes") + 1
    )
    if not updated:
        VillageStamp.objects.create(village_id=village_id, changed_at=now, changes=1)


def notices_mark_read(*, actor: Any, notice_ids: list[int] | None = None) -> int:
    """Mark the actor's own unread notices read (all of them when ``notice_ids`` is None).

    A notice belongs to its recipient alone: nobody marks another person's notices, so the
    filter on the recipient is the permission check. Reading leaves no audit row (nothing
    changes for anyone else). Returns how many notices were marked.
    """
    from openvillage.disclosure.models import Notice

    unread = Notice.objects.filter(recipient=actor, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
