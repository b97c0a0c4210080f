from django.urls import path

from openvillage.web import staff_views

urlpatterns = [
    path("", staff_views.home, name="staff-home"),
    path("login/", staff_views.login_view, name="staff-login"),
    path("logout/", staff_views.logout_view, name="staff-logout"),
    path("units/", staff_views.unit_tree, name="staff-units"),
    path("units/<str:code>/", staff_views.unit_detail, name="staff-unit"),
    path("units/<str:code>/teams/", staff_views.teams, name="staff-teams"),
    path("people/", staff_views.people, name="staff-people"),
    path("people/<int:pk>/", staff_views.person_detail, name="staff-person"),
    path("audit/", staff_views.audit, name="staff-audit"),
]

from openvillage.web import registry_views  # noqa: E402

urlpatterns += [
    path("units/<str:code>/people/add/", registry_views.person_add, name="staff-person-add"),
    path("people/<int:pk>/edit/", registry_views.person_edit, name="staff-person-edit"),
    path("people/<int:pk>/terms/add/", registry_views.term_add, name="staff-term-add"),
    path("terms/<int:pk>/end/", registry_views.term_end, name="staff-term-end"),
]

from openvillage.disclosure import poster_views  # noqa: E402

urlpatterns += [
    path("units/<str:code>/posters.pdf", poster_views.town_posters_pdf, name="staff-town-posters"),
]

from openvillage.web import calendar_views  # noqa: E402

urlpatterns += [
    path("calendar/", calendar_views.calendar_page, name="staff-calendar"),
]

from openvillage.accounts import villager_views  # noqa: E402

urlpatterns += [
    path("units/<str:code>/villagers/", villager_views.staff_villagers, name="staff-villagers"),
    path(
        "units/<str:code>/villagers/verify/",
        villager_views.staff_verify_in_person,
        name="staff-villager-verify",
    ),
    path("villagers/<int:pk>/revoke/", villager_views.staff_revoke, name="staff-villager-revoke"),
]

from openvillage.web import import_views  # noqa: E402

urlpatterns += [
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
]

from openvillage.decisions.urls import staff_urlpatterns as decisions_urls  # noqa: E402

urlpatterns += decisions_urls

from openvillage.elections.urls import staff_urlpatterns as elections_urls  # noqa: E402

urlpatterns += elections_urls

from openvillage.web import account_views  # noqa: E402

urlpatterns += [
    path("accounts/", account_views.accounts, name="staff-accounts"),
    path("accounts/add/", account_views.account_add, name="staff-account-add"),
    path(
        "accounts/<int:pk>/<str:action>/", account_views.account_action, name="staff-account-action"
    ),
]
