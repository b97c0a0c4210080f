"""The Five Clears campaign: campaigns, the responsibility chain, the five registers, items and
their steps, red flags (campaigns.md). Money is integer fen; counterparties are stored with the
ID's HMAC hash and masked form only (core.idnumbers), never the clear number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvillage.campaigns.rules import steps
from openvillage.org.models import Unit


class Target(models.TextChoices):
    CONTRACTS = "contracts", _("Clear village contracts")
    ARREARS = "arrears", _("Clear arrears owed to the collective")
    IDLE_ASSETS = "idle_assets", _("Clear idle assets and resources")
    SANITATION = "sanitation", _("Clear the environment and sanitation")
    PETITION = "petition", _("Clear petitions and disputes")


class Campaign(models.Model):
    """A time-boxed clean-up launched by a county (district) over its villages."""

    county = models.ForeignKey(
        Unit, verbose_name=_("county"), on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=120)
    region = models.CharField(_("rule-set region"), max_length=40, default="default")
    targets = models.JSONField(_("targets"), default=list)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    weights = models.JSONField(_("ranking weights"), default=dict)
    min_items = models.PositiveIntegerField(
        _("minimum items before a village is ranked"), default=3
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignVillage(models.Model):
    """A village taking part; pilot villages go first."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="villages")
    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    pilot = models.BooleanField(_("pilot village"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "village"], name="campaign_village_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.village_id}"


class ChainLevel(models.TextChoices):
    DISTRICT = "district", _("District leading group")
    TOWN = "town", _("Town (street) working committee")
    COMMUNITY = "community", _("Community general branch")
    VILLAGE = "village", _("Village party secretary")


class Responsibility(models.Model):
    """One link of the four-level responsibility chain: one person per level and unit."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="chain")
    level = models.CharField(_("level"), max_length=10, choices=ChainLevel.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField(_("responsible person"), max_length=60)
    post = models.CharField(_("post"), max_length=60, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "level", "unit"], name="campaign_chain_one_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.person_name}"


class ContractKind(models.TextChoices):
    LEASE = "lease", _("Lease")
    FARMLAND = "farmland", _("Farmland contract")
    GRASSLAND = "grassland", _("Grassland contract")
    FOREST_LAND = "forest_land", _("Forest land contract")
    FOUR_WASTES = "four_wastes", _("Four-wastes land contract")
    TRANSFER = "transfer", _("Transfer of a management right")


class DecisionStatus(models.TextChoices):
    COMPLETED = "completed", _("Decision completed")
    IN_PROGRESS = "in_progress", _("Decision in progress")
    NONE = "none", _("No decision")


class CleanupStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", _("Not yet reviewed")
    VALID = "valid", _("Valid")
    TO_IMPROVE = "to_improve", _("To improve")
    TO_CHANGE = "to_change", _("To change")
    TO_TERMINATE = "to_terminate", _("To terminate")
    TO_SUE = "to_sue", _("To sue")
    RESOLVED = "resolved", _("Resolved")


class Contract(models.Model):
    """A contract over collective property (campaigns.md §3); the village's permanent record.

    ``number`` is the register's key: a re-import matches on it and updates the row in place.
    """

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    number = models.CharField(_("contract number"), max_length=60)
    collective_party = models.CharField(_("collective party"), max_length=120)
    counterparty_name = models.CharField(_("counterparty"), max_length=120)
    counterparty_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    counterparty_id_masked = models.CharField(_("counterparty ID"), max_length=18, blank=True)
    outside_party = models.BooleanField(_("outside the collective"), default=False)
    cadre_relation = models.BooleanField(_("cadre or a cadre's relative"), default=False)
    kind = models.CharField(_("kind"), max_length=12, choices=ContractKind.choices)
    asset_type = models.CharField(_("asset or resource"), max_length=60, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    area_hundredths_mu = models.PositiveIntegerField(_("area (0.01 mu)"), default=0)
    use = models.CharField(_("use"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    annual_rent_fen = models.PositiveBigIntegerField(_("annual rent (fen)"), default=0)
    reference_rent_fen = models.PositiveBigIntegerField(
        _("reference rent (fen)"), null=True, blank=True
    )
    written = models.BooleanField(_("written contract"), default=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.NONE
    )
    decision_case_id = models.PositiveIntegerField(_("decision case"), null=True, blank=True)
    two_thirds_consent = models.BooleanField(_("two-thirds consent"), default=False)
    township_approval = models.BooleanField(_("township approval"), default=False)
    competition = models.BooleanField(_("open competition held"), default=False)
    competition_required = models.BooleanField(_("open competition required"), default=False)
    parent_end = models.DateField(_("end of the transferred right"), null=True, blank=True)
    clauses_text = models.TextField(_("clauses"), blank=True)
    missing_clauses = models.JSONField(_("missing clauses"), default=list, blank=True)
    recovered = models.BooleanField(_("recovered or re-let"), default=False)
    payments = models.JSONField(_("payments"), default=list, blank=True)
    arrears_fen = models.PositiveBigIntegerField(_("arrears (fen)"), default=0, editable=False)
    lawful_end = models.DateField(_("lawful end"), null=True, editable=False)
    cleanup_status = models.CharField(
        _("clean-up status"),
        max_length=14,
        choices=CleanupStatus.choices,
        default=CleanupStatus.UNREVIEWED,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contract")
        ordering = ["village_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="contract_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class ArrearsSource(models.TextChoices):
    CONTRACT_FEE = "contract_fee", _("Contract fee")
    RENT = "rent", _("Rent")
    LOAN = "loan", _("Loan")
    ADVANCE = "advance", _("Advance")
    OTHER = "other", _("Other")


class Collectability(models.TextChoices):
    NORMAL = "normal", _("Normal")
    DOUBTFUL = "doubtful", _("Doubtful")
    UNCOLLECTABLE = "uncollectable", _("Uncollectable")


class Arrears(models.Model):
    """Money owed to the collective; a write-off needs the decision procedure."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    number = models.CharField(_("arrears number"), max_length=60)
    debtor_name = models.CharField(_("debtor"), max_length=120)
    debtor_id_hash = models.CharField(max_length=64, blank=True)
    debtor_id_masked = models.CharField(_("debtor ID"), max_length=18, blank=True)
    source = models.CharField(_("source"), max_length=14, choices=ArrearsSource.choices)
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), null=True, blank=True, on_delete=models.PROTECT
    )
    principal_fen = models.PositiveBigIntegerField(_("principal owed (fen)"))
    due_date = models.DateField(_("due date"))
    collectability = models.CharField(
        _("collectability"),
        max_length=14,
        choices=Collectability.choices,
        default=Collectability.NORMAL,
    )
    recovered_fen = models.PositiveBigIntegerField(_("recovered (fen)"), default=0)

    class Meta:
        verbose_name = _("arrears")
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="arrears_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class IdleAssetType(models.TextChoices):
    BUILDING = "building", _("Building")
    LAND = "land", _("Land")
    RESERVE_LAND = "reserve_land", _("Reserve land")
    POND = "pond", _("Pond")
    FOREST = "forest", _("Forest")
    EQUIPMENT = "equipment", _("Equipment")


class IdleAsset(models.Model):
    """An idle or occupied collective asset or resource (RF16 when occupied without contract)."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    number = models.CharField(_("asset number"), max_length=60)
    asset_type = models.CharField(_("type"), max_length=14, choices=IdleAssetType.choices)
    location = models.CharField(_("location"), max_length=120, blank=True)
    idle_since = models.DateField(_("idle or occupied since"), null=True, blank=True)
    occupied_without_contract = models.BooleanField(_("occupied without contract"), default=False)
    expected_income_fen = models.PositiveBigIntegerField(
        _("expected yearly income (fen)"), default=0
    )

    class Meta:
        verbose_name = _("idle asset")
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="idle_asset_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class SanitationCheck(models.Model):
    """One sanitation check of a village: points per checklist item (0-10 each) and the score
    out of 100 computed from them (rules.sanitation). ``number`` is the register's key: a
    re-import matches on it and updates the row in place."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    number = models.CharField(_("check number"), max_length=60, blank=True, default="")
    checked_on = models.DateField(_("checked on"))
    inspector = models.CharField(_("inspector"), max_length=60)
    points = models.JSONField(_("points per item"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    problems = models.TextField(_("problems found"), blank=True, default="")

    class Meta:
        verbose_name = _("sanitation check")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "number"],
                condition=~models.Q(number=""),
                name="sanitation_number_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.checked_on} {self.score}"


class PetitionChannel(models.TextChoices):
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")


class Satisfaction(models.TextChoices):
    UNKNOWN = "unknown", _("Not asked yet")
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class PetitionCase(models.Model):
    """A letters-and-visits case; the petitioner is masked in public (campaigns.md §3)."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    number = models.CharField(_("case number"), max_length=60)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=8, choices=PetitionChannel.choices)
    petitioner_name = models.CharField(_("petitioner"), max_length=60)
    category = models.CharField(_("matter"), max_length=120)
    respondent = models.CharField(_("respondent body"), max_length=120, blank=True, default="")
    accepted_on = models.DateField(_("acceptance decided on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True, default="")
    settled = models.BooleanField(_("petitioner accepts the result"), default=False)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices,
        default=Satisfaction.UNKNOWN,
    )  # fmt: skip

    class Meta:
        verbose_name = _("petition case")
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="petition_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class Step(models.TextChoices):
    REGISTERED = steps.REGISTERED, _("Registered, no step yet")
    INVENTORY = steps.INVENTORY, _("1 Take stock and register")
    FACT_CHECK = steps.FACT_CHECK, _("2 Check facts")
    CLASSIFICATION = steps.CLASSIFICATION, _("3 Legal review and classify")
    PLAN_DECISION = steps.PLAN_DECISION, _("4 Decide the plan")
    NEGOTIATION = steps.NEGOTIATION, _("5 Negotiate and dispose")
    LEGAL_ACTION = steps.LEGAL_ACTION, _("6 Legal action")
    CLOSED = steps.CLOSED, _("7 Publish and close")


class Item(models.Model):
    """One thing a village must clear in a campaign, moved through the seven steps."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="items")
    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    target = models.CharField(_("target"), max_length=12, choices=Target.choices)
    title = models.CharField(_("title"), max_length=200)
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT)
    arrears = models.ForeignKey(Arrears, null=True, blank=True, on_delete=models.PROTECT)
    idle_asset = models.ForeignKey(IdleAsset, null=True, blank=True, on_delete=models.PROTECT)
    petition = models.ForeignKey(PetitionCase, null=True, blank=True, on_delete=models.PROTECT)
    state = models.CharField(
        _("step"), max_length=20, choices=Step.choices, default=Step.REGISTERED
    )
    decision_case_id = models.PositiveIntegerField(_("decision case"), null=True, blank=True)
    disclosure_item_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign item")
        ordering = ["village_id", "id"]
        indexes = [
            models.Index(fields=["campaign", "village", "state"], name="campaign_item_state")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "contract"],
                condition=models.Q(contract__isnull=False),
                name="campaign_item_contract_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class StepRecord(models.Model):
    """A step done: its date, the person who did it and its evidence (G1)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="records")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    done_on = models.DateField(_("date"))
    person = models.CharField(_("person responsible"), max_length=60)
    evidence = models.TextField(_("evidence"))
    opinion = models.TextField(_("legal opinion"), blank=True)
    checked_by_outsider = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item_id", "done_on", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "step"], name="campaign_step_once")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.step}"


class FlagRun(models.TextChoices):
    ENTRY = "entry", _("On entry")
    IMPORT = "import", _("On import")
    NIGHTLY = "nightly", _("Nightly run")


class RedFlag(models.Model):
    """A red flag: advice, never invalidation. Records rule, parameter and triggering data."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    idle_asset = models.ForeignKey(
        IdleAsset, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    rule = models.CharField(_("rule"), max_length=5)
    severity = models.CharField(_("severity"), max_length=8)
    detail = models.JSONField(_("parameter and data"), default=dict)
    ruleset_sha = models.CharField(max_length=64, blank=True)
    found_by = models.CharField(_("found by"), max_length=8, choices=FlagRun.choices)
    found_on = models.DateField(_("found on"))

    class Meta:
        verbose_name = _("red flag")
        ordering = ["village_id", "contract_id", "rule"]
        indexes = [models.Index(fields=["village", "rule"], name="campaign_flag_rule")]

    def __str__(self) -> str:
        return f"{self.rule} {self.severity}"


class DeclaredRelative(models.Model):
    """A near relative a cadre declared, by ID hash: RF14 is resolved by identity, never by name."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    cadre_id_hash = models.CharField(max_length=64, db_index=True)
    relative_id_hash = models.CharField(max_length=64, db_index=True)
    relation = models.CharField(_("relation"), max_length=30, blank=True)
    declared_on = models.DateField(_("declared on"))

    def __str__(self) -> str:
        return self.relation or str(self.pk)


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Nothing imported: the file has errors")


class RegisterImport(models.Model):
    """One register file imported in the background, with its progress and every bad row."""

    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT)
    register = models.CharField(max_length=12, choices=Target.choices)
    content = models.BinaryField()
    file_name = models.CharField(_("file"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    flags = models.PositiveIntegerField(default=0)
    flag_rules = models.JSONField(default=dict, blank=True)  # {rule: contracts flagged by it}
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.file_name


class RankSnapshot(models.Model):
    """A unit's place in one month's ranking, kept so that red-card rule (a) compares months."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ranks")
    month = models.CharField(_("month"), max_length=7)  # YYYY-MM
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    score_bp = models.IntegerField(_("score"), null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    registered = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "month", "unit"], name="campaign_rank_once_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.unit_id} {self.rank}"


class VillageCount(models.Model):
    """How many of a campaign's items of a village stand at each step: kept by every transition
    in the same transaction, so that the board reads a few hundred rows, never the items."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="counts")
    village = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=Step.choices)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "village", "state"], name="campaign_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.state} {self.n}"


class CardReason(models.TextChoices):
    """Why a red card is shown (campaigns.md §7, default rules a, b and c)."""

    RANKING = "ranking", _("Bottom of two monthly rankings")
    OVERDUE = "overdue", _("An item without any recorded action for too long")
    FALSE_REPORT = "false_report", _("A spot check found false reporting")


class RedCard(models.Model):
    """A red card shown to a village (its secretary) or a town; it stays until the county
    withdraws it after a verified catch-up (never by itself)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="red_cards")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    reason = models.CharField(_("reason"), max_length=14, choices=CardReason.choices)
    detail = models.TextField(_("details"), blank=True)
    shown_on = models.DateField(_("shown on"))
    shown_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: shown by the default rules (a) or (b)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    catch_up = models.TextField(_("verified catch-up"), blank=True)

    class Meta:
        verbose_name = _("red card")
        ordering = ["-shown_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "reason"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="campaign_one_open_card_per_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.reason}"
