"""Reminders people read: one digest per person per day, only when it lists something, sorted
by due date, copying the issuer."""

from datetime import date

from django.core import mail

from openvillage.supervision import services
from openvillage.supervision.reminders import send_digests
from openvillage.supervision.rules.digest import Line, digests, due_for_digest


def _line(pk, deadline):
    return Line(pk, f"p{pk}", "A1", deadline, issuer_id=7)


def test_lines_are_sorted_by_deadline_and_empty_digests_are_dropped():
    result = digests({1: [_line(2, date(2026, 3, 9)), _line(1, date(2026, 3, 5))], 2: []})
    assert [d.recipient for d in result] == [1]
    assert [line.problem_id for line in result[0].lines] == [1, 2]
    assert result[0].copied == (7,)


def test_a_problem_is_listed_from_three_days_before_its_deadline():
    assert due_for_digest(date(2026, 3, 10), date(2026, 3, 7), 3)
    assert not due_for_digest(date(2026, 3, 10), date(2026, 3, 6), 3)
    assert due_for_digest(date(2026, 3, 10), date(2026, 3, 20), 3)  # overdue stays listed


def test_one_mail_per_person_per_day_copying_the_issuer(cast, village_a1, responsible):
    for user, email in ((cast["vic"], "vic@example.org"), (cast["tom"], "tom@example.org")):
        user.email = email
        user.save(update_fields=["email"])
    for title, deadline in (("晚的", date(2026, 3, 12)), ("早的", date(2026, 3, 10))):
        p = services.problem_raise(
            actor=cast["tom"], village=village_a1, title=title, severity="general"
        )
        services.problem_order(
            actor=cast["tom"], problem=p, responsible=responsible, deadline=deadline,
            today=date(2026, 3, 1),
        )  # fmt: skip
    assert send_digests(date(2026, 3, 9)) == 1
    (message,) = mail.outbox
    assert message.to == ["vic@example.org"] and message.cc == ["tom@example.org"]
    assert message.body.index("早的") < message.body.index("晚的")
    assert send_digests(date(2026, 3, 9)) == 0  # once a day
    assert len(mail.outbox) == 1


def test_no_mail_when_nothing_is_due(cast, village_a1, responsible):
    cast["vic"].email = "vic@example.org"
    cast["vic"].save(update_fields=["email"])
    p = services.problem_raise(actor=cast["tom"], village=village_a1, title="x", severity="general")
    services.problem_order(
        actor=cast["tom"], problem=p, responsible=responsible, deadline=date(2026, 4, 30),
        today=date(2026, 3, 1),
    )  # fmt: skip
    assert send_digests(date(2026, 3, 9)) == 0
    assert mail.outbox == []
