"""Human labels for the codes of the decisions app (issue 6: labels, not codes).

English source strings (terms of ``../shared/domain/glossary.md`` and decisions.md) marked with
``gettext_lazy``; the Chinese comes from the locale files. Every code of ``rules/vocabulary.py``,
every step code of the shipped power list and every code of ``misconduct.yaml`` has a label
(``tests/test_labels.py``). An unknown code (a regional list may add steps) shows as itself.
Power and procedure names, legal bases and risk points are ``{zh, en}`` text in the YAML
(``rules.powerlist.Text``), shown in the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BODIES = {
    "branch_committee": _("Party branch committee"),
    "joint_meeting": _("Joint meeting of the two committees"),
    "party_members_meeting": _("Party members' meeting"),
    "villagers_meeting": _("Villagers' meeting"),
    "representatives_meeting": _("Villagers' representatives' meeting"),
    "village_group_meeting": _("Village group meeting"),
    "villagers_committee": _("Villagers' committee"),
    "supervision_committee": _("Village affairs supervision committee"),
    "secretary": _("Secretary"),
    "director": _("Director"),
    "cooperative_head": _("Head of the economic cooperative"),
    "town": _("Township"),
    "county": _("County"),
    "villager": _("Villager"),
    "household": _("Household"),
    "cadre": _("Village cadre"),
    "trading_center": _("Public-resource trading centre"),
    "property_rights_exchange": _("Rural property-rights exchange"),
}

KINDS = {
    "meeting": _("Meeting"),
    "approval": _("Approval"),
    "publication": _("Publication"),
    "task": _("Task"),
}

DAY_COUNTS = {"calendar": _("calendar days"), "working": _("working days")}

CATEGORIES = {
    "public_power_matter": _("Public-power matter"),
    "convenience_service_matter": _("Convenience-service matter"),
}

POSTS = {
    "secretary": _("Secretary"),
    "deputy_secretary": _("Deputy secretary"),
    "director": _("Director"),
    "deputy_director": _("Deputy director"),
    "committee_member": _("Committee member"),
    "cooperative_head": _("Head of the economic cooperative"),
}

EVIDENCE = {
    "origin": _("Origin of the matter"),
    "draft_plan": _("Draft plan"),
    "feasibility_note": _("Investigation or feasibility note"),
    "minutes": _("Minutes"),
    "sign_in_sheet": _("Sign-in sheet"),
    "photos": _("Photos"),
    "vote_counts": _("Vote counts"),
    "revised_plan": _("Revised plan"),
    "town_official_signature": _("Signature of the township official present"),
    "resolution_text": _("Resolution text"),
    "authorization": _("Authorization by the villagers' meeting"),
    "notice_text": _("Notice text"),
    "notice_board_photo": _("Photo of the notice board"),
    "disclosure_item": _("Disclosure item"),
    "objections": _("Objections received"),
    "supervision_opinion": _("Supervision committee opinion"),
    "result_notice": _("Result notice"),
    "acceptance_papers": _("Acceptance papers"),
    "payment_vouchers": _("Payment vouchers"),
    "application": _("Application"),
    "investigation_forms": _("Investigation forms"),
    "approval_form": _("Approval form"),
    "contract": _("Contract"),
    "valuation": _("Valuation"),
    "reserve_price": _("Reserve price"),
    "register_entry": _("Register entry"),
    "tender_documents": _("Tender documents"),
    "audit_report": _("Audit report"),
    "approval_certificate": _("Approval certificate"),
    "site_check_form": _("Site check form"),
    "id_documents": _("Identity documents"),
    "agreement": _("Agreement"),
    "distribution_list": _("Distribution list"),
    "receipt": _("Receipt"),
}

#: Step codes of the shipped power list (``powerlists/default.yaml``), in procedure order.
STEPS = {
    "proposal": _("Proposal"),
    "consultation": _("Consultation"),
    "deliberation": _("Deliberation"),
    "resolution": _("Resolution"),
    "resolution_disclosure": _("Disclosure of the resolution"),
    "result_disclosure": _("Disclosure of the result"),
    "plan_disclosure": _("Disclosure of the draft plan"),
    "implementation": _("Implementation"),
    "evaluation": _("Evaluation by villagers"),
    "request": _("Request"),
    "approval": _("Approval"),
    "contract": _("Contract"),
    "acceptance": _("Completion acceptance"),
    "submission": _("Submission of the voucher"),
    "supervision_review": _("Review by the supervision committee"),
    "joint_signature": _("Joint signature"),
    "bookkeeping": _("Bookkeeping"),
    "finance_disclosure": _("Finance disclosure"),
    "decision_reference": _("Reference to the decision"),
    "change_request": _("Change request"),
    "town_filing": _("Filing with the township"),
    "register_check": _("Register check"),
    "call_publication": _("Publication of the call"),
    "competition": _("Open competition"),
    "town_approval": _("Township approval"),
    "plan_drafting": _("Drafting the plan"),
    "group_resolution": _("Resolution of the village group"),
    "town_review": _("Township review"),
    "application": _("Application"),
    "activist_designation": _("Designation as activist"),
    "candidate_designation": _("Designation as development candidate"),
    "admission_vote": _("Admission vote"),
    "conversion_vote": _("Vote on full membership"),
    "candidate_publicity": _("Publicity of the candidates"),
    "stamping": _("Stamping"),
    "director_approval": _("Approval by the director"),
    "verification": _("Verification"),
    "group_discussion": _("Discussion by the village group"),
    "village_review": _("Village review"),
    "staking": _("On-site staking"),
    "completion_check": _("Completion check"),
    "economic_check": _("Family economic check"),
    "democratic_appraisal": _("Democratic appraisal"),
    "town_decision": _("Township decision"),
    "village_check": _("Village check"),
    "needs_survey": _("Survey of needs"),
    "distribution_plan": _("Distribution plan"),
    "list_publicity": _("Publicity of the list"),
    "distribution": _("Distribution"),
    "county_approval": _("County approval"),
    "register": _("Entry in the register"),
    "collection": _("Collection"),
    "remittance": _("Remittance"),
    "mediation": _("Mediation"),
    "agreement": _("Agreement"),
}

OUTCOMES = {
    "passed": pgettext_lazy("outcome", "passed"),
    "failed": _("failed"),
    "no_quorum": _("no quorum"),
    "done": _("done"),
}

CASE_STATUSES = {"open": _("Open"), "completed": _("Completed"), "rejected": _("Rejected")}

VIOLATION_STATUSES = {"to_review": _("To review"), "recorded": _("Recorded")}

#: Misconduct kinds of ``misconduct.yaml`` (decisions.md §7).
MISCONDUCT = {
    "procedure_skipped": _("Decided without the four discussions or another required step"),
    "disclosure_failure": _("Not disclosed, late, incomplete or untrue"),
    "unauthorized_approval": _("Approval beyond the money tier or by the wrong body"),
    "tender_collusion": _("Collusion or bribes in tenders and procurement"),
    "collective_asset_abuse": _(
        "Irregular disposal, slush funds, embezzlement or unauthorized bonuses"
    ),
    "benefit_fraud": _("Withholding or diverting relief or subsidies; favouring relatives"),
    "extortion": _("Eating, taking, blocking or demanding from villagers"),
    "requisition_fraud": _("False claims in land requisition and demolition"),
    "eight_point_violation": _("Banquets, gifts or trips on collective money"),
    "seal_misuse": _("Misuse of the village seals"),
    "gang_protection": _("Acting as protection for gangs"),
    "dereliction": _("Dereliction of duty"),
}

#: Accountability measures of ``misconduct.yaml``, mildest first.
MEASURES = {
    "criticism_education": _("Criticism and education"),
    "admonishing_talk": _("Admonishing talk"),
    "written_self_criticism": _("Written self-criticism"),
    "public_notification": _("Criticism by circulated notice"),
    "removal_from_post": _("Adjustment or removal from post"),
    "transfer_to_discipline": _("Hand-over to the discipline commission"),
}

LEVELS = {"village": _("Village"), "town": _("Township"), "county": _("County")}

#: Quorum rules of ``rules/quorum.py`` (who must be present), decisions.md D4 and D8.
QUORUM_RULES = {
    "majority_of_should_attend": _("more than half of those who should attend are present"),
    "two_thirds_of_should_attend": _("two thirds of those who should attend are present"),
    "villagers_meeting_quorum": _(
        "more than half of the adult villagers, or representatives of two thirds of the households"
    ),
    "village_group_meeting_quorum": _(
        "two thirds of the group's adults, or representatives of two thirds of its households"
    ),
}

#: Pass rules of ``rules/quorum.py`` (who must vote for).
PASS_RULES = {
    "majority_of_present": _("more than half of those present vote for"),
    "majority_of_should_attend": _("more than half of those who should attend vote for"),
    "two_thirds_of_present": _("two thirds of those present vote for"),
    "two_thirds_of_should_attend": _("two thirds of those who should attend vote for"),
}

#: Regions of a power list (the file name under ``powerlists/``).
REGIONS = {"default": _("Platform default")}

#: Outcomes of the supervision committee's review of a step (``models.ReviewOutcome``).
REVIEWS = {"approved": _("Approved"), "returned": _("Returned")}

GROUPS = {
    "review": REVIEWS,
    "body": BODIES,
    "kind": KINDS,
    "day_count": DAY_COUNTS,
    "category": CATEGORIES,
    "post": POSTS,
    "evidence": EVIDENCE,
    "step": STEPS,
    "outcome": OUTCOMES,
    "case_status": CASE_STATUSES,
    "violation_status": VIOLATION_STATUSES,
    "misconduct": MISCONDUCT,
    "measure": MEASURES,
    "level": LEVELS,
    "quorum": QUORUM_RULES,
    "pass_rule": PASS_RULES,
    "region": REGIONS,
}


def label(group: str, code: str | None) -> str:
    """The label of ``code`` in the active language, or the code itself when it has none."""
    if code is None or code == "":
        return ""
    found = GROUPS[group].get(code)
    return code if found is None else str(found)


def choices(group: str) -> list[tuple[str, str]]:
    return [(code, str(text)) for code, text in GROUPS[group].items()]


#: Parameters of the engine's messages that carry a code, and the group of their labels.
PARAM_GROUPS = {"step": "step", "previous": "step", "next": "step", "body": "body"}


def explain(err) -> str:
    """A domain error in the active language, with the codes in its parameters as labels
    ("Step Consultation cannot start: step Register check has not passed.")."""
    from django.utils.translation import gettext

    params = dict(err.params)
    for key, group in PARAM_GROUPS.items():
        if isinstance(params.get(key), str):
            params[key] = label(group, params[key])
    template = gettext(err.message)
    try:
        return template % params if params else template
    except (KeyError, TypeError, ValueError):
        return err.translated()
