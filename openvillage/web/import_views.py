"""Staff pages for importing and exporting the registry: templates, upload, result, exports.

The error report is not stored anywhere: it holds the clerk's own upload (clear ID numbers
included), so it is only ever returned as the response to a "download the error report" post
of the same file, checked again without writing.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openvillage.core.errors import InvalidInput, NotFound
from openvillage.core.permissions import ORG, can_write
from openvillage.core.text import gettext_noop
from openvillage.org import selectors
from openvillage.org.imports import templates
from openvillage.org.imports.export import export_people, export_roll
from openvillage.org.imports.service import error_report, import_file
from openvillage.org.models import Level, Unit

KIND_ORDER = ("roll", "people", "households", "posts", "units")
MAX_UPLOAD = 50 * 1024 * 1024
SHOWN_ERRORS = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff(view):
    return login_required(view, login_url="staff-login")


def writable_units(user) -> list[Unit]:
    """Towns and villages whose registry the user may write (the targets of an import)."""
    units = selectors.units_visible_to(user).filter(level__in=[Level.TOWN, Level.VILLAGE])
    return [u for u in units.order_by("code") if can_write(user, u.path, ORG)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    unit = forms.ChoiceField(label=gettext_lazy("Import into"))
    file = forms.FileField(label=gettext_lazy("File (xlsx or CSV)"))

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["kind"].choices = [(k, templates.KIND_LABELS[k]) for k in KIND_ORDER]
        self.fields["unit"].choices = [(u.code, f"{u.name} ({u.code})") for u in units]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it."))
        return upload


def _home(request, form: ImportForm, status: int = 200) -> HttpResponse:
    units = list(form.units.values())
    villages = [u for u in units if u.level == Level.VILLAGE]
    context = {
        "form": form,
        "kinds": [(k, templates.KIND_LABELS[k]) for k in KIND_ORDER],
        "villages": villages,
        "notes": templates.general_notes(),
    }
    return render(request, "web/staff/imports.html", context, status=status)


@_staff
@require_GET
def imports_home(request):
    return _home(request, ImportForm(units=writable_units(request.user)))


@_staff
@require_POST
def import_upload(request):
    units = writable_units(request.user)
    form = ImportForm(request.POST, request.FILES, units=units)
    if not form.is_valid():
        return _home(request, form, status=422)
    args = {
        "actor": request.user,
        "kind": form.cleaned_data["kind"],
        "village_or_unit": form.units[form.cleaned_data["unit"]],
        "uploaded_file": form.cleaned_data["file"],
    }
    try:
        if request.POST.get("action") == "report":
            content = error_report(**args)
            response = HttpResponse(content, content_type=XLSX)
            name = f"errors-{form.cleaned_data['kind']}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        result = import_file(**args)
    except InvalidInput as error:
        form.add_error("file", error.translated())
        return _home(request, form, status=422)
    context = {
        "result": result,
        "errors": result.errors[:SHOWN_ERRORS],
        "hidden_errors": max(0, len(result.errors) - SHOWN_ERRORS),
        "form": ImportForm(initial=form.cleaned_data, units=units),
        "unit": args["village_or_unit"],
        "kind_label": templates.KIND_LABELS[args["kind"]],
    }
    status = 200 if result.ok else 422
    return render(request, "web/staff/imports_result.html", context, status=status)


@_staff
@require_GET
def template_download(request, kind: str, fmt: str):
    if kind not in templates.KINDS or fmt not in ("xlsx", "csv"):
        raise NotFound(gettext_noop("No such template."))
    if fmt == "xlsx":
        response = HttpResponse(templates.xlsx_template(kind), content_type=XLSX)
    else:
        response = HttpResponse(templates.csv_template(kind), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="openvillage-{kind}.{fmt}"'
    return response


@_staff
@require_GET
def export_download(request, kind: str, code: str):
    unit = selectors.unit_for_staff(request.user, code)  # 403 outside the user's area
    if kind == "roll" and unit.level == Level.VILLAGE:
        content = export_roll(unit)
    elif kind == "people":
        content = export_people(unit)
    else:
        raise NotFound(gettext_noop("No such export."))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-{unit.code}.xlsx"'
    return response
