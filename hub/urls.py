"""URL routes of the hub: each app mounts its own urls.py under a prefix."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from hub import views

admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Samverkan"
handler500 = "hub.views.server_error"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True), name="favicon"),
    path("session/extend/", views.extend_session, name="extend_session"),
    path("my-data/", views.my_data, name="my_data"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("partners/", include("partners.urls")),
    path("notifications/", include("realtime.urls")),
    path("forum/", include("forum.urls")),
    path("reports/", include("reports.urls")),
    path("agreements/", include("agreements.urls")),
    path("escalations/", include("escalations.urls")),
    path("situation/", include("situation.urls")),
    path("integrations/", include("integrations.urls")),
    path("open311/v2/", include("integrations.urls_open311")),
    path("felanmalan/", include("intake.urls")),
    path("meetings/", include("meetings.urls")),
    path("admin/", admin.site.urls),
]
