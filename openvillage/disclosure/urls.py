"""Public disclosure URLs (stable: see ARCHITECTURE.md) and the staff console's disclosure pages.

Mounted by the app's ``ready()`` through :mod:`openvillage.core.extensions`: ``urlpatterns`` at
``/`` and ``staff_urlpatterns`` at ``/staff/``."""

from django.urls import path, re_path

from openvillage.disclosure import poster_views, staff_views, views

MODULES = "party|finance|affairs|services"

urlpatterns = [
    re_path(
        rf"^v/(?P<village_code>[0-9]{{12}})/(?P<module>{MODULES})/$",
        views.module_page,
        name="disclosure-module",
    ),
    path("v/<str:village_code>/search/", views.search_page, name="disclosure-search"),
    path("v/<str:village_code>/feed.atom", views.feed, name="disclosure-feed"),
    path("d/<int:item_id>/", views.item_page, name="disclosure-item"),
    path(
        "d/<int:item_id>/files/<int:attachment_id>/",
        views.attachment_file,
        name="disclosure-attachment",
    ),
    # Printed on notice boards: these paths are forever.
    path("v/<str:village_code>/qr.svg", poster_views.village_qr_svg, name="village-qr-svg"),
    path("v/<str:village_code>/qr.png", poster_views.village_qr_png, name="village-qr-png"),
    path("v/<str:village_code>/poster.pdf", poster_views.village_poster_pdf, name="village-poster"),
]

staff_urlpatterns = [
    path("units/<str:code>/posters.pdf", poster_views.town_posters_pdf, name="staff-town-posters"),
    path("disclosure/", staff_views.item_list, name="staff-disclosure"),
    path("disclosure/new/", staff_views.item_new, name="staff-disclosure-new"),
    path("disclosure/import/", staff_views.statement_import, name="staff-disclosure-import"),
    path(
        "disclosure/import/columns/",
        staff_views.statement_columns,
        name="staff-disclosure-import-columns",
    ),
    path(
        "disclosure/import/template.xlsx",
        staff_views.statement_template,
        name="staff-disclosure-import-template",
    ),
    path("disclosure/review/", staff_views.review, name="staff-disclosure-review"),
    path("disclosure/timeliness/", staff_views.timeliness, name="staff-disclosure-timeliness"),
    path("disclosure/catalogue/", staff_views.catalogue, name="staff-disclosure-catalogue"),
    path("disclosure/dues/", staff_views.dues, name="staff-disclosure-dues"),
    path("disclosure/notices/", staff_views.notices, name="staff-disclosure-notices"),
    path("disclosure/dues/<int:pk>/", staff_views.due_page, name="staff-disclosure-due"),
    path(
        "disclosure/notices/read/",
        staff_views.notices_read,
        name="staff-disclosure-notices-read",
    ),
    path("disclosure/<int:pk>/", staff_views.item_detail, name="staff-disclosure-item"),
    path("disclosure/<int:pk>/edit/", staff_views.item_edit, name="staff-disclosure-edit"),
    path(
        "disclosure/<int:pk>/files/<int:attachment_id>/",
        staff_views.attachment_file,
        name="staff-disclosure-file",
    ),
    path(
        "disclosure/<int:pk>/<str:action>/",
        staff_views.item_action,
        name="staff-disclosure-action",
    ),
]
