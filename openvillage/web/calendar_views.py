"""The county administrator's page for the official working-day calendar (/staff/calendar/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from openvillage.core import calendar
from openvillage.core.calendar import ScheduleInvalid
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError
from openvillage.core.models import CalendarDay, CalendarYear
from openvillage.core.roles import Role

MAX_UPLOAD = 64 * 1024  # a year's schedule is about 40 lines


class ScheduleForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=calendar.MIN_YEAR, max_value=calendar.MAX_YEAR
    )
    schedule = forms.CharField(
        label=gettext_lazy("Schedule"),
        widget=forms.Textarea(attrs={"rows": 14, "cols": 48}),
        required=False,
        help_text=gettext_lazy(
            "One day per line: YYYY-MM-DD, then holiday or workday, then the name. "
            "List every official day off and every weekend day made a working day."
        ),
    )
    upload = forms.FileField(label=gettext_lazy("Or upload a text file (UTF-8)"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Source (notice number)"), max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is too large for a year's schedule."))
            try:
                data["schedule"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text."))
        if not (data.get("schedule") or "").strip():
            raise forms.ValidationError(_("Paste the schedule or upload a file."))
        return data


def _require_admin(user) -> None:
    # The calendar serves the whole deployment, so only the county administrator may change it.
    if not (user.is_superuser or user.role == Role.COUNTY_ADMIN):
        raise PermissionDenied


@login_required(login_url="staff-login")
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    _require_admin(request.user)
    today = local_today()
    form = ScheduleForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            rows = calendar.parse_schedule(form.cleaned_data["schedule"], year)
            calendar.calendar_load_year(
                actor=request.user, year=year, rows=rows, note=form.cleaned_data["note"]
            )
        except ScheduleInvalid as error:
            problems = [problem.translated() for problem in error.problems]
        except DomainError as error:
            problems = [error.translated()]
        else:
            messages.success(
                request, _("The official schedule of %(year)s was loaded.") % {"year": year}
            )
            return redirect(f"{request.path}?year={year}")
    shown = request.GET.get("year", "")
    days = []
    if shown.isdigit():
        days = CalendarDay.objects.filter(date__year=int(shown)).order_by("date")
    years = list(CalendarYear.objects.order_by("-year"))
    counts = dict(CalendarDay.objects.values_list("date__year").annotate(n=Count("id")).order_by())
    for entry in years:
        entry.days = counts.get(entry.year, 0)
    context = {
        "form": form,
        "problems": problems,
        "years": years,
        "missing": calendar.years_without_data(today),
        "shown": shown,
        "days": days,
    }
    return render(request, "web/staff/calendar.html", context, status=422 if problems else 200)
