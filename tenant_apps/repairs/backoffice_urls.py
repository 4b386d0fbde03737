from django.urls import path

from . import backoffice_views as views

app_name = "repairs_admin"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:repair_id>/", views.detail, name="detail"),
    path("<int:repair_id>/status/", views.transition, name="transition"),
    path("<int:repair_id>/notes/", views.note, name="note"),
    path("<int:repair_id>/quote/", views.quote, name="quote"),
    path("<int:repair_id>/quote/send/", views.quote_send, name="quote_send"),
    path("<int:repair_id>/ship-back/", views.ship_back, name="ship_back"),
    path("<int:repair_id>/photos/<int:photo_id>/", views.photo, name="photo"),
    path("<int:repair_id>/proof/", views.proof, name="proof"),
]
