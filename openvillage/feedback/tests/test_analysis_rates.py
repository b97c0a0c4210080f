"""The analysis page's overdue rate is rounded half up at one decimal (core.rates), not floored."""

from openvillage.feedback.analysis import Row


def row(volume, overdue):
    return Row(
        unit=None, volume=volume, answered=0, overdue=overdue, reply_days_mean=None,
        satisfaction_tenths=None,
    )  # fmt: skip


def test_one_of_three_overdue_reads_33_3_and_two_of_three_66_7():
    assert row(3, 1).overdue_rate == "33.3" and row(3, 2).overdue_rate == "66.7"


def test_no_messages_is_no_rate():
    assert row(0, 0).overdue_rate is None
