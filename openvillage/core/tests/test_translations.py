"""Every user-facing string has a Simplified Chinese translation, and the compiled catalogue
(.mo, what Django reads) says the same as the source (.po)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries() -> list[dict]:
    """A small reader of the .po format: msgctxt, msgid, msgid_plural, msgstr[n], flags."""
    found, entry, key = [], {}, None
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in entry:
                found.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line[2:].strip()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return found


def test_no_string_is_left_untranslated_or_fuzzy():
    missing = [
        e["msgid"]
        for e in entries()
        if e["msgid"]
        and ("fuzzy" in e.get("flags", "") or not (e.get("msgstr") or e.get("msgstr[0]")))
    ]
    assert missing == [], f"{len(missing)} untranslated, first: {missing[:5]}"


def test_the_compiled_catalogue_matches_the_source():
    stale = []
    with translation.override("zh-hans"):
        for e in entries():
            if not e["msgid"] or "msgctxt" in e or "msgid_plural" in e:
                continue
            if translation.gettext(e["msgid"]) != e["msgstr"]:
                stale.append(e["msgid"])
    assert stale == [], f"{len(stale)} differ from the .mo (run make messages), e.g. {stale[:3]}"
