"""Staff pages under /staff/elections/ and the public page /v/<village_code>/election/."""

from django.urls import path

from openvillage.elections import board_views, open_views, views

staff_urlpatterns = [
    path("elections/", views.election_list, name="elections-list"),
    path("elections/open/", open_views.election_open, name="elections-open"),
    path("elections/observe/", board_views.observe, name="elections-observe"),
    path(
        "elections/observe/<int:assignment_pk>/",
        board_views.observer_report,
        name="elections-observer-report",
    ),
    path("elections/general/<int:pk>/board/", board_views.progress_board, name="elections-board"),
    path("elections/general/<int:pk>/talks/", board_views.talks, name="elections-talks"),
    path(
        "elections/general/<int:pk>/observers/",
        board_views.observer_office,
        name="elections-observers",
    ),
    path("elections/<int:pk>/", views.election_detail, name="elections-detail"),
    path("elections/<int:pk>/<str:action>/", views.election_action, name="elections-action"),
]

public_urlpatterns = [
    path("v/<str:village_code>/election/", views.public_election, name="elections-public"),
    path(
        "v/<str:village_code>/election/report/",
        board_views.public_violation_report,
        name="elections-report",
    ),
]
