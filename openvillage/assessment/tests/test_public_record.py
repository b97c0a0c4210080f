"""Final ratings go to the public record through the platform (core.writes.publish), as a
published disclosure does: an organization's rating in full, members counted, never named."""

import hashlib
import json
from datetime import date

from openvillage.assessment import services
from openvillage.assessment.models import Rating
from openvillage.ledger.models import Entry
from openvillage.ledger.offline import canonical_json


def _cycle(cast, town_a, scheme_code):
    return services.cycle_open(
        actor=cast["tom"], unit=town_a, name="2026 年度星级评定", scheme_code=scheme_code,
        starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip


def _final(cast, cycle):
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    services.cycle_publish(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 5))
    return services.cycle_finalize(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 11))


def test_final_organization_ratings_are_appended_to_the_public_record(
    cast, town_a, branches, village_a1, village_a2
):
    cycle = _cycle(cast, town_a, "organization_five_star")
    services.entry_add(
        actor=cast["tom"], cycle=cycle, organization=branches[village_a1.code],
        item_code="innovation_project", count=1, reason="创新项目", evidence="验收书",
    )  # fmt: skip
    assert not Entry.objects.filter(kind="assessment_ratings").exists()
    _final(cast, cycle)
    entry = Entry.objects.get(kind="assessment_ratings")
    assert (entry.object_type, entry.object_id, entry.version) == (
        "assessment.cycle",
        str(cycle.pk),
        1,
    )
    assert entry.unit_path == town_a.path
    cycle.refresh_from_db()
    assert cycle.ledger_entry_id == entry.index
    content = cycle.public_record
    digest = hashlib.sha256(canonical_json(content).encode()).hexdigest()
    assert json.loads(entry.record)["content_sha256"] == digest
    assert content["final_on"] == "2027-01-11"
    assert content["publicity"] == ["2027-01-05", "2027-01-10"]
    rows = [(r["village"], r["score"], r["stars"], r["rank"]) for r in content["ratings"]]
    assert rows == [(village_a1.code, 105, 5, 1), (village_a2.code, 100, 4, 2)]
    assert content["ratings"][0]["organization"] == "甲一村 党支部"
    assert content["ratings"][0]["items"]["innovation_project"] == 5


def test_party_members_are_counted_in_the_public_record_never_named(
    cast, town_a, members, village_a1
):
    cycle = _final(cast, _cycle(cast, town_a, "member_points"))
    assert Entry.objects.get(kind="assessment_ratings", object_id=str(cycle.pk)).version == 1
    content = cycle.public_record
    assert "ratings" not in content
    stars = Rating.objects.filter(cycle=cycle).values_list("stars", flat=True).first()
    assert content["members_per_stars"] == [
        {"village": village_a1.code, "stars": stars, "members": 3}
    ]
    assert not any(m.name in canonical_json(content) for m in members)


def test_the_public_pages_show_the_record_the_ledger_hashed(
    client, cast, town_a, branches, village_a1, village_a2
):
    cycle = _cycle(cast, town_a, "organization_five_star")
    services.entry_add(
        actor=cast["tom"], cycle=cycle, organization=branches[village_a1.code],
        item_code="innovation_project", count=1, reason="创新项目", evidence="验收书",
    )  # fmt: skip
    cycle = _final(cast, cycle)
    home = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = home.content.decode()
    assert "村党组织星级评定" in text and "5 星，105 分，第 1 名" in text
    page = client.get(f"/v/{village_a1.code}/ratings/{cycle.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    body = page.content.decode()
    assert "甲二村 党支部" in body and "创新项目 5" in body
    record = client.get(f"/v/{village_a1.code}/ratings/{cycle.pk}/record.json")
    entry = Entry.objects.get(kind="assessment_ratings")
    assert json.loads(entry.record)["content_sha256"] == hashlib.sha256(record.content).hexdigest()
    assert f"/ledger/entry/{entry.index}/" in body


def test_a_cycle_not_final_or_of_another_village_is_not_public(
    client, cast, town_a, branches, village_a1, village_b1
):
    cycle = _cycle(cast, town_a, "organization_five_star")
    services.cycle_score(actor=cast["tom"], cycle=cycle)
    assert client.get(f"/v/{village_a1.code}/ratings/{cycle.pk}/").status_code == 404
    services.cycle_publish(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 5))
    services.cycle_finalize(actor=cast["tom"], cycle=cycle, today=date(2027, 1, 11))
    assert client.get(f"/v/{village_a1.code}/ratings/{cycle.pk}/").status_code == 200
    assert client.get(f"/v/{village_b1.code}/ratings/{cycle.pk}/").status_code == 404


def test_a_demotion_appends_a_new_version_of_the_record_and_shows_publicly(
    client, cast, town_a, branches, village_a1
):
    cycle = _cycle(cast, town_a, "organization_five_star")
    services.entry_add(
        actor=cast["tom"], cycle=cycle, organization=branches[village_a1.code],
        item_code="innovation_project", count=1, reason="创新项目", evidence="验收书",
    )  # fmt: skip
    cycle = _final(cast, cycle)
    first = client.get(f"/v/{village_a1.code}/")
    rating = Rating.objects.get(cycle=cycle, organization=branches[village_a1.code])
    services.rating_demote(
        actor=cast["tom"], rating=rating, stars=4, reason="班子不健全", today=date(2027, 3, 1)
    )
    versions = list(
        Entry.objects.filter(kind="assessment_ratings").values_list("version", flat=True)
    )
    assert versions == [1, 2]  # the first stays in the public record
    cycle.refresh_from_db()
    assert cycle.public_record["demotions"] == [
        {"village": village_a1.code, "stars": 4, "on": "2027-03-01"}
    ]
    assert cycle.public_record["ratings"][0]["stars"] == 4
    home = client.get(f"/v/{village_a1.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert home["ETag"] != first["ETag"]  # the village page's validator moved
    assert "4 星，105 分，第 1 名" in home.content.decode()
    page = client.get(f"/v/{village_a1.code}/ratings/{cycle.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "2027-03-01 · 甲一村：降为 4 星" in page.content.decode()
