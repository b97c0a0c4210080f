"""Staff accounts: created by an administrator for a unit inside their own scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from openvillage.accounts.audit_actions import USER
from openvillage.accounts.models import User
from openvillage.core import permissions, writes
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput
from openvillage.core.roles import ROLE_LEVELS, Role
from openvillage.core.text import gettext_noop
from openvillage.org.models import PartyStatus, Person, Unit


def staff_account_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    unit: Unit,
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> User:
    """Create a staff account bound to ``unit``; the actor must be able to manage that unit."""
    if actor is not None:
        permissions.require_write(actor, unit.path, permissions.ACCOUNTS)
    if role not in Role.values:
        raise InvalidInput(gettext_noop("Unknown role %(role)s."), {"role": role}, field="role")
    if unit.level not in ROLE_LEVELS[role]:
        raise InvalidInput(
            gettext_noop("A %(role)s account belongs to a %(levels)s, not to a %(level)s."),
            {"role": Role(role).label, "levels": _levels(role), "level": unit.get_level_display()},
            field="unit",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(
            gettext_noop("The username %(username)s is taken."),
            {"username": username},
            field="username",
        )
    if check_password:
        try:
            validate_password(password)
        except ValidationError as error:
            from openvillage.accounts.passwords import password_problems

            raise InvalidInput(password_problems(error), field="password")
    with transaction.atomic():
        user = User(username=username, role=role, unit=unit, email=email, first_name=full_name)
        user.set_password(password)
        user.save()
        audit_log(
            actor=actor or "system",
            action=USER["create"],
            obj=user,
            unit_path=unit.path,
            changes={"role": [None, role], "unit": [None, unit.code]},
        )
    return user


def _require_manage(actor: Any, user: User) -> None:
    if user.unit is None:
        raise InvalidInput(gettext_noop("This account is not bound to a unit."), field="unit")
    permissions.require_write(actor, user.unit.path, permissions.ACCOUNTS)
    if user.pk == getattr(actor, "pk", None):
        raise InvalidInput(gettext_noop("You cannot change your own account here."), field="user")


def staff_account_set_active(*, actor: Any, user: User, active: bool, reason: str = "") -> User:
    """Switch an account off (its sessions stop working) or back on; the row is kept."""
    _require_manage(actor, user)
    if not active and not reason.strip():
        raise InvalidInput(gettext_noop("Say why the account is switched off."), field="reason")
    with transaction.atomic():
        before = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_log(
            actor=actor,
            action=USER["active"],
            obj=user,
            unit_path=user.unit.path,
            changes={"is_active": [before, active]},
            note=reason.strip(),
        )
    return user


def staff_account_set_password(*, actor: Any, user: User, password: str) -> User:
    """Give an account a new password (for example when its holder forgot theirs)."""
    _require_manage(actor, user)
    try:
        validate_password(password, user)
    except ValidationError as error:
        from openvillage.accounts.passwords import password_problems

        raise InvalidInput(password_problems(error), field="password")
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_log(
            actor=actor,
            action=USER["password"],
            obj=user,
            unit_path=user.unit.path,
            note="password set by an administrator",
        )
    return user


def staff_account_link_person(*, actor: Any, user: User, person: Person | None) -> User:
    """Link the account to its person in the registry (None unlinks); audited.

    Only a person registered in the account's own unit subtree; a party member's account only
    to a party member (full or probationary).
    """
    _require_manage(actor, user)
    if person is not None:
        person = Person.objects.select_related("village").get(pk=person.pk)
        if not person.village.path.startswith(user.unit.path):
            raise InvalidInput(
                gettext_noop("%(name)s is not registered in %(unit)s or below it."),
                {"name": person.name, "unit": user.unit.name},
                field="person",
            )
        if user.role == Role.PARTY_MEMBER and person.party_status == PartyStatus.NONE:
            raise InvalidInput(
                gettext_noop("%(name)s is not a party member in the registry."),
                {"name": person.name},
                field="person",
            )
    with transaction.atomic():
        user = writes.locked(user, "unit")
        before = user.person_id
        user.person = person
        user.save(update_fields=["person"])
        audit_log(
            actor=actor,
            action=USER["link_person"],
            obj=user,
            unit_path=user.unit.path,
            changes={"person": [before, person.pk if person else None]},
            note=person.name if person else "",
        )
    return user


def _levels(role: str) -> str:
    """The levels of unit a role is bound to, as labels ("村" or "县、乡镇、村")."""
    from django.utils.translation import gettext

    from openvillage.org.models import Level

    return gettext(", ").join(str(Level(level).label) for level in ROLE_LEVELS[role])
