"""Staff accounts: created by an administrator for a unit inside their own scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from openvillage.accounts.models import User
from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput
from openvillage.core.roles import ROLE_LEVELS, Role
from openvillage.core.text import gettext_noop
from openvillage.org.models import Unit


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
            gettext_noop("This role is bound to a unit of another level than %(level)s."),
            {"level": unit.level},
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
            raise InvalidInput(" ".join(error.messages), field="password")
    with transaction.atomic():
        user = User(username=username, role=role, unit=unit, email=email, first_name=full_name)
        user.set_password(password)
        user.save()
        audit_log(
            actor=actor or "system",
            action="accounts.user.create",
            obj=user,
            unit_path=unit.path,
            changes={"role": [None, role], "unit": [None, unit.code]},
        )
    return user
