"""R4's photos and documents: checked like disclosure attachments when submitted (type from the
bytes, images re-encoded, all or nothing) and shown only to staff whose scope covers the village."""

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.supervision import services
from openvillage.supervision.models import Evidence, State
from openvillage.supervision.tests.conftest import png_photo

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"}


@pytest.fixture
def with_photo(cast, ordered):
    return services.problem_submit(
        actor=cast["vic"],
        problem=ordered,
        rectification="已更新",
        files=[("公开栏.png", png_photo())],
    )


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_and_nothing_is_stored(cast, ordered):
    with pytest.raises(InvalidInput, match="not a PDF, JPEG or PNG"):
        services.problem_submit(
            actor=cast["vic"], problem=ordered, rectification="已更新",
            files=[("公开栏.png", png_photo()), ("macro.png", b"MZ\x90\x00 not an image")],
        )  # fmt: skip
    ordered.refresh_from_db()
    assert ordered.state == State.ORDERED and not Evidence.objects.exists()


def test_a_file_named_like_a_photo_but_holding_a_pdf_is_refused(cast, ordered):
    with pytest.raises(InvalidInput, match="named like another kind"):
        services.problem_submit(
            actor=cast["vic"], problem=ordered, rectification="x", files=[("a.png", b"%PDF-1.4")]
        )


def test_the_photo_shows_on_the_problem_page_and_is_served_to_the_checker(
    client, linked, with_photo
):
    evidence = with_photo.evidence.get()
    client.force_login(linked["cora"])
    page = client.get(f"/staff/supervision/{with_photo.pk}/", **ZH).content.decode()
    href = f"/staff/supervision/{with_photo.pk}/evidence/{evidence.pk}/"
    assert f'<img src="{href}" alt="照片 1"' in page
    assert "supervision/evidence/" not in page  # no storage path on the page
    response = client.get(href)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Security-Policy"] == "sandbox"


def test_another_towns_officer_cannot_fetch_the_photo(client, cast, with_photo):
    evidence = with_photo.evidence.get()
    client.force_login(cast["tina"])
    response = client.get(f"/staff/supervision/{with_photo.pk}/evidence/{evidence.pk}/")
    assert response.status_code in (403, 404)


def test_the_photo_of_another_problem_is_not_served_under_this_one(client, cast, with_photo):
    other = services.problem_raise(
        actor=cast["tom"], village=with_photo.village, title="另一个问题", severity="general"
    )
    evidence = with_photo.evidence.get()
    client.force_login(cast["tom"])
    assert client.get(f"/staff/supervision/{other.pk}/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/staff/supervision/{with_photo.pk}/evidence/{evidence.pk}/")
    assert response.status_code == 302  # to the sign-in page
