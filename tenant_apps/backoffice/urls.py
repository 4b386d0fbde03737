from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("invitation/<str:uidb64>/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("brand/", views.brand_settings, name="brand"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/invite/", views.invite, name="invite"),
    path("staff/<int:user_id>/deactivate/", views.deactivate, name="deactivate"),
    path("staff/<int:user_id>/reactivate/", views.reactivate, name="reactivate"),
]
