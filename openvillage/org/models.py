"""The organization registry: units, party organizations, people, posts and terms, the roll.

Names follow ../shared/domain/glossary.md. No table holds a clear ID number: people carry
``id_hash`` (HMAC, see core.idnumbers) and ``id_masked`` only.
"""

from __future__ import annotations

import os
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    # A province sits above its counties when one deployment serves a province (issue 16 §7);
    # a county deployment has no province and its county is the root.
    PROVINCE = "province", _("Province")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    TOWNSHIP = "township", _("Township")
    TOWN = "town", _("Town")
    STREET = "street", _("Street (sub-district)")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")


class Unit(models.Model):
    """An administrative unit keyed by its 12-digit statistical division code."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # "/<county code>/<town code>/<village code>/": a unit's subtree is every path it prefixes.
    path = models.CharField(_("path"), max_length=120, unique=True, editable=False)
    # Bumped by every write that changes what the village's public pages show of the registry
    # (its team); with the disclosure stamp it makes the pages' ETag (one indexed lookup).
    public_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["province", "county"], parent__isnull=True)
                | Q(parent__isnull=False),
                name="unit_parent_unless_county",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE


class PartyOrgKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    PARTY_BRANCH = "party_branch", _("Party branch")


class PartyOrganization(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="party_organizations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartyOrgKind.choices)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["unit__code", "name"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary or vocational")
    COLLEGE = "college", _("College (associate)")
    BACHELOR = "bachelor", _("Bachelor")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class PartyStatus(models.TextChoices):
    NONE = "none", _("Not a party member")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


class Person(models.Model):
    """A person known to the registry: villager, cadre or both."""

    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField(_("name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    id_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    id_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    # Masked for display; the number itself only sealed, looked up by its keyed hash (core.crypto).
    phone_sealed = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    party_status = models.CharField(
        _("party membership"), max_length=12, choices=PartyStatus.choices, default=PartyStatus.NONE
    )
    party_joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    party_organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["village__code", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_status="none") | Q(party_joined_on__isnull=False),
                name="person_party_member_has_joining_date",
            ),
            # Without an ID number a person is known by village, name and birth date: two
            # imports of one file at once must not register everyone twice.
            models.UniqueConstraint(
                fields=["village", "name", "birth_date"],
                condition=Q(id_hash__isnull=True),
                name="person_unique_without_id_number",
                violation_error_message=_(
                    "A person of this name and birth date is already registered in this "
                    "village without an ID number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def age_on(self, day: date) -> int:
        from openvillage.org.rules import age_on

        return age_on(self.birth_date, day)


class Body(models.TextChoices):
    BRANCH_COMMITTEE = "branch_committee", _("Party organization committee")
    VILLAGERS_COMMITTEE = "villagers_committee", _("Villagers' committee")
    SUPERVISION_COMMITTEE = "supervision_committee", _("Village supervision committee")


class PostKind(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    CHAIR = "chair", _("Chair")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")


class EndReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("Term ended")
    RESIGNED = "resigned", _("Resigned")
    REMOVED = "removed", _("Removed from post")
    RECALLED = "recalled", _("Recalled by villagers")
    DIED = "died", _("Died")
    LEFT_OFFICE = "left_office", _("Left office by law")


class Term(models.Model):
    """One person holding one post of one body of a village, from a date to a date.

    History is kept: a term is ended (``ended_on``, ``end_reason``), never overwritten or deleted.
    """

    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="terms"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="terms"
    )
    body = models.CharField(_("body"), max_length=24, choices=Body.choices)
    post = models.CharField(_("post"), max_length=20, choices=PostKind.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        ordering = ["village__code", "body", "post", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["village", "body", "post"],
                condition=Q(ended_on__isnull=True, post__in=["secretary", "director", "chair"]),
                name="term_one_current_holder_of_single_posts",
            ),
            models.UniqueConstraint(
                fields=["person", "body"],
                condition=Q(ended_on__isnull=True),
                name="term_one_current_post_per_body",
            ),
        ]
        indexes = [models.Index(fields=["village", "ended_on"], name="term_village_current_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_post_display()} ({self.get_body_display()})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class DispatchKind(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", _("First secretary")
    WORK_TEAM = "work_team", _("Dispatched cadre (work team)")


class DispatchedCadre(models.Model):
    """A cadre sent to a village by an agency or state company (first secretary, work team)."""

    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="dispatched"
    )
    name = models.CharField(_("name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=DispatchKind.choices)
    sending_organization = models.CharField(_("sending organization"), max_length=120)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatched cadre")
        verbose_name_plural = _("dispatched cadres")
        ordering = ["village__code", "-started_on"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sending_organization})"


class ReserveSource(models.TextChoices):
    RETURNED_VETERAN = "returned_veteran", _("Returned veteran")
    COLLEGE_GRADUATE = "college_graduate", _("College graduate")
    RETURNED_ENTREPRENEUR = "returned_entrepreneur", _("Returned entrepreneur")
    OTHER = "other", _("Other")


class ReserveCadre(models.Model):
    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="reserve_cadres"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="reserve"
    )
    source = models.CharField(_("source"), max_length=24, choices=ReserveSource.choices)
    since = models.DateField(_("in reserve since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("reserve cadre")
        verbose_name_plural = _("reserve cadres")

    def __str__(self) -> str:
        return str(self.person)


class Household(models.Model):
    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="households"
    )
    number = models.CharField(_("household number"), max_length=30)
    village_group = models.CharField(_("village group"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="household_number_unique")
        ]

    def __str__(self) -> str:
        return self.number


class Relation(models.TextChoices):
    HEAD = "head", _("Household head")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    CHILD_IN_LAW = "child_in_law", _("Son- or daughter-in-law")
    OTHER = "other", _("Other")


class Registration(models.TextChoices):
    REGISTERED_RESIDENT = "registered_resident", _("Registered and resident")
    REGISTERED_AWAY = "registered_away", _("Registered but living away")
    RESIDENT_UNREGISTERED = "resident_unregistered", _("Resident but not registered")


class RollEntry(models.Model):
    """A person on the villager roll, as a member of a household."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="roll_entry"
    )
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices)
    registration = models.CharField(
        _("registration status"), max_length=24, choices=Registration.choices
    )

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("villager roll")
        ordering = ["household__number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(relation="head"), name="roll_one_head"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.household})"


class UnitAlias(models.Model):
    """A division code a unit had before the statistical lists changed it.

    Public URLs are forever: ``/v/<old code>/`` still leads to the unit (see ``org.middleware``).
    """

    code = models.CharField(_("former division code"), max_length=12, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former division code")
        verbose_name_plural = _("former division codes")

    def __str__(self) -> str:
        return f"{self.code} → {self.unit.code}"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Nothing imported: the file has errors")
    FAILED = "failed", _("Nothing imported: the import stopped")


def import_upload_path(job: ImportJob, filename: str) -> str:
    # The name says nothing about the content (the suffix tells CSV from xlsx); the file is
    # deleted when the import ends.
    suffix = os.path.splitext(filename)[1].lower()
    suffix = suffix if suffix in (".xlsx", ".csv", ".txt") else ".upload"
    return f"imports/{job.unit.code}/{timezone.now():%Y%m%d%H%M%S}-{job.kind}{suffix}"


class ImportJob(models.Model):
    """One file imported in the background: its progress, its outcome and every wrong row.

    The upload holds clear ID numbers, so it is kept only while the job waits or runs.
    ``errors`` lists ``[row, column label, message]`` (at most ``MAX_ERRORS``), ``failure`` the
    untranslated message and parameters of a refusal of the whole file.
    """

    MAX_ERRORS = 1000

    kind = models.CharField(_("what the file holds"), max_length=16)
    unit = models.ForeignKey(
        Unit, verbose_name=_("imported into"), on_delete=models.PROTECT, related_name="imports"
    )
    file = models.FileField(upload_to=import_upload_path, max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=200)
    language = models.CharField(max_length=12, default="zh-hans")
    state = models.CharField(
        _("state"), max_length=12, choices=ImportState.choices, default=ImportState.QUEUED
    )
    total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    failure = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="org_import_unit_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.REFUSED, ImportState.FAILED)
