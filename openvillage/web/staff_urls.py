"""The staff console at /staff/: the shell's own pages, then every app's registered include."""

from django.urls import path

from openvillage.core import extensions
from openvillage.web import (
    account_views,
    audit_views,
    calendar_views,
    import_views,
    registry_views,
    staff_views,
)

urlpatterns = [
    path("", staff_views.home, name="staff-home"),
    path("login/", staff_views.login_view, name="staff-login"),
    path("logout/", staff_views.logout_view, name="staff-logout"),
    path("units/", staff_views.unit_tree, name="staff-units"),
    path("units/<str:code>/", staff_views.unit_detail, name="staff-unit"),
    path("units/<str:code>/teams/", staff_views.teams, name="staff-teams"),
    path("people/", staff_views.people, name="staff-people"),
    path("people/<int:pk>/", staff_views.person_detail, name="staff-person"),
    path("audit/", audit_views.audit, name="staff-audit"),
    path("audit/export.<str:fmt>", audit_views.audit_export, name="staff-audit-export"),
    path("units/<str:code>/people/add/", registry_views.person_add, name="staff-person-add"),
    path("people/<int:pk>/edit/", registry_views.person_edit, name="staff-person-edit"),
    path("people/<int:pk>/terms/add/", registry_views.term_add, name="staff-term-add"),
    path("terms/<int:pk>/end/", registry_views.term_end, name="staff-term-end"),
    path("calendar/", calendar_views.calendar_page, name="staff-calendar"),
    path("imports/", import_views.imports_home, name="staff-imports"),
    path("imports/upload/", import_views.import_upload, name="staff-import-upload"),
    path("imports/<int:job_id>/", import_views.import_job, name="staff-import-job"),
    path(
        "imports/<int:job_id>/progress.json",
        import_views.import_job_progress,
        name="staff-import-progress",
    ),
    path(
        "imports/templates/<str:kind>.<str:fmt>",
        import_views.template_download,
        name="staff-import-template",
    ),
    path("exports/<str:kind>/<str:code>.xlsx", import_views.export_download, name="staff-export"),
    path("accounts/", account_views.accounts, name="staff-accounts"),
    path("accounts/add/", account_views.account_add, name="staff-account-add"),
    path("accounts/<int:pk>/person/", account_views.account_person, name="staff-account-person"),
    path(
        "accounts/<int:pk>/<str:action>/", account_views.account_action, name="staff-account-action"
    ),
]

urlpatterns += extensions.mount(extensions.staff_urls)
