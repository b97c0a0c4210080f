"""Staff pages under /staff/campaigns/."""

from django.urls import path

from openvillage.campaigns import views

staff_urlpatterns = [
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", views.board, name="campaigns-board"),
    path("campaigns/<int:pk>/bulletin/", views.bulletin, name="campaigns-bulletin"),
    path("campaigns/<int:pk>/items/", views.items, name="campaigns-items"),
    path("campaigns/<int:pk>/import/", views.register_import, name="campaigns-import"),
    path("campaigns/cards/<int:pk>/withdraw/", views.card_withdraw, name="campaigns-card-withdraw"),
    path("campaigns/items/<int:pk>/", views.item, name="campaigns-item"),
    path("campaigns/items/<int:pk>/publish/", views.item_publish, name="campaigns-item-publish"),
]
