"""Villagers joining and their own page (public), and the staff pages that verify them."""

from django.urls import path

from openvillage.accounts import token_views, villager_views

public_urlpatterns = [
    path("v/<str:village_code>/join/", villager_views.join, name="villager-join"),
    path(
        "v/<str:village_code>/join/confirm/",
        villager_views.join_confirm,
        name="villager-join-confirm",
    ),
    path("me/", villager_views.me, name="villager-me"),
    path("me/sign-out/", villager_views.sign_out, name="villager-signout"),
]

staff_urlpatterns = [
    path("units/<str:code>/villagers/", villager_views.staff_villagers, name="staff-villagers"),
    path(
        "units/<str:code>/villagers/verify/",
        villager_views.staff_verify_in_person,
        name="staff-villager-verify",
    ),
    path("villagers/<int:pk>/revoke/", villager_views.staff_revoke, name="staff-villager-revoke"),
    path("api-tokens/", token_views.api_tokens, name="staff-api-tokens"),
    path(
        "api-tokens/<int:pk>/revoke/", token_views.api_token_revoke, name="staff-api-token-revoke"
    ),
]
