"""Staff pages of the registry app under /staff/ (the people picker)."""

from django.urls import path

from openvillage.org import views

staff_urlpatterns = [
    path("people/pick/", views.people_pick, name="org-people-pick"),
]
