"""The audit log page: filters by date range, unit, person and action; exports as CSV or xlsx.

Views parse and render; the rows are the county's own (``unit_scope_q``), and every code shown
(actions, fields, values) goes through ``core.audit_labels``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from io import BytesIO, StringIO

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from openvillage.core import audit_labels, spreadsheet
from openvillage.core.clock import local_day_bounds
from openvillage.core.models import AuditEntry
from openvillage.core.permissions import can_read, unit_scope_q
from openvillage.core.roles import Role
from openvillage.core.templatetags.audit_tags import audit_changes, audit_note
from openvillage.org.models import Level, Unit

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000  # rows in one export: a year of a county's writes; narrow the dates beyond
AUDIT_READERS = {Role.COUNTY_ADMIN, Role.COUNTY_SUPERVISOR}


class AuditFilter(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    unit = forms.ChoiceField(label=gettext_lazy("Town or village"), required=False)
    actor = forms.CharField(label=gettext_lazy("Person"), required=False, max_length=60)
    # A prefix of action codes (``disclosure`` or ``disclosure.item``), picked by its label.
    action = forms.CharField(label=gettext_lazy("Action"), required=False, widget=forms.Select)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        units = (
            Unit.objects.filter(unit_scope_q(user), level__in=[Level.TOWN, Level.VILLAGE])
            .order_by("path")
            .values_list("code", "name", "level")
        )
        self.fields["unit"].choices = [("", _("All units"))] + [
            (code, name if level == Level.TOWN else f"\u3000{name}") for code, name, level in units
        ]
        actions = sorted(
            ((code, str(text)) for code, text in audit_labels.OBJECTS.items()),
            key=lambda pair: pair[1],
        )
        self.fields["action"].widget.choices = [("", _("All actions")), *actions]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date comes before the start date."))
        return data


def _filtered(user, form: AuditFilter) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(unit_scope_q(user, "unit_path"))
    if not form.is_bound:
        return qs.order_by("-at", "-id")
    form.is_valid()
    data = form.cleaned_data  # the fields that are valid still filter; the others say why
    if data.get("start"):
        qs = qs.filter(at__gte=local_day_bounds(data["start"])[0])
    if data.get("end"):
        qs = qs.filter(at__lt=local_day_bounds(data["end"])[1])
    if data.get("unit"):
        unit = Unit.objects.filter(code=data["unit"]).only("path").first()
        if unit is None or not can_read(user, unit.path):
            raise PermissionDenied
        qs = qs.filter(unit_path__startswith=unit.path)
    if data.get("actor"):
        term = data["actor"].strip()
        qs = qs.filter(Q(actor_label__icontains=term) | Q(object_label__icontains=term))
    if data.get("action"):
        qs = qs.filter(action__startswith=data["action"])
    return qs.order_by("-at", "-id")


def _with_units(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Give each entry ``unit_name``: the unit its path ends in, by name (one query)."""
    codes = {e.unit_path.rstrip("/").rpartition("/")[2] for e in entries if e.unit_path}
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
    for e in entries:
        e.unit_name = names.get(e.unit_path.rstrip("/").rpartition("/")[2], "")
    return entries


@dataclass
class Row:
    at: str
    unit: str
    actor: str
    action: str
    target: str
    changes: str
    note: str


def _rows(entries) -> list[Row]:
    rows = []
    for e in _with_units(list(entries)):
        changes = "; ".join(f"{f}: {b} → {a}" for f, b, a in audit_changes(e))
        rows.append(
            Row(
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.unit_name,
                audit_labels.actor_text(e.actor_label),
                str(audit_labels.action_label(e.action)),
                audit_labels.object_text(e.object_type, e.object_label),
                changes,
                str(audit_note(e.note)) if e.note else "",
            )
        )
    return rows


def _headers() -> list[str]:
    return [str(_(h)) for h in ("Time", "Unit", "Actor", "Action", "Object", "Changes", "Note")]


def _export(entries: QuerySet[AuditEntry], fmt: str) -> HttpResponse:
    rows = _rows(entries[:EXPORT_LIMIT])
    stamp = date.today().isoformat()
    if fmt == "csv":
        out = StringIO()
        writer = csv.writer(out)
        writer.writerow(_headers())
        for r in rows:
            writer.writerow(
                [
                    spreadsheet.csv_safe(v)
                    for v in (r.at, r.unit, r.actor, r.action, r.target, r.changes, r.note)
                ]
            )
        # A byte order mark: Excel on Windows reads the CSV as UTF-8, not as GBK.
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Audit log")))
    sheet.append(_headers())
    for r in rows:
        sheet.append(
            spreadsheet.row(sheet, [r.at, r.unit, r.actor, r.action, r.target, r.changes, r.note])
        )
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response


def _require_reader(user) -> None:
    if not (user.is_superuser or user.role in AUDIT_READERS):
        raise PermissionDenied


@login_required(login_url="staff-login")
@require_safe
def audit_export(request, fmt: str):
    """What the filter shows, as ``export.xlsx`` or ``export.csv`` (labels, local times)."""
    _require_reader(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    query = request.GET.copy()
    query.pop("page", None)
    return _export(_filtered(request.user, AuditFilter(query or None, user=request.user)), fmt)


@login_required(login_url="staff-login")
@require_safe
def audit(request):
    """The audit log of the user's scope (county roles), filtered and paginated."""
    user = request.user
    _require_reader(user)
    query = request.GET.copy()
    query.pop("page", None)
    form = AuditFilter(query or None, user=user)
    entries = _filtered(user, form)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_units(list(page.object_list))
    extra = query.urlencode()
    return render(
        request,
        "web/staff/audit.html",
        {
            "page": page,
            "form": form,
            "extra_query": f"{extra}&" if extra else "",
            "export_query": f"{extra}&" if extra else "",
        },
    )
