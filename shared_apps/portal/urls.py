from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.offers, name="offers"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("invitation/<str:uidb64>/<str:token>/", views.accept_invitation,
         name="accept_invitation"),
    path("offers/<int:offer_id>/accept/", views.accept_offer, name="accept_offer"),
    path("offers/<int:offer_id>/decline/", views.decline_offer, name="decline_offer"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/<uuid:uid>/", views.job_detail, name="job"),
    path("jobs/<uuid:uid>/progress/", views.report_progress, name="report_progress"),
    path("profile/", views.profile, name="profile"),
]
