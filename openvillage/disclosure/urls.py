"""Public disclosure URLs (stable: see ARCHITECTURE.md) and the staff console's disclosure pages."""

from django.urls import path, re_path

from openvillage.disclosure import staff_views, views

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
    path("staff/disclosure/", staff_views.item_list, name="staff-disclosure"),
    path("staff/disclosure/new/", staff_views.item_new, name="staff-disclosure-new"),
    path("staff/disclosure/review/", staff_views.review, name="staff-disclosure-review"),
    path(
        "staff/disclosure/timeliness/", staff_views.timeliness, name="staff-disclosure-timeliness"
    ),
    path("staff/disclosure/catalogue/", staff_views.catalogue, name="staff-disclosure-catalogue"),
    path("staff/disclosure/<int:pk>/", staff_views.item_detail, name="staff-disclosure-item"),
    path("staff/disclosure/<int:pk>/edit/", staff_views.item_edit, name="staff-disclosure-edit"),
    path(
        "staff/disclosure/<int:pk>/files/<int:attachment_id>/",
        staff_views.attachment_file,
        name="staff-disclosure-file",
    ),
    path(
        "staff/disclosure/<int:pk>/<str:action>/",
        staff_views.item_action,
        name="staff-disclosure-action",
    ),
]
