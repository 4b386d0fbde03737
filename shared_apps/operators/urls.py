from django.urls import path

from . import network_views as network
from . import views

app_name = "console"
urlpatterns = [
    path("", views.tenant_list, name="tenants"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("onboard/", views.onboard_tenant, name="onboard"),
    path("tenants/<slug:slug>/", views.tenant_view, name="tenant"),
    path("tenants/<slug:slug>/suspend/", views.suspend_tenant, name="suspend"),
    path("tenants/<slug:slug>/reactivate/", views.reactivate_tenant, name="reactivate"),
    path("tenants/<slug:slug>/domains/", views.add_domain, name="add_domain"),
    path("tenants/<slug:slug>/dispatch/", network.tenant_dispatch, name="tenant_dispatch"),
    # The repairer network; /repairers/ itself is the repairers' own portal.
    path("network/repairers/", network.repairer_list, name="repairers"),
    path("network/repairers/new/", network.repairer_create, name="repairer_create"),
    path("network/repairers/<int:pk>/", network.repairer_view, name="repairer"),
    path("network/repairers/<int:pk>/profile/", network.repairer_profile,
         name="repairer_profile"),
    path("network/repairers/<int:pk>/skills/", network.repairer_skills, name="repairer_skills"),
    path("network/repairers/<int:pk>/zones/", network.repairer_zones, name="repairer_zones"),
    path("network/repairers/<int:pk>/zones/<int:zone_id>/remove/", network.repairer_zone_remove,
         name="repairer_zone_remove"),
    path("network/repairers/<int:pk>/hours/", network.repairer_hours, name="repairer_hours"),
    path("network/repairers/<int:pk>/absences/", network.repairer_absences,
         name="repairer_absences"),
    path("network/repairers/<int:pk>/absences/<int:absence_id>/remove/",
         network.repairer_absence_remove, name="repairer_absence_remove"),
    path("network/repairers/<int:pk>/tenants/", network.repairer_tenants,
         name="repairer_tenants"),
    path("network/repairers/<int:pk>/members/", network.repairer_members,
         name="repairer_members"),
    path("network/jobs/", network.job_list, name="jobs"),
    path("network/jobs/stuck/", network.stuck_job_list, name="stuck_jobs"),
    path("network/jobs/unassigned/", network.unassigned_job_list, name="unassigned_jobs"),
    path("network/jobs/<uuid:uid>/", network.job_view, name="job"),
    path("network/jobs/<uuid:uid>/route-again/", network.job_route_again,
         name="job_route_again"),
    path("network/jobs/<uuid:uid>/cancel/", network.job_cancel, name="job_cancel"),
    path("network/settings/", network.dispatch_settings, name="dispatch_settings"),
]
