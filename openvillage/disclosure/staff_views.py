"""Staff console pages for disclosures: clerks write and publish, towns review, the county
watches timeliness and loads the catalogue. Views parse, call a service or selector, render."""

from __future__ import annotations

from datetime import date
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openvillage.core.errors import InvalidInput, NotFound
from openvillage.core.permissions import DISCLOSURE, DISCLOSURE_REVIEW, can_write, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.disclosure import catalogue_store, selectors, services
from openvillage.disclosure.labels import localized
from openvillage.disclosure.models import CatalogueVersion, State
from openvillage.disclosure.rules import states
from openvillage.disclosure.rules.statement import parse_yuan, yuan
from openvillage.org.models import Level, Unit

PAGE_SIZE = 50


def _staff(view):
    return login_required(view, login_url="staff-login")


class ItemForm(forms.Form):
    village = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Village"))
    matter = forms.ChoiceField(label=gettext_lazy("Matter"))
    period_start = forms.DateField(label=gettext_lazy("Period from"))
    period_end = forms.DateField(label=gettext_lazy("Period to"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea, required=False)
    statement_lines = forms.CharField(
        label=gettext_lazy("Finance statement lines"),
        help_text=gettext_lazy("One line each: income or expenditure, account, name, yuan."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    income_total = forms.CharField(label=gettext_lazy("Income total (yuan)"), required=False)
    expenditure_total = forms.CharField(
        label=gettext_lazy("Expenditure total (yuan)"), required=False
    )
    opening_balance = forms.CharField(label=gettext_lazy("Opening balance (yuan)"), required=False)
    closing_balance = forms.CharField(label=gettext_lazy("Closing balance (yuan)"), required=False)
    people = forms.CharField(
        label=gettext_lazy("List of people"),
        help_text=gettext_lazy("One person a line: name, group, phone, bank account, yuan, note."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    attachment = forms.FileField(label=gettext_lazy("Add a file (PDF, JPEG, PNG)"), required=False)
    no_card_confirmed = forms.BooleanField(
        label=gettext_lazy("I have looked at the file: it shows no ID card and no bank card"),
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("Reason for the amendment"), required=False)

    def __init__(self, *args, user, amend: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Unit.objects.filter(unit_scope_q(user), level=Level.VILLAGE).order_by("code")
        self.fields["village"].queryset = villages
        catalogue = catalogue_store.parsed(catalogue_store.current_version())
        self.fields["matter"].choices = [(m.code, localized(m.name)) for m in catalogue.matters]
        if not amend:
            del self.fields["reason"]


def _yuan_or_none(text: str, field: str) -> int | None:
    return parse_yuan(text, field=field) if text.strip() else None


#: What a clerk types for the kind of a line (the English codes are accepted too).
KIND_WORDS = {"收入": "income", "支出": "expenditure"}
KIND_LABELS = {"income": gettext_lazy("Income"), "expenditure": gettext_lazy("Expenditure")}


def _statement(data: dict) -> dict | None:
    raw = data.get("statement_lines", "").strip()
    if not raw:
        return None
    lines = []
    for n, row in enumerate(raw.splitlines()):
        parts = [p.strip() for p in row.replace("，", ",").split(",")]
        if len(parts) != 4:
            raise InvalidInput(
                gettext_noop("Statement line %(n)s needs four parts: kind, account, name, yuan."),
                {"n": n + 1},
                field="statement_lines",
            )
        kind, account, name, amount = parts
        lines.append(
            {
                "kind": KIND_WORDS.get(kind, kind.lower()),
                "account": account,
                "name": name,
                "amount_fen": parse_yuan(amount, field=f"statement.lines[{n}].amount_fen"),
            }
        )
    return {
        "lines": lines,
        "income_total_fen": _yuan_or_none(data["income_total"], "income_total") or 0,
        "expenditure_total_fen": _yuan_or_none(data["expenditure_total"], "expenditure_total") or 0,
        "opening_balance_fen": _yuan_or_none(data["opening_balance"], "opening_balance"),
        "closing_balance_fen": _yuan_or_none(data["closing_balance"], "closing_balance"),
    }


def _people(text: str) -> tuple[dict, ...]:
    rows = []
    for n, row in enumerate(text.strip().splitlines()):
        parts = [p.strip() for p in row.replace("，", ",").split(",")] + [""] * 6
        amount = parse_yuan(parts[4], field=f"people[{n}].amount_fen") if parts[4] else None
        rows.append(
            {
                "name": parts[0],
                "group": parts[1],
                "phone": parts[2],
                "bank_account": parts[3],
                "amount_fen": amount,
                "note": parts[5],
            }
        )
    return tuple(rows)


def _content(data: dict) -> services.Content:
    return services.Content(
        matter=data["matter"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        title=data["title"],
        body=data.get("body", ""),
        statement=_statement(data),
        people=_people(data.get("people", "")),
    )


def _initial(item) -> dict:
    statement = item.statement or {}

    def money(key):
        value = statement.get(key)
        return "" if value is None else yuan(value).replace(",", "")

    return {
        "village": item.village_id,
        "matter": item.matter,
        "period_start": item.period_start,
        "period_end": item.period_end,
        "title": item.title,
        "body": item.body,
        "statement_lines": "\n".join(
            f"{KIND_LABELS.get(x['kind'], x['kind'])},{x['account']},{x['name']},"
            f"{yuan(x['amount_fen']).replace(',', '')}"
            for x in statement.get("lines", [])
        ),
        "income_total": money("income_total_fen"),
        "expenditure_total": money("expenditure_total_fen"),
        "opening_balance": money("opening_balance_fen"),
        "closing_balance": money("closing_balance_fen"),
        "people": "\n".join(
            ",".join(
                [
                    r.get("name", ""),
                    r.get("group", ""),
                    r.get("phone", ""),
                    r.get("bank_account", ""),
                    yuan(r["amount_fen"]).replace(",", "")
                    if r.get("amount_fen") is not None
                    else "",
                    r.get("note", ""),
                ]
            )  # fmt: skip
            for r in item.people
        ),
    }


def _add_error(form, err: InvalidInput) -> None:
    field = (err.field or "").split(".")[0].split("[")[0]
    mapping = {"statement": "statement_lines", "people": "people", "attachment": "attachment"}
    field = mapping.get(field, field)
    form.add_error(field if field in form.fields else None, err.translated())


@_staff
def item_list(request):
    state = request.GET.get("state", "")
    state = state if state in State.values else ""
    qs = selectors.items_for_staff(request.user, state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "page": page,
            "state": state,
            "states": State.choices,
            "counts": selectors.pending_counts(request.user),
        },
    )


def _save_form(request, form, item=None, amend=False):
    """Run the service for a valid form; return the item or None (errors added to the form)."""
    data = form.cleaned_data
    try:
        content = _content(data)
        if item is None:
            item = services.item_create(
                actor=request.user, village=data["village"], content=content
            )
        elif amend:
            item = services.item_amend(
                actor=request.user, item=item, reason=data.get("reason", ""), content=content
            )
        else:
            item = services.item_update(actor=request.user, item=item, content=content)
        upload = data.get("attachment")
        if upload:
            services.item_attach(
                actor=request.user,
                item=item,
                name=upload.name,
                content=upload.read(),
                no_card_confirmed=data.get("no_card_confirmed", False),
            )
    except InvalidInput as err:
        _add_error(form, err)
        return None
    return item


@_staff
@require_http_methods(["GET", "POST"])
def item_new(request):
    # A "start the draft" link from the home page fills in the village, matter and period.
    prefill = {
        key: request.GET[key]
        for key in ("village", "matter", "period_start", "period_end")
        if request.GET.get(key)
    }
    form = ItemForm(request.POST or None, request.FILES or None, user=request.user, initial=prefill)
    if request.method == "POST" and form.is_valid():
        item = _save_form(request, form)
        if item is not None:
            messages.success(request, _("The draft is saved."))
            return redirect("staff-disclosure-item", pk=item.pk)
    return render(request, "disclosure/staff/form.html", {"form": form, "item": None})


@_staff
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = selectors.item_for_staff(request.user, pk)
    amend = item.state == State.PUBLISHED
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        amend=amend,
        initial=_initial(item),
    )
    form.fields["village"].disabled = True
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, item=item, amend=amend)
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("staff-disclosure-item", pk=item.pk)
    return render(
        request, "disclosure/staff/form.html", {"form": form, "item": item, "amend": amend}
    )


@_staff
def item_detail(request, pk: int):
    item = selectors.item_for_staff(request.user, pk)
    user = request.user
    return render(
        request,
        "disclosure/staff/item.html",
        {
            "item": item,
            "attachments": item.attachments.filter(removed=False).order_by("pk"),
            "versions": item.versions.order_by("-number"),
            "can_write": can_write(user, item.unit_path, DISCLOSURE),
            "can_review": can_write(user, item.unit_path, DISCLOSURE_REVIEW),
            "allowed": {a: states.ITEM.allows(item.state, a) for a in states.ITEM.actions},
            "names": catalogue_store.names(item.catalogue.data, request.LANGUAGE_CODE),
        },
    )


@_staff
@require_safe
def attachment_file(request, pk: int, attachment_id: int):
    """A file of an item in the staff member's scope, drafts included (the town's review)."""
    item = selectors.item_for_staff(request.user, pk)
    attachment = item.attachments.filter(pk=attachment_id, removed=False).exclude(file="").first()
    if attachment is None:
        raise NotFound(gettext_noop("No such file."))
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, filename=attachment.name
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


ACTIONS = {
    "submit": (services.item_submit, False, gettext_lazy("Submitted to the town.")),
    "approve": (services.item_approve, False, gettext_lazy("Approved.")),
    "return": (services.item_return, True, gettext_lazy("Returned to the village.")),
    "publish": (services.item_publish, False, gettext_lazy("Published.")),
    "withdraw": (services.item_withdraw, True, gettext_lazy("Withdrawn.")),
    "take_down": (
        partial(services.item_withdraw, personal_data=True),
        True,
        gettext_lazy("Taken down; its files are erased."),
    ),
}


@_staff
@require_POST
def item_action(request, pk: int, action: str):
    item = selectors.item_for_staff(request.user, pk)
    if action == "detach":
        attachment = item.attachments.filter(pk=request.POST.get("attachment")).first()
        if attachment is None:
            raise NotFound(gettext_noop("No such file."))
        services.item_detach(actor=request.user, item=item, attachment=attachment)
        return redirect("staff-disclosure-item", pk=pk)
    if action not in ACTIONS:
        raise NotFound(gettext_noop("No such action."))
    func, needs_reason, done = ACTIONS[action]
    kwargs = {"reason": request.POST.get("reason", "")} if needs_reason else {}
    try:
        func(actor=request.user, item=item, **kwargs)
    except InvalidInput as err:
        messages.error(request, err.translated())
        return redirect("staff-disclosure-item", pk=pk)
    messages.success(request, done)
    return redirect("staff-disclosure-item", pk=pk)


@_staff
def review(request):
    qs = selectors.review_queue(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disclosure/staff/review.html", {"page": page})


@_staff
def timeliness(request):
    """Totals first, then towns and a paginated list of villages, each sortable."""
    towns = selectors.county_timeliness(request.user)
    total = selectors.timeliness_total(towns)
    sort = request.GET.get("sort", "")
    key, reverse = TIMELINESS_SORTS.get(sort.lstrip("-"), TIMELINESS_SORTS["code"])
    reverse ^= sort.startswith("-")
    town_code = request.GET.get("town", "")
    shown_towns = _rated_last(sorted(towns, key=lambda t: key(t, town=True), reverse=reverse))
    villages = [
        v for t in towns if not town_code or t.town.code == town_code for v in t.villages or []
    ]
    villages = _rated_last(sorted(villages, key=lambda v: key(v, town=False), reverse=reverse))
    page = Paginator(villages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/staff/timeliness.html",
        {
            "total": total,
            "towns": shown_towns,
            "page": page,
            "sort": sort,
            "town": town_code,
            "extra_query": f"sort={sort}&town={town_code}&",
        },
    )


def _rated_last(rows: list) -> list:
    """Rows with no rate (nothing was due) after every rate, whichever the direction."""
    return [r for r in rows if r.tenths is not None] + [r for r in rows if r.tenths is None]


def _rate_key(row, town: bool):
    return row.tenths if row.tenths is not None else 0


def _count_key(attribute: str, village_attribute: str):
    return lambda row, town: getattr(row, attribute if town else village_attribute)


def _code_key(row, town: bool):
    return row.town.code if town else (row.town.code, row.village.code)


# sort name -> (key, descending by default)
TIMELINESS_SORTS = {
    "code": (_code_key, False),
    "rate": (_rate_key, False),
    "overdue": (_count_key("overdue", "overdue_count"), True),
    "due": (_count_key("due", "due_count"), True),
}


class CatalogueForm(forms.Form):
    yaml_file = forms.FileField(label=gettext_lazy("Catalogue file (YAML)"))


@_staff
@require_http_methods(["GET", "POST"])
def catalogue(request):
    form = CatalogueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["yaml_file"].read().decode("utf-8")
        except UnicodeDecodeError:
            form.add_error("yaml_file", _("The file is not UTF-8 text."))
        else:
            try:
                version = services.catalogue_load(actor=request.user, yaml_text=text)
            except InvalidInput as err:
                form.add_error("yaml_file", err.translated())
            else:
                messages.success(request, _("Catalogue %(v)s loaded.") % {"v": version.version})
                return redirect("staff-disclosure-catalogue")
    versions = CatalogueVersion.objects.defer("yaml_text").order_by("-loaded_at")[:20]
    return render(
        request,
        "disclosure/staff/catalogue.html",
        {
            "form": form,
            "versions": versions,
            "current": catalogue_store.current_version(),
            "today": date.today(),
        },
    )


@_staff
@require_safe
def notices(request):
    """The staff member's notices (due soon, overdue): each leads to its work; mark them read."""
    from openvillage.disclosure.templatetags.disclosure_tags import draftable_dues

    page = Paginator(selectors.notices_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    dues = [notice.due for notice in page]
    data = catalogue_store.current_version().data
    return render(
        request,
        "disclosure/staff/notices.html",
        {
            "page": page,
            "names": catalogue_store.names(data, request.LANGUAGE_CODE or "zh-hans"),
            "draftable": draftable_dues(request.user, dues),
        },
    )


@_staff
@require_POST
def notices_read(request):
    """Mark one notice (``notice``) or all of the user's notices read, then back to the list."""
    raw = request.POST.get("notice", "")
    ids = [int(raw)] if raw.isdigit() else None
    services.notices_mark_read(actor=request.user, notice_ids=ids)
    return redirect("staff-disclosure-notices")
