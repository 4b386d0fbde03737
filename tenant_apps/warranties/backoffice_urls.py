from django.urls import path

from . import backoffice_views as views

app_name = "warranty_admin"
urlpatterns = [
    path("", views.claim_queue, name="claims"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim"),
    path("claims/<int:claim_id>/accept/", views.claim_accept, name="accept"),
    path("claims/<int:claim_id>/reject/", views.claim_reject, name="reject"),
    path("warranties/", views.warranty_register, name="warranties"),
    path("warranties/<int:warranty_id>/void/", views.warranty_void, name="void"),
]
