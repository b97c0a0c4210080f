"""The audit log names a decision case or step by its kind and number, never by its code
("#5 major_decision" and "5/proposal 2026-12-04" were recorded as the objects' labels)."""

import pytest
from django.utils import translation

from openvillage.core.audit_labels import object_text


@pytest.mark.parametrize(
    ("object_type", "label"),
    [
        ("decisions.case", "#5 major_decision"),
        ("decisions.steprecord", "5/proposal 2026-12-04"),
        ("decisions.stepreview", "5: returned"),
    ],
)
def test_a_numbered_code_reads_as_the_kind_of_object_and_its_number(object_type, label):
    with translation.override("zh-hans"):
        text = object_text(object_type, label)
    assert "5" in text and "_" not in text and "proposal" not in text
    assert not any(c.isascii() and c.isalpha() for c in text), text


def test_a_label_in_words_stays_as_recorded():
    assert object_text("org.unit", "泉柏村 990100001001") == "泉柏村 990100001001"


def test_the_supervision_committees_review_is_a_field_in_words():
    from openvillage.core.audit_labels import field_label

    with translation.override("zh-hans"):
        assert field_label("decisions.stepreview", "review") == "村务监督委员会审核"
