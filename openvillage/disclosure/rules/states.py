"""The workflow of a disclosure item (disclosure.md §4): draft, town review, publication.

A published item is amended as a new draft (its published version stays public until the
next one is published) and withdrawn with a reason, never edited or deleted.
"""

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable, moves_from

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"

#: States in which the clerk edits the working copy and its files.
EDITABLE = (DRAFT, RETURNED)

ITEM = TransitionTable(
    entity="disclosure.item",
    states=(DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED, WITHDRAWN),
    moves={
        # Editing keeps the state; the table says where it is allowed.
        **{(state, "update"): state for state in EDITABLE},
        **{(state, "attach"): state for state in EDITABLE},
        **{(state, "detach"): state for state in EDITABLE},
        **moves_from(EDITABLE, "submit", SUBMITTED),
        (SUBMITTED, "approve"): APPROVED,
        (SUBMITTED, "return"): RETURNED,
        (APPROVED, "publish"): PUBLISHED,
        (PUBLISHED, "amend"): DRAFT,
        # A pending amendment may be withdrawn too: its published version is what is withdrawn
        # (the service also requires that something was published).
        **moves_from((DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED), "withdraw", WITHDRAWN),
        # A withdrawal because the item shows personal data: its files are erased too.
        **moves_from((DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED), "take_down", WITHDRAWN),
    },
    refusals={
        "update": gettext_noop(
            "“%(title)s” is %(state)s and can no longer be edited; amend it after publication."
        ),
        "attach": gettext_noop("Files can be added only to a draft; “%(title)s” is %(state)s."),
        "detach": gettext_noop("Files can be removed only from a draft; “%(title)s” is %(state)s."),
        "submit": gettext_noop(
            "“%(title)s” is %(state)s; only a draft or a returned item can be submitted."
        ),
        "approve": gettext_noop("“%(title)s” is %(state)s; only a submitted item can be approved."),
        "return": gettext_noop("“%(title)s” is %(state)s; only a submitted item can be returned."),
        "publish": gettext_noop(
            "“%(title)s” is %(state)s; the town must approve it before it is published."
        ),
        "amend": gettext_noop("“%(title)s” is %(state)s; only a published item can be amended."),
        "withdraw": gettext_noop("“%(title)s” is not published, so it cannot be withdrawn."),
        "take_down": gettext_noop("“%(title)s” is not published, so it cannot be withdrawn."),
    },
)
