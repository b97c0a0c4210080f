"""Staff pages for importing and exporting the registry: templates, upload, progress, exports.

An upload is stored and imported in the background (a large roll outlasts a web request); its
page shows the progress and, at the end, the counts or every bad row, and the clerk can leave
it and come back from the list of recent imports. The error report is not stored anywhere: it
holds the clerk's own upload (clear ID numbers included), so it is only ever returned as the
response to a "download the error report" post of the same file, checked again without writing.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openvillage.core.errors import InvalidInput, NotFound
from openvillage.core.permissions import ORG, can_write
from openvillage.core.text import gettext_noop
from openvillage.org import selectors
from openvillage.org.imports import jobs, templates
from openvillage.org.imports.export import export_people, export_roll
from openvillage.org.imports.service import error_report
from openvillage.org.models import ImportState, Level, Unit

KIND_ORDER = ("roll", "people", "households", "posts", "units")
COUNT_LABELS = {
    "units": gettext_lazy("Units"),
    "people": gettext_lazy("People"),
    "households": gettext_lazy("Households"),
    "roll": gettext_lazy("Villager roll"),
    "terms": gettext_lazy("Terms of office"),
}
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
        "jobs": jobs.recent_jobs(request.user, units),
        "kind_labels": templates.KIND_LABELS,
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
    kind, unit = form.cleaned_data["kind"], form.units[form.cleaned_data["unit"]]
    upload = form.cleaned_data["file"]
    if request.POST.get("action") != "report":
        job = jobs.import_job_create(
            actor=request.user, kind=kind, unit=unit, uploaded_file=upload, language=get_language()
        )
        return redirect("staff-import-job", job_id=job.pk)
    try:
        content = error_report(
            actor=request.user, kind=kind, village_or_unit=unit, uploaded_file=upload
        )
    except InvalidInput as error:
        form.add_error("file", error.translated())
        return _home(request, form, status=422)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="errors-{kind}.xlsx"'
    return response


@_staff
@require_GET
def import_job(request, job_id: int):
    """One import: progress while it runs, then the counts or every bad row."""
    job = jobs.job_for_staff(request.user, job_id)
    units = writable_units(request.user)
    rows = [{"row": r, "column": c, "message": m} for r, c, m in job.errors[:SHOWN_ERRORS]]
    context = {
        "job": job,
        "progress": jobs.job_progress(job),
        "failure": jobs.failure_text(job),
        "errors": rows,
        "hidden_errors": max(0, job.error_count - len(rows)),
        "form": ImportForm(initial={"kind": job.kind, "unit": job.unit.code}, units=units),
        "kind_label": templates.KIND_LABELS.get(job.kind, job.kind),
        "count_labels": COUNT_LABELS,
    }
    status = 422 if job.state == ImportState.REFUSED else 200
    return render(request, "web/staff/imports_result.html", context, status=status)


@_staff
@require_GET
def import_job_progress(request, job_id: int):
    """The progress of one import as JSON, polled by its page."""
    job = jobs.job_for_staff(request.user, job_id)
    response = JsonResponse(jobs.job_progress(job))
    response["Cache-Control"] = "no-store"
    return response


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
