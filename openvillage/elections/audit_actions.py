"""Audit actions of the elections app (see :func:`openvillage.core.audit.register_actions`).

The moves of the election's transition tables (rules/states.py) are audited under the same codes:
the table ``elections`` with the action ``roll.publish`` writes ``elections.roll.publish``.
"""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

GENERAL = register_actions("elections.general", {"open": _("General election opened")})
SEATS = register_actions("elections.seats", {"set": _("Seats of an election set")})
ROLL = register_actions(
    "elections.roll",
    {
        "build": _("Voter roll built from the villager roll"),
        "add": _("Voter added to the roll"),
        "remove": _("Voter removed from the roll"),
        "publish": _("Voter roll published"),
        "exclude": _("Member excluded from those who should attend"),
    },
)
OBJECTION = register_actions(
    "elections.objection",
    {"file": _("Objection to the roll filed"), "decide": _("Objection to the roll decided")},
)
NOMINATION = register_actions("elections.nomination", {"record": _("Nomination recorded")})
REVIEW = register_actions("elections.review", {"record": _("Qualification review recorded")})
CANDIDATES = register_actions(
    "elections.candidates",
    {"set": _("Candidates of a post fixed"), "publish": _("Candidate list published")},
)
PROXY = register_actions("elections.proxy", {"record": _("Proxy recorded")})
PROXIES = register_actions("elections.proxies", {"publish": _("Proxy list published")})
STATION = register_actions("elections.station", {"add": _("Polling station added")})
TALLY = register_actions(
    "elections.tally",
    {
        "first": _("Tally sheet entered"),
        "agree": _("Second tally entry agrees"),
        "differ": _("Second tally entry differs"),
        "resolve": _("Tally sheet recounted"),
        "second": _("Second tally entry"),  # rows written before agree and differ were told apart
    },
)
ROUND = register_actions(
    "elections.round",
    {"count": _("Round counted"), "open": _("Further round opened")},
)
RESULT = register_actions("elections.result", {"publish": _("Election result published")})
RELATIVE = register_actions("elections.relative", {"declare": _("Near relatives declared")})
SECRETARY = register_actions(
    "elections.secretary",
    {"record": _("Secretary election recorded"), "approve": _("Secretary election approved")},
)
VIOLATION = register_actions(
    "elections.violation",
    {
        "file": _("Violation reported"),
        "route": _("Violation report routed"),
        "close": _("Violation report closed"),
    },
)
OBSERVER = register_actions(
    "elections.observer",
    {"assign": _("Observer assigned"), "report": _("Observer report submitted")},
)
TALK = register_actions("elections.talk", {"record": _("Heart-to-heart talk recorded")})
