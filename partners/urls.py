from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("mine/", views.my_organisation, name="mine"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/deactivate/", views.organisation_deactivate, name="organisation_deactivate"),
    path("<int:pk>/reactivate/", views.organisation_reactivate, name="organisation_reactivate"),
    path("members/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("members/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("members/<int:pk>/signatory/", views.set_signatory, name="signatory"),
    path("members/<int:pk>/role/", views.set_member_role, name="member_role"),
    path("invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/accept/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("areas/", views.area_list, name="areas"),
    path("areas/<int:pk>/", views.area_edit, name="area_edit"),
    path("areas/boundaries/", views.area_boundaries, name="area_boundaries"),
    path("roles/", views.hub_roles, name="roles"),
    path("audit/", views.audit_log, name="audit"),
]
