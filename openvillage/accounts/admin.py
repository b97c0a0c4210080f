from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from openvillage.accounts import admin_login
from openvillage.accounts.models import User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = [*UserAdmin.fieldsets, (None, {"fields": ["role", "unit"]})]
    raw_id_fields = ["unit"]


admin_login.install(admin.site)
