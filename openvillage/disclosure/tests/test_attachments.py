import hashlib
import io

import pytest
from django.test import override_settings
from PIL import Image

from openvillage.core.errors import InvalidInput
from openvillage.disclosure import services
from openvillage.disclosure.models import Attachment
from openvillage.disclosure.tests.conftest import jpeg_bytes, pdf_bytes, png_bytes, publish


def test_a_png_is_stored_re_encoded_without_its_metadata(cast, draft):
    original = png_bytes(exif=True)
    assert b"SecretCamera" in original
    attachment = services.item_attach(
        actor=cast["vic"], item=draft, name="收据.png", content=original, no_card_confirmed=True
    )
    stored = attachment.file.read()
    assert b"SecretCamera" not in stored
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()
    assert attachment.content_type == "image/png"
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (8, 8) and not image.getexif()


def test_a_jpeg_loses_its_exif(cast, draft):
    attachment = services.item_attach(
        actor=cast["vic"],
        item=draft,
        name="photo.JPG",
        content=jpeg_bytes(exif=True),
        no_card_confirmed=True,
    )
    assert b"SecretCamera" not in attachment.file.read()


def test_a_pdf_is_kept_as_given_with_its_hash(cast, draft):
    data = pdf_bytes("hello")
    attachment = services.item_attach(actor=cast["vic"], item=draft, name="a.pdf", content=data)
    assert attachment.file.read() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan.pdf", png_bytes()),  # a PNG named as a PDF
        ("photo.png", jpeg_bytes()),  # a JPEG named as a PNG
        ("notes.pdf", b"just some text"),  # not a known kind at all
        ("report.exe", pdf_bytes("x")),  # a PDF with another name
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(cast, draft, name, data):
    with pytest.raises(InvalidInput) as err:
        services.item_attach(actor=cast["vic"], item=draft, name=name, content=data)
    assert err.value.field == "attachment"
    assert name in err.value.translated()
    assert not Attachment.objects.exists()


@override_settings(DISCLOSURE_ATTACHMENT_MAX_BYTES=1000)
def test_a_file_over_the_limit_is_refused(cast, draft):
    with pytest.raises(InvalidInput) as err:
        services.item_attach(
            actor=cast["vic"], item=draft, name="big.pdf", content=pdf_bytes("x" * 2000)
        )
    assert err.value.field == "attachment" and "the limit is 1 KB" in err.value.translated()
    assert not Attachment.objects.exists()


def test_a_published_attachment_is_served_and_a_draft_one_is_not(cast, draft, client):
    attachment = services.item_attach(
        actor=cast["vic"], item=draft, name="a.png", content=png_bytes(), no_card_confirmed=True
    )
    assert client.get(f"/d/{draft.pk}/files/{attachment.pk}/").status_code == 404
    version = publish(draft, cast["vic"], cast["tom"])
    assert version.attachments[0]["sha256"] == attachment.sha256
    response = client.get(f"/d/{draft.pk}/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()
