"""Issue 11 §2: the X1 check reads a PDF's text as a PDF reader does, and pictures are confirmed.

Every way a real producer writes text (a Flate-compressed stream, a hex string, a TJ array with
kerning, a number drawn by two Tj operators, a file from fpdf2) carries a valid ID number, and
each is refused at submission, naming the file. A picture, or a PDF without text, is added only
when the clerk confirms that it shows no ID card or bank card; the town's review shows it.
"""

from __future__ import annotations

import pytest
from fpdf import FPDF

from openvillage.conftest import VALID_IDS
from openvillage.core.errors import InvalidInput
from openvillage.core.models import AuditEntry
from openvillage.disclosure import services
from openvillage.disclosure.models import State
from openvillage.disclosure.tests.conftest import pdf_with, png_bytes

ID = VALID_IDS[0]


def fpdf2_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


HIDDEN = {
    "flate": pdf_with(f"BT /F1 12 Tf 72 720 Td (ID {ID}) Tj ET".encode(), compress=True),
    "hex": pdf_with(b"BT /F1 12 Tf 72 720 Td <%s> Tj ET" % ID.encode().hex().encode()),
    "tj_array": pdf_with(
        b"BT /F1 12 Tf 72 720 Td [(%s) -30 (%s) 20 (%s)] TJ ET"
        % (ID[:6].encode(), ID[6:14].encode(), ID[14:].encode())
    ),
    "two_tj": pdf_with(
        b"BT /F1 12 Tf 72 720 Td (%s) Tj (%s) Tj ET" % (ID[:9].encode(), ID[9:].encode()),
        compress=True,
    ),
    "fpdf2": fpdf2_bytes(f"ID {ID}"),
}


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_a_pdf_carrying_an_id_number_is_refused_at_submission(cast, draft, kind):
    services.item_attach(actor=cast["vic"], item=draft, name=f"{kind}.pdf", content=HIDDEN[kind])
    with pytest.raises(InvalidInput) as err:
        services.item_submit(actor=cast["vic"], item=draft)
    assert err.value.field == f"attachment {kind}.pdf"
    assert ID not in err.value.translated()
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_a_pdf_with_other_numbers_goes_through(cast, draft):
    services.item_attach(
        actor=cast["vic"], item=draft, name="ok.pdf", content=fpdf2_bytes("Total 12345.00")
    )
    assert services.item_submit(actor=cast["vic"], item=draft).state == State.SUBMITTED


def test_a_picture_needs_the_clerks_confirmation_that_it_shows_no_card(cast, draft):
    with pytest.raises(InvalidInput) as err:
        services.item_attach(actor=cast["vic"], item=draft, name="收据.png", content=png_bytes())
    assert err.value.field == "no_card_confirmed"
    assert not draft.attachments.exists()
    services.item_attach(
        actor=cast["vic"], item=draft, name="收据.png", content=png_bytes(), no_card_confirmed=True
    )
    note = AuditEntry.objects.get(action="disclosure.item.attach").note
    assert "no ID card" in note


def test_a_pdf_without_text_is_treated_as_a_picture(cast, draft):
    scan = pdf_with(b"0 0 m 10 10 l S")  # a drawing, no text: what a scanner produces
    with pytest.raises(InvalidInput) as err:
        services.item_attach(actor=cast["vic"], item=draft, name="scan.pdf", content=scan)
    assert err.value.field == "no_card_confirmed"


def test_the_edit_form_has_the_confirmation_checkbox(client, cast, draft):
    client.force_login(cast["vic"])
    page = client.get(f"/staff/disclosure/{draft.pk}/edit/").content.decode()
    assert 'name="no_card_confirmed"' in page


def test_the_towns_review_page_shows_the_pictures(client, cast, draft):
    attachment = services.item_attach(
        actor=cast["vic"], item=draft, name="收据.png", content=png_bytes(), no_card_confirmed=True
    )
    services.item_submit(actor=cast["vic"], item=draft)
    client.force_login(cast["tom"])
    page = client.get(f"/staff/disclosure/{draft.pk}/").content.decode()
    src = f"/staff/disclosure/{draft.pk}/files/{attachment.pk}/"
    assert f'<img src="{src}"' in page
    image = client.get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    client.force_login(cast["tina"])  # the other town
    assert client.get(src).status_code in (403, 404)
