"""Villager accounts: verification against the roll of the village (issue 5 item 1).

A villager gives name, ID number and mobile number. The ID number is matched against the roll of
*that* village by its keyed hash (core.idnumbers) together with the name; when they match, a
6-digit code goes to the phone through the SMS backend (accounts.sms). What the requester sees
never depends on the match: every well-formed request gets the same answer ("if your details
match the roll, a code was sent") and a ticket, and a ticket that matched nothing simply never
accepts a code. So no answer tells whether an ID number is on a roll.

One account per roll entry:

- no account yet: the code creates one (method ``sms``);
- an active account with the same phone: the code signs the villager in again (new device);
- an active account with another phone: no code is sent; the account's own phone is told that
  someone tried (the requester sees the same neutral answer and should go to the village office);
- a revoked account: nothing is sent; only the clerk can restore it, in person.

Rate limits (settings ``VILLAGER_*``) count every well-formed request, matched or not, per
phone, per ID hash and per address. The codes are kept only as keyed hashes.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from openvillage.accounts import sms
from openvillage.accounts.audit_actions import VILLAGER
from openvillage.accounts.identity import IdentityProvider, get_identity_provider
from openvillage.accounts.models import (
    CodePurpose,
    OneTimeCode,
    SignupAttempt,
    VerificationMethod,
    Villager,
)
from openvillage.core import permissions, writes
from openvillage.core.audit import audit_log
from openvillage.core.crypto import lookup_hash, protect_phone, unseal
from openvillage.core.errors import DomainError, InvalidInput, NotAllowed, WrongState
from openvillage.core.idnumbers import protect_id_number
from openvillage.core.masking import mask_phone
from openvillage.core.text import clean_text, gettext_noop
from openvillage.org.models import RollEntry, Unit

log = logging.getLogger(__name__)

CODE_DIGITS = 6

NEUTRAL_ANSWER = gettext_noop(
    "If your details match the roll of %(village)s, a code was sent to %(phone)s. "
    "It is valid for %(minutes)s minutes."
)


class TooManyAttempts(DomainError):
    """Too many sign-up attempts or codes in the window (HTTP 429)."""

    http_status = 429


@dataclass(frozen=True)
class SignupTicket:
    """What the requester gets back, the same whether or not the details matched the roll."""

    ticket: str
    phone_masked: str
    village_name: str
    expires_at: datetime

    def translated(self) -> str:
        return neutral_answer(self.village_name, self.phone_masked)


def neutral_answer(village_name: str, phone_masked: str) -> str:
    """The one answer to every well-formed sign-up request, in the active language."""
    minutes = settings.VILLAGER_CODE_TTL // 60
    params = {"village": village_name, "phone": phone_masked, "minutes": minutes}
    return gettext(NEUTRAL_ANSWER) % params


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def _code_hash(ticket: str, code: str) -> str:
    # Keyed and bound to the ticket: a copy of the table does not give the codes away.
    return salted_hmac(
        "openvillage.accounts.code", f"{ticket}:{code}", algorithm="sha256"
    ).hexdigest()


def clean_phone(phone: str) -> str:
    """Return the mobile number as 11 digits (InvalidInput naming ``phone`` otherwise)."""
    digits = phone.strip().replace(" ", "").replace("-", "")
    if digits.startswith("+86"):
        digits = digits[3:]
    mask_phone(digits)  # validates: 11 digits from 13 to 19
    return digits


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(gettext_noop("Please give your name as on the roll."), field="name")
    return cleaned


def _require_village(village: Unit) -> None:
    if not village.is_village:
        raise InvalidInput(gettext_noop("Choose a village."), field="village")


def _check_limits(phone: str, id_hash: str, address: str | None) -> None:
    now = timezone.now()
    hour, day = now - timedelta(hours=1), now - timedelta(days=1)
    recent = SignupAttempt.objects
    per_phone = recent.filter(phone_hash=lookup_hash(phone), at__gte=hour).count()
    per_id = recent.filter(id_hash=id_hash, at__gte=day).count()
    per_address = recent.filter(address=address, at__gte=hour).count() if address else 0
    if (
        per_phone >= settings.VILLAGER_CODES_PER_PHONE_PER_HOUR
        or per_id >= settings.VILLAGER_SIGNUPS_PER_ID_PER_DAY
        or per_address >= settings.VILLAGER_SIGNUPS_PER_ADDRESS_PER_HOUR
    ):
        raise TooManyAttempts(
            gettext_noop("Too many attempts. Please wait an hour and try again."),
            code="too_many_attempts",
        )


def _match(village: Unit, name: str, id_hash: str) -> RollEntry | None:
    """The roll entry of ``village`` with this ID hash and name, or None."""
    entry = (
        RollEntry.objects.select_related("person")
        .filter(person__id_hash=id_hash, household__village=village)
        .first()
    )
    if entry is None or " ".join(entry.person.name.split()) != name:
        return None
    return entry


def _plan(entry: RollEntry | None, phone: str) -> tuple[bool, str | None]:
    """Whether a code goes to ``phone``, and the phone of an account to warn (or None)."""
    if entry is None:
        return False, None
    existing = Villager.objects.filter(roll_entry=entry).first()
    if existing is None:
        return True, None
    if not existing.is_active:
        return False, None
    if existing.phone_hash == lookup_hash(phone):
        return True, None
    return False, unseal(existing.phone_sealed)


def villager_signup_start(
    *, village: Unit, name: str, id_number: str, phone: str, address: str | None = None
) -> SignupTicket:
    """Check the details against the roll and text a code if they match (see module doc).

    Raises InvalidInput for a malformed name, ID number or phone (whatever the roll says) and
    TooManyAttempts over a rate limit; otherwise always returns a ticket.
    """
    _require_village(village)
    name = _clean_name(name)
    phone = clean_phone(phone)
    id_hash = protect_id_number(id_number).hash
    _check_limits(phone, id_hash, address)
    entry = _match(village, name, id_hash)
    send_code, warn_phone = _plan(entry, phone)
    ticket, code = secrets.token_urlsafe(24), _new_code()
    expires_at = timezone.now() + timedelta(seconds=settings.VILLAGER_CODE_TTL)
    with transaction.atomic():
        SignupAttempt.objects.create(
            phone=mask_phone(phone), phone_hash=lookup_hash(phone), id_hash=id_hash, address=address
        )
        OneTimeCode.objects.create(
            ticket_hash=_ticket_hash(ticket),
            **protect_phone(phone).fields(),
            roll_entry=entry if send_code else None,
            code_hash=_code_hash(ticket, code),
            purpose=CodePurpose.SIGNUP,
            expires_at=expires_at,
        )
    if send_code:
        _send(phone, _code_text(code))
    elif warn_phone:
        _send(warn_phone, _warning_text(village))
    return SignupTicket(ticket, mask_phone(phone), village.name, expires_at)


def _code_text(code: str) -> str:
    minutes = settings.VILLAGER_CODE_TTL // 60
    return gettext(
        "OpenVillage: your code is %(code)s, valid for %(minutes)s minutes. "
        "Never give it to anyone."
    ) % {"code": code, "minutes": minutes}


def _warning_text(village: Unit) -> str:
    return gettext(
        "OpenVillage: someone tried to open an account of %(village)s with your details and "
        "another phone number. If it was not you, please tell the village office."
    ) % {"village": village.name}


def _send(phone: str, body: str) -> None:
    # A gateway failure must not change the answer (that would tell whether the ID matched):
    # it is logged for the operator, and the villager asks for a new code.
    try:
        sms.send_sms(phone, body)
    except Exception:
        log.exception("text message to %s could not be sent", mask_phone(phone))


EXPIRED = gettext_noop("This code has expired or no longer works. Please ask for a new code.")


def villager_signup_confirm(*, ticket: str, code: str) -> Villager:
    """Check the code of ``ticket``; return the (new or existing) account on success.

    A wrong code counts an attempt; after ``VILLAGER_CODE_ATTEMPTS`` wrong codes the code is void.
    """
    code = code.strip()
    with transaction.atomic():
        otp = writes.locked(
            OneTimeCode.objects.filter(ticket_hash=_ticket_hash(ticket or ""))
        ).first()
        limit = settings.VILLAGER_CODE_ATTEMPTS
        if otp is None or otp.used_at or otp.expires_at <= timezone.now() or otp.attempts >= limit:
            raise WrongState(EXPIRED, field="code", code="code_expired")
        right = constant_time_compare(otp.code_hash, _code_hash(ticket, code))
        if right and otp.roll_entry_id is not None:
            otp.used_at = timezone.now()
            otp.save(update_fields=["used_at"])
            return _account_for(otp)
        otp.attempts += 1
        otp.save(update_fields=["attempts"])
    # Raised outside the block so that the counted attempt is kept.
    left = limit - otp.attempts
    if left <= 0:
        raise InvalidInput(
            gettext_noop("The code is wrong. It no longer works: please ask for a new code."),
            field="code",
            code="code_void",
        )
    raise InvalidInput(
        gettext_noop("The code is wrong. You can try %(left)s more times."),
        {"left": left},
        field="code",
        code="code_wrong",
    )


ALREADY = gettext_noop(
    "This person on the roll already has an account. Please ask at the village office."
)


def _account_for(otp: OneTimeCode) -> Villager:
    entry = RollEntry.objects.select_related("household__village", "person").get(
        pk=otp.roll_entry_id
    )
    existing = writes.locked(Villager.objects.filter(roll_entry=entry)).first()
    if existing is not None:
        if existing.is_active and existing.phone_hash == otp.phone_hash:
            return existing  # signing in again, e.g. on a new phone handset
        raise WrongState(ALREADY, code="already_verified")
    try:
        with transaction.atomic():
            villager = Villager.objects.create(
                roll_entry=entry,
                village=entry.household.village,
                phone=otp.phone,
                phone_sealed=otp.phone_sealed,
                phone_hash=otp.phone_hash,
                verified_by=VerificationMethod.SMS,
            )
    except IntegrityError:  # a second confirmation won the race
        raise WrongState(ALREADY, code="already_verified")
    _audit_verified(villager, "villager", VILLAGER["verify_sms"], entry)
    return villager


def _audit_verified(villager: Villager, actor: Any, action: str, entry: RollEntry) -> None:
    """Audit a verification with the masked phone and the person on the roll it belongs to."""
    audit_log(
        actor=actor,
        action=action,
        obj=villager,
        unit_path=entry.household.village.path,
        object_label=f"{entry.person.name} ({entry.household.village.name})",
        changes={
            "phone": [None, villager.phone],  # the mask (core.crypto)
            "verified_by": [None, villager.verified_by],
        },
    )


def villager_verify_in_person(*, actor: Any, roll_entry: RollEntry, phone: str) -> Villager:
    """Verify (or restore) the account of a villager who came to the village office."""
    village = roll_entry.household.village
    permissions.require_write(actor, village.path, permissions.ORG)
    phone = clean_phone(phone)
    now = timezone.now()
    with transaction.atomic():
        existing = writes.locked(Villager.objects.filter(roll_entry=roll_entry)).first()
        if existing is not None and existing.is_active:
            raise WrongState(
                gettext_noop("%(name)s already has an account (phone %(phone)s)."),
                {"name": roll_entry.person.name, "phone": existing.phone},
                code="already_verified",
            )
        villager = existing or Villager(roll_entry=roll_entry, village=village)
        restored = existing is not None
        for name, value in protect_phone(phone).fields().items():
            setattr(villager, name, value)
        villager.verified_at = now
        villager.verified_by = VerificationMethod.IN_PERSON
        villager.verified_by_staff = actor if getattr(actor, "pk", None) else None
        villager.revoked_at = None
        villager.revoke_reason = ""
        villager.save()
        action = VILLAGER["restore_in_person"] if restored else VILLAGER["verify_in_person"]
        _audit_verified(villager, actor, action, roll_entry)
    return villager


def villager_revoke(*, actor: Any, villager: Villager, reason: str) -> Villager:
    """Revoke an account: the villager can no longer sign in or act; the row stays."""
    permissions.require_write(actor, villager.village.path, permissions.ORG)
    reason = clean_text(reason, field="reason").text
    if not reason:
        raise InvalidInput(gettext_noop("Give the reason for revoking."), field="reason")
    with transaction.atomic():
        # Codes before the account, as a sign-in does (core.writes lock order).
        codes = writes.locked(
            OneTimeCode.objects.filter(roll_entry_id=villager.roll_entry_id, used_at=None)
        )
        pending = list(codes.order_by("pk").values_list("pk", flat=True))
        locked = writes.locked(villager)
        if not locked.is_active:
            raise WrongState(gettext_noop("This account is already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoke_reason"])
        OneTimeCode.objects.filter(pk__in=pending).update(used_at=locked.revoked_at)
        audit_log(
            actor=actor,
            action=VILLAGER["revoke"],
            obj=locked,
            unit_path=villager.village.path,
            changes={"revoked_at": [None, locked.revoked_at]},
            note=reason,
        )
    villager.refresh_from_db()
    return villager


def villager_verify_with_provider(
    *,
    request: Any,
    village: Unit,
    name: str,
    id_number: str,
    phone: str,
    address: str | None = None,
    provider: IdentityProvider | None = None,
) -> Villager:
    """Create the account when the identity provider confirms the person (identity.py).

    The refusal is the same whether the details matched no roll entry or the provider said no.
    """
    provider = provider or get_identity_provider()
    if provider is None:
        raise NotAllowed(gettext_noop("No identity provider is configured."))
    _require_village(village)
    name, phone = _clean_name(name), clean_phone(phone)
    id_hash = protect_id_number(id_number).hash
    _check_limits(phone, id_hash, address)
    SignupAttempt.objects.create(
        phone=mask_phone(phone), phone_hash=lookup_hash(phone), id_hash=id_hash, address=address
    )
    entry = _match(village, name, id_hash)
    if entry is None or not provider.verify(request, entry):
        raise InvalidInput(
            gettext_noop("Your identity could not be confirmed. Please ask at the village office."),
            code="identity_not_confirmed",
        )
    with transaction.atomic():
        if writes.locked(Villager.objects.filter(roll_entry=entry)).exists():
            raise WrongState(ALREADY, code="already_verified")
        villager = Villager.objects.create(
            roll_entry=entry,
            village=village,
            **protect_phone(phone).fields(),
            verified_by=VerificationMethod.IDENTITY_PROVIDER,
        )
        _audit_verified(villager, provider.name, VILLAGER["verify_identity_provider"], entry)
    return villager
