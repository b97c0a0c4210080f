"""Staff console pages for disclosures: clerks write and publish, towns review, the county
watches timeliness and loads the catalogue. Views parse, call a service or selector, render."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openvillage.core.errors import InvalidInput, NotFound
from openvillage.core.permissions import DISCLOSURE, DISCLOSURE_REVIEW, can_write, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.disclosure import catalogue_store, selectors, services, stats
from openvillage.disclosure import statement_import as statement_import_mod
from openvillage.disclosure.chart import chart
from openvillage.disclosure.labels import localized
from openvillage.disclosure.models import CatalogueVersion, State
from openvillage.disclosure.rules import states
from openvillage.disclosure.rules.statement import parse_yuan, yuan
from openvillage.disclosure.statement_import import read_line, statement_from_lines
from openvillage.org.listfilter import list_filter
from openvillage.org.models import Level, Unit

PAGE_SIZE = 50


def _staff(view):
    return login_required(view, login_url="staff-login")


#: A date picker in the browser (the value is always sent as 2026-01-31).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.Form):
    village = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Village"))
    matter = forms.ChoiceField(label=gettext_lazy("Matter"))
    period_start = forms.DateField(label=gettext_lazy("Period from"), widget=DATE)
    period_end = forms.DateField(label=gettext_lazy("Period to"), widget=DATE)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea, required=False)
    opening_balance = forms.CharField(
        label=gettext_lazy("Opening balance (yuan)"),
        help_text=gettext_lazy("Carried from the previous statement's closing balance."),
        required=False,
    )
    opening_note = forms.CharField(
        label=gettext_lazy("Why the opening balance differs from last closing balance"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    people = forms.CharField(
        label=gettext_lazy("List of people"),
        help_text=gettext_lazy("One person a line: name, group, phone, bank account, yuan, note."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    attachment = forms.FileField(
        label=gettext_lazy("Add a file (PDF, JPEG, PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "visually-hidden"}),
    )
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


KIND_LABELS = {"income": gettext_lazy("Income"), "expenditure": gettext_lazy("Expenditure")}


def _account_choices() -> list[tuple[str, str]]:
    language = translation.get_language() or "zh-hans"
    return [("", "—"), *((a.code, a.label(language)) for a in chart().accounts)]


class LineForm(forms.Form):
    """One line of a finance statement: 收入/支出, account (科目) of the chart, an optional
    sub-account under it, name, amount as typed."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Income or expenditure"),
        choices=[("", "—"), *KIND_LABELS.items()],
        required=False,
    )
    account = forms.ChoiceField(
        label=gettext_lazy("Account"), choices=_account_choices, required=False
    )
    sub_account = forms.CharField(
        label=gettext_lazy("Sub-account code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
    )
    name = forms.CharField(label=gettext_lazy("Account name"), max_length=100, required=False)
    amount = forms.CharField(
        label=gettext_lazy("Amount (yuan)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A statement written before the chart (or under another region's) keeps its accounts.
        code = (self.initial or {}).get("account")
        field = self.fields["account"]
        if code and code not in dict(field.choices):
            field.choices = [*field.choices, (code, code)]

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        keys = ("kind", "account", "sub_account", "name", "amount")
        return not any(str(data.get(k) or "").strip() for k in keys)

    def code(self, n: int) -> str:
        """The line's account code: the sub-account when given (it must extend the account)."""
        account = self.cleaned_data.get("account") or ""
        sub = (self.cleaned_data.get("sub_account") or "").strip()
        if sub and account and not sub.startswith(account):
            raise InvalidInput(
                gettext_noop("Line %(n)s: sub-account %(sub)s is not under account %(account)s."),
                {"n": n, "sub": sub, "account": account},
                field=f"statement.lines[{n - 1}].sub_account",
            )
        return sub or account


LineFormSet = forms.formset_factory(LineForm, extra=4, max_num=300, validate_max=True)


def _split_account(code: str) -> dict[str, str]:
    """The chart account a code falls under, and the code itself when it is a sub-account."""
    found = chart().find(code)
    if found is None or found.code == code:
        return {"account": code, "sub_account": ""}
    return {"account": found.code, "sub_account": code}


def line_formset(data=None, statement: dict | None = None) -> forms.BaseFormSet:
    initial = [
        {
            "kind": x["kind"],
            **_split_account(x["account"]),
            "name": x["name"],
            "amount": yuan(x["amount_fen"]),
        }
        for x in (statement or {}).get("lines", [])
    ]
    return LineFormSet(data, initial=initial or None, prefix="lines")


def _statement(data: dict, formset) -> dict | None:
    rows = []
    places = []
    for form in formset.forms:
        if form.is_blank():
            continue
        d = form.cleaned_data
        places.append(form)
        try:
            n = len(rows) + 1
            rows.append(read_line(d.get("kind", ""), form.code(n), d["name"], d["amount"], n=n))
        except InvalidInput as err:
            _add_line_error(form, err)
            raise _LineError from err
    formset.line_forms = places
    if not rows:
        return None
    return statement_from_lines(
        rows,
        _yuan_or_none(data.get("opening_balance", ""), "opening_balance"),
        data.get("opening_note", ""),
    )


class _LineError(Exception):
    """A line's error is already on its form."""


LINE_FIELDS = {
    "kind": "kind",
    "account": "account",
    "sub_account": "sub_account",
    "name": "name",
    "amount_fen": "amount",
}


def _add_line_error(form, err: InvalidInput) -> None:
    key = (err.field or "").rsplit(".", 1)[-1]
    form.add_error(LINE_FIELDS.get(key), err.translated())


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


def _content(data: dict, formset) -> services.Content:
    return services.Content(
        matter=data["matter"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        title=data["title"],
        body=data.get("body", ""),
        statement=_statement(data, formset),
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
        "opening_balance": money("opening_balance_fen"),
        "opening_note": statement.get("opening_note", ""),
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


def _add_error(form, err: InvalidInput, formset=None) -> None:
    path = err.field or ""
    match = _LINE_PATH.match(path)
    line_forms = getattr(formset, "line_forms", [])
    if match and int(match.group(1)) < len(line_forms):
        _add_line_error(line_forms[int(match.group(1))], err)
        return
    field = path.split(".")[0].split("[")[0]
    if field == "statement":
        field = STATEMENT_FIELDS.get(path.split(".")[-1], "")
    mapping = {"people": "people", "attachment": "attachment"}
    field = mapping.get(field, field)
    form.add_error(field if field in form.fields else None, err.translated())


_LINE_PATH = re.compile(r"statement\.lines\[(\d+)\]")
STATEMENT_FIELDS = {
    "opening_note": "opening_note",
    "opening_balance_fen": "opening_balance",
    "closing_balance_fen": "opening_balance",
}


@_staff
def item_list(request):
    state = request.GET.get("state", "")
    state = state if state in State.values else ""
    lf = list_filter(request, stats.FIGURES)
    qs = lf.narrow(selectors.items_for_staff(request.user, state=state), "unit_path")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "page": page,
            "lf": lf,
            "state": state,
            "states": State.choices,
            "counts": selectors.pending_counts(request.user),
        },
    )


def _carry_opening(data: dict, item=None) -> None:
    """A blank opening balance takes the previous statement's closing balance (S4)."""
    if data.get("opening_balance", "").strip() or not data.get("village"):
        return
    previous = services.previous_closing_fen(
        data["village"], data["matter"], data["period_start"], getattr(item, "pk", None)
    )
    if previous is not None:
        data["opening_balance"] = yuan(previous)


def _save_form(request, form, formset, item=None, amend=False):
    """Run the service for a valid form; return the item or None (errors added to the form)."""
    data = form.cleaned_data
    _carry_opening(data, item)
    try:
        content = _content(data, formset)
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
    except _LineError:
        return None
    except InvalidInput as err:
        _add_error(form, err, formset)
        return None
    return item


def _form_context(form, formset, item=None, **extra) -> dict:
    return {
        "form": form,
        "formset": formset,
        "item": item,
        "finance_fields": FINANCE_FIELDS,
        "matter_modules": matter_modules(),
        **extra,
    }


FINANCE_FIELDS = ("opening_balance", "opening_note")


def matter_modules() -> dict[str, list[str]]:
    """Which parts of the form each matter uses: a finance matter its statement, a service
    guide neither the statement nor a list of people."""
    catalogue = catalogue_store.parsed(catalogue_store.current_version())
    parts = {"finance": ["finance"], "services": []}
    return {m.code: parts.get(m.module, ["people"]) for m in catalogue.matters}


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
    formset = line_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        item = _save_form(request, form, formset)
        if item is not None:
            messages.success(request, _("The draft is saved."))
            return redirect("staff-disclosure-item", pk=item.pk)
    return render(request, "disclosure/staff/form.html", _form_context(form, formset))


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
    formset = line_formset(request.POST or None, item.statement)
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        saved = _save_form(request, form, formset, item=item, amend=amend)
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("staff-disclosure-item", pk=item.pk)
    return render(
        request, "disclosure/staff/form.html", _form_context(form, formset, item, amend=amend)
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
@require_safe
def dues(request):
    """The disclosures owed in the user's area and not yet published, one village's or all,
    overdue only on request: where a town officer's overdue line on the home page leads."""
    from openvillage.core.clock import local_today
    from openvillage.disclosure.templatetags.disclosure_tags import draftable_dues

    today = local_today()
    village_code = request.GET.get("village", "")[:12]
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.open_dues(request.user, today, village_code=village_code, overdue=overdue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    data = catalogue_store.current_version().data
    village = (
        Unit.objects.filter(unit_scope_q(request.user), code=village_code).first()
        if village_code
        else None
    )
    return render(
        request,
        "disclosure/staff/dues.html",
        {
            "page": page,
            "today": today,
            "village": village,
            "overdue": overdue,
            "names": catalogue_store.names(data, request.LANGUAGE_CODE or "zh-hans"),
            "draftable": draftable_dues(request.user, list(page)),
            "extra_query": f"village={village_code}&overdue={int(overdue)}&",
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


class StatementImportForm(forms.Form):
    village = forms.ModelChoiceField(queryset=Unit.objects.none(), label=gettext_lazy("Village"))
    matter = forms.ChoiceField(label=gettext_lazy("Matter"))
    period_start = forms.DateField(label=gettext_lazy("Period from"), widget=DATE)
    period_end = forms.DateField(label=gettext_lazy("Period to"), widget=DATE)
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Left blank: named after the month, such as January 2026 statement."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Statement file (Excel xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "visually-hidden", "accept": ".xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Unit.objects.filter(unit_scope_q(user), level=Level.VILLAGE).order_by("code")
        self.fields["village"].queryset = villages
        if villages.count() == 1:
            self.fields["village"].initial = villages.first().pk
        catalogue = catalogue_store.parsed(catalogue_store.current_version())
        self.fields["matter"].choices = [
            (m.code, localized(m.name)) for m in catalogue.matters if m.module == "finance"
        ]
        today = date.today()
        last_month_end = today.replace(day=1) - timedelta(days=1)
        self.fields["period_start"].initial = last_month_end.replace(day=1)
        self.fields["period_end"].initial = last_month_end


class ColumnsForm(forms.Form):
    kind = forms.CharField(label=gettext_lazy("Heading of income or expenditure"), required=False)
    account = forms.CharField(label=gettext_lazy("Heading of the account code"))
    name = forms.CharField(label=gettext_lazy("Heading of the account name"), required=False)
    amount = forms.CharField(label=gettext_lazy("Heading of the amount"))


@_staff
@require_http_methods(["GET", "POST"])
def statement_import(request):
    """A month's statement from the village's xlsx: a new draft the clerk checks and submits."""
    form = StatementImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = data["village"]
        try:
            lines = statement_import_mod.read_statement_file(
                data["file"], statement_import_mod.columns_for(village)
            )
            opening = services.previous_closing_fen(village, data["matter"], data["period_start"])
            start = data["period_start"]
            title = data["title"] or _("%(year)s-%(month)s finance statement") % {
                "year": start.year,
                "month": start.month,
            }
            item = services.item_create(
                actor=request.user,
                village=village,
                content=services.Content(
                    matter=data["matter"],
                    period_start=start,
                    period_end=data["period_end"],
                    title=title,
                    body="",
                    statement=statement_import_mod.statement_from_lines(lines, opening, ""),
                ),
            )
        except statement_import_mod.ImportRefused as err:
            form.add_error("file", err.translated())
            errors = err.errors
        except InvalidInput as err:
            _add_error(form, err)
        else:
            messages.success(
                request,
                _("%(n)s lines imported into a draft: check it, then submit it to the town.")
                % {"n": len(lines)},
            )
            return redirect("staff-disclosure-item", pk=item.pk)
    return render(
        request,
        "disclosure/staff/import.html",
        {"form": form, "errors": errors, "template_columns": statement_import_mod.TEMPLATE_COLUMNS},
    )


@_staff
@require_http_methods(["GET", "POST"])
def statement_columns(request):
    """The headings of the village's accounting-software export, saved once."""
    villages = Unit.objects.filter(unit_scope_q(request.user), level=Level.VILLAGE).order_by("code")
    village = villages.filter(pk=request.GET.get("village") or 0).first() or villages.first()
    if village is None:
        raise NotFound(gettext_noop("No such village."))
    form = ColumnsForm(request.POST or None, initial=statement_import_mod.columns_for(village))
    if request.method == "POST" and form.is_valid():
        try:
            statement_import_mod.save_columns(
                actor=request.user, village=village, columns=form.cleaned_data
            )
        except InvalidInput as err:
            _add_error(form, err)
        else:
            messages.success(
                request, _("The columns are saved for %(village)s.") % {"village": village.name}
            )
            return redirect("staff-disclosure-import")
    return render(
        request,
        "disclosure/staff/columns.html",
        {"form": form, "village": village, "villages": villages},
    )


@_staff
@require_safe
def statement_template(request):
    response = HttpResponse(
        statement_import_mod.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename=statement-template.xlsx"
    return response


@_staff
@require_safe
def due_page(request, pk: int):
    """One disclosure a village owes (matter, period, deadline, published or how late): the page
    the town opens from its overdue reminders; sibling apps add to it (``disclosure.due``)."""
    from openvillage.core.clock import local_today
    from openvillage.core.permissions import can_read
    from openvillage.disclosure.models import Due
    from openvillage.disclosure.templatetags.disclosure_tags import draftable_dues

    due = Due.objects.select_related("village").filter(pk=pk).first()
    if due is None or not can_read(request.user, due.unit_path):
        raise NotFound(gettext_noop("No such disclosure."))
    today = local_today()
    late = (today - due.deadline).days if due.published_on is None else None
    data = catalogue_store.current_version().data
    return render(
        request,
        "disclosure/staff/due.html",
        {
            "due": due,
            "d": due,
            "days_late": late if late and late > 0 else None,
            "names": catalogue_store.names(data, request.LANGUAGE_CODE or "zh-hans"),
            "draftable": draftable_dues(request.user, [due]),
        },
    )
