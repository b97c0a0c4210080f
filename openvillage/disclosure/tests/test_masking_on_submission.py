import pytest

from openvillage.conftest import VALID_IDS
from openvillage.core.crypto import unseal
from openvillage.core.errors import InvalidInput
from openvillage.disclosure import services
from openvillage.disclosure.models import State
from openvillage.disclosure.tests.conftest import content, pdf_bytes, publish

RECIPIENTS = (
    {"name": "张三", "group": "一组", "phone": "13812345678", "bank_account": "6222021234567890123",
     "amount_fen": 50000, "note": "低保"},
    {"name": "李四", "group": "二组", "phone": "13987654321", "bank_account": "",
     "amount_fen": 30000, "note": ""},
)  # fmt: skip


def welfare(**overrides):
    fields = {"matter": "subsidies_and_relief", "statement": None, "title": "低保名单公示",
              "people": RECIPIENTS}  # fmt: skip
    fields.update(overrides)
    return content(**fields)


def test_a_valid_id_number_in_the_body_is_masked_in_the_draft_and_the_draft_can_go(
    cast, village_a1
):
    item = services.item_create(
        actor=cast["vic"],
        village=village_a1,
        content=welfare(body=f"<p>申请人身份证号 {VALID_IDS[0]}</p>"),
    )
    assert VALID_IDS[0] not in item.body and "990101********0014" in item.body
    assert services.item_submit(actor=cast["vic"], item=item).state == State.SUBMITTED


def test_an_id_number_in_a_row_of_the_people_list_is_masked_in_the_draft(cast, village_a1):
    people = (RECIPIENTS[0], {**RECIPIENTS[1], "note": f"身份证 {VALID_IDS[1]}"})
    item = services.item_create(
        actor=cast["vic"], village=village_a1, content=welfare(people=people)
    )
    item.refresh_from_db()
    assert item.people[1]["note"] == "身份证 990101********0028"


def test_an_id_number_in_the_text_of_a_pdf_attachment_is_refused_naming_the_file(cast, village_a1):
    item = services.item_create(actor=cast["vic"], village=village_a1, content=welfare())
    services.item_attach(
        actor=cast["vic"], item=item, name="名单.pdf", content=pdf_bytes(f"ID {VALID_IDS[2]}")
    )
    with pytest.raises(InvalidInput) as err:
        services.item_submit(actor=cast["vic"], item=item)
    assert err.value.field == "attachment 名单.pdf"


def test_an_eighteen_digit_number_with_a_wrong_check_digit_is_not_taken_for_an_id(cast, village_a1):
    wrong = VALID_IDS[0][:-1] + ("5" if VALID_IDS[0][-1] != "5" else "6")
    item = services.item_create(
        actor=cast["vic"], village=village_a1, content=welfare(body=f"<p>编号 {wrong}</p>")
    )
    assert services.item_submit(actor=cast["vic"], item=item).state == State.SUBMITTED


def test_a_recipient_list_is_published_masked(cast, village_a1, client):
    item = services.item_create(actor=cast["vic"], village=village_a1, content=welfare())
    version = publish(item, cast["vic"], cast["tom"])
    first = version.people[0]
    # The 低保 list publishes name, group and amount only (issue 12 item 7).
    assert first["name"] == "张三" and set(first) == {"name", "group", "amount_fen"}
    body = client.get(f"/d/{item.pk}/").content.decode()
    assert "138****5678" not in body and "13812345678" not in body
    assert "6222021234567890123" not in body
    item.refresh_from_db()
    assert item.people[0]["phone"] == "138****5678"  # at rest, only the mask is readable
    assert unseal(item.people[0]["phone_sealed"]) == "13812345678"  # the original, for staff
    assert unseal(item.people[0]["bank_account_sealed"]) == "6222021234567890123"
