"""Messages of Django's password validators in the reader's language.

Django's Chinese catalogue has no translation of the minimum length message of Django 5.2
(its wording changed), so a clerk saw it in English among Chinese ones; this module words that
one itself and keeps Django's messages for the others.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext


def password_problems(error: ValidationError) -> str:
    """All the reasons a password was refused, as one sentence per reason."""
    messages = []
    for item in error.error_list:
        if item.code == "password_too_short":
            params = item.params or {}
            messages.append(
                gettext("This password is too short: it needs at least %(n)s characters.")
                % {"n": params.get("min_length", "")}
            )
        else:
            messages.extend(item.messages)
    return " ".join(messages)
