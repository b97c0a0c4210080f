"""The general election of the village two committees (elections.md; issue 7).

A county opens a :class:`GeneralElection`; each village gets one :class:`VillageElection` per law
(villagers' committee, party branch) with its seats and timetable. The counting itself is the pure
module ``rules/``; :class:`RoundResult` stores its input and output. No table holds a clear ID
number: people are :class:`~openvillage.org.models.Person` rows (hash and mask only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openvillage.org.models import Person, Registration, Unit


class Law(models.TextChoices):
    VILLAGERS_COMMITTEE = "villagers_committee", _("Villagers' committee")
    PARTY_BRANCH = "party_branch", _("Party branch")


class Profile(models.TextChoices):
    NATIONAL = "national", _("National")
    ZHEJIANG = "zhejiang", _("Zhejiang")
    SHANGHAI = "shanghai", _("Shanghai")
    BEIJING = "beijing", _("Beijing")


class ElectionPost(models.TextChoices):
    """Post codes of the counting profiles (profiles.yaml ``post_order``)."""

    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    WOMEN_MEMBER = "women_member", _("Women member")
    MEMBER = "member", _("Committee member")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")


LAW_POSTS = {
    Law.VILLAGERS_COMMITTEE: ("director", "deputy_director", "women_member", "member"),
    Law.PARTY_BRANCH: ("secretary", "deputy_secretary", "member"),
}


class GeneralElection(models.Model):
    """A county's general election: one election day and one profile for all its villages."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    county = models.ForeignKey(
        Unit, verbose_name=_("county"), on_delete=models.PROTECT, related_name="general_elections"
    )
    name = models.CharField(_("name"), max_length=120)
    election_day = models.DateField(_("election day"))
    profile = models.CharField(_("profile"), max_length=20, choices=Profile.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("general election")
        verbose_name_plural = _("general elections")
        ordering = ["-election_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["county"], condition=Q(state="open"), name="general_one_open_per_county"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class VillageElection(models.Model):
    """One law's election in one village, with its seats and the timetable from election day."""

    class State(models.TextChoices):
        PREPARATION = "preparation", _("Preparation")
        ROLL_PUBLISHED = "roll_published", _("Roll published")
        CANDIDATES_PUBLISHED = "candidates_published", _("Candidates published")
        COUNTED = "counted", _("Counted")
        PUBLISHED = "published", _("Result published")

    general = models.ForeignKey(
        GeneralElection, on_delete=models.PROTECT, related_name="village_elections"
    )
    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="elections"
    )
    law = models.CharField(_("law"), max_length=24, choices=Law.choices)
    seats = models.JSONField(_("seats per post"), default=dict)
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.PREPARATION
    )
    election_day = models.DateField(_("election day"))
    roll_published_by = models.DateField(_("roll published by"))
    candidate_list_by = models.DateField(_("candidate list published by"))
    proxy_requests_by = models.DateField(_("proxy requests by"))
    proxy_list_by = models.DateField(_("proxy list published by"))
    additional_election_by = models.DateField(_("additional election by"))
    roll_published_on = models.DateField(_("roll published on"), null=True, blank=True)
    objections_until = models.DateField(_("objections accepted until"), null=True, blank=True)
    candidate_list_published_on = models.DateField(
        _("candidate list published on"), null=True, blank=True
    )
    proxy_list_published_on = models.DateField(_("proxy list published on"), null=True, blank=True)
    result_published_on = models.DateField(_("result published on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("village election")
        verbose_name_plural = _("village elections")
        ordering = ["village__code", "law"]
        constraints = [
            models.UniqueConstraint(
                fields=["general", "village", "law"], name="village_election_one_per_law"
            )
        ]

    def __str__(self) -> str:
        return f"{self.village} · {self.get_law_display()}"

    @property
    def profile(self) -> str:
        return self.general.profile

    @property
    def is_counted(self) -> bool:
        """A round is counted, or the result published (the composition checks apply)."""
        return self.state in (self.State.COUNTED, self.State.PUBLISHED)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class VoterRollEntry(models.Model):
    """A registered voter (or, for the party branch, a full member with voting rights)."""

    class Basis(models.TextChoices):
        ROLL_BUILD = "roll_build", _("From the villager roll")
        DECISION = "decision", _("Added by decision")
        OBJECTION = "objection", _("Added on an objection")

    election = models.ForeignKey(VillageElection, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="voter_entries"
    )
    registration = models.CharField(
        _("registration status"), max_length=24, choices=Registration.choices
    )
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    wish_recorded_on = models.DateField(_("wish to vote recorded on"), null=True, blank=True)
    wish_channel = models.CharField(_("channel of the wish"), max_length=60, blank=True)
    resident_since = models.DateField(_("living in the village since"), null=True, blank=True)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    political_rights_lost = models.BooleanField(_("deprived of political rights"), default=False)
    # Party branch (P6): a member excluded from those who should attend, with the approval.
    excluded_from_should_attend = models.BooleanField(default=False)
    exclusion_reason = models.CharField(_("exclusion reason"), max_length=200, blank=True)
    excluded_on = models.DateField(_("excluded on"), null=True, blank=True)
    added_on = models.DateField(_("added on"))
    supplement = models.BooleanField(_("published as a supplement"), default=False)  # V13
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("removal reason"), max_length=200, blank=True)
    removal_decision = models.CharField(_("removal decision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="voter_once_per_roll")
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def active(self) -> bool:
        return self.removed_on is None


class RollObjection(models.Model):
    """V12: an objection to the published roll, decided within 3 days, decision published."""

    class Kind(models.TextChoices):
        OMITTED = "omitted", _("Someone is missing from the roll")
        WRONGLY_INCLUDED = "wrongly_included", _("Someone should not be on the roll")
        ERROR = "error", _("An error in an entry")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    election = models.ForeignKey(
        VillageElection, on_delete=models.CASCADE, related_name="objections"
    )
    objector_name = models.CharField(_("objector"), max_length=60)
    subject = models.ForeignKey(
        Person, verbose_name=_("person concerned"), on_delete=models.PROTECT, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("objection"))
    received_on = models.DateField(_("received on"))
    decide_by = models.DateField(_("to be decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("roll objection")
        verbose_name_plural = _("roll objections")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.objector_name} · {self.get_kind_display()}"


class Nomination(models.Model):
    """V14: a direct nomination by registered voters, with the number of nominators/votes."""

    election = models.ForeignKey(
        VillageElection, on_delete=models.CASCADE, related_name="nominations"
    )
    post = models.CharField(_("post"), max_length=20, choices=ElectionPost.choices)
    person = models.ForeignKey(Person, verbose_name=_("nominee"), on_delete=models.PROTECT)
    votes = models.PositiveIntegerField(_("nomination votes"))
    recorded_on = models.DateField(_("recorded on"))

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["post", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "post", "person"], name="nomination_once_per_post"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_post_display()}"


class Candidate(models.Model):
    """A formal candidate for one post, ordered by nomination votes (V17)."""

    election = models.ForeignKey(
        VillageElection, on_delete=models.CASCADE, related_name="candidates"
    )
    post = models.CharField(_("post"), max_length=20, choices=ElectionPost.choices)
    person = models.ForeignKey(Person, verbose_name=_("candidate"), on_delete=models.PROTECT)
    nomination_votes = models.PositiveIntegerField(_("nomination votes"), default=0)
    order = models.PositiveIntegerField(_("order"), default=0)
    statement = models.TextField(_("candidate information"), blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["post", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "post", "person"], name="candidate_once_per_post"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class QualificationReview(models.Model):
    """§C: the county joint review of one nominee against the negative list."""

    class Decision(models.TextChoices):
        CLEARED = "cleared", _("Cleared")
        BARRED = "barred", _("Barred")

    election = models.ForeignKey(VillageElection, on_delete=models.CASCADE, related_name="reviews")
    person = models.ForeignKey(Person, verbose_name=_("person reviewed"), on_delete=models.PROTECT)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT
    )
    sources = models.JSONField(_("sources consulted"), default=list)
    findings = models.JSONField(_("negative-list conditions found"), default=list)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    reviewed_on = models.DateField(_("reviewed on"))

    class Meta:
        verbose_name = _("qualification review")
        verbose_name_plural = _("qualification reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_decision_display()}"


class TalkOccasion(models.TextChoices):
    PRE_ELECTION = "pre_election", _("Before the election")
    APPOINTMENT = "appointment", _("On appointment")
    PROBLEM = "problem", _("About a problem")
    ROUTINE = "routine", _("Routine")


class HeartToHeartTalk(models.Model):
    """A recorded heart-to-heart talk (supervision.md §9): who, with whom, when, on what occasion,
    the four aspects assessed, risks found and follow-up. Before an election it belongs to the
    general election (issue 7 item 4); other occasions have none (issue 14 item 5). Visible only
    to the interviewer's chain and the organization department (elections.selectors)."""

    general = models.ForeignKey(
        GeneralElection,
        on_delete=models.PROTECT,
        related_name="talks",
        null=True,
        blank=True,
    )
    occasion = models.CharField(
        _("occasion"),
        max_length=14,
        choices=TalkOccasion.choices,
        default=TalkOccasion.PRE_ELECTION,
    )
    village = models.ForeignKey(Unit, verbose_name=_("village"), on_delete=models.PROTECT)
    talker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("held by"), on_delete=models.PROTECT
    )
    talker_post = models.CharField(_("interviewer's post"), max_length=60, blank=True)
    person = models.ForeignKey(
        Person, verbose_name=_("with"), on_delete=models.PROTECT, null=True, blank=True
    )
    person_name = models.CharField(_("with (name)"), max_length=60)
    person_post = models.CharField(_("interviewee's post"), max_length=60, blank=True)
    held_on = models.DateField(_("held on"))
    summary = models.TextField(_("summary"))
    concerns = models.TextField(_("concerns"), blank=True)
    state_of_mind = models.TextField(_("state of mind"), blank=True)
    working_ability = models.TextField(_("working ability"), blank=True)
    political_quality = models.TextField(_("political quality"), blank=True)
    public_opinion = models.TextField(_("public opinion"), blank=True)
    risks = models.TextField(_("risks found"), blank=True)
    follow_up = models.TextField(_("follow-up actions"), blank=True)

    class Meta:
        verbose_name = _("heart-to-heart talk")
        verbose_name_plural = _("heart-to-heart talks")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(general__isnull=False) | ~Q(occasion="pre_election"),
                name="elections_talk_pre_election_has_election",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.held_on}"


class Proxy(models.Model):
    """V19-V22: a written proxy from an absent voter to a near relative on the same roll."""

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Sibling")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER = "other", _("Other")

    election = models.ForeignKey(VillageElection, on_delete=models.CASCADE, related_name="proxies")
    principal = models.ForeignKey(
        Person, verbose_name=_("principal"), on_delete=models.PROTECT, related_name="+"
    )
    proxy = models.ForeignKey(
        Person, verbose_name=_("proxy"), on_delete=models.PROTECT, related_name="+"
    )
    relationship = models.CharField(_("relationship"), max_length=12, choices=Relationship.choices)
    written = models.BooleanField(_("in writing"))
    requested_on = models.DateField(_("requested on"))

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["proxy__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "principal"], name="proxy_one_per_principal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principal} -> {self.proxy}"


class PollingStation(models.Model):
    """A polling station or a mobile ballot box (V24: township approval, >= 3 scrutineers)."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central polling station")
        STATION = "station", _("Polling station")
        MOBILE_BOX = "mobile_box", _("Mobile ballot box")

    election = models.ForeignKey(VillageElection, on_delete=models.CASCADE, related_name="stations")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    scrutineers = models.JSONField(_("scrutineers"), default=list)
    approved_by_town = models.BooleanField(_("approved by the town"), default=False)

    class Meta:
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="station_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class RoundResult(models.Model):
    """One round (regular, or an additional election) and, once counted, its stored outcome.

    ``document`` is the input given to the pure counting (``openvillage count``), ``output`` its
    answer verbatim; ``posts`` adds per post the threshold base by name and value and the rule (C3,
    C5). ``voided`` lists winners whose election was voided (V37, Q4).
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular round")
        ADDITIONAL = "additional", _("Additional election")
        REVOTE = "revote", _("Re-vote among the tied")

    class Status(models.TextChoices):
        OPEN = "open", _("Voting and counting")
        VALID = "valid", _("Valid")
        TURNOUT_NOT_MET = "turnout_not_met", _("Invalid: turnout not met")
        TOO_MANY_BALLOTS = "too_many_ballots", _("Invalid: more ballots than voters or issued")
        NO_QUORUM = "no_quorum", _("No quorum")
        TOO_FEW_CANDIDATES = "too_few_candidates", _("Too few candidates")

    election = models.ForeignKey(VillageElection, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    seats = models.JSONField(_("seats"), default=dict)
    candidates = models.JSONField(_("candidates"), default=dict)
    held_on = models.DateField(_("held on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    rule = models.CharField(_("rule"), max_length=40, blank=True)
    eligible = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveIntegerField(null=True, blank=True)
    ballots_issued = models.PositiveIntegerField(null=True, blank=True)
    ballots_collected = models.PositiveIntegerField(null=True, blank=True)
    invalid_ballots = models.PositiveIntegerField(null=True, blank=True)
    document = models.JSONField(default=dict, blank=True)
    output = models.JSONField(default=dict, blank=True)
    posts = models.JSONField(default=dict, blank=True)
    voided = models.JSONField(default=list, blank=True)
    # V39: seats given up by near relatives, and who took them ({post, name, relative, kind,
    # replaced_by}); the counting output itself stays as ``openvillage count`` gave it.
    avoided = models.JSONField(default=list, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.election} · {self.number}"

    @property
    def is_open(self) -> bool:
        """Voting and counting: tally sheets are still entered."""
        return self.status == self.Status.OPEN


class TallySheet(models.Model):
    """The count of one station for one post in one round, entered twice by two clerks.

    ``first`` and ``second`` hold ``{"voters_voted", "ballots_issued", "ballots_collected",
    "invalid_ballots", "votes": {name: n}}``. Any difference blocks the result (``disagree``)
    until an officer enters the figures of the recount (``resolved``).
    """

    class Status(models.TextChoices):
        AWAITING_SECOND = "awaiting_second", _("Awaiting the second entry")
        AGREED = "agreed", _("Both entries agree")
        DISAGREE = "disagree", _("The entries differ")
        RESOLVED = "resolved", _("Resolved after a recount")

    round = models.ForeignKey(RoundResult, on_delete=models.CASCADE, related_name="sheets")
    station = models.ForeignKey(PollingStation, on_delete=models.PROTECT, related_name="sheets")
    post = models.CharField(_("post"), max_length=20, choices=ElectionPost.choices)
    first = models.JSONField(default=dict)
    first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    second = models.JSONField(default=dict, blank=True)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AWAITING_SECOND
    )
    differences = models.JSONField(default=list, blank=True)
    resolved = models.JSONField(default=dict, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("tally sheet")
        verbose_name_plural = _("tally sheets")
        ordering = ["round", "station", "post"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "station", "post"], name="tally_one_sheet_per_station_post"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.get_post_display()}"

    @property
    def needs_recount(self) -> bool:
        """The two entries differ: an officer enters the recount."""
        return self.status == self.Status.DISAGREE

    @property
    def final(self) -> dict:
        """The figures that count: the agreed entry, or the recount's."""
        if self.status == self.Status.RESOLVED:
            return self.resolved
        return self.first if self.status == self.Status.AGREED else {}


class ObserverAssignment(models.Model):
    """An observer sent to a village (and optionally one station) for the general election."""

    general = models.ForeignKey(
        GeneralElection, on_delete=models.PROTECT, related_name="observer_assignments"
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("observer"), on_delete=models.PROTECT
    )
    village = models.ForeignKey(Unit, verbose_name=_("village"), on_delete=models.PROTECT)
    station = models.ForeignKey(
        PollingStation, on_delete=models.PROTECT, null=True, blank=True, related_name="observers"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(_("assigned on"))

    class Meta:
        verbose_name = _("observer assignment")
        verbose_name_plural = _("observer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["general", "observer", "village"], name="observer_once_per_village"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observer} · {self.village}"


class ObserverReport(models.Model):
    """An observer's checklist (JSON: item code -> answer) and notes for one assignment."""

    assignment = models.ForeignKey(
        ObserverAssignment, on_delete=models.CASCADE, related_name="reports"
    )
    checklist = models.JSONField(_("checklist"), default=dict)
    notes = models.TextField(_("notes"), blank=True)
    concerns = models.TextField(_("concerns"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("observer report")
        verbose_name_plural = _("observer reports")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.submitted_at:%Y-%m-%d}"


class ViolationReport(models.Model):
    """A report of a violation of the ten prohibitions (§D), routed above the village (V37).

    The reporter is never shown to the public (``reporter_name`` stays in staff pages and the
    audit log); the report goes to the town's or county's election office, never to the accused.
    """

    class State(models.TextChoices):
        FILED = "filed", _("Filed")
        ROUTED = "routed", _("Under investigation")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        UNFOUNDED = "unfounded", _("Unfounded")

    general = models.ForeignKey(GeneralElection, on_delete=models.PROTECT, related_name="reports")
    village = models.ForeignKey(Unit, verbose_name=_("village"), on_delete=models.PROTECT)
    violation_type = models.CharField(_("violation"), max_length=32)
    accused = models.ForeignKey(
        Person, verbose_name=_("accused"), on_delete=models.PROTECT, null=True, blank=True
    )
    accused_name = models.CharField(_("accused (name)"), max_length=60, blank=True)
    description = models.TextField(_("what happened"))
    evidence = models.TextField(_("evidence"), blank=True)
    reporter_name = models.CharField(_("reporter"), max_length=60, blank=True)
    reporter_contact = models.CharField(_("reporter contact"), max_length=60, blank=True)
    reporter_contact_sealed = models.TextField(blank=True, editable=False)  # core.crypto
    filed_at = models.DateTimeField(_("filed at"))
    routed_to = models.ForeignKey(
        Unit, verbose_name=_("election office"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.FILED)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    voided_result = models.BooleanField(_("voided an election result"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("violation report")
        verbose_name_plural = _("violation reports")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.violation_type}"


class RelativeDeclaration(models.Model):
    """V39: two people the election office declares near relatives (beyond the households)."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("Spouses")
        PARENT_CHILD = "parent_child", _("Parent and child")
        SIBLING = "sibling", _("Siblings")

    election = models.ForeignKey(
        VillageElection, on_delete=models.CASCADE, related_name="relative_declarations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    relative = models.ForeignKey(
        Person, verbose_name=_("relative"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_on = models.DateField(_("declared on"))

    class Meta:
        verbose_name = _("declared relation")
        verbose_name_plural = _("declared relations")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person} ~ {self.relative}"


class SecretaryElection(models.Model):
    """P15: the new branch committee elects its secretary or deputy secretary; the result takes
    effect when the higher party organization approves it (terms start then)."""

    class State(models.TextChoices):
        RECORDED = "recorded", _("Awaiting the higher organization's approval")
        NOT_ELECTED = "not_elected", _("No one had a majority")
        APPROVED = "approved", _("Approved")

    election = models.ForeignKey(
        VillageElection, on_delete=models.CASCADE, related_name="secretary_elections"
    )
    post = models.CharField(_("post"), max_length=20, choices=ElectionPost.choices)
    votes = models.JSONField(_("votes"), default=dict)
    committee_size = models.PositiveSmallIntegerField(_("committee size"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("elected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField(_("recorded on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("secretary election")
        verbose_name_plural = _("secretary elections")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.election} · {self.get_post_display()}"

    @property
    def awaits_approval(self) -> bool:
        return self.state == self.State.RECORDED

    def named_votes(self) -> list[tuple[str, int]]:
        """The committee's votes by member name (stored by person id: names may repeat)."""
        ids = [int(k) for k in self.votes if k.isdigit()]
        names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name"))
        return [(names.get(int(k), k) if k.isdigit() else k, n) for k, n in self.votes.items()]
