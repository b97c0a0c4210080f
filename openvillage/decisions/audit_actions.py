"""Audit actions of the decisions app (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

CASE = register_actions(
    "decisions.case",
    {
        "open": _("Case opened"),
        "complete": _("Case completed"),
        "reject": _("Case closed as rejected"),
        "close": _("Case closed"),  # rows written before completion and rejection were told apart
        "submit_disclosure": _("Disclosure of a case submitted to the town"),
    },
    legacy={
        "decisions.case_open": "open",
        "decisions.case_close": "close",
        "decisions.case_disclosure_submit": "submit_disclosure",
    },
)
STEP = register_actions(
    "decisions.step", {"record": _("Step of a case recorded")},
    legacy={"decisions.step_record": "record"},
)  # fmt: skip
NOTICE = register_actions(
    "decisions.notice", {"record": _("Notice of a meeting recorded")},
    legacy={"decisions.notice_record": "record"},
)  # fmt: skip
OBJECTION = register_actions(
    "decisions.objection",
    {"record": _("Objection to a case recorded"), "answer": _("Objection to a case answered")},
    legacy={"decisions.objection_record": "record", "decisions.objection_answer": "answer"},
)
FLAG = register_actions(
    "decisions.flag",
    {"raise": _("Step flagged by the supervision committee"), "answer": _("Flag answered")},
    legacy={"decisions.step_flag": "raise", "decisions.flag_answer": "answer"},
)
REVIEW = register_actions(
    "decisions.review",
    {
        "approve": _("Step approved by the supervision committee"),
        "return": _("Step returned by the supervision committee"),
    },
)
POWER_LIST = register_actions(
    "decisions.power_list", {"publish": _("Power list published")},
    legacy={"decisions.powerlist_publish": "publish"},
)  # fmt: skip
VIOLATION = register_actions(
    "decisions.violation",
    {
        "record": _("Misconduct recorded"),
        "report_unprocedured": _("Matter handled without its procedure reported"),
        "confirm": _("Misconduct record confirmed"),
    },
    legacy={
        "decisions.violation_record": "record",
        "decisions.unprocedured_report": "report_unprocedured",
    },
)
ACCOUNTABILITY = register_actions(
    "decisions.accountability", {"add": _("Accountability measure added")},
    legacy={"decisions.accountability_add": "add"},
)  # fmt: skip
