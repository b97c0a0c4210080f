"""Writes of the general election. Each: one transaction, permission by scope (ELECTIONS; the
observers' reports OBSERVATION), a state check raising WrongState (409) with a sentence a clerk
understands, one audit row, and a ledger append when something becomes public.

The rules live in the pure modules ``rules/`` (counting, profiles, timetable, eligibility); these
modules only gather the facts from the database, call them and store what they decide. Split by
subdomain (roll, candidates, voting, results, reports); every public name is importable from here.
"""

from openvillage.elections.services._common import (
    DEFAULT_SEATS,
    ELECTIONS,
    FIGURES,
    TERM_POSTS,
    seats_check,
)
from openvillage.elections.services.branch import (
    branch_exclusion_record,
    committee_members,
    exclusion_label,
    secretary_election_approve,
    secretary_election_record,
)
from openvillage.elections.services.candidates import (
    candidate_list_publish,
    candidate_list_set,
    nomination_record,
    review_record,
)
from openvillage.elections.services.reports import (
    TALK_ASPECTS,
    observer_assign,
    observer_report_submit,
    talk_record,
    talk_record_beyond_election,
    violation_report_close,
    violation_report_file,
    violation_report_route,
)
from openvillage.elections.services.results import (
    elected_named,
    elected_people,
    person_of,
    result_public_record,
    result_publish,
    round_names,
)
from openvillage.elections.services.roll import (
    election_open,
    election_seats_set,
    public_roll,
    roll_add,
    roll_build,
    roll_objection_decide,
    roll_objection_file,
    roll_publish,
    roll_remove,
)
from openvillage.elections.services.voting import (
    additional_round_open,
    candidate_names,
    count_document,
    eligible_count,
    near_relatives,
    proxy_list_publish,
    proxy_record,
    public_proxies,
    relative_declare,
    round_count,
    station_add,
    tally_enter,
    tally_resolve,
    vacancy_status,
)

__all__ = [
    "TALK_ASPECTS",
    "DEFAULT_SEATS",
    "ELECTIONS",
    "FIGURES",
    "TERM_POSTS",
    "additional_round_open",
    "branch_exclusion_record",
    "committee_members",
    "exclusion_label",
    "secretary_election_approve",
    "secretary_election_record",
    "candidate_list_publish",
    "candidate_list_set",
    "candidate_names",
    "count_document",
    "elected_named",
    "elected_people",
    "person_of",
    "round_names",
    "election_open",
    "election_seats_set",
    "eligible_count",
    "nomination_record",
    "observer_assign",
    "near_relatives",
    "observer_report_submit",
    "proxy_list_publish",
    "proxy_record",
    "public_proxies",
    "public_roll",
    "relative_declare",
    "result_public_record",
    "result_publish",
    "review_record",
    "roll_add",
    "roll_build",
    "roll_objection_decide",
    "roll_objection_file",
    "roll_publish",
    "roll_remove",
    "round_count",
    "seats_check",
    "station_add",
    "tally_enter",
    "tally_resolve",
    "talk_record",
    "talk_record_beyond_election",
    "vacancy_status",
    "violation_report_close",
    "violation_report_file",
    "violation_report_route",
]
