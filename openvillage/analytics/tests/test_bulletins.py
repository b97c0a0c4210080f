"""Bulletins: generated in Chinese from the figures, reviewed by another person, published."""

from __future__ import annotations

from datetime import date

import pytest

from openvillage.analytics import bulletins, fill
from openvillage.analytics.models import Bulletin
from openvillage.core.errors import InvalidInput, NotAllowed


def test_a_town_bulletin_is_generated_reviewed_by_another_and_published(client, cast, town_a):
    fill.fill_all()
    client.force_login(cast["tom"])
    answer = client.post(
        "/staff/dashboard/990100001000/bulletins/", {"kind": "monthly", "month": "2026-11"}
    )
    bulletin = Bulletin.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/bulletins/{bulletin.pk}/")
    assert bulletin.state == Bulletin.State.DRAFT
    assert bulletin.period_start == date(2026, 11, 1) and bulletin.period_end == date(2026, 11, 30)
    text = str(bulletin.content)
    assert "月点评" in text and "排名" in text and "Village A1" in text
    with pytest.raises(InvalidInput):  # four eyes: not who generated it
        bulletins.act(actor=cast["tom"], bulletin=bulletin, action="review")
    # A reader who may not write bulletins (the county supervisor) does not see a draft.
    client.force_login(cast["cora"])
    assert client.get(f"/staff/bulletins/{bulletin.pk}/").status_code == 404
    client.force_login(cast["vic"])  # a village reads nothing of its town's
    assert client.get(f"/staff/bulletins/{bulletin.pk}/").status_code == 403
    client.force_login(cast["alice"])
    assert client.post(f"/staff/bulletins/{bulletin.pk}/review/").status_code == 302
    assert client.post(f"/staff/bulletins/{bulletin.pk}/publish/").status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.state == Bulletin.State.PUBLISHED and bulletin.reviewed_by == cast["alice"]
    with pytest.raises(InvalidInput):  # published: generated again never
        bulletins.generate(actor=cast["tom"], unit=town_a, kind="monthly", day=date(2026, 11, 5))
    client.force_login(cast["cora"])
    page = client.get(f"/staff/bulletins/{bulletin.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "月点评" in page.content.decode()
    pdf = client.get(f"/staff/bulletins/{bulletin.pk}/bulletin.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_quarterly_observation_covers_the_quarter_and_villages_issue_none(
    cast, town_a, village_a1
):
    made = bulletins.generate(
        actor=cast["alice"], unit=town_a, kind="quarterly", day=date(2026, 8, 9)
    )
    assert (made.period_start, made.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    again = bulletins.generate(
        actor=cast["alice"], unit=town_a, kind="quarterly", day=date(2026, 9, 1)
    )
    assert again.pk == made.pk  # a draft is generated again, not duplicated
    with pytest.raises(InvalidInput):
        bulletins.generate(
            actor=cast["alice"], unit=village_a1, kind="monthly", day=date(2026, 8, 1)
        )
    with pytest.raises(NotAllowed):
        bulletins.generate(actor=cast["tina"], unit=town_a, kind="monthly", day=date(2026, 8, 1))
