"""Data shipped with the app: the negative list (§C) and the violation types (§D), with labels.

The codes and their windows live in YAML beside this module; the labels shown to people are
here so that Django's i18n collects them. A code in the YAML without a label stops start-up.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

HERE = Path(__file__).parent

NEGATIVE_LABELS = {
    "criminal_record": _("Sentenced to public surveillance or heavier (within 5 years)"),
    "gang_related": _("Punished for gang or evil-force conduct (within 5 years)"),
    "village_bully": _("Identified as a village bully"),
    "cult_related": _("Cult involvement"),
    "under_investigation": _("Under discipline or judicial investigation"),
    "discipline_period": _("Within a party or government discipline period"),
    "family_planning_violation": _("Unresolved family planning violation (within 5 years)"),
    "organized_mass_petition": _("Organized mass petitions that caused incidents (5 years)"),
    "collective_property_abuse": _("Abuse of collective land or funds as a cadre (5 years)"),
    "refused_pledges": _("Refused the campaign or resignation pledges"),
    "election_bribery": _("Verified bribery of voters or staff, or factional interference"),
    "incapacity": _("Long absence or lost capacity"),
}

VIOLATION_LABELS = {
    "bribery": _("Bribery: meals, cash, red packets, gifts or promised benefits for votes"),
    "coercion": _("Violence, threats or deception that hinder voters"),
    "clan_or_gang_interference": _("Clan, religious or gang interference or control"),
    "lobbying": _("Canvassing, lobbying, putting in a word for someone"),
    "ballot_tampering": _("Damaging boxes, forging ballots, falsifying counts or documents"),
    "impersonation": _("False identity, false or on-the-spot proxies, voting for others"),
    "disruption": _("Slander, rumours, inciting petitions or disturbances"),
    "procedure_skipped": _("Skipping a legal step of the election"),
    "pre_handover_asset_abuse": _("Spending before handover or dividing collective assets"),
    "handover_refusal": _("Refusing to hand over seals, accounts or archives"),
}

REVIEW_SOURCES = {
    "discipline_commission": _("Discipline commission"),
    "organization_department": _("Organization department"),
    "political_legal_committee": _("Political-legal committee"),
    "petitions_bureau": _("Petitions bureau"),
    "court": _("Court"),
    "procuratorate": _("Procuratorate"),
    "public_security": _("Public security"),
    "justice_bureau": _("Justice bureau"),
    "archives": _("Archives consulted"),
    "visits": _("Inquiries and visits"),
}


CHECKLIST_LABELS = {
    "roll_posted": _("The voter roll and the proxy list were posted in public"),
    "candidates_posted": _("The candidate list was posted at least 5 days before"),
    "secret_booth": _("A secret booth was set up and used"),
    "box_sealed_shown_empty": _("The ballot box was shown empty and sealed before voting"),
    "proxies_checked": _("Proxy voters were checked against the published list"),
    "no_candidate_scrutineer": _("No candidate or near relative called, scrutinised or counted"),
    "mobile_box_escorted": _("Mobile ballot boxes had three scrutineers throughout"),
    "ballots_reconciled": _("Ballots collected were checked against ballots issued"),
    "counting_in_public": _("The ballots were counted in public"),
    "results_announced": _("The result was announced on the spot"),
    "ballots_sealed_archived": _("Ballots and records were sealed for the archives"),
}

#: Answers an observer gives to each checklist item.
CHECKLIST_ANSWERS = {
    "yes": _("Yes"),
    "no": _("No"),
    "not_seen": _("Not observed"),
}


def _load(name: str, labels: dict[str, Any]) -> list[dict[str, Any]]:
    rows = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    for row in rows:
        if row["code"] not in labels:
            raise ValueError(f"{name}: no label for code {row['code']!r}")
    return rows


@cache
def negative_list() -> list[dict[str, Any]]:
    """The negative list: code, window_years or while, rule."""
    return _load("negative_list.yaml", NEGATIVE_LABELS)


@cache
def violation_types() -> list[dict[str, Any]]:
    """The ten prohibitions: code and whether a confirmed report voids a winner's result."""
    return _load("violation_types.yaml", VIOLATION_LABELS)


def negative_choices() -> list[tuple[str, Any]]:
    return [(row["code"], NEGATIVE_LABELS[row["code"]]) for row in negative_list()]


def violation_choices() -> list[tuple[str, Any]]:
    return [(row["code"], VIOLATION_LABELS[row["code"]]) for row in violation_types()]


def voiding_types() -> frozenset[str]:
    return frozenset(row["code"] for row in violation_types() if row["voids_result"])


@cache
def observer_checklist() -> list[dict[str, Any]]:
    """The observers' checklist: code and the rule each item watches."""
    return _load("observer_checklist.yaml", CHECKLIST_LABELS)


def checklist_choices() -> list[tuple[str, Any, str]]:
    return [
        (row["code"], CHECKLIST_LABELS[row["code"]], row["rule"]) for row in observer_checklist()
    ]
