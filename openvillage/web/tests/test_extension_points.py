"""A new app shows itself through core.extensions alone: a probe registers a village page
section, a staff menu entry, attention lines, page extras, URLs and an API router, and the
shell shows them without being edited."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.urls import clear_url_caches, path
from ninja import NinjaAPI, Router

from openvillage.core import extensions as ext
from openvillage.core.roles import Role
from openvillage.org.models import Person


def probe_section(request, village, stamp):
    label = f"探针 {village.name} {stamp['probe_people']}"
    return {"box": "card", "links": [("/probe/", label, "")]}


def probe_stamp():
    people = Person.objects.filter(village=OuterRef("pk")).order_by().values("village")
    return {"probe_people": Subquery(people.annotate(n=Count("id")).values("n")[:1])}


@pytest.fixture
def section():
    entry = ext.VillageSection("probe", "core/_links.html", probe_section, probe_stamp, order=15)
    with ext.village_sections.temporarily(entry):
        yield entry


def add_person(village, name):
    Person.objects.create(village=village, name=name, gender="male", birth_date=date(1980, 1, 1))


def test_a_registered_section_shows_on_the_village_page_in_its_order(client, village_a1, section):
    add_person(village_a1, "甲")
    body = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"探针 {village_a1.name} 1" in body
    team, probe = body.index("The two committees"), body.index("探针")
    assert team < probe < body.index("General election of the two committees")


def test_a_sections_stamp_is_part_of_the_page_validator(client, village_a1, section):
    add_person(village_a1, "甲")
    url = f"/v/{village_a1.code}/"
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    add_person(village_a1, "乙")  # changes nothing but the probe's stamp
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert f"探针 {village_a1.name} 2" in second.content.decode()


def test_the_village_page_with_a_section_still_costs_one_query_when_cached(
    client, village_a1, section, django_assert_num_queries
):
    client.get(f"/v/{village_a1.code}/")
    with django_assert_num_queries(1):
        client.get(f"/v/{village_a1.code}/")


def test_a_section_that_reuses_another_sections_stamp_key_is_refused(client, village_a1):
    from django.core.exceptions import ImproperlyConfigured
    from django.db.models import F

    clash = ext.VillageSection(
        "clash", "core/_links.html", probe_section, lambda: {"team_version": F("id")}
    )
    with (
        ext.village_sections.temporarily(clash),
        pytest.raises(ImproperlyConfigured, match="clash"),
    ):
        client.get(f"/v/{village_a1.code}/")


def test_a_menu_entry_shows_only_to_its_roles(client, cast):
    entry = ext.MenuEntry("probe", "探针菜单", "staff-calendar", frozenset({Role.VILLAGE_CLERK}))
    with ext.menu_entries.temporarily(entry):
        client.force_login(cast["vic"])
        assert "探针菜单" in client.get("/staff/").content.decode()
        client.force_login(cast["alice"])
        assert "探针菜单" not in client.get("/staff/").content.decode()


def test_attention_lines_with_work_link_to_it_and_empty_ones_are_hidden(client, cast):
    def lines(user, today):
        return [
            ext.Attention(3, "/staff/calendar/?probe=late", "三件探针逾期", "逾期", "warn"),
            ext.Attention(0, "/staff/calendar/?probe=none", "没有探针", ""),
        ]

    source = ext.AttentionSource("probe", items=lines, title="探针", order=1)
    with ext.attention_sources.temporarily(source):
        client.force_login(cast["vic"])
        body = client.get("/staff/").content.decode()
    assert '<a href="/staff/calendar/?probe=late">三件探针逾期</a>' in body
    assert "没有探针" not in body


def test_an_attention_source_for_county_roles_is_not_shown_to_a_clerk(client, cast):
    def lines(user, today):
        return [ext.Attention(1, "/staff/", "县级探针", "")]

    source = ext.AttentionSource("probe", roles=frozenset({Role.COUNTY_ADMIN}), items=lines)
    with ext.attention_sources.temporarily(source):
        client.force_login(cast["vic"])
        assert "县级探针" not in client.get("/staff/").content.decode()
        client.force_login(cast["alice"])
        assert "县级探针" in client.get("/staff/").content.decode()


def test_a_page_extra_shows_on_the_host_page_without_the_host_naming_it(client, village_a1):
    extra = ext.PageExtra(
        "probe",
        slot="disclosure.module.top",
        template="core/_links.html",
        context=lambda ctx: {"links": [("/probe/", f"探针 {ctx['module']}", "")]},
    )
    with ext.page_extras.temporarily(extra):
        body = client.get(f"/v/{village_a1.code}/party/").content.decode()
    assert "探针 party" in body


def probe_view(request, n: int = 0):
    return HttpResponse(f"probe {n}")


@pytest.fixture
def probe_urls():
    public = ext.UrlInclude("probe", [path("probe/<int:n>/", probe_view, name="probe")])
    staff = ext.UrlInclude("probe", [path("<int:n>/", probe_view, name="staff-probe")], "probe/")
    with ext.public_urls.temporarily(public), ext.staff_urls.temporarily(staff):
        _reload_urls()
        yield
    _reload_urls()


def _reload_urls():
    from openvillage import urls
    from openvillage.web import public_urls, staff_urls

    for module in (public_urls, staff_urls, urls):
        importlib.reload(module)
    clear_url_caches()


def test_registered_url_includes_are_mounted_at_the_root_and_under_staff(client, probe_urls, db):
    from django.urls import reverse

    assert reverse("probe", args=[4]) == "/probe/4/"
    assert reverse("staff-probe", args=[5]) == "/staff/probe/5/"
    assert client.get("/probe/4/").content == b"probe 4"
    assert client.get("/staff/probe/5/").content == b"probe 5"


def test_a_registered_api_router_is_mounted_with_its_prefix(monkeypatch):
    from openvillage.api import register_routers

    router = Router()

    @router.get("/ping", operation_id="probe_ping")
    def ping(request):
        return {"ok": True}

    only_probe: ext.Registry[ext.ApiRouter] = ext.Registry("API router")
    only_probe.register(ext.ApiRouter("probe", router, "/probe"))
    monkeypatch.setattr(ext, "api_routers", only_probe)
    target = NinjaAPI(urls_namespace="probe-api")
    register_routers(target)
    routes = [str(p.pattern) for p in target.urls[0]]
    assert "probe/ping" in routes
