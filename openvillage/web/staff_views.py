"""The staff console at /staff/. Views parse, call a selector or service, and render."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openvillage.accounts import throttle
from openvillage.core import spreadsheet
from openvillage.core.clock import local_today
from openvillage.core.permissions import ORG, can_write
from openvillage.org import selectors
from openvillage.org.models import EndReason, Level, Term

PAGE_SIZE = 50


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        try:
            attempt = throttle.begin(request, username)
        except throttle.Throttled as wait:
            form.add_error(None, wait.message())
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                throttle.failed(attempt)
                form.add_error(None, _("The username or password is wrong."))
            else:
                throttle.succeeded(request, attempt)
                login(request, user)
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                    next_url = ""
                return throttle.remember_device(request, redirect(next_url or "staff-home"))
    return render(request, "web/staff/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("staff-login")


def _staff(view):
    return login_required(view, login_url="staff-login")


@_staff
def home(request):
    user = request.user
    unit = user.unit
    context = {"unit": unit, "role": user.get_role_display() if user.role else _("Superuser")}
    if unit is not None:
        context["children"] = selectors.children_with_counts(unit)
    return render(request, "web/staff/home.html", context)


@_staff
def unit_tree(request):
    if request.user.unit is not None:
        return redirect("staff-unit", code=request.user.unit.code)
    return render(
        request,
        "web/staff/units.html",
        {"units": selectors.units_visible_to(request.user).filter(level=Level.COUNTY)},
    )


@_staff
def unit_detail(request, code: str):
    unit = selectors.unit_for_staff(request.user, code)
    context = {
        "unit": unit,
        "children": selectors.children_with_counts(unit),
        "can_write": can_write(request.user, unit.path, ORG),
    }
    if unit.level == Level.VILLAGE:
        context["team"] = selectors.village_team(unit, local_today())
        context["history"] = (
            Term.objects.filter(village=unit, ended_on__isnull=False)
            .select_related("person")
            .order_by("-ended_on")[:50]
        )
    return render(request, "web/staff/unit.html", context)


@_staff
def people(request):
    query = request.GET.get("q", "").strip()[:40]
    qs = selectors.people_for_staff(request.user, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/staff/people.html", {"page": page, "q": query})


@_staff
def person_detail(request, pk: int):
    person = selectors.person_for_staff(request.user, pk)
    terms = person.terms.select_related("village").order_by("-started_on")
    return render(
        request,
        "web/staff/person.html",
        {
            "person": person,
            "terms": terms,
            "end_reasons": EndReason.choices,
            "can_write": can_write(request.user, person.village.path, ORG),
        },
    )


TEAM_COLUMNS = [
    ("size", gettext_lazy("Members")),
    ("women", gettext_lazy("Women")),
    ("average_age", gettext_lazy("Average age")),
    ("under_35", gettext_lazy("Under 35")),
    ("age_35_to_50", gettext_lazy("35 to 50")),
    ("over_50", gettext_lazy("Over 50")),
    ("college_or_above", gettext_lazy("College or above")),
    ("cross_appointed", gettext_lazy("On both committees")),
]


@_staff
def teams(request, code: str):
    """The structure of every two-committee team below a unit (a town or the county)."""
    unit = selectors.unit_for_staff(request.user, code)
    overview = selectors.teams_overview(unit, local_today())
    if request.GET.get("format") == "xlsx":
        return _teams_xlsx(unit, overview)
    return render(
        request,
        "web/staff/teams.html",
        {"unit": unit, "overview": overview, "columns": TEAM_COLUMNS},
    )


def _teams_xlsx(unit, overview):
    from io import BytesIO

    from django.http import HttpResponse
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("Two committees")))
    sheet.append(
        [
            str(_("Town")),
            str(_("Village")),
            str(_("Division code")),
            *[str(label) for _key, label in TEAM_COLUMNS],
            str(_("Secretary is director")),
        ]
    )
    for row in overview.rows:
        s = row.structure
        sheet.append(
            spreadsheet.row(
                sheet,
                [
                    row.village.parent.name if row.village.parent else "",
                    row.village.name,
                    row.village.code,
                    *[getattr(s, key) for key, _label in TEAM_COLUMNS],
                    str(_("Yes")) if s.concurrent_secretary_director else str(_("No")),
                ],
            )
        )
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="teams-{unit.code}.xlsx"'
    return response
