"""Pages of villagers' messages: the public form and replies, the villager's own messages, the
staff inbox and message page, and the analysis page. Views parse, call, render."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openvillage.accounts.villager_session import current_villager, villager_required
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, NotFound
from openvillage.core.forms import attach_error
from openvillage.core.permissions import FEEDBACK, can_write
from openvillage.disclosure import catalogue_store
from openvillage.disclosure import selectors as disclosure_selectors
from openvillage.disclosure.rules.catalogue import MODULE_SLUGS
from openvillage.feedback import analysis, selectors, services, stats
from openvillage.feedback.forms import MessageForm, RateForm, ReasonForm, TextForm, TopicForm
from openvillage.feedback.models import Lateness, Status, Topic
from openvillage.feedback.rules import closure
from openvillage.org import selectors as org_selectors
from openvillage.org.listfilter import list_filter
from openvillage.org.models import Unit

PAGE_SIZE = 20
INBOX_PAGE_SIZE = 50


def _modules() -> list[tuple[str, str]]:
    names = catalogue_store.names(catalogue_store.data_by_sha(None), get_language() or "zh-hans")
    return [(code, names.get(code, code)) for code in MODULE_SLUGS]


def _public_item(request):
    raw = request.GET.get("item") or request.POST.get("item") or ""
    if not raw.isdigit():
        return None
    try:
        return disclosure_selectors.public_item(int(raw))
    except (NotFound, Http404):
        return None


@require_http_methods(["GET", "POST"])
def message_new(request, village_code: str):
    village = org_selectors.public_village(village_code)
    villager = current_villager(request)
    item = _public_item(request)
    slug = request.GET.get("module", "")
    module = {s: c for c, s in MODULE_SLUGS.items()}.get(slug, slug)
    initial = {"module": item.module if item else module}
    form = MessageForm(
        request.POST or None,
        request.FILES or None,
        village=village,
        modules=_modules(),
        initial=initial,
    )
    status = 200
    if request.method == "POST" and villager is not None:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            images = [(f.name, f.read()) for f in data["images"]]
            try:
                message = services.message_post(
                    villager=villager,
                    village=village,
                    kind=data["kind"],
                    text=data["text"],
                    module=data["module"],
                    item=item,
                    named_term=data["named_term"],
                    anonymous=data["anonymous"],
                    private=data["private"],
                    images=images,
                )
            except DomainError as error:
                status = error.http_status
                attach_error(form, error)
            else:
                flash.success(
                    request,
                    _("Your message was sent. The reply is due by %(date)s.")
                    % {"date": message.due_on.isoformat()},
                )
                return redirect("feedback-my-message", pk=message.pk)
    other_village = villager is not None and villager.village_id != village.pk
    context = {
        "village": village,
        "form": form,
        "villager": villager,
        "item": item,
        "other_village": other_village,
    }
    return render(request, "feedback/public/new.html", context, status=status)


def _page(request, qs, size=PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _with_names(page):
    for message in page:
        message.public_name = selectors.public_name(message)
    return page


@require_safe
def village_messages(request, village_code: str):
    village = org_selectors.public_village(village_code)
    page = _with_names(_page(request, selectors.public_messages(village=village)))
    return render(request, "feedback/public/list.html", {"village": village, "page": page})


@require_safe
def item_messages(request, item_id: int):
    item = disclosure_selectors.public_item(item_id)
    page = _with_names(_page(request, selectors.public_messages(item=item)))
    context = {"village": item.village, "item": item, "page": page}
    return render(request, "feedback/public/list.html", context)


@require_safe
@villager_required
def my_messages(request):
    villager = current_villager(request)
    page = _page(request, selectors.villager_messages(villager))
    return render(request, "feedback/public/mine.html", {"villager": villager, "page": page})


@require_http_methods(["GET", "POST"])
@villager_required
def my_message(request, pk: int):
    villager = current_villager(request)
    message = selectors.villager_message(villager, pk)
    rate_form, reopen_form = RateForm(), ReasonForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rate":
                rate_form = RateForm(request.POST)
                if rate_form.is_valid():
                    services.message_rate(
                        villager=villager,
                        message=message,
                        satisfaction=rate_form.cleaned_data["satisfaction"],
                    )
                    flash.success(request, _("Thank you for your rating."))
                    return redirect("feedback-my-message", pk=pk)
            elif action == "reopen":
                reopen_form = ReasonForm(request.POST)
                if reopen_form.is_valid():
                    services.message_reopen(
                        villager=villager,
                        message=message,
                        reason=reopen_form.cleaned_data["reason"],
                    )
                    flash.success(request, _("Your message was reopened and sent one level up."))
                    return redirect("feedback-my-message", pk=pk)
        except DomainError as error:
            flash.error(request, error.translated())
            return redirect("feedback-my-message", pk=pk)
    today = local_today()
    state = closure.effective_status(message.status, today, message.replied_on)
    context = {
        "message": message,
        "state": state,
        "closed": state == Status.CLOSED,
        "late": message.lateness != Lateness.ON_TIME,
        "can_act": state == Status.REPLIED,
        "can_reopen": state == Status.REPLIED and message.reopens < closure.MAX_REOPENS,
        "closes_on": closure.closes_on(message.replied_on) if message.replied_on else None,
        "rate_form": rate_form,
        "reopen_form": reopen_form,
    }
    return render(request, "feedback/public/my_message.html", context)


# --- staff ------------------------------------------------------------------------------------


def _staff(view):
    return login_required(view, login_url="staff-login")


@_staff
@require_safe
def inbox(request):
    status = request.GET.get("status", "")[:10]
    lateness = request.GET.get("lateness", "")[:10]
    topic = request.GET.get("topic", "")[:20]
    lf = list_filter(request, stats.FIGURES)
    qs = lf.narrow(
        selectors.inbox(request.user, status=status, lateness=lateness, topic=topic),
        "village_path",
    )
    page = Paginator(qs, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "lf": lf,
        "status": status,
        "lateness": lateness,
        "topic": topic,
        "statuses": Status.choices,
        "latenesses": Lateness.choices,
        "topics": Topic.choices,
        "topic_names": dict(Topic.choices),
        "status_names": dict(Status.choices),
        "lateness_names": dict(Lateness.choices),
        "extra_query": f"{lf.query}status={status}&lateness={lateness}&topic={topic}&",
    }
    return render(request, "feedback/staff/inbox.html", context)


def _chain(message) -> list[Unit]:
    units, unit = [], message.village
    while unit is not None:
        units.append(unit)
        unit = unit.parent
    return units


@_staff
@require_safe
def message_page(request, pk: int):
    view = selectors.staff_message(request.user, pk)
    message = view.message
    context = {
        "view": view,
        "message": message,
        "closed": closure.effective_status(message.status, local_today(), message.replied_on)
        == Status.CLOSED,
        "late": message.lateness != Lateness.ON_TIME,
        "can_write": can_write(request.user, message.assigned_path, FEEDBACK)
        or can_write(request.user, message.routed_path, FEEDBACK),
        "units": _chain(message),
        "module_name": dict(_modules()).get(message.module, ""),
        "reply_form": TextForm(),
        "note_form": TextForm(),
        "reason_form": ReasonForm(),
        "topic_form": TopicForm(initial={"topic": message.topic}),
    }
    return render(request, "feedback/staff/message.html", context)


@_staff
@require_POST
def message_action(request, pk: int, action: str):
    message = selectors.staff_message(request.user, pk).message
    post = request.POST
    try:
        if action == "reply":
            services.message_reply(actor=request.user, message=message, text=post.get("text", ""))
            flash.success(request, _("The reply is published."))
        elif action == "note":
            services.message_note(actor=request.user, message=message, text=post.get("text", ""))
            flash.success(request, _("The note is saved."))
        elif action == "reassign":
            unit = Unit.objects.filter(code=post.get("unit", "")).first()
            if unit is None:
                raise NotFound(_("Choose a unit."))
            services.message_reassign(
                actor=request.user, message=message, unit=unit, reason=post.get("reason", "")
            )
            flash.success(request, _("The message was reassigned."))
            return redirect("feedback-inbox")
        elif action == "hide":
            services.message_hide(
                actor=request.user, message=message, reason=post.get("reason", "")
            )
            flash.success(request, _("The message is hidden from the public."))
        elif action == "topic":
            services.message_set_topic(
                actor=request.user, message=message, topic=post.get("topic", "")
            )
            flash.success(request, _("The topic is saved."))
        else:
            raise Http404
    except DomainError as error:
        flash.error(request, error.translated())
    return redirect("feedback-message", pk=pk)


@_staff
@require_safe
def analysis_page(request):
    unit = request.user.unit or Unit.objects.filter(level="county").order_by("code").first()
    code = request.GET.get("unit", "")
    if code:
        unit = org_selectors.unit_for_staff(request.user, code)
    if unit is None:
        raise Http404
    today = local_today()
    months = analysis.topics_by_month(unit, today, viewer=request.user)
    context = {
        "unit": unit,
        "rows": analysis.rows(unit, viewer=request.user),
        "months": months,
        "topics": Topic.choices,
        "flags": (
            analysis.finance_flags(unit, viewer=request.user) if unit.level != "village" else []
        ),
        "model": analysis.model_accuracy() if unit.level == "county" else None,
    }
    return render(request, "feedback/staff/analysis.html", context)
