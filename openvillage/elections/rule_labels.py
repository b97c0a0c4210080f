"""What the rule ids of the election notes (``../shared/domain/elections.md``) require, in words.

A page that cites a rule (the round was decided by "P7, P10"; the observers' checklist item
watches "V23") shows this text; the id stays in a ``title`` for those who look it up. An id
without an entry shows as itself.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RULES = {
    "V11": _("the voter roll is published at least 20 days before election day"),
    "V15": _("every post has more candidates than seats"),
    "V17": _("the candidate list is published at least 5 days before election day"),
    "V20": _("the list of principals and proxies is published"),
    "V22": _("each principal counts once; the proxy gets one ballot per principal"),
    "V23": _("secret ballot in a booth, public counting, result announced on the spot"),
    "V24": _("mobile ballot boxes only where allowed, with at least 3 scrutineers"),
    "V25": _("candidates and their near relatives do not call, scrutinise or count"),
    "V26": _("ballots and election documents go into the village archives"),
    "V27": _("no more ballots collected than voters who voted, else the round is held again"),
    "V28": _("the election is valid when more than half of the registered voters vote"),
    "V29": _("a ballot with more marks for a post than its seats is invalid"),
    "V31": _("one person marked for two posts makes the ballot invalid (Zhejiang)"),
    "V33": _("the tally adds up: valid plus invalid ballots equal the ballots collected"),
    "V34": _("elected with more than half of the ballots collected"),
    "V36": _("a tie at the last seat is voted again among the tied"),
    "V39": _("near relatives may not serve on the committee together (Zhejiang)"),
    "V40": _("an additional election is held for the seats left unfilled"),
    "V41": _("the additional election's candidates are the next unelected by votes"),
    "V42": _("in an additional election most votes win, with at least a third of the ballots"),
    "V43": _("no turnout threshold applies to an additional election"),
    "V44": _("ties in an additional election are voted again among the tied"),
    "V45": _("the additional election is held within the time the province sets"),
    "V46": _("seats may stay vacant when the province allows it"),
    "P7": _("more than four fifths of the members who should attend are present"),
    "P9": _("committee candidates exceed the seats by at least 20%"),
    "P10": _("no more ballots collected than issued, else the vote is held again"),
    "P11": _("a ballot with more selections than seats is invalid"),
    "P12": _("elected with more than half of the members who should attend"),
    "P13": _("more qualifiers than seats: seats in vote order, ties voted again"),
    "P14": _("fewer qualifiers than seats: an additional election for the shortfall"),
    "P15": _("the new committee elects the secretary by more than half of its members"),
}

_ID = re.compile(r"\b([VPCM]\d{1,2})\b")


def rule_text(ids: str) -> str:
    """The requirements of ``"P7, P10"`` joined in the active language (unknown ids as they are)."""
    found = _ID.findall(ids or "")
    if not found:
        return ids or ""
    return gettext("; ").join(str(RULES.get(rule, rule)) for rule in found)
