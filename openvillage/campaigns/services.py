"""Writes of the campaigns app: launch, registers, red flags, the seven steps (one write path).

Each write checks the actor's scope and role (core.permissions), writes, audits once, in one
transaction. Red flags are advice: they never block a write nor change a contract's state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from openvillage.campaigns import store
from openvillage.campaigns.audit_actions import CAMPAIGN, CARD, CONTRACT
from openvillage.campaigns.audit_actions import ITEM as ITEM_AUDIT
from openvillage.campaigns.models import (
    Campaign,
    CampaignVillage,
    CardReason,
    ChainLevel,
    CleanupStatus,
    Contract,
    DecisionStatus,
    DeclaredRelative,
    FlagRun,
    IdleAsset,
    Item,
    RedCard,
    RedFlag,
    Responsibility,
    Step,
    StepRecord,
    Target,
    VillageCount,
)
from openvillage.campaigns.rules import redflags, steps
from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.idnumbers import protect_id_number
from openvillage.core.text import clean_text_value, gettext_noop
from openvillage.core.writes import locked, transition
from openvillage.org.models import Level, Term, Unit

# --- campaign --------------------------------------------------------------------------------


def campaign_launch(
    *,
    actor: Any,
    county: Unit,
    name: str,
    starts_on: date,
    ends_on: date,
    villages: Sequence[Unit],
    pilots: Sequence[Unit] = (),
    targets: Sequence[str] = tuple(Target.values),
    region: str = "default",
    chain: Sequence[tuple[str, Unit, str]] = (),
) -> Campaign:
    """Launch a campaign of ``county`` over ``villages`` (pilots first) with its chain."""
    permissions.require_write(actor, county.path, permissions.CAMPAIGN_LAUNCH)
    name = clean_text_value(name, field="name")
    if not name:
        raise InvalidInput(gettext_noop("Give the campaign a name."), field="name")
    if ends_on < starts_on:
        raise InvalidInput(
            gettext_noop("The campaign cannot end before it starts."), field="ends_on"
        )
    unknown = [t for t in targets if t not in Target.values]
    if unknown or not targets:
        raise InvalidInput(
            gettext_noop("Choose at least one of the five targets."), field="targets"
        )
    outside = [v for v in (*villages, *pilots) if not v.path.startswith(county.path)]
    if outside or any(v.level != Level.VILLAGE for v in villages):
        raise InvalidInput(
            gettext_noop("Every village must be a village of this county."), field="villages"
        )
    settings, _sha = store.current(region)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            county=county,
            name=name,
            region=region,
            targets=list(targets),
            starts_on=starts_on,
            ends_on=ends_on,
            weights=dict(settings.weights),
            min_items=settings.min_items,
            created_by=actor,
        )
        pilot_ids = {p.pk for p in pilots}
        CampaignVillage.objects.bulk_create(
            CampaignVillage(campaign=campaign, village=v, pilot=v.pk in pilot_ids)
            for v in {v.pk: v for v in (*villages, *pilots)}.values()
        )
        for level, unit, person in chain:
            if level not in ChainLevel.values or not unit.path.startswith(county.path):
                raise InvalidInput(gettext_noop("A link of the chain is not valid."), field="chain")
            Responsibility.objects.create(
                campaign=campaign, level=level, unit=unit, person_name=person[:60]
            )
        audit_log(
            actor=actor,
            action=CAMPAIGN["launch"],
            obj=campaign,
            unit_path=county.path,
            changes={"name": ["", name], "villages": [0, len(villages) + len(pilots)]},
        )
    return campaign


# --- cadre relation by identity --------------------------------------------------------------


def cadre_hashes(village: Unit, on: date | None = None) -> frozenset[str]:
    """ID hashes of the village's serving cadres and of the relatives they declared."""
    on = on or local_today()
    serving = set(
        Term.objects.filter(village=village, started_on__lte=on)
        .exclude(ended_on__lt=on)
        .exclude(person__id_hash__isnull=True)
        .values_list("person__id_hash", flat=True)
    )
    relatives = set(
        DeclaredRelative.objects.filter(village=village, cadre_id_hash__in=serving).values_list(
            "relative_id_hash", flat=True
        )
    )
    return frozenset(serving | relatives)


# --- contracts -------------------------------------------------------------------------------


@dataclass
class ContractInput:
    """A contract as entered or imported (money in fen, dates parsed, ID number clear)."""

    number: str
    kind: str
    collective_party: str
    counterparty_name: str
    start: date
    end: date
    counterparty_id: str = ""
    outside_party: bool = False
    asset_type: str = ""
    location: str = ""
    use: str = ""
    signed_on: date | None = None
    annual_rent_fen: int = 0
    reference_rent_fen: int | None = None
    written: bool = True
    decision: str = DecisionStatus.NONE
    two_thirds_consent: bool = False
    township_approval: bool = False
    competition: bool = False
    competition_required: bool = False
    parent_end: date | None = None
    clauses_text: str = ""
    missing_clauses: list[str] = field(default_factory=list)
    recovered: bool = False
    payments: list[dict[str, Any]] = field(default_factory=list)


VALUE_FIELDS = (
    "kind",
    "collective_party",
    "counterparty_name",
    "outside_party",
    "asset_type",
    "location",
    "use",
    "signed_on",
    "start",
    "end",
    "annual_rent_fen",
    "reference_rent_fen",
    "written",
    "decision",
    "two_thirds_consent",
    "township_approval",
    "competition",
    "competition_required",
    "parent_end",
    "clauses_text",
    "missing_clauses",
    "recovered",
    "payments",
)


def check_contract_input(data: ContractInput) -> list[tuple[str, str, dict[str, Any]]]:
    """Every fault of one contract as ``(field, message, params)`` (semantics, not syntax)."""
    faults: list[tuple[str, str, dict[str, Any]]] = []
    if not data.number.strip():
        faults.append(("number", gettext_noop("The contract number is missing."), {}))
    if data.kind not in redflags.Kind.__members__.values():
        faults.append(("kind", gettext_noop("This kind of contract is not known."), {}))
    if data.end < data.start:
        faults.append(("end", gettext_noop("The end comes before the start."), {}))
    if data.annual_rent_fen < 0 or (data.reference_rent_fen or 0) < 0:
        faults.append(("annual_rent_fen", gettext_noop("An amount cannot be negative."), {}))
    if data.counterparty_id:
        try:
            protect_id_number(data.counterparty_id)
        except InvalidInput:
            faults.append(("counterparty_id", gettext_noop("This ID number is not valid."), {}))
    return faults


def _values(data: ContractInput) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in VALUE_FIELDS}
    values["clauses_text"] = clean_text_value(data.clauses_text, field="clauses_text")
    values["counterparty_name"] = clean_text_value(data.counterparty_name, field="counterparty")
    if data.counterparty_id:
        protected = protect_id_number(data.counterparty_id)
        values["counterparty_id_hash"] = protected.hash
        values["counterparty_id_masked"] = protected.masked
    return values


def contract_save(
    *, actor: Any, village: Unit, data: ContractInput, found_by: str = FlagRun.ENTRY
) -> Contract:
    """Register a contract or update it in place by its number; flag it (advice only)."""
    permissions.require_write(actor, village.path, permissions.CAMPAIGNS)
    faults = check_contract_input(data)
    if faults:
        name, message, params = faults[0]
        raise InvalidInput(message, params, field=name)
    with transaction.atomic():
        contracts, created = contracts_upsert(village, [data])
        contract = contracts[0]
        audit_log(
            actor=actor,
            action=CONTRACT["create" if created else "update"],
            obj=contract,
            unit_path=village.path,
            changes={"number": ["" if created else contract.number, contract.number]},
        )
        flags_refresh(village, [contract], found_by=found_by)
    return contract


def contracts_upsert(village: Unit, rows: Sequence[ContractInput]) -> tuple[list[Contract], int]:
    """Create or update contracts of one village by number; return them and how many are new.

    Items, steps and history point at the contract row, which is updated in place, so a
    re-import keeps them. The cadre relation is resolved from the ID hash, never the name.
    """
    cadres = cadre_hashes(village)
    existing = {
        c.number: c
        for c in Contract.objects.filter(village=village, number__in=[r.number for r in rows])
    }
    out, new = [], []
    for data in rows:
        contract = existing.get(data.number)
        if contract is None:
            contract = Contract(village=village, unit_path=village.path, number=data.number)
            new.append(contract)
        for name, value in _values(data).items():
            setattr(contract, name, value)
        # A blank ID keeps the one on file (an export shows it masked, never clear).
        contract.cadre_relation = bool(contract.counterparty_id_hash) and (
            contract.counterparty_id_hash in cadres
        )
        out.append(contract)
    Contract.objects.bulk_create(new, batch_size=500)
    changed = [c for c in out if c not in new]
    if changed:
        fields = [*VALUE_FIELDS, "cadre_relation", "counterparty_id_hash", "counterparty_id_masked"]
        Contract.objects.bulk_update(changed, fields, batch_size=500)
    if new and new[0].pk is None:  # backends that do not return keys from bulk_create
        by_number = dict(
            Contract.objects.filter(
                village=village, number__in=[c.number for c in new]
            ).values_list("number", "pk")
        )
        for c in new:
            c.pk = by_number[c.number]
    return out, len(new)


# --- red flags -------------------------------------------------------------------------------


def _payments(raw: Iterable[dict[str, Any]]) -> tuple[redflags.Payment, ...]:
    return tuple(
        redflags.Payment(
            due=p["due"] if isinstance(p["due"], date) else date.fromisoformat(p["due"]),
            amount_fen=int(p["amount_fen"]),
            paid_fen=int(p.get("paid_fen", 0)),
        )
        for p in raw
    )


def rule_contract(contract: Contract) -> redflags.Contract:
    """The pure rule module's view of a stored contract."""
    return redflags.Contract(
        id=contract.pk,
        kind=redflags.Kind(contract.kind),
        start=contract.start,
        end=contract.end,
        written=contract.written,
        decision=redflags.Decision(contract.decision),
        outside_party=contract.outside_party,
        two_thirds_consent=contract.two_thirds_consent,
        township_approval=contract.township_approval,
        competition=contract.competition,
        competition_required=contract.competition_required,
        annual_rent_fen=contract.annual_rent_fen,
        reference_rent_fen=contract.reference_rent_fen,
        parent_end=contract.parent_end,
        clauses_text=contract.clauses_text,
        recovered=contract.recovered,
        cadre_relation=contract.cadre_relation,
        missing_clauses=tuple(contract.missing_clauses or ()),
        payments=_payments(contract.payments or ()),
    )


def flags_refresh(
    village: Unit,
    contracts: Sequence[Contract],
    *,
    found_by: str,
    today: date | None = None,
    region: str | None = None,
) -> int:
    """Run RF1-RF15 over ``contracts``, bring their flags up to date; return how many hold.

    A flag found again with the same severity and data keeps its row (and the day and the way it
    was first found); a changed one is replaced, one that no longer holds is removed. Arrears and
    lawful end are saved where they changed. Call inside a transaction.
    """
    today = today or local_today()
    settings, sha = store.current(region)
    findings = redflags.check_register(
        [rule_contract(c) for c in contracts], today, settings.params()
    )
    held: dict[int, dict[str, RedFlag]] = {}
    for old in RedFlag.objects.filter(contract__in=[c.pk for c in contracts]).only(
        "pk", "contract_id", "rule", "severity", "detail"
    ):
        held.setdefault(old.contract_id, {})[old.rule] = old
    stale: list[int] = []
    rows: list[RedFlag] = []
    moved: list[Contract] = []
    found = 0
    for contract, finding in zip(contracts, findings, strict=True):
        if (contract.arrears_fen, contract.lawful_end) != (finding.arrears_fen, finding.lawful_end):
            contract.arrears_fen, contract.lawful_end = finding.arrears_fen, finding.lawful_end
            moved.append(contract)
        have = held.get(contract.pk, {})
        found += len(finding.flags)
        for flag in finding.flags:
            old = have.pop(flag.rule, None)
            if old is not None and (old.severity, old.detail) == (flag.severity, flag.detail):
                continue
            if old is not None:
                stale.append(old.pk)
            rows.append(
                RedFlag(village_id=contract.village_id, unit_path=contract.unit_path,
                        contract=contract, rule=flag.rule, severity=flag.severity,
                        detail=flag.detail, ruleset_sha=sha, found_by=found_by, found_on=today)
            )  # fmt: skip
        stale.extend(old.pk for old in have.values())
    if stale:
        RedFlag.objects.filter(pk__in=stale).delete()
    if moved:
        _save_computed(moved)
    _insert_flags(rows)
    return found


def _save_computed(contracts: Sequence[Contract]) -> None:
    """Store the computed arrears and lawful end of ``contracts``: one prepared UPDATE run for
    every row (executemany). ``bulk_update`` builds a ``CASE WHEN pk = ...`` expression per row
    and field, which took half of the first nightly run over 100,000 contracts; this writes the
    same two fields, in the caller's transaction, on the database the router writes to."""
    from django.db import connections, router

    connection = connections[router.db_for_write(Contract)]
    arrears, lawful_end = (Contract._meta.get_field(name) for name in ("arrears_fen", "lawful_end"))
    quote = connection.ops.quote_name
    sql = (  # names from the model's schema, values as parameters
        f"UPDATE {quote(Contract._meta.db_table)} SET {quote(arrears.column)} = %s, "  # noqa: S608
        f"{quote(lawful_end.column)} = %s WHERE {quote(Contract._meta.pk.column)} = %s"
    )
    rows = [
        (c.arrears_fen, lawful_end.get_db_prep_save(c.lawful_end, connection), c.pk)
        for c in contracts
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


FLAG_COLUMNS = ("village", "unit_path", "contract", "rule", "severity", "detail", "ruleset_sha",
                "found_by", "found_on")  # fmt: skip


def _insert_flags(flags: Sequence[RedFlag]) -> None:
    """Insert new flags with one prepared INSERT run for every row (executemany): the first
    night writes a flag row for about three contracts in ten, and ``bulk_create`` spent most
    of its time compiling each row's values. Each value is prepared by its field, as Django's
    own insert does; no key is read back (the nightly run needs none)."""
    from django.db import connections, router

    if not flags:
        return
    connection = connections[router.db_for_write(RedFlag)]
    fields = [RedFlag._meta.get_field(name) for name in FLAG_COLUMNS]
    quote = connection.ops.quote_name
    sql = (  # names from the model's schema, values as parameters
        f"INSERT INTO {quote(RedFlag._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [
        tuple(f.get_db_prep_save(getattr(flag, f.attname), connection) for f in fields)
        for flag in flags
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def flags_by_rule(contracts: Sequence[Contract]) -> dict[str, int]:
    """How many of ``contracts`` hold a flag of each rule (after a refresh)."""
    from django.db.models import Count

    rows = (
        RedFlag.objects.filter(contract__in=[c.pk for c in contracts])
        .values("rule")
        .annotate(n=Count("contract", distinct=True))
    )
    return {row["rule"]: row["n"] for row in rows}


def idle_flags_refresh(village: Unit, *, found_by: str, today: date | None = None) -> int:
    """RF16: collective property occupied without any contract (error)."""
    today = today or local_today()
    RedFlag.objects.filter(village=village, idle_asset__isnull=False).delete()
    rows = [
        RedFlag(
            village=village,
            unit_path=village.path,
            idle_asset=asset,
            rule="RF16",
            severity=redflags.ERROR,
            detail={"occupied_without_contract": True, "number": asset.number},
            found_by=found_by,
            found_on=today,
        )
        for asset in IdleAsset.objects.filter(village=village, occupied_without_contract=True)
    ]
    RedFlag.objects.bulk_create(rows)
    return len(rows)


def nightly_flags(today: date | None = None, chunk: int = 2000) -> int:
    """The nightly run over every register, one village at a time; return the flags found."""
    found = 0
    for village in Unit.objects.filter(level=Level.VILLAGE).order_by("pk"):
        ids = list(Contract.objects.filter(village=village).values_list("pk", flat=True))
        for start in range(0, len(ids), chunk):
            with transaction.atomic():
                batch = list(Contract.objects.filter(pk__in=ids[start : start + chunk]))
                found += flags_refresh(village, batch, found_by=FlagRun.NIGHTLY, today=today)
        with transaction.atomic():
            found += idle_flags_refresh(village, found_by=FlagRun.NIGHTLY, today=today)
    return found


# --- items and the seven steps ---------------------------------------------------------------


def item_create(*, actor: Any, campaign: Campaign, contract: Contract) -> Item:
    """Put a contract on the campaign's list (once per campaign)."""
    village = contract.village
    permissions.require_write(actor, village.path, permissions.CAMPAIGNS)
    if not campaign.villages.filter(village=village).exists():
        raise InvalidInput(
            gettext_noop("This village does not take part in the campaign."), field="village"
        )
    with transaction.atomic():
        item, created = Item.objects.get_or_create(
            campaign=campaign,
            contract=contract,
            defaults={
                "village": village,
                "unit_path": village.path,
                "target": Target.CONTRACTS,
                "title": contract.number,
            },
        )
        if created:
            count_move(campaign.pk, village.pk, None, item.state)
            audit_log(actor=actor, action=ITEM_AUDIT["create"], obj=item, unit_path=village.path)
    return item


STEP_DOMAIN = {
    steps.CLASSIFICATION: permissions.CAMPAIGN_LEGAL,
    steps.CLOSED: permissions.CAMPAIGN_CHECK,
}


def _require_outsider(actor: Any, village: Unit) -> None:
    """G2: the closure check is made by someone outside the village's two committees."""
    unit = getattr(actor, "unit", None)
    if unit is not None and unit.pk == village.pk:
        raise NotAllowed(
            gettext_noop("Closure must be checked by someone outside the village's two committees.")
        )


@dataclass(frozen=True)
class StepInput:
    step: str
    done_on: date
    person: str
    evidence: str
    opinion: str = ""
    cleanup_status: str = ""
    power_code: str = "major_decision"
    open_case: bool = False


def _check_step_input(data: StepInput) -> None:
    if data.done_on > local_today():
        raise InvalidInput(gettext_noop("The date cannot be in the future."), field="done_on")
    if not data.person.strip():
        raise InvalidInput(gettext_noop("Name the person who did this step."), field="person")
    if not data.evidence.strip():
        raise InvalidInput(gettext_noop("Describe the evidence of this step."), field="evidence")
    if data.step == steps.CLASSIFICATION:
        if not data.opinion.strip():
            raise InvalidInput(
                gettext_noop("Step 3 needs the legal adviser's opinion."), field="opinion"
            )
        if data.cleanup_status not in CleanupStatus.values:
            raise InvalidInput(gettext_noop("Choose the clean-up status."), field="cleanup_status")


def item_step(*, actor: Any, item: Item, data: StepInput) -> Item:
    """Record one step of an item with date, person and evidence (G1 order, G2 closure)."""
    village = item.village
    if data.step not in steps.STEPS:
        raise InvalidInput(gettext_noop("This step is not known."), field="step")
    permissions.require_write(
        actor, village.path, STEP_DOMAIN.get(data.step, permissions.CAMPAIGNS)
    )
    if data.step == steps.CLOSED:
        _require_outsider(actor, village)
    _check_step_input(data)
    with transaction.atomic():
        item = locked(item)
        before = item.state
        changes: dict[str, Any] = {}
        if data.step == steps.PLAN_DECISION and data.open_case:
            changes["decision_case_id"] = _open_case(actor, item, data).pk
        transition(item, data.step, actor=actor, table=steps.ITEM, changes=changes,
                   unit_path=village.path)  # fmt: skip
        count_move(item.campaign_id, village.pk, before, item.state)
        StepRecord.objects.create(
            item=item,
            step=data.step,
            done_on=data.done_on,
            person=clean_text_value(data.person, field="person")[:60],
            evidence=clean_text_value(data.evidence, field="evidence"),
            opinion=clean_text_value(data.opinion, field="opinion"),
            checked_by_outsider=data.step == steps.CLOSED,
            recorded_by=actor,
        )
        _apply_to_register(item, data)
    return item


def _open_case(actor: Any, item: Item, data: StepInput) -> Any:
    """Step 4: the plan is adopted through the power list's procedure (decisions' services)."""
    from openvillage.decisions.services.cases import case_open

    amount = None
    if item.contract is not None:
        amount = item.contract.annual_rent_fen // 100  # the power list counts in yuan
    return case_open(
        actor=actor,
        village=item.village,
        power_code=data.power_code,
        amount=amount,
        description=f"五清强基：{item.title}",
    )


def _apply_to_register(item: Item, data: StepInput) -> None:
    contract = item.contract
    if contract is None:
        return
    if data.step == steps.CLASSIFICATION:
        contract.cleanup_status = data.cleanup_status
        contract.save(update_fields=["cleanup_status", "updated_at"])
    elif data.step == steps.PLAN_DECISION and item.decision_case_id:
        contract.decision_case_id = item.decision_case_id
        contract.decision = DecisionStatus.IN_PROGRESS
        contract.save(update_fields=["decision_case_id", "decision", "updated_at"])
    elif data.step == steps.CLOSED:
        contract.cleanup_status = CleanupStatus.RESOLVED
        contract.save(update_fields=["cleanup_status", "updated_at"])


def items_for(campaign: Campaign, contracts: Sequence[Contract]) -> int:
    """Put imported contracts on the campaign's list (those not on it yet); return how many."""
    have = set(
        Item.objects.filter(campaign=campaign, contract__in=[c.pk for c in contracts]).values_list(
            "contract_id", flat=True
        )
    )
    new = [
        Item(
            campaign=campaign,
            village_id=c.village_id,
            unit_path=c.unit_path,
            target=Target.CONTRACTS,
            title=c.number,
            contract=c,
        )
        for c in contracts
        if c.pk not in have
    ]
    Item.objects.bulk_create(new, batch_size=500)
    per_village: dict[int, int] = {}
    for item in new:
        per_village[item.village_id] = per_village.get(item.village_id, 0) + 1
    for village_id, n in per_village.items():
        count_move(campaign.pk, village_id, None, steps.REGISTERED, n)
    return len(new)


def count_move(
    campaign_id: int, village_id: int, source: str | None, target: str, n: int = 1
) -> None:
    """Move ``n`` items of a village from ``source`` (None: new) to ``target`` in the counts."""
    from django.db.models import F

    for state, delta in ((source, -n), (target, n)):
        if state is None:
            continue
        row, _created = VillageCount.objects.get_or_create(
            campaign_id=campaign_id, village_id=village_id, state=state
        )
        VillageCount.objects.filter(pk=row.pk).update(n=F("n") + delta)


def counts_rebuild(campaign: Campaign) -> int:
    """Recount a campaign's items per village and step from the items (repair, or after a bulk
    load); return the rows written."""
    from django.db.models import Count

    with transaction.atomic():
        VillageCount.objects.filter(campaign=campaign).delete()
        rows = [
            VillageCount(campaign=campaign, village_id=r["village_id"], state=r["state"], n=r["n"])
            for r in Item.objects.filter(campaign=campaign)
            .values("village_id", "state")
            .annotate(n=Count("id"))
        ]
        VillageCount.objects.bulk_create(rows)
    return len(rows)


# --- publication of a closed item ------------------------------------------------------------

RESULT_MATTER = "contracts"  # the catalogue's matter for collective contracts


def item_result_submit(*, actor: Any, item: Item) -> Any:
    """Submit a closed item's result to the town as a disclosure (the disclosure services).

    The town approves it and the village publishes it to the public record, as every
    disclosure; the counterparty appears masked (surname only), never with an ID number.
    """
    from openvillage.core.masking import surname_mou
    from openvillage.disclosure import services as disclosure

    village = item.village
    permissions.require_write(actor, village.path, permissions.CAMPAIGNS)
    with transaction.atomic():
        item = locked(item)
        if item.state != steps.CLOSED:
            raise WrongState(
                gettext_noop(
                    "Only a closed item publishes its result; this one is at “%(state)s”."
                ),
                {"state": Step(item.state).label},
            )
        if item.disclosure_item_id is not None:
            return item.disclosure_item_id
        records = list(item.records.order_by("done_on", "id"))
        lines = [f"<p>{r.get_step_display()}：{r.done_on:%Y-%m-%d}</p>" for r in records]
        contract = item.contract
        if contract is not None:
            who = surname_mou(contract.counterparty_name)
            status = contract.get_cleanup_status_display()
            lines.insert(
                0, f"<p>合同编号：{contract.number}；承包方：{who}；清理结果：{status}</p>"
            )
        content = disclosure.Content(
            matter=RESULT_MATTER,
            period_start=records[0].done_on if records else local_today(),
            period_end=local_today(),
            title=f"五清强基清理结果：{item.title}"[:200],
            body="".join(lines),
        )
        published = disclosure.item_create(actor=actor, village=village, content=content)
        disclosure.item_submit(actor=actor, item=published)
        item.disclosure_item_id = published.pk
        item.save(update_fields=["disclosure_item_id", "updated_at"])
    return published.pk


# --- the other registers ---------------------------------------------------------------------


def idle_asset_save(
    *, actor: Any, village: Unit, number: str, asset_type: str, location: str = "",
    idle_since: date | None = None, occupied_without_contract: bool = False,
    expected_income_fen: int = 0,
) -> IdleAsset:  # fmt: skip
    """Register an idle or occupied asset (or update it by its number); RF16 is checked on entry."""
    from openvillage.campaigns.models import IdleAssetType

    permissions.require_write(actor, village.path, permissions.CAMPAIGNS)
    if asset_type not in IdleAssetType.values:
        raise InvalidInput(gettext_noop("Choose the type of the asset."), field="asset_type")
    if expected_income_fen < 0:
        raise InvalidInput(
            gettext_noop("An amount cannot be negative."), field="expected_income_fen"
        )
    with transaction.atomic():
        asset, _created = IdleAsset.objects.update_or_create(
            village=village, number=number.strip()[:60],
            defaults={"unit_path": village.path, "asset_type": asset_type,
                      "location": clean_text_value(location, field="location")[:120],
                      "idle_since": idle_since,
                      "occupied_without_contract": occupied_without_contract,
                      "expected_income_fen": expected_income_fen},
        )  # fmt: skip
        idle_flags_refresh(village, found_by=FlagRun.ENTRY)
    return asset


def arrears_save(
    *, actor: Any, village: Unit, number: str, debtor_name: str, source: str,
    principal_fen: int, due_date: date, recovered_fen: int = 0,
    contract: Contract | None = None,
) -> Any:  # fmt: skip
    """Register money owed to the collective (or update it by its number); fen, never floats."""
    from openvillage.campaigns.models import Arrears, ArrearsSource

    permissions.require_write(actor, village.path, permissions.CAMPAIGNS)
    if source not in ArrearsSource.values:
        raise InvalidInput(gettext_noop("Choose where the debt comes from."), field="source")
    if principal_fen < 0 or recovered_fen < 0:
        raise InvalidInput(gettext_noop("An amount cannot be negative."), field="principal_fen")
    with transaction.atomic():
        arrears, _created = Arrears.objects.update_or_create(
            village=village, number=number.strip()[:60],
            defaults={"unit_path": village.path,
                      "debtor_name": clean_text_value(debtor_name, field="debtor")[:120],
                      "source": source, "principal_fen": principal_fen, "due_date": due_date,
                      "recovered_fen": recovered_fen, "contract": contract},
        )  # fmt: skip
    return arrears


# --- red cards (campaigns.md §7) -------------------------------------------------------------


def red_cards_refresh(campaign: Campaign, today: date | None = None) -> int:
    """Show a card for every finding of the default rules (a) and (b) that has no open card for
    the same reason; return how many were shown. Cards are never withdrawn here: the county
    withdraws a card after a verified catch-up (:func:`red_card_withdraw`)."""
    from openvillage.campaigns.selectors import card_findings

    today = today or local_today()
    open_cards = set(
        RedCard.objects.filter(campaign=campaign, withdrawn_on__isnull=True).values_list(
            "unit_id", "reason"
        )
    )
    shown = 0
    with transaction.atomic():
        for finding in card_findings(campaign, today):
            if (finding.unit.pk, finding.reason) in open_cards:
                continue
            card = RedCard.objects.create(
                campaign=campaign, unit=finding.unit, unit_path=finding.unit.path,
                reason=finding.reason, shown_on=today,
            )  # fmt: skip
            open_cards.add((finding.unit.pk, finding.reason))
            audit_log(actor=None, action=CARD["show"], obj=card,
                      changes={"reason": ["", finding.reason]})  # fmt: skip
            shown += 1
    return shown


def _card_unit(campaign: Campaign, unit: Unit) -> None:
    members = CampaignVillage.objects.filter(campaign=campaign)
    takes_part = members.filter(village=unit).exists() or (
        unit.level == Level.TOWN and members.filter(village__parent=unit).exists()
    )
    if not takes_part:
        raise InvalidInput(
            gettext_noop("A red card goes to a village or town taking part in the campaign."),
            field="unit",
        )


def red_card_show(
    *, actor: Any, campaign: Campaign, unit: Unit, detail: str, today: date | None = None
) -> RedCard:
    """Rule (c): the county shows a red card when a spot check finds false reporting."""
    permissions.require_write(actor, campaign.county.path, permissions.CAMPAIGN_LAUNCH)
    _card_unit(campaign, unit)
    detail = clean_text_value(detail, field="detail").strip()
    if not detail:
        raise InvalidInput(
            gettext_noop("Say what the spot check found false, and where."), field="detail"
        )
    with transaction.atomic():
        if RedCard.objects.filter(
            campaign=campaign, unit=unit, reason=CardReason.FALSE_REPORT, withdrawn_on__isnull=True
        ).exists():
            raise WrongState(gettext_noop("This unit already has a red card for false reporting."))
        card = RedCard.objects.create(
            campaign=campaign, unit=unit, unit_path=unit.path, reason=CardReason.FALSE_REPORT,
            detail=detail[:2000], shown_on=today or local_today(), shown_by=actor,
        )  # fmt: skip
        audit_log(actor=actor, action=CARD["show"], obj=card,
                  changes={"reason": ["", CardReason.FALSE_REPORT]})  # fmt: skip
    return card


def red_card_withdraw(
    *, actor: Any, card: RedCard, catch_up: str, today: date | None = None
) -> RedCard:
    """Withdraw a card after a verified catch-up: the county names what it verified, and a card
    of rule (a) or (b) is withdrawn only once its rule no longer finds the unit."""
    from openvillage.campaigns.selectors import card_findings

    campaign = card.campaign
    permissions.require_write(actor, campaign.county.path, permissions.CAMPAIGN_LAUNCH)
    today = today or local_today()
    catch_up = clean_text_value(catch_up, field="catch_up").strip()
    if not catch_up:
        raise InvalidInput(
            gettext_noop("Describe the catch-up that was verified."), field="catch_up"
        )
    with transaction.atomic():
        card = locked(card)
        if card.withdrawn_on is not None:
            raise WrongState(gettext_noop("This red card is already withdrawn."))
        if card.reason != CardReason.FALSE_REPORT and any(
            f.unit.pk == card.unit_id and f.reason == card.reason
            for f in card_findings(campaign, today)
        ):
            raise WrongState(
                gettext_noop(
                    "The reason for this card still holds (%(reason)s): it is withdrawn after "
                    "the catch-up."
                ),
                {"reason": CardReason(card.reason).label},
            )
        card.withdrawn_on, card.withdrawn_by, card.catch_up = today, actor, catch_up[:2000]
        card.save(update_fields=["withdrawn_on", "withdrawn_by", "catch_up"])
        audit_log(actor=actor, action=CARD["withdraw"], obj=card,
                  changes={"withdrawn_on": ["", today.isoformat()]})  # fmt: skip
    return card


# --- register imports of arrears and idle assets ---------------------------------------------


@dataclass
class ArrearsInput:
    """A debt to the collective as imported (money in fen, ID number clear)."""

    number: str
    debtor_name: str
    source: str
    principal_fen: int
    due_date: date
    debtor_id: str = ""
    contract_number: str = ""
    collectability: str = "normal"
    recovered_fen: int = 0


def check_arrears_input(data: ArrearsInput) -> list[tuple[str, str, dict[str, Any]]]:
    """Every fault of one debt as ``(field, message, params)``."""
    from openvillage.campaigns.models import ArrearsSource, Collectability

    faults: list[tuple[str, str, dict[str, Any]]] = []
    if data.source not in ArrearsSource.values:
        faults.append(("source", gettext_noop("Choose where the debt comes from."), {}))
    if data.collectability not in Collectability.values:
        faults.append(("collectability", gettext_noop("Choose the collectability."), {}))
    if data.recovered_fen > data.principal_fen:
        faults.append(("recovered_fen",
                       gettext_noop("More is recovered than the principal owed."), {}))  # fmt: skip
    if data.debtor_id:
        try:
            protect_id_number(data.debtor_id)
        except InvalidInput:
            faults.append(("debtor_id", gettext_noop("This ID number is not valid."), {}))
    return faults


@dataclass
class IdleAssetInput:
    """An idle or occupied asset as imported (money in fen)."""

    number: str
    asset_type: str
    location: str = ""
    idle_since: date | None = None
    occupied_without_contract: bool = False
    expected_income_fen: int = 0


def arrears_upsert(village: Unit, rows: Sequence[ArrearsInput]) -> list[Any]:
    """Create or update a village's debts by number (items and history point at the row)."""
    from openvillage.campaigns.models import Arrears

    contracts = dict(
        Contract.objects.filter(
            village=village, number__in=[r.contract_number for r in rows if r.contract_number]
        ).values_list("number", "pk")
    )

    def fill(debt: Any, data: ArrearsInput) -> None:
        debt.debtor_name = clean_text_value(data.debtor_name, field="debtor")[:120]
        debt.source, debt.collectability = data.source, data.collectability
        debt.principal_fen, debt.recovered_fen = data.principal_fen, data.recovered_fen
        debt.due_date = data.due_date
        debt.contract_id = contracts.get(data.contract_number)
        if data.debtor_id:  # a blank ID keeps the one on file
            protected = protect_id_number(data.debtor_id)
            debt.debtor_id_hash, debt.debtor_id_masked = protected.hash, protected.masked

    return _upsert_by_number(Arrears, village, rows, fill,
                             ["debtor_name", "source", "collectability", "principal_fen",
                              "recovered_fen", "due_date", "contract", "debtor_id_hash",
                              "debtor_id_masked"])  # fmt: skip


def idle_assets_upsert(village: Unit, rows: Sequence[IdleAssetInput]) -> list[Any]:
    """Create or update a village's idle or occupied assets by number."""

    def fill(asset: Any, data: IdleAssetInput) -> None:
        asset.asset_type = data.asset_type
        asset.location = clean_text_value(data.location, field="location")[:120]
        asset.idle_since = data.idle_since
        asset.occupied_without_contract = data.occupied_without_contract
        asset.expected_income_fen = data.expected_income_fen

    return _upsert_by_number(IdleAsset, village, rows, fill,
                             ["asset_type", "location", "idle_since", "occupied_without_contract",
                              "expected_income_fen"])  # fmt: skip


@dataclass
class SanitationInput:
    """A sanitation check as imported: points per checklist item (rules.sanitation)."""

    number: str
    checked_on: date
    inspector: str
    points: dict[str, int] = field(default_factory=dict)
    problems: str = ""


def sanitation_upsert(village: Unit, rows: Sequence[SanitationInput]) -> list[Any]:
    """Create or update a village's sanitation checks by number; the score is computed."""
    from openvillage.campaigns.models import SanitationCheck
    from openvillage.campaigns.rules import sanitation

    def fill(check: Any, data: SanitationInput) -> None:
        check.checked_on = data.checked_on
        check.inspector = clean_text_value(data.inspector, field="inspector")[:60]
        check.points = {item: data.points[item] for item in sanitation.CHECKLIST}
        check.score = sanitation.score(check.points)
        check.problems = clean_text_value(data.problems, field="problems")

    return _upsert_by_number(
        SanitationCheck,
        village,
        rows,
        fill,
        ["checked_on", "inspector", "points", "score", "problems"],
    )


@dataclass
class PetitionInput:
    """A letters-and-visits case as imported."""

    number: str
    received_on: date
    channel: str
    petitioner_name: str
    category: str
    respondent: str = ""
    accepted_on: date | None = None
    concluded_on: date | None = None
    result: str = ""
    settled: bool = False
    satisfaction: str = "unknown"


def check_petition_input(data: PetitionInput) -> list[tuple[str, str, dict[str, Any]]]:
    """Every fault of one case as ``(field, message, params)``: its dates follow its receipt."""
    faults: list[tuple[str, str, dict[str, Any]]] = []
    for key in ("accepted_on", "concluded_on"):
        value = getattr(data, key)
        if value is not None and value < data.received_on:
            faults.append((key, gettext_noop("This date is before the day the case was "
                                             "received."), {}))  # fmt: skip
    if data.settled and data.concluded_on is None:
        faults.append(("concluded_on", gettext_noop("A settled case has the day it was "
                                                    "concluded."), {}))  # fmt: skip
    return faults


def petitions_upsert(village: Unit, rows: Sequence[PetitionInput]) -> list[Any]:
    """Create or update a village's petition cases by number (items and history stay)."""
    from openvillage.campaigns.models import PetitionCase

    def fill(case: Any, data: PetitionInput) -> None:
        case.received_on, case.channel = data.received_on, data.channel
        case.petitioner_name = clean_text_value(data.petitioner_name, field="petitioner")[:60]
        case.category = clean_text_value(data.category, field="category")[:120]
        case.respondent = clean_text_value(data.respondent, field="respondent")[:120]
        case.accepted_on, case.concluded_on = data.accepted_on, data.concluded_on
        case.result = clean_text_value(data.result, field="result")
        case.settled, case.satisfaction = data.settled, data.satisfaction

    return _upsert_by_number(PetitionCase, village, rows, fill,
                             ["received_on", "channel", "petitioner_name", "category",
                              "respondent", "accepted_on", "concluded_on", "result", "settled",
                              "satisfaction"])  # fmt: skip


def _upsert_by_number(
    model: Any, village: Unit, rows: Sequence[Any], fill: Any, fields: list[str]
) -> list[Any]:
    """Create or update a register's rows of one village by their number: a row on file is
    updated in place (items and history point at it), a new one is created; ``fill`` sets the
    imported values on either. Two bulk writes whatever the number of rows."""
    existing = {
        r.number: r
        for r in model.objects.filter(village=village, number__in=[r.number for r in rows])
    }
    out, new = [], []
    for data in rows:
        record = existing.get(data.number)
        if record is None:
            record = model(village=village, unit_path=village.path, number=data.number)
            new.append(record)
        fill(record, data)
        out.append(record)
    model.objects.bulk_create(new, batch_size=500)
    created = {id(r) for r in new}
    changed = [r for r in out if id(r) not in created]
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=500)
    return _with_keys(model, village, out)


def _with_keys(model: Any, village: Unit, rows: list[Any]) -> list[Any]:
    """Backends that do not return keys from bulk_create: read them back by number."""
    missing = [r for r in rows if r.pk is None]
    if missing:
        keys = dict(
            model.objects.filter(
                village=village, number__in=[r.number for r in missing]
            ).values_list("number", "pk")
        )
        for r in missing:
            r.pk = keys[r.number]
    return rows


def register_items_for(campaign: Campaign, register: str, records: Sequence[Any]) -> int:
    """Put imported debts, assets or petition cases on the campaign's list (those not on it)."""
    field_name = {Target.ARREARS: "arrears", Target.IDLE_ASSETS: "idle_asset",
                  Target.PETITION: "petition"}[register]  # fmt: skip
    have = set(
        Item.objects.filter(
            campaign=campaign, **{f"{field_name}__in": [r.pk for r in records]}
        ).values_list(f"{field_name}_id", flat=True)
    )
    members = set(campaign.villages.values_list("village_id", flat=True))
    new = [
        Item(
            campaign=campaign,
            village_id=r.village_id,
            unit_path=r.unit_path,
            target=register,
            title=r.number,
            **{field_name: r},
        )  # fmt: skip
        for r in records
        if r.pk not in have and r.village_id in members
    ]
    Item.objects.bulk_create(new, batch_size=500)
    per_village: dict[int, int] = {}
    for item in new:
        per_village[item.village_id] = per_village.get(item.village_id, 0) + 1
    for village_id, n in per_village.items():
        count_move(campaign.pk, village_id, None, steps.REGISTERED, n)
    return len(new)
