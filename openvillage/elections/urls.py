"""Staff pages under /staff/elections/ and the public page /v/<village_code>/election/."""

from django.urls import path

from openvillage.elections import views

staff_urlpatterns = [
    path("elections/", views.election_list, name="elections-list"),
    path("elections/<int:pk>/", views.election_detail, name="elections-detail"),
    path("elections/<int:pk>/<str:action>/", views.election_action, name="elections-action"),
]

public_urlpatterns = [
    path("v/<str:village_code>/election/", views.public_election, name="elections-public"),
]
