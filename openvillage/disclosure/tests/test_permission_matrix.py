"""Every write, by every member of the cast, on an item of village A1 (town A).

Clerk-side writes (DISCLOSURE): the village's clerk vic and secretary sam, and the county
administrator alice. Review (DISCLOSURE_REVIEW): the town officer tom and alice. Nobody else.
"""

import pytest

from openvillage.core.errors import NotAllowed
from openvillage.disclosure import services
from openvillage.disclosure.models import State
from openvillage.disclosure.tests.conftest import content, png_bytes, publish

CAST = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]
CLERK_SIDE = {"vic", "sam", "alice"}
REVIEWERS = {"tom", "alice"}


def _item(cast, village, state):
    item = services.item_create(actor=cast["vic"], village=village, content=content())
    if state in (State.SUBMITTED, State.APPROVED):
        services.item_submit(actor=cast["vic"], item=item)
    if state == State.APPROVED:
        services.item_approve(actor=cast["tom"], item=item)
    if state == State.PUBLISHED:
        publish(item, cast["vic"], cast["tom"])
    item.refresh_from_db()
    return item


def _create(a, i, v):
    return services.item_create(actor=a, village=v, content=content())


def _update(a, i, v):
    return services.item_update(actor=a, item=i, content=content())


def _attach(a, i, v):
    return services.item_attach(
        actor=a, item=i, name="a.png", content=png_bytes(), no_card_confirmed=True
    )


def _amend(a, i, v):
    return services.item_amend(actor=a, item=i, reason="r", content=content())


ACTIONS = {
    "create": (None, CLERK_SIDE, _create),
    "update": (State.DRAFT, CLERK_SIDE, _update),
    "attach": (State.DRAFT, CLERK_SIDE, _attach),
    "submit": (State.DRAFT, CLERK_SIDE, lambda a, i, v: services.item_submit(actor=a, item=i)),
    "approve": (State.SUBMITTED, REVIEWERS, lambda a, i, v: services.item_approve(actor=a, item=i)),
    "return": (
        State.SUBMITTED,
        REVIEWERS,
        lambda a, i, v: services.item_return(actor=a, item=i, reason="r"),
    ),
    "publish": (State.APPROVED, CLERK_SIDE, lambda a, i, v: services.item_publish(actor=a, item=i)),
    "amend": (State.PUBLISHED, CLERK_SIDE, _amend),
    "withdraw": (
        State.PUBLISHED,
        CLERK_SIDE,
        lambda a, i, v: services.item_withdraw(actor=a, item=i, reason="r"),
    ),
}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_write_is_allowed_only_for_the_right_role_and_scope(cast, village_a1, action, who):
    state, allowed, call = ACTIONS[action]
    item = _item(cast, village_a1, state) if state else None
    if who in allowed:
        call(cast[who], item, village_a1)
    else:
        with pytest.raises(NotAllowed):
            call(cast[who], item, village_a1)
        if item is not None:
            before = item.state
            item.refresh_from_db()
            assert item.state == before


def test_tom_cannot_approve_an_item_of_a_town_b_village(cast, village_b1):
    item = services.item_create(actor=cast["bill"], village=village_b1, content=content())
    services.item_submit(actor=cast["bill"], item=item)
    with pytest.raises(NotAllowed):
        services.item_approve(actor=cast["tom"], item=item)
    assert services.item_approve(actor=cast["tina"], item=item).state == State.APPROVED


def test_vic_cannot_publish_for_village_a2(cast, village_a2):
    item = services.item_create(actor=cast["vera"], village=village_a2, content=content())
    services.item_submit(actor=cast["vera"], item=item)
    services.item_approve(actor=cast["tom"], item=item)
    with pytest.raises(NotAllowed):
        services.item_publish(actor=cast["vic"], item=item)


def test_a_clerk_cannot_approve_even_in_the_own_village(cast, village_a1):
    item = _item(cast, village_a1, State.SUBMITTED)
    with pytest.raises(NotAllowed):
        services.item_approve(actor=cast["vic"], item=item)


@pytest.mark.parametrize("who", ["tom", "vic", "cora"])
def test_only_the_county_administrator_loads_a_catalogue(cast, who):
    from openvillage.disclosure.rules.catalogue import DEFAULT_CATALOGUE_PATH

    with pytest.raises(NotAllowed):
        services.catalogue_load(actor=cast[who], yaml_text=DEFAULT_CATALOGUE_PATH.read_text())
