"""The admin site's sign-in goes through the same throttle as the staff console's.

Without this, ``/admin/login/`` checked passwords without limit and around the console's delays.
"""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError

from openvillage.accounts import throttle


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                attempt = throttle.begin(self.request, username)
            except throttle.Throttled as wait:
                raise ValidationError(wait.message(), code="throttled")
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                throttle.failed(attempt)
                raise self.get_invalid_login_error()
            # The password was right, even if the account may not use the admin site.
            throttle.succeeded(self.request, attempt)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def install(site) -> None:
    """Use the throttled form on ``site`` and set the known-device cookie after a sign-in."""
    site.login_form = ThrottledAdminAuthenticationForm
    plain_login = site.login

    def login(request, extra_context=None):
        return throttle.remember_device(request, plain_login(request, extra_context))

    site.login = login
