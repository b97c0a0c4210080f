"""Mark user-facing text in pure modules without importing Django.

Pure rule modules cannot call Django's ``gettext`` (they must not import Django), but their
messages still reach users. They wrap each message in :func:`gettext_noop`, which returns it
unchanged and lets ``makemessages`` collect it; the service or view that shows the message
translates it with ``gettext(message) % params`` (see :mod:`openvillage.core.errors`).
"""


def gettext_noop(message: str) -> str:
    """Return the message unchanged; ``makemessages`` collects it for translation."""
    return message
