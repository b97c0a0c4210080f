"""Writes of the decisions app: one ``<entity>_<verb>`` function per change (issue 6).

Each runs in one transaction: permission by scope (``DECISIONS``; ``SUPERVISION_FLAG`` for the
supervision committee's flags), a state check through the pure procedure engine
(``decisions.rules``: a refused step is a :class:`WrongState` with the engine's reason, 409),
the write, one audit row, and a ledger append when a case closes (it becomes public then).
The procedure always comes from the power list version the case was opened under.

Split by subdomain (powerlist, cases, disclosures, oversight, misconduct); every public name,
and the engine helpers the selectors use, is importable from here.
"""

from openvillage.decisions.services._common import (
    DISCLOSURE_STEPS,
    TEXT_LIMIT,
    _add_wd,
    concurrent_secretary_director,
    expected_people,
)
from openvillage.decisions.services.cases import (
    StepInput,
    case_close,
    case_open,
    engine_record,
    engine_state,
    live_records,
    meeting_record,
    notice_from,
    notice_record,
    procedure_of,
    recorded_notice,
    step_merge,
)
from openvillage.decisions.services.disclosures import (
    PublishResult,
    case_publish_resolution,
    case_publish_result,
)
from openvillage.decisions.services.misconduct import (
    accountability_add,
    unprocedured_report,
    violation_record,
)
from openvillage.decisions.services.oversight import (
    case_objection_answer,
    case_objection_record,
    flag_answer,
    step_flag,
    step_review,
)
from openvillage.decisions.services.powerlist import powerlist_publish

__all__ = [
    "DISCLOSURE_STEPS",
    "PublishResult",
    "StepInput",
    "TEXT_LIMIT",
    "_add_wd",
    "accountability_add",
    "case_close",
    "case_objection_answer",
    "case_objection_record",
    "case_open",
    "case_publish_resolution",
    "case_publish_result",
    "concurrent_secretary_director",
    "engine_record",
    "engine_state",
    "expected_people",
    "flag_answer",
    "live_records",
    "meeting_record",
    "notice_from",
    "notice_record",
    "procedure_of",
    "recorded_notice",
    "powerlist_publish",
    "step_flag",
    "step_review",
    "step_merge",
    "unprocedured_report",
    "violation_record",
]
