"""Public pages: the county's villages and each village's page. No private data, no login."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from openvillage.core.clock import local_today
from openvillage.org import selectors
from openvillage.org.models import Level, Unit


@require_safe
def home(request):
    county = Unit.objects.filter(level=Level.COUNTY).order_by("code").first()
    towns = selectors.county_towns_with_villages()
    return render(request, "web/public/county.html", {"county": county, "towns": towns})


@require_safe
def village_home(request, village_code: str):
    village = selectors.public_village(village_code)
    team = selectors.village_team(village, local_today())
    return render(request, "web/public/village.html", {"village": village, "team": team})
