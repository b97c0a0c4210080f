"""Staff pages of supervision (rounds, the problem list, one problem with its rectification
steps, review meetings) and the public list of a village's closed problems. Views parse, call,
render; refusals of the services are shown on the page with their status."""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openvillage.core import extensions
from openvillage.core.calendar import working_calendar
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, InvalidInput, NotFound, WrongState
from openvillage.core.permissions import can_read, require_read, unit_scope_q
from openvillage.core.spreadsheet import row as safe_row
from openvillage.core.text import gettext_noop
from openvillage.disclosure.attachments import sniff
from openvillage.org import selectors as org_selectors
from openvillage.org.listfilter import list_filter
from openvillage.org.models import Level, Person, Unit
from openvillage.supervision import hooks, selectors, services, stats
from openvillage.supervision.models import (
    Answer,
    Mode,
    Outcome,
    Respondents,
    Severity,
    State,
    Survey,
    SurveySubject,
)
from openvillage.supervision.rules import problems as rules
from openvillage.supervision.rules import satisfaction
from openvillage.supervision.rules.states import PROBLEM as TABLE

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _staff(view):
    return login_required(view, login_url="staff-login")


def _date(raw: str, field: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(gettext_noop("Enter a date such as 2026-03-01."), field=field) from None


def _sources() -> list[tuple[str, str]]:
    return [(s.name, str(s.label)) for s in extensions.problem_sources]


def _villages(user) -> list[Unit]:
    return list(
        Unit.objects.filter(unit_scope_q(user), level=Level.VILLAGE).order_by("code")[:2000]
    )


def _filters(request) -> dict:
    get = request.GET
    return {
        "state": get.get("state", "")[:12],
        "unit": get.get("unit", "")[:12],
        "overdue": get.get("overdue", "") == "1",
        "source": get.get("source", "")[:40],
    }


@_staff
@require_safe
def problems(request):
    today = local_today()
    f = _filters(request)
    lf = list_filter(request, stats.FIGURES)  # the unit (scope-checked), days and figure
    unit_path = lf.unit.path if lf.unit else ""
    qs = selectors.problem_list(
        request.user,
        today=today,
        state=f["state"],
        unit_path=unit_path,
        overdue=f["overdue"],
        source=f["source"],
    )
    if lf.figure:
        qs = lf.narrow(qs, "unit_path")
    if request.GET.get("format") == "xlsx":
        return _export(qs, today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    sources = dict(_sources())
    for p in page:
        p.is_overdue = rules.is_overdue(p.state, p.deadline, today)
        p.source_label = sources.get(p.source, p.source)
    parts = [lf.query.rstrip("&")] if lf.query else []
    parts += [f"{k}={v}" for k, v in f.items() if v and k not in ("overdue", "unit")]
    extra = "&".join(parts + (["overdue=1"] if f["overdue"] else []))
    context = {
        "page": page,
        "f": f,
        "lf": lf,
        "states": State.choices,
        "sources": _sources(),
        "extra_query": extra + "&" if extra else "",
        "export_query": extra,
    }
    return render(request, "supervision/staff/problems.html", context)


def _export(qs, today: date) -> HttpResponse:
    """The filtered list as xlsx (formula-safe cells), in the reader's language."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Problem list"))
    sheet.append(
        safe_row(
            sheet,
            [
                _("Number"),
                _("Village"),
                _("Problem"),
                _("Source"),
                _("Severity"),
                _("State"),
                _("Responsible person"),
                _("Deadline"),
                _("Overdue"),
                _("Issuing unit"),
            ],
        )
    )
    sources = dict(_sources())
    for p in qs[:EXPORT_LIMIT]:
        late = rules.is_overdue(p.state, p.deadline, today)
        sheet.append(
            safe_row(
                sheet,
                [
                    p.pk,
                    p.village.name,
                    p.title,
                    sources.get(p.source, p.source),
                    p.get_severity_display(),
                    p.get_state_display(),
                    p.responsible.name if p.responsible else "",
                    p.deadline.isoformat() if p.deadline else "",
                    _("Yes") if late else "",
                    p.issuer.name,
                ],
            )
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="problems-{today.isoformat()}.xlsx"'
    return response


def _problem_context(request, problem) -> dict:
    today = local_today()
    allowed = {a: TABLE.allows(problem.state, a) for a in sorted(TABLE.actions)}
    return {
        "problem": problem,
        "overdue": rules.is_overdue(problem.state, problem.deadline, today),
        "days_overdue": rules.days_overdue(problem.state, problem.deadline, today),
        "source_label": dict(_sources()).get(problem.source, problem.source),
        "source_link": hooks.source_link(problem),
        "allowed": allowed,
        "people": Person.objects.filter(village=problem.village).order_by("name")[:1000],
        "evidence": list(problem.evidence.all()),
        "answers": Answer.choices,
        "can_answer": problem.state == State.CLOSED and problem.from_villager,
    }


@_staff
@require_safe
def problem_page(request, pk: int):
    problem = selectors.problem(request.user, pk)
    return render(request, "supervision/staff/problem.html", _problem_context(request, problem))


@_staff
@require_safe
def evidence_file(request, pk: int, evidence_id: int):
    """A photo or document of a rectification, for those whose scope covers the village."""
    problem = selectors.problem(request.user, pk)
    evidence = problem.evidence.filter(pk=evidence_id).exclude(file="").first()
    if evidence is None:
        raise NotFound(gettext_noop("No such file."))
    with evidence.file.open("rb") as handle:
        head = handle.read(16)
    kind = sniff(head)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=kind[0] if kind else "application/octet-stream",
        filename=evidence.filename,
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _run(request, problem, action: str) -> str:
    post, user = request.POST, request.user
    if action == "order":
        person = Person.objects.filter(pk=post.get("responsible") or 0).first()
        if person is None:
            raise InvalidInput(
                gettext_noop("Name the one person responsible for the rectification."),
                field="responsible",
            )
        services.problem_order(
            actor=user,
            problem=problem,
            responsible=person,
            deadline=_date(post.get("deadline", ""), "deadline"),
            required_evidence=post.get("required_evidence", ""),
        )
        return _("The rectification order is issued.")
    if action == "extend":
        new = _date(post.get("new_deadline", ""), "new_deadline")
        if new is None:
            raise InvalidInput(gettext_noop("Give the new deadline."), field="new_deadline")
        services.problem_extend(
            actor=user, problem=problem, new_deadline=new, reason=post.get("reason", "")
        )
        return _("The deadline is extended.")
    if action == "submit":
        files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
        services.problem_submit(
            actor=user,
            problem=problem,
            rectification=post.get("rectification", ""),
            files=files,
            note=post.get("note", ""),
        )
        return _("The rectification is submitted for checking.")
    if action == "reject":
        services.problem_reject(
            actor=user,
            problem=problem,
            reason=post.get("reason", ""),
            deadline=_date(post.get("deadline", ""), "deadline"),
        )
        return _("The rectification is returned with a new deadline.")
    if action == "verify":
        services.problem_verify(actor=user, problem=problem, record=post.get("verification", ""))
        return _("The rectification is verified.")
    if action == "close":
        services.problem_close(actor=user, problem=problem)
        return _("The problem is closed.")
    if action == "reopen":
        services.problem_reopen(actor=user, problem=problem, reason=post.get("reason", ""))
        return _("The problem is reopened.")
    if action == "answer":
        services.answer_record(
            actor=user,
            problem=problem,
            answer=post.get("answer", ""),
            comment=post.get("comment", ""),
        )
        return _("The villager's answer is recorded.")
    raise Http404


@_staff
@require_POST
def problem_action(request, pk: int, action: str):
    problem = selectors.problem(request.user, pk)
    try:
        said = _run(request, problem, action)
    except DomainError as error:
        problem = selectors.problem(request.user, pk)
        context = {**_problem_context(request, problem), "error": error.translated()}
        return render(request, "supervision/staff/problem.html", context, status=error.http_status)
    flash.success(request, said)
    return redirect("supervision-problem", pk=pk)


@_staff
@require_http_methods(["GET", "POST"])
def problem_new(request):
    round_ = None
    if request.GET.get("round") or request.POST.get("round"):
        raw = request.GET.get("round") or request.POST.get("round")
        round_ = selectors.round_detail(request.user, int(raw) if str(raw).isdigit() else 0)
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            village = Unit.objects.filter(code=post.get("village", ""), level=Level.VILLAGE).first()
            if village is None:
                raise InvalidInput(gettext_noop("Choose a village."), field="village")
            require_read(request.user, village.path)
            problem = services.problem_raise(
                actor=request.user,
                village=village,
                title=post.get("title", ""),
                severity=post.get("severity", ""),
                source=post.get("source", services.INSPECTION),
                round=round_,
                description=post.get("description", ""),
                from_villager=post.get("from_villager") == "1",
                public=post.get("public") == "1",
            )
        except DomainError as e:
            error, status = e.translated(), e.http_status
        else:
            flash.success(request, _("The problem is on the list."))
            return redirect("supervision-problem", pk=problem.pk)
    context = {
        "round": round_,
        "item": request.GET.get("item", "")[:200],
        "villages": _villages(request.user),
        "severities": Severity.choices,
        "sources": _sources(),
        "error": error,
        "post": request.POST,
    }
    return render(request, "supervision/staff/problem_new.html", context, status=status)


@_staff
@require_POST
def from_source(request, source: str, object_id: int):
    """Put a source record on the problem list from the button on its page (a campaign item, a
    late disclosure, a flagged decision step): its village, title and text as its app describes
    them; once per record; only for those who may raise problems in its village."""
    entry = extensions.problem_sources.get(source)
    info = entry.describe(object_id) if entry is not None and entry.locate is not None else {}
    if not info or not can_read(request.user, info["unit_path"]):
        raise NotFound(gettext_noop("No such record."))
    village = Unit.objects.filter(path=info["unit_path"], level=Level.VILLAGE).first()
    if village is None:
        raise NotFound(gettext_noop("No such record."))
    try:
        if not info.get("raisable", True):
            raise InvalidInput(
                gettext_noop("This record is not a problem to put on the list now."),
                field="source",
            )
        problem = services.problem_raise(
            actor=request.user,
            village=village,
            title=" ".join(str(info["title"]).split())[:200],
            description=str(info.get("description", "")),
            severity=request.POST.get("severity", ""),
            source=source,
            source_id=object_id,
        )
    except (InvalidInput, WrongState) as error:
        flash.error(request, error.translated())
        return redirect(info["url"])
    flash.success(request, _("The problem is on the list."))
    return redirect("supervision-problem", pk=problem.pk)


@_staff
@require_POST
def from_message(request, message_id: int):
    """Put a villager's message on the problem list (source ``villager``): its village, its text
    as stored (already masked), asked for satisfaction at closure (R8)."""
    from openvillage.feedback import selectors as feedback_selectors

    message = feedback_selectors.staff_message(request.user, message_id).message
    try:
        problem = services.problem_raise(
            actor=request.user,
            village=message.village,
            title=" ".join(message.text.split())[:60],
            description=message.text,
            severity=request.POST.get("severity", ""),
            source=services.VILLAGER,
            source_id=message.pk,
            from_villager=True,
        )
    except DomainError as error:
        flash.error(request, error.translated())
        return redirect("feedback-message", pk=message_id)
    flash.success(request, _("The problem is on the list."))
    return redirect("supervision-problem", pk=problem.pk)


@_staff
@require_http_methods(["GET", "POST"])
def rounds(request):
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            unit = request.user.unit
            if unit is None:
                raise NotFound(gettext_noop("Your account is bound to no unit."))
            started = _date(post.get("started_on", ""), "started_on") or local_today()
            round_ = services.round_create(
                actor=request.user,
                unit=unit,
                mode=post.get("mode", ""),
                title=post.get("title", ""),
                started_on=started,
                notes=post.get("notes", ""),
            )
        except DomainError as e:
            error, status = e.translated(), e.http_status
        else:
            flash.success(request, _("The inspection round is started."))
            return redirect("supervision-round", pk=round_.pk)
    page = Paginator(selectors.rounds(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "modes": Mode.choices, "error": error, "post": request.POST}
    return render(request, "supervision/staff/rounds.html", context, status=status)


def _round_context(request, round_, village_code: str) -> dict:
    from openvillage.supervision.checklist_store import items_for

    problems = selectors.problems(request.user).filter(round=round_).select_related("village")
    page = Paginator(problems.order_by("village__code", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    villages = [v for v in _villages(request.user) if v.path.startswith(round_.unit_path)]
    village = next((v for v in villages if v.code == village_code), None)
    if village is None and len(villages) == 1:
        village = villages[0]
    checklist = items_for(round_.level)
    found = {}
    if village is not None:
        found = {r.item_code: r for r in round_.results.filter(village=village)}
    items = [(code, label, found.get(code)) for code, label in checklist]
    return {
        "round": round_,
        "page": page,
        "checklist": checklist,
        "round_villages": villages,
        "village": village,
        "items": items,
        "outcomes": Outcome.choices,
    }


@_staff
@require_safe
def round_page(request, pk: int):
    round_ = selectors.round_detail(request.user, pk)
    context = _round_context(request, round_, request.GET.get("village", ""))
    return render(request, "supervision/staff/round.html", context)


@_staff
@require_POST
def round_results(request, pk: int):
    """Save the checklist results of one village in the round (every item of the form)."""
    round_ = selectors.round_detail(request.user, pk)
    code = request.POST.get("village", "")
    try:
        village = Unit.objects.filter(code=code, level=Level.VILLAGE).first()
        if village is None:
            raise InvalidInput(gettext_noop("Choose a village."), field="village")
        require_read(request.user, village.path)
        results = {
            key[len("outcome-") :]: (value, request.POST.get("note-" + key[len("outcome-") :], ""))
            for key, value in request.POST.items()
            if key.startswith("outcome-") and value
        }
        services.round_results_record(
            actor=request.user, round=round_, village=village, results=results
        )
    except DomainError as error:
        context = {**_round_context(request, round_, code), "error": error.translated()}
        return render(request, "supervision/staff/round.html", context, status=error.http_status)
    flash.success(request, _("The checklist results are saved."))
    return redirect(reverse("supervision-round", args=[pk]) + f"?village={village.code}")


@_staff
@require_http_methods(["GET", "POST"])
def reviews(request):
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            unit = request.user.unit
            if unit is None:
                raise NotFound(gettext_noop("Your account is bound to no unit."))
            named = list(Unit.objects.filter(code__in=post.getlist("named"), level=Level.VILLAGE))
            proposed = list(
                Unit.objects.filter(code__in=post.getlist("screening"), level=Level.VILLAGE)
            )
            services.review_meeting_record(
                actor=request.user,
                unit=unit,
                held_on=_date(post.get("held_on", ""), "held_on") or local_today(),
                conclusions=post.get("conclusions", ""),
                named_villages=named,
                screening_proposed=proposed,
            )
        except DomainError as e:
            error, status = e.translated(), e.http_status
        else:
            flash.success(request, _("The meeting is recorded."))
            return redirect("supervision-reviews")
    meetings = selectors.review_meetings(request.user).prefetch_related(
        "named_villages", "screening_proposed"
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "villages": _villages(request.user),
        "error": error,
        "post": request.POST,
    }
    return render(request, "supervision/staff/reviews.html", context, status=status)


@require_safe
def village_closed(request, village_code: str):
    village = org_selectors.public_village(village_code)
    page = Paginator(selectors.public_closed(village), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/public/closed.html", {"village": village, "page": page})


def _count_field(post, name: str) -> int:
    raw = post.get(name, "").strip()
    if not raw.isdigit():
        raise InvalidInput(gettext_noop("Enter a number of answers, 0 or more."), field=name)
    return int(raw)


@_staff
@require_http_methods(["GET", "POST"])
def surveys(request):
    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            village = Unit.objects.filter(code=post.get("village", ""), level=Level.VILLAGE).first()
            if village is None:
                raise InvalidInput(gettext_noop("Choose a village."), field="village")
            require_read(request.user, village.path)
            cadre = Person.objects.filter(pk=post.get("cadre") or 0, village=village).first()
            services.survey_record(
                actor=request.user,
                village=village,
                subject=post.get("subject", ""),
                period=post.get("period", ""),
                respondents=post.get("respondents", ""),
                satisfied=_count_field(post, "satisfied"),
                basically=_count_field(post, "basically"),
                dissatisfied=_count_field(post, "dissatisfied"),
                cadre=cadre,
            )
        except DomainError as e:
            error, status = e.translated(), e.http_status
        else:
            flash.success(request, _("The survey is recorded."))
            return redirect("supervision-surveys")
    qs = Survey.objects.filter(unit_scope_q(request.user, "unit_path")).select_related(
        "village", "cadre"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for s in page:
        tally = satisfaction.Tally(s.satisfied, s.basically, s.dissatisfied)
        s.total = tally.respondents
        s.per_mille = satisfaction.rate_per_mille(tally)
        s.flag = ""
        for threshold in (satisfaction.VERY_LOW, satisfaction.LOW):
            if satisfaction.below(tally, threshold):
                s.flag = _("Satisfaction below %(p)s%%") % {"p": threshold}
                break
    context = {
        "page": page,
        "villages": _villages(request.user),
        "subjects": SurveySubject.choices,
        "respondent_kinds": Respondents.choices,
        "error": error,
        "post": request.POST,
    }
    return render(request, "supervision/staff/surveys.html", context, status=status)


def _month(raw: str, today: date) -> str:
    shaped = len(raw) == 7 and raw[:4].isdigit() and raw[4] == "-" and raw[5:].isdigit()
    if shaped and 1 <= int(raw[5:]) <= 12:
        return raw
    return f"{today.year:04d}-{today.month:02d}"


@_staff
@require_safe
def monthly(request):
    from openvillage.supervision import review

    today = local_today()
    month = _month(request.GET.get("month", ""), today)
    code = request.GET.get("unit", "")
    unit = org_selectors.unit_for_staff(request.user, code) if code else request.user.unit
    if unit is None:
        raise Http404
    data = review.monthly(request.user, unit, month)
    if request.GET.get("format") == "pdf":
        return _monthly_pdf(unit, month, data)
    context = {"unit": unit, "month": month, **data}
    return render(request, "supervision/staff/monthly.html", context)


def _monthly_pdf(unit, month: str, data) -> HttpResponse:
    from openvillage.core.bulletin import Bulletin, Section, Table, render_bulletin

    header = (_("Rank"), _("Village"), _("Found"), _("Closed on time"), _("Gone overdue"))
    rows = [
        (row.rank if row.rank is not None else _("not ranked"), row.unit.name, f.found,
         f.on_time, f.overdue)
        for row, f in data["villages"]
    ]  # fmt: skip
    bulletin = Bulletin(
        title=_("Monthly review of the problem list"),
        period=f"{data['first'].isoformat()} – {data['last'].isoformat()}",
        issuer=unit.name,
        issued_on=local_today(),
        sections=[Section(_("Ranking of villages"), tables=[Table(header, rows)])],
    )
    response = HttpResponse(render_bulletin(bulletin), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-{month}.pdf"'
    return response


@_staff
@require_safe
def weekly(request):
    from openvillage.supervision import review

    return render(
        request, "supervision/staff/weekly.html", review.weekly(request.user, local_today())
    )


@_staff
@require_http_methods(["GET", "POST"])
def talks(request):
    """Heart-to-heart talks beyond elections (§9), through the elections app's model and services;
    visible only to the interviewer's chain and the organization department."""
    from openvillage.elections import selectors as election_selectors
    from openvillage.elections import services as election_services
    from openvillage.elections.models import TalkOccasion

    error, status = "", 200
    if request.method == "POST":
        post = request.POST
        try:
            village = Unit.objects.filter(code=post.get("village", ""), level=Level.VILLAGE).first()
            if village is None:
                raise InvalidInput(gettext_noop("Choose a village."), field="village")
            require_read(request.user, village.path)
            held_on = _date(post.get("held_on", ""), "held_on") or local_today()
            election_services.talk_record_beyond_election(
                actor=request.user,
                village=village,
                occasion=post.get("occasion", ""),
                person_name=post.get("person_name", ""),
                person_post=post.get("person_post", ""),
                talker_post=post.get("talker_post", ""),
                held_on=held_on,
                summary=post.get("summary", ""),
                aspects={a: post.get(a, "") for a in election_services.TALK_ASPECTS},
                risks=post.get("risks", ""),
                follow_up=post.get("follow_up", ""),
            )
        except DomainError as e:
            error, status = e.translated(), e.http_status
        else:
            flash.success(request, _("The talk is recorded."))
            return redirect("supervision-talks")
    qs = election_selectors.talks_visible(request.user).order_by("-held_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    occasions = [(v, n) for v, n in TalkOccasion.choices if v != TalkOccasion.PRE_ELECTION]
    context = {
        "page": page,
        "villages": _villages(request.user),
        "occasions": occasions,
        "error": error,
        "post": request.POST,
    }
    return render(request, "supervision/staff/talks.html", context, status=status)


# --- rectification notices (整改通知书) ---------------------------------------------------------

ORDERABLE = (State.OPEN, State.REOPENED)


def _orderable(user, village: Unit) -> list:
    """The village's problems not yet ordered that ``user`` may order (its unit issued them, or
    a unit above); oldest first."""
    found = (
        selectors.problems(user)
        .filter(village=village, state__in=ORDERABLE)
        .select_related("issuer")
        .order_by("created_at", "id")[:200]
    )
    return [p for p in found if services.may_order(user, p)]


def _notice_rows(post, problems, people: dict, today: date) -> tuple[list, dict, list]:
    """Read the chosen problems with their responsible person and deadline; every bad field of
    every row is reported (R1 per problem), named as the form labels it."""
    chosen = set(post.getlist("problem"))
    orders, errors, rows = [], {}, []
    for p in problems:
        key = str(p.pk)
        row = {
            "problem": p,
            "chosen": key in chosen,
            "responsible": post.get(f"responsible_{key}", ""),
            "deadline": post.get(f"deadline_{key}", ""),
            "default_deadline": rules.default_deadline(
                today, p.severity, working_calendar(), services.RULES
            ),
        }
        rows.append(row)
        if not row["chosen"]:
            continue
        bad = []
        person = people.get(row["responsible"])
        if person is None:
            bad.append(_("Responsible person: choose the one person responsible."))
        deadline = None
        try:
            deadline = _date(row["deadline"], "deadline")
            if deadline is not None:
                rules.check_order(ordered_on=today, deadline=deadline, responsible_person_id=0)
        except InvalidInput as error:
            bad.append(_("Deadline: %(error)s") % {"error": error.translated()})
        if bad:
            errors[p.pk] = bad
        else:
            orders.append((p, person, deadline))
    return orders, errors, rows


@_staff
@require_http_methods(["GET", "POST"])
def notice_new(request):
    """Issue one rectification notice grouping several open problems of a village, each keeping
    its own responsible person and deadline (R1 per problem, R2 by default)."""
    today = local_today()
    source = request.POST if request.method == "POST" else request.GET
    villages = _villages(request.user)
    village = next((v for v in villages if v.code == source.get("village", "")), None)
    problems = _orderable(request.user, village) if village is not None else []
    people = (
        {str(p.pk): p for p in Person.objects.filter(village=village).order_by("name")[:1000]}
        if village is not None
        else {}
    )
    form_errors, status = [], 200
    orders, errors, rows = _notice_rows(request.POST, problems, people, today)
    if request.method == "POST":
        title = request.POST.get("title", "").strip()
        if village is None:
            form_errors.append(_("Village: choose a village."))
        if not title:
            form_errors.append(_("Title: give the notice a title."))
        if village is not None and not request.POST.getlist("problem"):
            form_errors.append(_("Problems: choose the problems of the notice."))
        issuers = {p.issuer_id for p, _person, _deadline in orders}
        if len(issuers) > 1:
            form_errors.append(
                _("Problems: a notice groups only problems its unit issued; issue one per unit.")
            )
        if not (form_errors or errors) and orders:
            try:
                notice = services.notice_issue(
                    actor=request.user,
                    issuer=orders[0][0].issuer,
                    title=title,
                    orders=orders,
                    today=today,
                )
            except InvalidInput as error:
                form_errors.append(error.translated())
            else:
                flash.success(request, _("The rectification notice is issued."))
                return redirect("supervision-notice", pk=notice.pk)
        status = 400
    context = {
        "villages": villages,
        "village": village,
        "rows": rows,
        "errors": errors,
        "form_errors": form_errors,
        "people": list(people.values()),
        "post": request.POST,
    }
    return render(request, "supervision/staff/notice_new.html", context, status=status)


@_staff
@require_safe
def notices(request):
    """The rectification notices whose problems the user can see, newest first."""
    from openvillage.supervision.models import Notice

    visible = selectors.problems(request.user).filter(notice__isnull=False)
    found = (
        Notice.objects.filter(pk__in=visible.values("notice_id"))
        .select_related("issuer")
        .annotate(n=Count("problems"))
        .order_by("-issued_on", "-id")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/staff/notices.html", {"page": page})


@_staff
@require_safe
def notice_page(request, pk: int):
    from openvillage.supervision.models import Notice

    notice = Notice.objects.select_related("issuer").filter(pk=pk).first()
    problems = (
        list(
            selectors.problems(request.user)
            .filter(notice=notice)
            .select_related("village", "responsible")
            .order_by("village__code", "deadline", "id")
        )
        if notice is not None
        else []
    )
    if not problems:
        raise NotFound(gettext_noop("No such notice."))
    today = local_today()
    for p in problems:
        p.is_overdue = rules.is_overdue(p.state, p.deadline, today)
    return render(
        request, "supervision/staff/notice.html", {"notice": notice, "problems": problems}
    )
