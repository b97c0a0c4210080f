"""Vocabularies of the power list: categories, kinds of step, bodies, posts, evidence, keys.

Identifiers come from ``../shared/domain/glossary.md``; ``cooperative_head`` from decisions.md §6.
"""

from __future__ import annotations

CATEGORIES = ("public_power_matter", "convenience_service_matter")
KINDS = ("meeting", "approval", "publication", "task")
DAY_COUNTS = ("calendar", "working")
DEADLINE_ANCHORS = ("previous_step", "completion")
SOURCES = ("S", "D")

#: Bodies that decide by a meeting with attendance and votes (decisions.md §1).
MEETING_BODIES = frozenset(
    {
        "branch_committee",
        "joint_meeting",
        "party_members_meeting",
        "villagers_meeting",
        "representatives_meeting",
        "village_group_meeting",
        "villagers_committee",
        "supervision_committee",
    }
)
#: Offices and persons that act or approve alone (glossary identifiers; ``cooperative_head`` §6).
OFFICE_BODIES = frozenset(
    {
        "secretary",
        "director",
        "cooperative_head",
        "town",
        "county",
        "villager",
        "household",
        "cadre",
        "trading_center",
        "property_rights_exchange",
    }
)
BODIES = MEETING_BODIES | OFFICE_BODIES

POSTS = frozenset(
    {
        "secretary",
        "deputy_secretary",
        "director",
        "deputy_director",
        "committee_member",
        "cooperative_head",
    }
)

#: Evidence a step may require (decisions.md §3 table, D4, flows F2-F8).
EVIDENCE = frozenset(
    {
        "origin",
        "draft_plan",
        "feasibility_note",
        "minutes",
        "sign_in_sheet",
        "photos",
        "vote_counts",
        "revised_plan",
        "town_official_signature",
        "resolution_text",
        "authorization",
        "notice_text",
        "notice_board_photo",
        "disclosure_item",
        "objections",
        "supervision_opinion",
        "result_notice",
        "acceptance_papers",
        "payment_vouchers",
        "application",
        "investigation_forms",
        "approval_form",
        "contract",
        "valuation",
        "reserve_price",
        "register_entry",
        "tender_documents",
        "audit_report",
        "approval_certificate",
        "site_check_form",
        "id_documents",
        "agreement",
        "distribution_list",
        "receipt",
    }
)

STEP_KEYS = frozenset(
    {
        "code",
        "name",
        "kind",
        "body",
        "co_signer",
        "quorum",
        "pass",
        "notice",
        "publicity",
        "deadline",
        "interval",
        "evidence",
        "alternatives",
        "requires_authorization",
        "on_failure",
        "mergeable_with_previous",
    }
)
OPTION_KEYS = frozenset({"body", "quorum", "pass", "notice", "requires_authorization"})
POWER_KEYS = frozenset(
    {
        "code",
        "name",
        "category",
        "legal_basis",
        "responsible_post",
        "source",
        "procedure",
        "tiers",
        "variants",
        "disclosure_matter",
        "risk_points",
    }
)
