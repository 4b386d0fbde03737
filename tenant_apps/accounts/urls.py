from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("signup/", views.signup, name="signup"),
    path("verify/<str:token>/", views.verify_email_view, name="verify_email"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("reset/<str:uidb64>/<str:token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
]
