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
