"""The rules of elections.md by their text, in the reader's language: a page never shows a bare
rule code (``V27``) but the rule's label with the code after it, for the officials who look it up.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RULES = {
    "V1": _("a committee of 3 to 7 members"),
    "V2": _("at least one woman on the committee"),
    "V11": _("roll published 20 days before election day"),
    "V12": _("objections within 5 days, decided within 3"),
    "V15": _("more candidates than seats"),
    "V17": _("candidate list published 5 days before election day"),
    "V20": _("list of proxies published"),
    "V21": _("proxy requested in writing before the profile's deadline"),
    "V22": _("each principal counts once"),
    "V23": _("secret ballot, public count, result announced on the spot"),
    "V24": _("mobile ballot box approved, with 3 scrutineers"),
    "V25": _("no candidate or near relative calls, scrutinises or counts"),
    "V26": _("ballots kept in the village archives"),
    "V27": _("no more ballots collected than voters"),
    "V28": _("more than half of the registered voters voted"),
    "V34": _("elected with more than half of the votes"),
    "V35": _("seats in vote order"),
    "V36": _("a tie at the last seat is re-voted among the tied"),
    "V37": _("a result won by fraud or bribery is void"),
    "V39": _("near relatives do not serve together"),
    "V40": _("an additional election for the empty seats"),
    "V41": _("additional candidates: empty seats plus one, by votes"),
    "V42": _("additional election: most votes, at least one third"),
    "V43": _("no turnout threshold in the additional election"),
    "V44": _("a tie in the additional election is re-voted"),
    "V45": _("further round held within the profile's time limit"),
    "V46": _("whether empty seats may stay vacant"),
    "P4": _("branch committee of at most 7 members"),
    "P6": _("who should attend: full members less approved exclusions"),
    "P7": _("more than four fifths of members present"),
    "P9": _("at least 20% more candidates than seats"),
    "P10": _("no more ballots collected than issued"),
    "P12": _("elected with more than half of those who should attend"),
    "P13": _("seats in vote order; a tie is re-voted"),
    "P14": _("an additional election for a shortfall"),
    "P15": _("the committee elects its secretary by a majority"),
    "Q4": _("a barred person may not stand"),
}

CODE = re.compile(r"^([A-Z]+)(\d+)$")


def _codes(text: str) -> list[str]:
    """Split ``"V34-V36, V40"`` into codes, expanding ranges of one prefix."""
    codes: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        first, _dash, last = part.partition("-")
        a, b = CODE.match(first.strip()), CODE.match(last.strip()) if last else None
        if a and b and a.group(1) == b.group(1):
            codes += [f"{a.group(1)}{n}" for n in range(int(a.group(2)), int(b.group(2)) + 1)]
        elif part:
            codes.append(part)
    return codes


def rule_text(codes: str) -> str:
    """``"V27, V28"`` as ``"label (V27); label (V28)"`` in the active language."""
    return gettext("; ").join(
        gettext("%(label)s (%(code)s)") % {"label": RULES[code], "code": code}
        if code in RULES
        else code
        for code in _codes(codes or "")
    )
