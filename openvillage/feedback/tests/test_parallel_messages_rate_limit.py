"""Ten messages sent by one villager at the same moment pass a limit of three only three times:
the limit is checked inside the transaction that writes, with the villager's row locked."""

import pytest

from openvillage.core.tests.parallel import on_postgresql, run_in_parallel
from openvillage.feedback import services
from openvillage.feedback.models import Message
from openvillage.feedback.tests.conftest import post


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_messages_pass_a_limit_of_three_three_times(settings, zhang):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 3
    results = run_in_parallel(10, lambda i: post(zhang, text=f"请问第{i}笔账目为什么没有公开？"))
    assert Message.objects.filter(villager=zhang).count() == 3
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 7
    assert all(isinstance(r, services.TooManyMessages) for r in refused), refused
