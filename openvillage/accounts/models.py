from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvillage.core.roles import Role


class User(AbstractUser):
    """A staff account, bound to one administrative unit whose subtree it sees and writes."""

    role = models.CharField(_("role"), max_length=24, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    # The person of the registry behind the account, so that rules compare people, not names
    # (the checker is not the responsible person). Only a person of the unit's subtree.
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person in the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_accounts",
    )

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=True)
                | models.Q(role="", unit__isnull=True)
                | (~models.Q(role="") & models.Q(unit__isnull=False)),
                name="user_role_has_unit",
            )
        ]


class LoginFailure(models.Model):
    """A failed sign-in, counted by username and by address for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class LoginCounter(models.Model):
    """Failed sign-ins under one throttle key (accounts.throttle), updated under a row lock.

    ``key`` is a keyed hash of what is counted (an account and an address, an account, an
    address, an account on a known device): no username or address is kept in clear here.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(default=timezone.now)
    blocked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key[:12]} {self.failures}"


class VerificationMethod(models.TextChoices):
    SMS = "sms", _("Code sent to the mobile phone")
    IN_PERSON = "in_person", _("In person at the village office")
    IDENTITY_PROVIDER = "identity_provider", _("Identity provider")


class Villager(models.Model):
    """A villager's account: one per roll entry, verified against the roll of the village.

    Villagers have no staff ``User``: a signed-in villager is ``request.session["villager_id"]``
    (see :mod:`openvillage.accounts.villager_session`). A revoked account keeps its row (the one
    roll entry, one account rule holds); only the clerk can restore it, in person.
    """

    roll_entry = models.OneToOneField(
        "org.RollEntry",
        verbose_name=_("roll entry"),
        on_delete=models.PROTECT,
        related_name="villager",
    )
    # Copied from the roll entry's household so that staff lists filter by village in one join.
    village = models.ForeignKey(
        "org.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="villagers"
    )
    phone = models.CharField(_("mobile phone"), max_length=20)
    # Masked for display; the number itself only sealed, looked up by its keyed hash (core.crypto).
    phone_sealed = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    verified_by = models.CharField(
        _("verified by"), max_length=20, choices=VerificationMethod.choices
    )
    verified_by_staff = models.ForeignKey(
        User,
        verbose_name=_("verified by (staff)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("villager account")
        verbose_name_plural = _("villager accounts")
        ordering = ["village", "-verified_at"]
        indexes = [models.Index(fields=["phone_hash"], name="villager_phone_idx")]

    def __str__(self) -> str:
        return f"villager {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", _("Sign-up or sign-in")


class OneTimeCode(models.Model):
    """A one-time code sent by text message; only its keyed hash is kept, never the code.

    ``ticket_hash`` is the SHA-256 of the opaque ticket kept in the requester's session. A ticket
    whose details matched no roll entry gets a row too (``roll_entry`` empty, no message sent),
    so that what the requester sees never tells whether an ID number is on a roll.
    """

    ticket_hash = models.CharField(max_length=64, unique=True)
    phone = models.CharField(_("mobile phone"), max_length=20)
    # Masked for display; the number itself only sealed, looked up by its keyed hash (core.crypto).
    phone_sealed = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    roll_entry = models.ForeignKey(
        "org.RollEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=12, choices=CodePurpose.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone_hash", "created_at"], name="otp_phone_idx")]

    def __str__(self) -> str:
        return f"code {self.pk}"


class SignupAttempt(models.Model):
    """One sign-up attempt, counted per phone, per ID hash and per address for rate limits."""

    phone = models.CharField(max_length=20)  # masked
    phone_hash = models.CharField(max_length=64, db_index=True, default="")
    id_hash = models.CharField(max_length=64, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"sign-up attempt {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A key another system sends as ``Authorization: Bearer <key>`` to act as the account that
    issued it: same role, same unit, same scope; switched off with the account or when revoked.

    Only the SHA-256 of the key is kept (the key is random, 256 bits: no salt or slow hash is
    needed to make a stolen table useless); the key itself is shown once, when issued.
    """

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("key begins with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
