"""Bad input: another village, rate limits, images, moderation keeps the original."""

import pytest

from openvillage.core.audit import AuditEntry
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.feedback import services
from openvillage.feedback.models import Message
from openvillage.feedback.tests.conftest import png_bytes, post


def test_a_message_to_another_village_is_refused(wu, village_a1):
    with pytest.raises(NotAllowed) as error:
        post(wu, village=village_a1)
    assert "Village A2" in str(error.value)
    assert not Message.objects.exists()


def test_messages_are_rate_limited_anonymous_reports_too(settings, zhang):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 2
    post(zhang, kind="report", anonymous=True, text="有人贿选")
    post(zhang, kind="report", anonymous=True, text="有人贿选2")
    with pytest.raises(services.TooManyMessages):
        post(zhang, kind="report", anonymous=True, text="有人贿选3")


def test_only_reports_may_be_anonymous(zhang):
    with pytest.raises(InvalidInput):
        post(zhang, anonymous=True)


def test_an_anonymous_report_is_anonymous_to_the_public_not_to_the_audit_log(
    client, cast, zhang, village_a1
):
    message = post(zhang, kind="report", anonymous=True, text="村里有人拉票")
    services.message_reply(actor=cast["tom"], message=message, text="已调查")
    page = client.get(f"/v/{village_a1.code}/messages/").content.decode()
    assert "张*" not in page and "拉票" in page
    entry = AuditEntry.objects.get(action="feedback.message.post")
    assert entry.changes["villager"][1] == zhang.pk


def test_a_picture_is_checked_and_re_encoded(zhang):
    message = post(zhang, images=[("photo.png", png_bytes())])
    assert message.images.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"not an image at all"),
        ("photo.jpg", png_bytes()),  # named like a JPEG, content is PNG
        ("notes.pdf", b"%PDF-1.4 fake"),
    ],
)
def test_a_fake_image_is_refused(zhang, name, content):
    with pytest.raises(InvalidInput) as error:
        post(zhang, images=[(name, content)])
    assert error.value.field == "images"
    assert not Message.objects.exists()


def test_an_oversized_image_is_refused(settings, zhang):
    settings.FEEDBACK_IMAGE_MAX_BYTES = 10_000
    with pytest.raises(InvalidInput) as error:
        post(zhang, images=[("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20_000)])
    assert "too large" in str(error.value)


def test_the_form_keeps_the_text_when_refused(client, settings, zhang, village_a1):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 1
    post(zhang)
    session = client.session
    session["villager_id"] = zhang.pk
    session.save()
    response = client.post(
        f"/v/{village_a1.code}/messages/new/", {"kind": "question", "text": "我的第二条留言"}
    )
    assert response.status_code == 429
    assert "我的第二条留言" in response.content.decode()


def test_moderation_hides_from_the_public_and_keeps_the_original(client, cast, zhang, village_a1):
    message = post(zhang, text="骂人的话：某某是个混蛋")
    services.message_reply(actor=cast["vic"], message=message, text="请文明留言")
    services.message_hide(actor=cast["vic"], message=message, reason="辱骂")
    page = client.get(f"/v/{village_a1.code}/messages/").content.decode()
    assert "混蛋" not in page and "辱骂" in page
    message.refresh_from_db()
    assert message.text == "骂人的话：某某是个混蛋"
    assert AuditEntry.objects.filter(action="feedback.message.hide", note="辱骂").exists()
