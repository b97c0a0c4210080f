"""The county opens its general election from the console: choose the profile and election day,
see the timetable it gives, then confirm (issue 12, item 4).

The form is sent twice: "preview" shows the timetable without storing anything, "confirm" opens
the election through ``services.election_open`` and goes to the progress board.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openvillage.core.errors import DomainError
from openvillage.elections import selectors, services
from openvillage.elections.models import Profile
from openvillage.elections.opening import parse_open_form
from openvillage.elections.views import _error_text, _staff

OPEN_FIELD_LABELS = {
    "county": gettext_lazy("County"),
    "name": gettext_lazy("Name of the election"),
    "profile": gettext_lazy("Rule set"),
    "election_day": gettext_lazy("Election day"),
}


def _field_error(err: DomainError) -> str:
    label = OPEN_FIELD_LABELS.get(err.field or "")
    if label is None:
        return _error_text(err)
    return _("%(field)s: %(message)s") % {"field": label, "message": err.translated()}


@_staff
def election_open(request):
    """GET: the form; POST preview: the timetable; POST confirm: open and go to the board."""
    counties = selectors.counties_openable(request.user)
    if not counties:
        messages.error(request, _("Only the county's election office may open a general election."))
        return redirect("elections-list")
    context = {
        "counties": counties,
        "profiles": Profile.choices,
        "form": {"profile": Profile.NATIONAL, "name": "", "election_day": ""},
    }
    if request.method == "POST":
        context["form"] = request.POST
        try:
            fields = parse_open_form(request.POST, counties)
            if request.POST.get("step") == "confirm":
                general = services.election_open(actor=request.user, **fields)
                messages.success(
                    request,
                    _("The general election is open: every town and village sees its tasks."),
                )
                return redirect("elections-board", pk=general.pk)
            context["fields"] = fields
            context["preview"] = selectors.timetable_preview(
                fields["profile"], fields["election_day"]
            )
            context["villages"] = selectors.villages_of(fields["county"])
        except DomainError as err:
            messages.error(request, _field_error(err))
    return render(request, "elections/open.html", context)
