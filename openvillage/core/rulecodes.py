"""Rule references in a sentence: "须采用书面形式（V19）。" read as words, the code kept aside.

The domain notes number their rules (V19, P6, M1, RF3, R5 ...) and the source strings cite them so
that an official can look a rule up. A page shows the sentence without the code; the code goes to
a muted ``title`` (see ``core/templatetags/rule_tags.py``), and :meth:`DomainError.translated`
drops it from refusals. Pure: no Django import.
"""

from __future__ import annotations

import re

_ONE = r"[A-Z]{1,2}\d{1,3}(?:\s?[a-z](?![A-Za-z]))?"
#: "(V19)", "（V9 c）", "(V34-V36, V40)", "(R5; R8)": one parenthesised group of rule codes.
RULE_REF = re.compile(rf"\s*[（(]\s*({_ONE}(?:\s*(?:[-–,，、;；/]|and|和)\s*{_ONE})*)\s*[）)]")


def split_rule_refs(text: str) -> tuple[str, list[str]]:
    """Return ``text`` without its parenthesised rule codes, and each group cited as written
    (``"V34-V36, V40"``), in order."""
    codes: list[str] = []

    def _drop(match: re.Match[str]) -> str:
        codes.append(match.group(1).strip())
        return ""

    return RULE_REF.sub(_drop, text), codes
