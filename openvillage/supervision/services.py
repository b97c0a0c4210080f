"""Writes of supervision: rounds, the one problem list and its rectification (supervision.md §3).

Every problem, from whatever source, enters through :func:`problem_raise`; every move of its
state goes through the table in ``rules/states.py`` with :func:`openvillage.core.writes.transition`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from openvillage.core import extensions, writes
from openvillage.core.audit import audit_log
from openvillage.core.calendar import working_calendar
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.permissions import (
    RECTIFICATION,
    SUPERVISION,
    SUPERVISION_FLAG,
    SUPERVISION_SELF,
    can_write,
    covers,
    require_read,
)
from openvillage.core.text import clean_text_value, gettext_noop
from openvillage.disclosure.attachments import clean_upload
from openvillage.org.models import Body, Level, Person, Term, Unit
from openvillage.supervision.audit_actions import ANSWER, NOTICE, PROBLEM, REVIEW, ROUND, SURVEY
from openvillage.supervision.checklist_store import items_for
from openvillage.supervision.models import (
    Answer,
    Evidence,
    ItemResult,
    Notice,
    Outcome,
    Problem,
    Respondents,
    ReviewMeeting,
    Round,
    State,
    Survey,
    SurveyAnswer,
    SurveySubject,
)
from openvillage.supervision.models import Level as RoundLevel
from openvillage.supervision.rules import problems as rules
from openvillage.supervision.rules.states import PROBLEM as TABLE

INSPECTION = "inspection"  # the source of a round's findings (registered in apps.py)
VILLAGER = "villager"  # a villager's message taken up by the town (feedback's message id)
# Emitted after a review meeting that proposes villages for weak-and-scattered screening commits:
# data ``meeting_id``, ``county_id``, ``held_on``, ``village_ids``, ``conclusions``, ``actor_id``
# (assessment subscribes and lists the villages' organizations as candidates).
SCREENING_PROPOSED = "supervision.screening_proposed"
RULES = rules.ProblemRules()  # the platform defaults (R2-R9); a region's rule set may differ


# --- who may do what ----------------------------------------------------------------------------


def may_issue(actor: Any, path: str) -> bool:
    """Whether ``actor`` may put problems of ``path`` on the list and order them."""
    return _may_issue(actor, path)


def _may_issue(actor: Any, path: str) -> bool:
    """The town and county (SUPERVISION) or the village party organization (SUPERVISION_SELF)."""
    return can_write(actor, path, SUPERVISION) or can_write(actor, path, SUPERVISION_SELF)


def _require_issuer(actor: Any, problem: Problem) -> None:
    """The issuing body, or a body above it, acts on the order (R3: it approves extensions)."""
    require_read(actor, problem.unit_path)
    if not (covers(actor, problem.issuer.path) and _may_issue(actor, problem.issuer.path)):
        raise NotAllowed(gettext_noop("Only the body that issued the order may do this."))


def may_order(actor: Any, problem: Problem) -> bool:
    """Whether ``actor`` may issue the order of ``problem`` (see :func:`_require_issuer`)."""
    try:
        _require_issuer(actor, problem)
    except NotAllowed:
        return False
    return True


def _require_submitter(actor: Any, problem: Problem) -> None:
    """The responsible person's own account, or the village team (RECTIFICATION)."""
    require_read(actor, problem.unit_path)
    own = actor.person_id is not None and actor.person_id == problem.responsible_id
    if not (own or can_write(actor, problem.unit_path, RECTIFICATION)):
        raise NotAllowed(gettext_noop("Your role may not make this change."))


def _level_rank(level: str) -> int:
    return {Level.COUNTY: 0, Level.TOWN: 1, Level.VILLAGE: 2}.get(level, 3)


def _require_checker_role(actor: Any, problem: Problem) -> None:
    """R5: village-level problems are checked by the supervision committee or the town,
    town-level by the county; after a villager's dissatisfaction, one level up (R8).

    R8 (supervision.md §3) says a dissatisfied answer reopens the problem "checked one level up".
    R5 places the check of a village-level problem at the village (its supervision committee) or
    the town; the level of the problem is the level of the body that issued it, so one level up
    from a problem the village raised itself is the town, the level above the village committee
    (as disclosure.md Q4 and Q7 send a villager's dissatisfaction "to the level above", the town
    for a village). The village's own committee no longer checks it; the town or the county does.
    A town-level problem is already checked by the county, the level above the town.
    """
    require_read(actor, problem.unit_path)
    if actor.is_superuser:
        return
    actor_rank = _level_rank(actor.unit.level)
    issuer_rank = _level_rank(problem.issuer.level)
    committee = (
        issuer_rank == 2
        and not problem.checked_above
        and can_write(actor, problem.unit_path, SUPERVISION_FLAG)
    )
    above = can_write(actor, problem.unit_path, SUPERVISION) and (
        actor_rank < issuer_rank or actor_rank == 0
    )
    if not (committee or above):
        raise NotAllowed(
            gettext_noop(
                "This rectification is checked by the supervision committee or a level above "
                "the body that issued it."
            )
        )


def committee_person_ids(village: Unit) -> set[int]:
    """The people now on the village's two committees (R5), by registry identity."""
    return set(
        Term.objects.filter(
            village=village,
            ended_on__isnull=True,
            body__in=[Body.BRANCH_COMMITTEE, Body.VILLAGERS_COMMITTEE],
        ).values_list("person_id", flat=True)
    )


def _text(value: str, field: str) -> str:
    return clean_text_value(value, field=field)


def _required(value: str, field: str, message: str) -> str:
    text = _text(value, field)
    if not text:
        raise InvalidInput(message, field=field)
    return text


# --- rounds -------------------------------------------------------------------------------------


def round_create(
    *, actor: Any, unit: Unit, mode: str, title: str, started_on: date, notes: str = ""
) -> Round:
    """Start an inspection round of ``unit`` (a village self-check, a town or county round)."""
    if not _may_issue(actor, unit.path):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    title = _required(title, "title", gettext_noop("Give the round a title."))
    with transaction.atomic():
        round_ = Round.objects.create(
            unit=unit,
            level=RoundLevel(unit.level),
            mode=mode,
            title=title,
            started_on=started_on,
            notes=_text(notes, "notes"),
            unit_path=unit.path,
            created_by=actor,
        )
        audit_log(actor=actor, action=ROUND["create"], obj=round_, unit_path=unit.path)
    return round_


def round_results_record(
    *, actor: Any, round: Round, village: Unit, results: Mapping[str, tuple[str, str]]
) -> list[ItemResult]:
    """Record what the round found on its checklist in one village: ``{item code: (outcome,
    note)}``, items of the round's level only; all or nothing, a later record replaces one."""
    if not village.is_village or not village.path.startswith(round.unit_path):
        raise InvalidInput(
            gettext_noop("This village is not covered by the round."), field="village"
        )
    if not (_may_issue(actor, round.unit_path) and _may_issue(actor, village.path)):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    codes = {code for code, _label in items_for(round.level)}
    if not results:
        raise InvalidInput(gettext_noop("Give the result of at least one item."), field="results")
    clean: dict[str, tuple[str, str]] = {}
    for code, (outcome, note) in sorted(results.items()):
        if code not in codes:
            raise InvalidInput(
                gettext_noop("%(code)s is not an item of this round's checklist."),
                {"code": code[:40]},
                field="results",
            )
        if outcome not in Outcome.values:
            raise InvalidInput(gettext_noop("Choose the result of each item."), field="results")
        clean[code] = (outcome, _text(note, "note"))
    with transaction.atomic():
        before = {
            r.item_code: r
            for r in ItemResult.objects.select_for_update().filter(round=round, village=village)
        }
        saved, changes = [], {}
        for code, (outcome, note) in clean.items():
            row = before.get(code) or ItemResult(
                round=round, village=village, item_code=code, unit_path=village.path
            )
            old = row.outcome or None
            row.outcome, row.note, row.recorded_by = outcome, note, actor
            row.save()
            saved.append(row)
            if old != outcome:
                changes[code] = [old, outcome]
        audit_log(
            actor=actor,
            action=ROUND["results"],
            obj=round,
            unit_path=village.path,
            changes={"village": [None, village.code], **changes},
        )
    return saved


# --- the one problem list -----------------------------------------------------------------------


def problem_raise(
    *,
    actor: Any,
    village: Unit,
    title: str,
    severity: str,
    source: str = INSPECTION,
    source_id: int | None = None,
    round: Round | None = None,
    description: str = "",
    from_villager: bool = False,
    public: bool = False,
    issuer: Unit | None = None,
) -> Problem:
    """Put a problem on the one list: the way in for every source (extensions.problem_sources)."""
    if not village.is_village:
        raise InvalidInput(gettext_noop("Choose a village."), field="village")
    if not _may_issue(actor, village.path):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    if source not in extensions.problem_sources:
        raise InvalidInput(gettext_noop("Choose where the problem was found."), field="source")
    if severity not in rules.SEVERITIES:
        rules.default_deadline(local_today(), severity, working_calendar(), RULES)  # raises
    if round is not None and not village.path.startswith(round.unit_path):
        raise InvalidInput(
            gettext_noop("This village is not covered by the round."), field="village"
        )
    issuer = issuer or (round.unit if round else None) or actor.unit or village.parent
    title = _required(title, "title", gettext_noop("Say what the problem is."))
    with transaction.atomic():
        if source_id is not None and Problem.objects.filter(source=source, source_id=source_id):
            raise WrongState(gettext_noop("This record is already on the problem list."))
        try:
            with transaction.atomic():  # two raises of one record at once: the constraint decides
                problem = Problem.objects.create(
                    village=village,
                    round=round,
                    source=source,
                    source_id=source_id,
                    issuer=issuer,
                    title=title,
                    description=_text(description, "description"),
                    severity=severity,
                    from_villager=from_villager,
                    public=public or from_villager,
                    unit_path=village.path,
                    created_by=actor,
                )
        except IntegrityError:
            raise WrongState(gettext_noop("This record is already on the problem list.")) from None
        audit_log(
            actor=actor,
            action=PROBLEM["raise"],
            obj=problem,
            changes={"source": [None, source], "severity": [None, severity]},
        )
    return problem


def problem_order(
    *,
    actor: Any,
    problem: Problem,
    responsible: Person,
    deadline: date | None = None,
    required_evidence: str = "",
    today: date | None = None,
) -> Problem:
    """Issue the rectification order: one responsible person and one deadline (R1, R2)."""
    _require_issuer(actor, problem)
    today = today or local_today()
    if responsible is not None and responsible.village_id != problem.village_id:
        raise InvalidInput(
            gettext_noop("The responsible person must be a person of this village."),
            field="responsible",
        )
    if deadline is None:
        deadline = rules.default_deadline(today, problem.severity, working_calendar(), RULES)
    rules.check_order(
        ordered_on=today,
        deadline=deadline,
        responsible_person_id=responsible.pk if responsible else None,
    )
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        return writes.transition(
            problem,
            "order",
            actor=actor,
            table=TABLE,
            changes={
                "responsible": responsible,
                "ordered_on": today,
                "deadline": deadline,
                "required_evidence": _text(required_evidence, "required_evidence"),
                "escalated_on": None,
            },
            audited=["ordered_on", "deadline"],
        )


def notice_issue(
    *,
    actor: Any,
    issuer: Unit,
    title: str,
    orders: Sequence[tuple[Problem, Person, date | None]],
    today: date | None = None,
) -> Notice:
    """Issue one notice ordering several problems, each with its own responsible person and
    deadline (R1 per problem); all or nothing."""
    if not orders:
        raise InvalidInput(gettext_noop("Choose the problems of the notice."), field="problems")
    if not _may_issue(actor, issuer.path):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    title = _required(title, "title", gettext_noop("Give the notice a title."))
    today = today or local_today()
    with transaction.atomic():
        notice = Notice.objects.create(
            issuer=issuer, title=title, issued_on=today, unit_path=issuer.path, created_by=actor
        )
        for problem, responsible, deadline in sorted(orders, key=lambda o: o[0].pk):
            if problem.issuer_id != issuer.pk:
                raise InvalidInput(
                    gettext_noop("A notice groups only problems its unit issued."),
                    field="problems",
                )
            ordered = problem_order(
                actor=actor, problem=problem, responsible=responsible, deadline=deadline,
                today=today,
            )  # fmt: skip
            Problem.objects.filter(pk=ordered.pk).update(notice=notice)
        audit_log(
            actor=actor,
            action=NOTICE["issue"],
            obj=notice,
            changes={"problems": [None, sorted(o[0].pk for o in orders)]},
        )
    return notice


def problem_extend(*, actor: Any, problem: Problem, new_deadline: date, reason: str) -> Problem:
    """R3: extend the deadline once, approved by the issuing body, with the reason."""
    _require_issuer(actor, problem)
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        writes.check(problem, "extend", table=TABLE)
        assert problem.deadline is not None
        rules.check_extension(
            extensions_used=problem.extensions,
            deadline=problem.deadline,
            new_deadline=new_deadline,
            reason=reason,
            rules=RULES,
        )
        return writes.transition(
            problem,
            "extend",
            actor=actor,
            table=TABLE,
            changes={
                "deadline": new_deadline,
                "extensions": problem.extensions + 1,
                "extension_reason": _text(reason, "reason"),
            },
            audited=["deadline", "extensions"],
        )


def problem_submit(
    *,
    actor: Any,
    problem: Problem,
    rectification: str,
    files: Sequence[tuple[str, bytes]] = (),
    note: str = "",
    today: date | None = None,
) -> Problem:
    """R4: the responsible side submits what was done, with at least one piece of evidence."""
    _require_submitter(actor, problem)
    note = _text(note, "note")
    rules.check_submission(len(files) + (1 if note else 0))
    # A photo or document is checked like a disclosure attachment: its type from the bytes, its
    # size bounded, an image re-encoded (no EXIF position kept); all files or none.
    files = [(f.name, f.content) for f in (clean_upload(n, c) for n, c in files)]
    done = _required(rectification, "rectification", gettext_noop("Say what was done."))
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        writes.check(problem, "submit", table=TABLE)
        submission = problem.rejections + problem.reopens + 1
        for name, content in files:
            evidence = Evidence(problem=problem, submission=submission, added_by=actor)
            evidence.file.save(name, ContentFile(content), save=False)
            evidence.save()
        if note:
            Evidence.objects.create(
                problem=problem, submission=submission, note=note, added_by=actor
            )
        return writes.transition(
            problem,
            "submit",
            actor=actor,
            table=TABLE,
            changes={"rectification": done, "submitted_on": today or local_today()},
            audited=["submitted_on"],
        )


def _check_independent(actor: Any, problem: Problem) -> None:
    _require_checker_role(actor, problem)
    rules.check_checker(
        checker_person_id=actor.person_id,
        responsible_person_id=problem.responsible_id or 0,
        committee_person_ids=committee_person_ids(problem.village),
    )


def problem_reject(
    *,
    actor: Any,
    problem: Problem,
    reason: str,
    deadline: date | None = None,
    today: date | None = None,
) -> Problem:
    """R6: back to ``ordered`` with a new deadline; the rejections are counted."""
    _check_independent(actor, problem)
    today = today or local_today()
    reason = _required(reason, "reason", gettext_noop("Say why the rectification is rejected."))
    if deadline is None:
        deadline = rules.default_deadline(today, problem.severity, working_calendar(), RULES)
    rules.check_order(ordered_on=today, deadline=deadline, responsible_person_id=1)
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        return writes.transition(
            problem,
            "reject",
            actor=actor,
            table=TABLE,
            changes={
                "rejections": problem.rejections + 1,
                "ordered_on": today,
                "deadline": deadline,
                "escalated_on": None,
            },
            audited=["rejections", "deadline"],
            note=reason,
        )


def problem_verify(
    *, actor: Any, problem: Problem, record: str, today: date | None = None
) -> Problem:
    """R5: a checker independent of the responsible person and the committees confirms the fix."""
    _check_independent(actor, problem)
    record = _required(record, "verification", gettext_noop("Record what was checked."))
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        return writes.transition(
            problem,
            "verify",
            actor=actor,
            table=TABLE,
            changes={
                "checker": actor,
                "verified_on": today or local_today(),
                "verification": record,
            },
            audited=["verified_on"],
        )


def problem_close(*, actor: Any, problem: Problem, today: date | None = None) -> Problem:
    """R7: closure (销号) of a verified problem; public when the problem was public."""
    _require_issuer(actor, problem)
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        writes.check(problem, "close", table=TABLE)
        if not problem.verification:
            raise InvalidInput(
                gettext_noop("A problem is closed only on a verification record."),
                field="verification",
            )
        writes.transition(
            problem,
            "close",
            actor=actor,
            table=TABLE,
            changes={"closed_on": today or local_today(), "checked_above": False},
            audited=["closed_on"],
        )
        if problem.public:
            writes.publish(
                kind="rectification_closure",
                obj=problem,
                object_type="supervision.problem",
                version=problem.reopens + 1,
                content=public_record(problem),
                unit_path=problem.unit_path,
                unit_code=problem.village.code,
            )
        source = extensions.problem_sources.get(problem.source)
        if source is not None and source.on_closed is not None and problem.source_id:
            source.on_closed(problem.source_id, actor)
    return problem


def public_record(problem: Problem) -> dict[str, Any]:
    """What the public record keeps of a closed problem: the problem and what was done."""
    return {
        "village": problem.village.code,
        "problem": problem.title,
        "source": problem.source,
        "rectification": problem.rectification,
        "closed_on": problem.closed_on.isoformat() if problem.closed_on else None,
    }


def problem_reopen(
    *, actor: Any, problem: Problem, reason: str, checked_above: bool = False
) -> Problem:
    """A recurrence found (or a villager dissatisfied, R8): the problem goes back on the list."""
    _require_issuer(actor, problem)
    return _reopen(actor, problem, reason, checked_above=checked_above)


def _reopen(actor: Any, problem: Problem, reason: str, *, checked_above: bool) -> Problem:
    reason = _required(reason, "reason", gettext_noop("Say why the problem is reopened."))
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        return writes.transition(
            problem,
            "reopen",
            actor=actor,
            table=TABLE,
            changes={
                "reopens": problem.reopens + 1,
                "checked_above": checked_above,
                "verification": "",
                "checker": None,
            },
            audited=["reopens"],
            note=reason,
        )


def answer_record(
    *,
    actor: Any,
    problem: Problem,
    answer: str,
    answered_on: date | None = None,
    comment: str = "",
) -> SurveyAnswer:
    """R8: the villager's answer at closure; dissatisfied within 30 days reopens it once,
    to be checked one level up."""
    require_read(actor, problem.unit_path)
    path = problem.unit_path
    if not (_may_issue(actor, path) or can_write(actor, path, RECTIFICATION)):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    if answer not in Answer.values:
        raise InvalidInput(gettext_noop("Choose the villager's answer."), field="answer")
    answered_on = answered_on or local_today()
    with transaction.atomic():
        problem = writes.locked(problem, "issuer", "village")
        if problem.state != State.CLOSED or problem.closed_on is None:
            raise InvalidInput(
                gettext_noop("The villager is asked once the problem is closed."), field="answer"
            )
        row = SurveyAnswer.objects.create(
            village=problem.village,
            problem=problem,
            answer=answer,
            answered_on=answered_on,
            comment=_text(comment, "comment"),
            unit_path=problem.unit_path,
            recorded_by=actor,
        )
        audit_log(actor=actor, action=ANSWER["record"], obj=row, changes={"answer": [None, answer]})
        reopens = rules.dissatisfaction_reopens(
            closed_on=problem.closed_on,
            answered_on=answered_on,
            dissatisfied=answer == Answer.DISSATISFIED,
            reopens_so_far=problem.dissatisfied_reopens,
            rules=RULES,
        )
        if problem.from_villager and reopens:
            problem.dissatisfied_reopens += 1
            problem.save(update_fields=["dissatisfied_reopens"])
            _reopen(actor, problem, comment or "villager dissatisfied", checked_above=True)
    return row


# --- jobs ---------------------------------------------------------------------------------------


def problems_escalate(today: date | None = None) -> int:
    """R9: orders overdue for more than 5 working days go to the issuer's superior (once)."""
    today = today or local_today()
    calendar = working_calendar()
    moved = 0
    candidates = Problem.objects.filter(
        state=State.ORDERED, deadline__lt=today, escalated_on__isnull=True
    ).order_by("pk")
    for problem_id, deadline in candidates.values_list("pk", "deadline"):
        if not rules.escalation_due(State.ORDERED, deadline, today, calendar, RULES):
            continue
        with transaction.atomic():
            problem = writes.locked(Problem.objects.filter(pk=problem_id)).get()
            if problem.escalated_on is not None or problem.state != State.ORDERED:
                continue
            problem.escalated_on = today
            problem.save(update_fields=["escalated_on", "updated_at"])
            audit_log(
                actor="system",
                action=PROBLEM["escalate"],
                obj=problem,
                changes={"escalated_on": [None, today]},
            )
            moved += 1
    return moved


# --- review meetings ----------------------------------------------------------------------------


def review_meeting_record(
    *,
    actor: Any,
    unit: Unit,
    held_on: date,
    conclusions: str,
    named_villages: Sequence[Unit] = (),
    screening_proposed: Sequence[Unit] = (),
) -> ReviewMeeting:
    """A county analysis-and-review meeting with the villages it named and those it proposes
    for weak-and-scattered screening (read by the assessment capability)."""
    if unit.level != Level.COUNTY or not can_write(actor, unit.path, SUPERVISION):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    conclusions = _required(
        conclusions, "conclusions", gettext_noop("Record the meeting's conclusions.")
    )
    for village in [*named_villages, *screening_proposed]:
        if not village.path.startswith(unit.path) or not village.is_village:
            raise InvalidInput(gettext_noop("Choose villages of this county."), field="villages")
    with transaction.atomic():
        meeting = ReviewMeeting.objects.create(
            unit=unit,
            held_on=held_on,
            conclusions=conclusions,
            unit_path=unit.path,
            created_by=actor,
        )
        meeting.named_villages.set(named_villages)
        meeting.screening_proposed.set(screening_proposed)
        audit_log(
            actor=actor,
            action=REVIEW["record"],
            obj=meeting,
            changes={"screening_proposed": [None, [v.code for v in screening_proposed]]},
        )
        if screening_proposed:
            extensions.emit(
                SCREENING_PROPOSED,
                meeting_id=meeting.pk,
                county_id=unit.pk,
                held_on=held_on,
                village_ids=sorted(v.pk for v in screening_proposed),
                conclusions=conclusions,
                actor_id=actor.pk,
            )
    return meeting


# --- satisfaction surveys -----------------------------------------------------------------------


def survey_record(
    *,
    actor: Any,
    village: Unit,
    subject: str,
    period: str,
    respondents: str,
    satisfied: int,
    basically: int,
    dissatisfied: int,
    cadre: Person | None = None,
) -> Survey:
    """Record a survey's counted answers (§4); the rates are derived in integers."""
    if not village.is_village:
        raise InvalidInput(gettext_noop("Choose a village."), field="village")
    if not can_write(actor, village.path, SUPERVISION):
        raise NotAllowed(gettext_noop("Your role may not make this change."))
    if subject not in SurveySubject.values:
        raise InvalidInput(gettext_noop("Choose what the survey is about."), field="subject")
    if respondents not in Respondents.values:
        raise InvalidInput(gettext_noop("Choose who answered."), field="respondents")
    if subject == SurveySubject.CADRE and (cadre is None or cadre.village_id != village.pk):
        raise InvalidInput(gettext_noop("Choose the cadre of this village."), field="cadre")
    counts = {"satisfied": satisfied, "basically": basically, "dissatisfied": dissatisfied}
    for field, value in counts.items():
        if value < 0:
            raise InvalidInput(gettext_noop("Enter a number of answers, 0 or more."), field=field)
    if sum(counts.values()) == 0:
        raise InvalidInput(
            gettext_noop("Enter the answers of at least one respondent."), field="satisfied"
        )
    period = _required(period, "period", gettext_noop("Give the survey's period, e.g. 2026."))
    with transaction.atomic():
        survey = Survey.objects.create(
            village=village,
            subject=subject,
            cadre=cadre if subject == SurveySubject.CADRE else None,
            period=period[:10],
            respondents=respondents,
            unit_path=village.path,
            recorded_by=actor,
            **counts,
        )
        audit_log(
            actor=actor,
            action=SURVEY["record"],
            obj=survey,
            changes={k: [None, v] for k, v in counts.items()},
        )
    return survey
