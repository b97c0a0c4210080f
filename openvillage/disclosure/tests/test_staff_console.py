from openvillage.disclosure.models import Item, State
from openvillage.disclosure.tests.conftest import line_rows


def test_a_clerk_writes_a_finance_draft_with_lines_and_people_and_submits_it(
    client, cast, village_a1
):
    client.force_login(cast["vic"])
    assert client.get("/staff/disclosure/new/").status_code == 200
    response = client.post(
        "/staff/disclosure/new/",
        {
            "village": village_a1.pk,
            "matter": "monthly_finance",
            "period_start": "2025-12-01",
            "period_end": "2025-12-31",
            "title": "十二月财务",
            "body": "<p>明细</p>",
            **line_rows(
                ("income", "501", "租金", "1000"), ("expenditure", "541", "办公费", "300.50")
            ),
            "people": "张三,一组,13812345678,,100,",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    item = Item.objects.get()
    assert item.statement["expenditure_total_fen"] == 30050
    assert item.people[0]["amount_fen"] == 10000
    assert client.get(f"/staff/disclosure/{item.pk}/").status_code == 200
    client.post(f"/staff/disclosure/{item.pk}/submit/")
    item.refresh_from_db()
    assert item.state == State.SUBMITTED


def test_the_form_names_the_line_that_breaks_the_sum(client, cast, village_a1):
    client.force_login(cast["vic"])
    response = client.post(
        "/staff/disclosure/new/",
        {
            "village": village_a1.pk,
            "matter": "monthly_finance",
            "period_start": "2025-12-01",
            "period_end": "2025-12-31",
            "title": "十二月财务",
            **line_rows(("income", "501", "租金", "1000"), ("income", "50101", "门面", "900")),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Line 1 (501 租金)" in response.content.decode()
    assert not Item.objects.exists()


def test_the_town_reviews_from_its_queue_and_returns_with_a_reason(client, cast, draft):
    from openvillage.disclosure import services

    services.item_submit(actor=cast["vic"], item=draft)
    client.force_login(cast["tom"])
    assert draft.title in client.get("/staff/disclosure/review/").content.decode()
    client.post(f"/staff/disclosure/{draft.pk}/return/", {"reason": "请补充凭证"})
    draft.refresh_from_db()
    assert draft.state == State.RETURNED and draft.return_reason == "请补充凭证"


def test_a_clerk_pressing_approve_gets_403(client, cast, draft):
    from openvillage.disclosure import services

    services.item_submit(actor=cast["vic"], item=draft)
    client.force_login(cast["vic"])
    assert client.post(f"/staff/disclosure/{draft.pk}/approve/").status_code == 403


def test_publishing_twice_is_a_409_page(client, cast, published):
    client.force_login(cast["vic"])
    assert client.post(f"/staff/disclosure/{published.pk}/publish/").status_code == 409


def test_another_village_s_item_is_out_of_reach(client, cast, draft):
    client.force_login(cast["vera"])
    assert client.get(f"/staff/disclosure/{draft.pk}/").status_code == 403
