"""The daily reminder digest of the problem list: to the people who must rectify (the accounts
linked to the responsible person, and the village team), copying the issuing body's staff."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from openvillage.core.clock import local_today
from openvillage.core.permissions import RECTIFICATION, SUPERVISION, SUPERVISION_SELF, can_write
from openvillage.supervision.models import DigestSent, Problem, State
from openvillage.supervision.rules.digest import Line, digests, due_for_digest

SOON_DAYS = 3


def _recipients(today: date) -> tuple[dict[int, list[Line]], dict[int, list[int]]]:
    """Lines per account, and the accounts of each issuing unit (for the copy)."""
    users = get_user_model().objects.filter(is_active=True).select_related("unit")
    problems = Problem.objects.filter(state=State.ORDERED, deadline__isnull=False).select_related(
        "village"
    )
    lines: dict[int, list[Line]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    by_village: dict[int, list[int]] = defaultdict(list)
    issuers: dict[int, list[int]] = defaultdict(list)
    for user in users:
        if user.unit is None:
            continue
        if user.person_id:
            by_person[user.person_id].append(user.pk)
        if can_write(user, user.unit.path, RECTIFICATION):
            by_village[user.unit_id].append(user.pk)
        if can_write(user, user.unit.path, SUPERVISION) or can_write(
            user, user.unit.path, SUPERVISION_SELF
        ):
            issuers[user.unit_id].append(user.pk)
    for p in problems:
        if not due_for_digest(p.deadline, today, SOON_DAYS):
            continue
        line = Line(p.pk, p.title, p.village.name, p.deadline, p.issuer_id)
        for user_id in {*by_person.get(p.responsible_id, ()), *by_village.get(p.village_id, ())}:
            lines[user_id].append(line)
    return lines, issuers


def send_digests(today: date | None = None) -> int:
    """Send today's digests; an account already sent today's is skipped. Returns how many."""
    today = today or local_today()
    lines, issuers = _recipients(today)
    users = get_user_model().objects.in_bulk(list(lines))
    emails = dict(get_user_model().objects.exclude(email="").values_list("pk", "email"))
    sent = 0
    for digest in digests(lines):
        user = users[digest.recipient]
        if not user.email:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, day=today, problems=len(digest.lines))
        except IntegrityError:
            continue  # already sent today
        copied = sorted(
            {emails[u] for unit in digest.copied for u in issuers.get(unit, ()) if u in emails}
            - {user.email}
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Rectifications due: %(n)s") % {"n": len(digest.lines)}
            body = "\n".join(
                _("%(deadline)s · %(village)s · %(title)s")
                % {
                    "deadline": line.deadline.isoformat(),
                    "village": line.village,
                    "title": line.title,
                }
                + (" · " + _("overdue") if line.deadline < today else "")
                for line in digest.lines
            )
            body += "\n\n" + settings.PUBLIC_BASE_URL + "/staff/supervision/?overdue=1"
        EmailMessage(subject, body, None, [user.email], cc=copied).send(fail_silently=True)
        sent += 1
    return sent
